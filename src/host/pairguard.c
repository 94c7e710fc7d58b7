/*
 * pairguard host CLI: disassemble words, try one fusion (or a stream of
 * them), and walk the whole fusion domain under a policy.
 *
 * Exit status: 0 success (for `domain`: no wrong fusion); 1 `domain` found
 * wrong fusions, a policy returned a word that is no pair or crashed, or
 * `fuse -` met malformed input lines; 2 bad arguments (or a bad registry).
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "a64/a64.h"
#include "host/commands.h"
#include "jit/domain.h"
#include "jit/emit.h"
#include "jit/policy.h"

#define EXIT_WRONG 1
#define EXIT_USAGE 2

static const char usage_text[] =
	"usage: pairguard <command> [options]\n"
	"\n"
	"commands:\n"
	"  disasm WORD...                 disassemble each 8-hex-digit word, as objdump prints it\n"
	"                                 (B targets as for a word at address 0)\n"
	"  fuse [--policy P] [--policy-timeout S] [--label] CUR PREV\n"
	"                                 CUR: the single access being emitted; PREV: the word\n"
	"                                 already in the buffer (it runs after CUR for a policy\n"
	"                                 whose buffer fills backwards, as LuaJIT's; before it\n"
	"                                 for the forward ones: hotspot, ryujit*, graal);\n"
	"                                 --label: a label (branch target) sits at PREV.\n"
	"                                 Prints 'fused WORD  <disassembly>' or 'kept'.\n"
	"  fuse [--policy P] [--policy-timeout S] -\n"
	"                                 read 'CUR PREV' pairs from stdin, one per line; one\n"
	"                                 answer line per input line; a malformed line answers\n"
	"                                 'error line N: ...', and the exit status is then 1\n"
	"  domain [--policy P] [--policy-timeout S] [--show wrong|all] [--regs]\n"
	"                                 walk the whole fusion domain; print the number of\n"
	"                                 fusions and of wrong ones (exit 1 if any is wrong);\n"
	"                                 --show lists the wrong (or all) fusions; --regs\n"
	"                                 walks loads over every register pair instead\n"
	"  --policy-timeout S             a policy call that has not returned after S seconds\n"
	"                                 (1..3600, default 10) is the policy's failure\n"
	"  help                           this text\n"
	"\n"
	"exit status: 0 success; 1 'domain' found wrong fusions, the policy returned\n"
	"a word that is no LDP/STP, crashed or hung (the policy's failure, class\n"
	"fusion), or\n"
	"'fuse -' met bad lines; 2 bad arguments (the message names the value).\n"
	"\n"
	"CUR must be the standalone encoding (STR/LDR imm12 or STUR/LDUR imm9 as the\n"
	"policy's standalone rule picks it) of a W, X, S or D load or store; PREV any\n"
	"single load or store word.\n"
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

static const char *check_cur(const fuse_policy *p, uint32_t w, request *r, char *msg, size_t n)
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
	fuse_access a;
	(void)fuse_access_make(p, in.kind, in.rt, in.rn, in.imm, &a);
	uint32_t std = a.word;
	if (std != w) {
		char std_text[96];
		disasm_spaced(w, text, sizeof text);
		disasm_spaced(std, std_text, sizeof std_text);
		snprintf(msg, n,
			 "CUR %08" PRIx32
			 " (%s) is not the standalone encoding of that access; policy %s's "
			 "standalone rule gives %08" PRIx32 " (%s)",
			 w, text, fuse_policy_name(p), std, std_text);
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

/* The pair being asked, for the crash handler. */
static volatile uint32_t asking_cur, asking_prev;
static const fuse_policy *asking_policy;
static const fuse_domain_stats *asking_walk;

/* Write the answer for one pair into out; returns NULL or an error text. */
static const char *answer(const fuse_policy *p, uint32_t cur, uint32_t prev, bool label, char *out,
			  size_t n, char *msg, size_t msg_n)
{
	request r;
	const char *e = check_cur(p, cur, &r, msg, msg_n);
	if (!e)
		e = check_prev(prev, msg, msg_n);
	if (e)
		return e;
	/* The request prev came from, as the JIT would remember it: the
	 * single access it decodes to, when the policy's rule encodes that
	 * access as this very word. */
	a64_insn in;
	fuse_access prev_req;
	bool known = a64_decode(prev, &in) && a64_kind_fusable(in.kind) &&
		     fuse_access_make(p, in.kind, in.rt, in.rn, in.imm, &prev_req) == A64_OK &&
		     prev_req.word == prev;
	uint32_t pair;
	char text[96];
	asking_cur = cur, asking_prev = prev;
	if (!fuse_ask(p, r.kind, r.rt, r.rn, r.off, prev, known ? &prev_req : NULL, label, &pair)) {
		snprintf(out, n, "kept\n");
		return NULL;
	}
	a64_disasm(pair, text, sizeof text);
	if (!a64_decode(pair, &in) || in.op != A64_OP_LDST_PAIR) {
		disasm_spaced(pair, text, sizeof text);
		snprintf(msg, msg_n,
			 "policy %s returned %08" PRIx32 " (%s), which is not an LDP/STP: the "
			 "policy's failure (class fusion)",
			 fuse_policy_name(p), pair, text);
		return msg;
	}
	snprintf(out, n, "fused %08" PRIx32 "  %s\n", pair, text);
	return NULL;
}

/* Hex digits of w into buf (8 characters). */
static void hex8(uint32_t w, char *buf)
{
	for (int i = 7; i >= 0; i--, w >>= 4)
		buf[i] = "0123456789abcdef"[w & 15];
}

/*
 * A policy that crashes or hangs is the policy's failure, not pairguard's:
 * name it and the pair it was asked about, and exit 1.  Only snprintf,
 * write() and the pure disassembler run here; the process ends right
 * after.
 */
static void policy_failed(const char *what)
{
	uint32_t cur = asking_walk ? asking_walk->at_cur : asking_cur;
	uint32_t prev = asking_walk ? asking_walk->at_prev : asking_prev;
	char line[512], c[9] = { 0 }, pv[9] = { 0 }, tc[96], tp[96];
	hex8(cur, c);
	hex8(prev, pv);
	disasm_spaced(cur, tc, sizeof tc);
	disasm_spaced(prev, tp, sizeof tp);
	int len = snprintf(line, sizeof line,
			   "pairguard: policy %s %s asked CUR %s (%s) PREV %s (%s): the policy's "
			   "failure (class fusion)\n",
			   fuse_policy_name(asking_policy), what, c, tc, pv, tp);
	if (len > 0)
		(void)!write(2, line, (size_t)len < sizeof line ? (size_t)len : sizeof line - 1);
	_exit(EXIT_WRONG);
}

static void policy_crashed(int sig)
{
	char what[64];
	snprintf(what, sizeof what, "crashed (signal %d, %s)", sig,
		 sig == SIGSEGV	 ? "SIGSEGV"
		 : sig == SIGBUS ? "SIGBUS"
		 : sig == SIGILL ? "SIGILL"
		 : sig == SIGFPE ? "SIGFPE"
				 : "SIGABRT");
	policy_failed(what);
}

/*
 * The watchdog: a policy call that does not return is the policy's
 * failure too.  A timer ticks WATCHDOG_HZ times a second; while a policy
 * call is under way (a guarded call, or the domain walk, which is nothing
 * but policy calls) and the count of calls has not moved for
 * policy_timeout seconds, the call is hung.  Costs one counter per call.
 */
#define WATCHDOG_HZ 4
static unsigned policy_timeout = 10;
static volatile sig_atomic_t in_call;
static volatile uint64_t calls;

static fuse_call counted_call(const fuse_policy *p, const fuse_query *q, uint32_t *pair)
{
	calls++;
	in_call = 1;
	*pair = p->fuse(p, q);
	in_call = 0;
	return FUSE_CALL_RETURNED;
}

static void watchdog_tick(int sig)
{
	static uint64_t seen;
	static unsigned still;
	uint64_t now = asking_walk ? asking_walk->asked : calls;
	(void)sig;
	if ((!asking_walk && !in_call) || now != seen) {
		seen = now;
		still = 0;
		return;
	}
	if (++still < policy_timeout * WATCHDOG_HZ)
		return;
	char what[80];
	snprintf(what, sizeof what, "did not return within %u s (hung; --policy-timeout)",
		 policy_timeout);
	policy_failed(what);
}

static void guard_policy_calls(const fuse_policy *p)
{
	static const int sigs[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT };
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = policy_crashed;
	sigemptyset(&sa.sa_mask);
	asking_policy = p;
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaction(sigs[i], &sa, NULL);
	/* Plug-ins are called through counted_call (policy.h's guard);
	 * built-ins directly, and they do not hang. */
	fuse_policy_set_guard(counted_call);
	sa.sa_handler = watchdog_tick;
	sa.sa_flags = SA_RESTART; /* reading stdin (fuse -) goes on */
	sigaction(SIGALRM, &sa, NULL);
	struct itimerval tick = { { 0, 1000000 / WATCHDOG_HZ }, { 0, 1000000 / WATCHDOG_HZ } };
	setitimer(ITIMER_REAL, &tick, NULL);
}

/* Parse --policy-timeout S (or =S) at argv[*i]; false if argv[*i] is not
 * that option.  A bad value is named with the accepted range, *bad set. */
static bool take_timeout(int argc, char **argv, int *i, bool *bad)
{
	const char *a = argv[*i], *v;
	if (strcmp(a, "--policy-timeout") == 0)
		v = *i + 1 < argc ? argv[++*i] : "";
	else if (strncmp(a, "--policy-timeout=", 17) == 0)
		v = a + 17;
	else
		return false;
	char *end;
	errno = 0;
	unsigned long n = strtoul(v, &end, 10);
	if (!*v || *end || errno || n < 1 || n > 3600 || *v == '-' || *v == '+') {
		fprintf(stderr,
			"pairguard: --policy-timeout '%s' is not a whole number of seconds "
			"1..3600\n",
			v);
		*bad = true;
	} else {
		policy_timeout = (unsigned)n;
	}
	return true;
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
		if (take_policy(argc, argv, &i, &p, &bad) || take_timeout(argc, argv, &i, &bad)) {
			if (bad)
				return EXIT_USAGE;
		} else if (strcmp(argv[i], "--label") == 0) {
			label = true;
		} else if (strcmp(argv[i], "-") != 0 && argv[i][0] == '-') {
			return usage_error("fuse: unknown option '%s' (accepted: --policy P, "
					   "--policy-timeout S, "
					   "--label)",
					   argv[i]);
		} else if (nw < 2) {
			words[nw++] = argv[i];
		} else {
			return usage_error(
				"fuse: unexpected argument '%s' (fuse takes CUR PREV, or -)",
				argv[i]);
		}
	}
	guard_policy_calls(p);
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
	if (e && strncmp(e, "policy ", 7) == 0) {
		fprintf(stderr, "pairguard: %s\n", e);
		return EXIT_WRONG;
	}
	if (e)
		return usage_error("%s", e);
	fputs(out, stdout);
	return 0;
}

typedef struct show_ctx {
	bool show, all;
	bool have_first; /* the first wrong fusion, shown anyway */
	uint32_t first[3];
	const char *first_why;
} show_ctx;

static void print_fusion(uint32_t cur, uint32_t prev, uint32_t pair, const char *why,
			 const char *lead)
{
	char tc[96], tp[96], tf[96];
	disasm_spaced(cur, tc, sizeof tc);
	disasm_spaced(prev, tp, sizeof tp);
	disasm_spaced(pair, tf, sizeof tf);
	printf("%s %08" PRIx32 " %08" PRIx32 " -> %08" PRIx32 "  %s ; %s -> %s%s%s\n", lead, cur,
	       prev, pair, tc, tp, tf, why ? "  # " : "", why ? why : "");
}

static void show_fusion(void *ctx, uint32_t cur, uint32_t prev, uint32_t pair, const char *why)
{
	show_ctx *s = ctx;
	if (why && !s->have_first) {
		s->have_first = true;
		s->first[0] = cur, s->first[1] = prev, s->first[2] = pair;
		s->first_why = why;
	}
	if (!s->show || (!why && !s->all))
		return;
	print_fusion(cur, prev, pair, why, why ? "wrong" : "right");
}

static int cmd_domain(int argc, char **argv)
{
	const fuse_policy *p = fuse_policy_default();
	bool bad = false, regs = false;
	show_ctx sc = { 0 };
	for (int i = 0; i < argc; i++) {
		if (take_policy(argc, argv, &i, &p, &bad) || take_timeout(argc, argv, &i, &bad)) {
			if (bad)
				return EXIT_USAGE;
		} else if (strcmp(argv[i], "--regs") == 0) {
			regs = true;
		} else if (strcmp(argv[i], "--show") == 0 && i + 1 < argc &&
			   (strcmp(argv[i + 1], "wrong") == 0 || strcmp(argv[i + 1], "all") == 0)) {
			sc.show = true;
			sc.all = strcmp(argv[++i], "all") == 0;
		} else if (strcmp(argv[i], "--show") == 0) {
			return usage_error("domain: --show needs 'wrong' or 'all'%s", "");
		} else {
			return usage_error("domain: unexpected argument '%s' (accepted: --policy "
					   "P, --policy-timeout S, --show wrong|all, --regs)",
					   argv[i]);
		}
	}
	if (regs) {
		fuse_domain_stats rs;
		guard_policy_calls(p);
		asking_walk = &rs;
		fuse_domain_walk_regs(p, &rs, show_fusion, &sc);
		asking_walk = NULL;
		printf("policy %s, register pairs (loads; bases x0, x19, x30, sp; every Rt, Rt2): "
		       "%" PRIu64 " pairs, %" PRIu64 " fusions, %" PRIu64 " wrong\n",
		       fuse_policy_name(p), rs.pairs, rs.fused, rs.wrong);
		if (sc.have_first && !sc.show)
			print_fusion(sc.first[0], sc.first[1], sc.first[2], sc.first_why,
				     "first wrong:");
		return rs.wrong ? EXIT_WRONG : 0;
	}
	/* Set by set (the register sets of jit/domain.h), totals first. */
	fuse_domain_stats st[FUSE_DOMAIN_SETS], sum = { 0 };
	guard_policy_calls(p);
	for (unsigned i = 0; i < FUSE_DOMAIN_SETS; i++) {
		asking_walk = &st[i];
		fuse_domain_walk_set(p, &fuse_domain_sets[i], &st[i], show_fusion, &sc);
		sum.pairs += st[i].pairs, sum.fused += st[i].fused, sum.wrong += st[i].wrong;
	}
	asking_walk = NULL;
	printf("policy %s: %" PRIu64 " pairs, %" PRIu64 " fusions, %" PRIu64 " wrong\n",
	       fuse_policy_name(p), sum.pairs, sum.fused, sum.wrong);
	for (unsigned i = 0; i < FUSE_DOMAIN_SETS; i++)
		printf("  %-16s %10" PRIu64 " pairs, %5" PRIu64 " fusions, %5" PRIu64 " wrong\n",
		       fuse_domain_sets[i].name, st[i].pairs, st[i].fused, st[i].wrong);
	if (sc.have_first && !sc.show)
		print_fusion(sc.first[0], sc.first[1], sc.first[2], sc.first_why, "first wrong:");
	return sum.wrong ? EXIT_WRONG : 0;
}

static bool is_help(const char *a)
{
	return strcmp(a, "help") == 0 || strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0;
}

int main(int argc, char **argv)
{
	char msg[256];
	if (fuse_policy_registry_check(msg, sizeof msg)) {
		fprintf(stderr, "pairguard: bad policy registry: %s\n", msg);
		return EXIT_USAGE;
	}
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
