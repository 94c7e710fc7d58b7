/*
 * pairguard host CLI: disassemble words, try one fusion (or a stream of
 * them), and walk the whole fusion domain under a policy.
 *
 * Exit status: 0 success (for `domain`: no wrong fusion); 1 `domain` found
 * wrong fusions, or `fuse -` met malformed input lines; 2 bad arguments.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "a64/a64.h"
#include "host/commands.h"
#include "jit/domain.h"
#include "jit/emit.h"

#define EXIT_WRONG 1
#define EXIT_USAGE 2

static const char usage_text[] =
	"usage: pairguard <command> [options]\n"
	"\n"
	"commands:\n"
	"  disasm WORD...                 disassemble each 8-hex-digit word, as objdump prints it\n"
	"                                 (B targets as for a word at address 0)\n"
	"  fuse [--policy P] [--label] CUR PREV\n"
	"                                 CUR: the single access being emitted (executes first);\n"
	"                                 PREV: the word already in the buffer (executes second);\n"
	"                                 --label: a label (branch target) sits at PREV.\n"
	"                                 Prints 'fused WORD  <disassembly>' or 'kept'.\n"
	"  fuse [--policy P] -            read 'CUR PREV' pairs from stdin, one per line; one\n"
	"                                 answer line per input line; a malformed line answers\n"
	"                                 'error line N: ...', and the exit status is then 1\n"
	"  domain [--policy P] [--show wrong|all]\n"
	"                                 walk the whole fusion domain; print the number of\n"
	"                                 fusions and of wrong ones (exit 1 if any is wrong);\n"
	"                                 --show lists the wrong (or all) fusions\n"
	"  help                           this text\n"
	"\n"
	"exit status: 0 success; 1 'domain' found wrong fusions or 'fuse -' met bad\n"
	"lines; 2 bad arguments (the message names the value).\n"
	"\n"
	"CUR must be the standalone encoding (STR/LDR imm12 or STUR/LDUR imm9 as the\n"
	"standalone rule picks it) of a W, X, S or D load or store; PREV any single\n"
	"load or store word.\n"
	"\n"
	"policies (default fixed):\n";

static void usage(FILE *f)
{
	fputs(usage_text, f);
	for (const char *const *n = fuse_policy_names; *n; n++)
		fprintf(f, "  %-16s %s\n", *n, fuse_policy_summary(fuse_policy_find(*n)));
	fprintf(f, "\ndevice trees:\n%s", cmd_dtb_usage);
}

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "pairguard: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n(see 'pairguard help')\n");
	return EXIT_USAGE;
}

static void list_policies(FILE *f)
{
	for (const char *const *n = fuse_policy_names; *n; n++)
		fprintf(f, "%s%s", n == fuse_policy_names ? "" : ", ", *n);
}

/* Exactly 8 hex digits. */
static bool parse_word(const char *s, size_t len, uint32_t *w)
{
	if (len != 8)
		return false;
	uint32_t v = 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		unsigned d;
		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (unsigned)(c - 'A' + 10);
		else
			return false;
		v = v << 4 | d;
	}
	*w = v;
	return true;
}

/* Parse --policy P (or --policy=P) at argv[*i]; returns false if argv[*i]
 * is not a policy option.  On an unknown policy prints the error and sets
 * *bad. */
static bool take_policy(int argc, char **argv, int *i, const fuse_policy **p, bool *bad)
{
	const char *a = argv[*i], *name;
	if (strcmp(a, "--policy") == 0) {
		if (*i + 1 >= argc) {
			fprintf(stderr, "pairguard: --policy needs a value (one of: ");
			list_policies(stderr);
			fprintf(stderr, ")\n");
			*bad = true;
			return true;
		}
		name = argv[++*i];
	} else if (strncmp(a, "--policy=", 9) == 0) {
		name = a + 9;
	} else {
		return false;
	}
	*p = fuse_policy_find(name);
	if (!*p) {
		fprintf(stderr, "pairguard: unknown policy '%s' (accepted: ", name);
		list_policies(stderr);
		fprintf(stderr, ")\n");
		*bad = true;
	}
	return true;
}

static int cmd_disasm(int argc, char **argv)
{
	if (argc < 1)
		return usage_error("%s", "disasm needs at least one WORD (8 hex digits)");
	for (int i = 0; i < argc; i++) {
		uint32_t w;
		if (!parse_word(argv[i], strlen(argv[i]), &w))
			return usage_error(
				"malformed word '%s' (expected 8 hex digits, e.g. f900f67e)",
				argv[i]);
	}
	for (int i = 0; i < argc; i++) {
		uint32_t w;
		char text[96];
		parse_word(argv[i], strlen(argv[i]), &w);
		a64_disasm(w, text, sizeof text);
		printf("%08" PRIx32 "  %s\n", w, text);
	}
	return 0;
}

/* Disassembly for a message: the tab after the mnemonic becomes a space. */
static void disasm_spaced(uint32_t w, char *buf, size_t n)
{
	a64_disasm(w, buf, n);
	for (char *t = buf; *t; t++)
		if (*t == '\t')
			*t = ' ';
}

/* A fusion request decoded from CUR; NULL when fine, else the problem
 * written into msg. */
typedef struct request {
	a64_kind kind;
	unsigned rt, rn;
	int64_t off;
} request;

static const char *check_cur(uint32_t w, request *r, char *msg, size_t n)
{
	a64_insn in;
	char text[96];
	if (!a64_decode(w, &in) || (in.op != A64_OP_LDST_UIMM && in.op != A64_OP_LDST_SIMM9)) {
		disasm_spaced(w, text, sizeof text);
		snprintf(msg, n, "CUR %08" PRIx32 " (%s) is not a single load or store", w, text);
		return msg;
	}
	if (!a64_kind_fusable(in.kind)) {
		disasm_spaced(w, text, sizeof text);
		snprintf(msg, n,
			 "CUR %08" PRIx32 " (%s) is a %s access; fusion takes only W, X, S and D "
			 "loads and stores",
			 w, text, a64_kind_name(in.kind));
		return msg;
	}
	a64_err err;
	uint32_t std = a64_enc_single(in.kind, in.rt, in.rn, in.imm, &err);
	if (std != w) {
		char std_text[96];
		disasm_spaced(w, text, sizeof text);
		disasm_spaced(std, std_text, sizeof std_text);
		snprintf(msg, n,
			 "CUR %08" PRIx32
			 " (%s) is not the standalone encoding of that access; the "
			 "standalone rule gives %08" PRIx32 " (%s)",
			 w, text, std, std_text);
		return msg;
	}
	*r = (request){ in.kind, in.rt, in.rn, in.imm };
	return NULL;
}

static const char *check_prev(uint32_t w, char *msg, size_t n)
{
	a64_insn in;
	if (!a64_decode(w, &in) || (in.op != A64_OP_LDST_UIMM && in.op != A64_OP_LDST_SIMM9)) {
		char text[96];
		disasm_spaced(w, text, sizeof text);
		snprintf(msg, n, "PREV %08" PRIx32 " (%s) is not a single load or store", w, text);
		return msg;
	}
	return NULL;
}

/* Write the answer for one pair into out; returns NULL or an error text. */
static const char *answer(const fuse_policy *p, uint32_t cur, uint32_t prev, bool label, char *out,
			  size_t n, char *msg, size_t msg_n)
{
	request r;
	const char *e = check_cur(cur, &r, msg, msg_n);
	if (!e)
		e = check_prev(prev, msg, msg_n);
	if (e)
		return e;
	uint32_t pair;
	if (fuse_try(p, r.kind, r.rt, r.rn, r.off, prev, label, &pair)) {
		char text[96];
		a64_disasm(pair, text, sizeof text);
		snprintf(out, n, "fused %08" PRIx32 "  %s\n", pair, text);
	} else {
		snprintf(out, n, "kept\n");
	}
	return NULL;
}

/* Next whitespace-separated token in [*s, end). */
static bool next_token(const char **s, const char *end, const char **tok, size_t *len)
{
	const char *c = *s;
	while (c < end && (*c == ' ' || *c == '\t' || *c == '\r'))
		c++;
	if (c == end)
		return false;
	*tok = c;
	while (c < end && *c != ' ' && *c != '\t' && *c != '\r')
		c++;
	*len = (size_t)(c - *tok);
	*s = c;
	return true;
}

static int fuse_stream(const fuse_policy *p, bool label)
{
	static char outbuf[1 << 20];
	setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
	char line[256], out[160], msg[320];
	unsigned long lineno = 0, errors = 0;
	while (fgets(line, sizeof line, stdin)) {
		lineno++;
		size_t len = strlen(line);
		bool complete = len > 0 && line[len - 1] == '\n';
		if (!complete && !feof(stdin)) {
			/* Over-long line: answer once, skip the rest of it. */
			int c;
			while ((c = getchar()) != EOF && c != '\n')
				;
			printf("error line %lu: line longer than %zu characters\n", lineno,
			       sizeof line - 2);
			errors++;
			continue;
		}
		const char *s = line, *end = line + len - (complete ? 1 : 0), *tok[3];
		size_t tl[3];
		int nt = 0;
		while (nt < 3 && next_token(&s, end, &tok[nt], &tl[nt]))
			nt++;
		if (nt != 2) {
			printf("error line %lu: expected two words 'CUR PREV', got %d\n", lineno,
			       nt == 3 ? 3 : nt);
			errors++;
			continue;
		}
		uint32_t w[2];
		int bad = -1;
		for (int i = 0; i < 2 && bad < 0; i++)
			if (!parse_word(tok[i], tl[i], &w[i]))
				bad = i;
		if (bad >= 0) {
			printf("error line %lu: malformed word '%.*s' (expected 8 hex digits)\n",
			       lineno, (int)(tl[bad] > 40 ? 40 : tl[bad]), tok[bad]);
			errors++;
			continue;
		}
		const char *e = answer(p, w[0], w[1], label, out, sizeof out, msg, sizeof msg);
		if (e) {
			printf("error line %lu: %s\n", lineno, e);
			errors++;
			continue;
		}
		fputs(out, stdout);
	}
	if (ferror(stdin)) {
		fflush(stdout);
		fprintf(stderr, "pairguard: reading stdin: %s\n", strerror(errno));
		return EXIT_WRONG;
	}
	if (fflush(stdout) != 0) {
		fprintf(stderr, "pairguard: writing stdout: %s\n", strerror(errno));
		return EXIT_WRONG;
	}
	if (errors) {
		fprintf(stderr, "pairguard: %lu of %lu input lines had errors\n", errors, lineno);
		return EXIT_WRONG;
	}
	return 0;
}

static int cmd_fuse(int argc, char **argv)
{
	const fuse_policy *p = fuse_policy_default();
	bool label = false, bad = false;
	const char *words[2];
	int nw = 0;
	for (int i = 0; i < argc; i++) {
		if (take_policy(argc, argv, &i, &p, &bad)) {
			if (bad)
				return EXIT_USAGE;
		} else if (strcmp(argv[i], "--label") == 0) {
			label = true;
		} else if (strcmp(argv[i], "-") != 0 && argv[i][0] == '-') {
			return usage_error(
				"fuse: unknown option '%s' (accepted: --policy P, --label)",
				argv[i]);
		} else if (nw < 2) {
			words[nw++] = argv[i];
		} else {
			return usage_error(
				"fuse: unexpected argument '%s' (fuse takes CUR PREV, or -)",
				argv[i]);
		}
	}
	if (nw == 1 && strcmp(words[0], "-") == 0)
		return fuse_stream(p, label);
	if (nw != 2)
		return usage_error("%s",
				   "fuse needs two words CUR PREV, or - to read pairs from stdin");
	uint32_t w[2];
	for (int i = 0; i < 2; i++)
		if (!parse_word(words[i], strlen(words[i]), &w[i]))
			return usage_error(
				"malformed word '%s' (expected 8 hex digits, e.g. f900f67e)",
				words[i]);
	char out[160], msg[320];
	const char *e = answer(p, w[0], w[1], label, out, sizeof out, msg, sizeof msg);
	if (e)
		return usage_error("%s", e);
	fputs(out, stdout);
	return 0;
}

typedef struct show_ctx {
	bool all;
} show_ctx;

static void show_fusion(void *ctx, uint32_t cur, uint32_t prev, uint32_t pair, const char *why)
{
	const show_ctx *s = ctx;
	if (!why && !s->all)
		return;
	char tc[96], tp[96], tf[96];
	disasm_spaced(cur, tc, sizeof tc);
	disasm_spaced(prev, tp, sizeof tp);
	disasm_spaced(pair, tf, sizeof tf);
	printf("%s %08" PRIx32 " %08" PRIx32 " -> %08" PRIx32 "  %s ; %s -> %s%s%s\n",
	       why ? "wrong" : "right", cur, prev, pair, tc, tp, tf, why ? "  # " : "",
	       why ? why : "");
}

static int cmd_domain(int argc, char **argv)
{
	const fuse_policy *p = fuse_policy_default();
	bool bad = false, show = false;
	show_ctx sc = { false };
	for (int i = 0; i < argc; i++) {
		if (take_policy(argc, argv, &i, &p, &bad)) {
			if (bad)
				return EXIT_USAGE;
		} else if (strcmp(argv[i], "--show") == 0 && i + 1 < argc &&
			   (strcmp(argv[i + 1], "wrong") == 0 || strcmp(argv[i + 1], "all") == 0)) {
			show = true;
			sc.all = strcmp(argv[++i], "all") == 0;
		} else if (strcmp(argv[i], "--show") == 0) {
			return usage_error("domain: --show needs 'wrong' or 'all'%s", "");
		} else {
			return usage_error("domain: unexpected argument '%s' (accepted: --policy "
					   "P, --show wrong|all)",
					   argv[i]);
		}
	}
	fuse_domain_stats st;
	fuse_domain_walk(p, &st, show ? show_fusion : NULL, &sc);
	printf("policy %s: %" PRIu64 " pairs, %" PRIu64 " fusions, %" PRIu64 " wrong\n",
	       fuse_policy_name(p), st.pairs, st.fused, st.wrong);
	return st.wrong ? EXIT_WRONG : 0;
}

static bool is_help(const char *a)
{
	return strcmp(a, "help") == 0 || strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	const char *cmd = argv[1];
	if (is_help(cmd)) {
		usage(stdout);
		return 0;
	}
	/* "pairguard CMD --help" */
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			return 0;
		}
	}
	if (strcmp(cmd, "disasm") == 0)
		return cmd_disasm(argc - 2, argv + 2);
	if (strcmp(cmd, "fuse") == 0)
		return cmd_fuse(argc - 2, argv + 2);
	if (strcmp(cmd, "domain") == 0)
		return cmd_domain(argc - 2, argv + 2);
	if (strcmp(cmd, "dtb") == 0)
		return cmd_dtb(argc - 2, argv + 2);
	fprintf(stderr,
		"pairguard: unknown command '%s' (accepted: disasm, fuse, domain, dtb, help)\n",
		cmd);
	return EXIT_USAGE;
}
