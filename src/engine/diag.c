/* Failure diagnostics in the report format's YAML (see diag.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "engine/diag.h"
#include "engine/suite.h"

void eng_sink_printf(const eng_sink *s, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	s->line(s->ctx, buf);
}

const char *eng_base_name(unsigned rn)
{
	static const char *const names[32] = {
		"x0",  "x1",  "x2",  "x3",  "x4",  "x5",  "x6",	 "x7",	"x8",  "x9",  "x10",
		"x11", "x12", "x13", "x14", "x15", "x16", "x17", "x18", "x19", "x20", "x21",
		"x22", "x23", "x24", "x25", "x26", "x27", "x28", "x29", "x30", "sp",
	};
	return names[rn & 31];
}

/* A word and its disassembly; branch targets as offsets from the case's
 * first word. */
static void word_text(uint32_t w, unsigned index, char *buf, size_t n)
{
	char dis[96];
	int len = snprintf(buf, n, "%08lx  ", (unsigned long)w);

	a64_disasm_at(w, 4ull * index, dis, sizeof(dis));
	for (char *p = dis; *p; p++)
		if (*p == '\t')
			*p = ' ';
	snprintf(buf + len, n - (size_t)len, "%s", dis);
}

static void hex(const uint8_t *b, unsigned n, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (unsigned i = 0; i < n; i++) {
		out[2 * i] = digits[b[i] >> 4];
		out[2 * i + 1] = digits[b[i] & 15];
	}
	out[2 * n] = '\0';
}

static void case_id(const eng_case *c, char *buf, size_t n)
{
	snprintf(buf, n, "%s/%lu", eng_suite_name((eng_suite_id)c->suite), (unsigned long)c->index);
}

/* The base (index into bases) whose window holds addr, or -1. */
static int far_base(const eng_failure *f, unsigned nb, int64_t *off)
{
	for (unsigned b = 0; b < nb; b++) {
		int64_t d = (int64_t)(f->fault.far - f->base_addr[b]);

		if (d >= 2 * ENG_WIN_LO && d < 2 * (int64_t)ENG_WIN_HI) {
			*off = d;
			return (int)b;
		}
	}
	return -1;
}

/* The value registers the requests read, then the bases: what a person
 * needs to read the expected bytes. */
static void regs_line(const eng_sink *s, const eng_failure *f)
{
	char line[512];
	size_t len = (size_t)snprintf(line, sizeof(line), "      registers: {");
	const char *sep = "";

	/* Room for one more entry (up to 27 characters) and the sp entry. */
	for (unsigned id = 0; id < 64 && len + 2 * 28 < sizeof(line); id++) {
		const char *prefix = id < 32 ? "x" : "d";

		if (!(f->regs.set >> id & 1) || id == 31)
			continue;
		if (id < 32 && ((f->regs.wide >> id) & 1) == 0)
			prefix = "w";
		else if (id >= 32 && ((f->regs.wide >> id) & 1) == 0)
			prefix = "s";
		len += (size_t)snprintf(
			line + len, sizeof(line) - len, "%s%s%u: \"0x%lx\"", sep, prefix, id & 31,
			(unsigned long)(id < 32 ? f->regs.x[id] : f->regs.v[id - 32]));
		sep = ", ";
	}
	if (f->regs.set >> 31 & 1)
		snprintf(line + len, sizeof(line) - len, "%ssp: \"0x%lx\"}", sep,
			 (unsigned long)f->regs.x[31]);
	else
		snprintf(line + len, sizeof(line) - len, "}");
	s->line(s->ctx, line);
}

void eng_diag_failure(const eng_sink *s, const eng_failure *f)
{
	const eng_case *c = &f->c;
	uint8_t bases[ENG_MAX_BASES];
	unsigned nb = eng_case_bases(c, bases);
	char buf[160], exp[2 * ENG_RUN_MAX_LEN + 1], act[2 * ENG_RUN_MAX_LEN + 1];

	case_id(c, buf, sizeof(buf));
	eng_sink_printf(s, "    - case: %s", buf);
	eng_sink_printf(s, "      seed: \"0x%lx\"", (unsigned long)f->seed);
	eng_sink_printf(s, "      class: %s", eng_class_name(f->cls));
	eng_sink_printf(s, "      requests:");
	for (unsigned i = 0; i < c->n; i++) {
		eng_item_asm(&c->item[i], buf, sizeof(buf));
		eng_sink_printf(s, "        - \"%s\"", buf);
	}
	if (f->emit_err != A64_OK) {
		eng_sink_printf(s, "      emitter-error: %s", a64_err_name(f->emit_err));
		return;
	}
	regs_line(s, f);
	eng_sink_printf(s, "      emitted:");
	for (unsigned i = 0; i < f->nwords; i++) {
		word_text(f->words[i], i, buf, sizeof(buf));
		eng_sink_printf(s, "        - \"%s\"", buf);
	}
	if (f->pred_stop != ENG_PRED_OK)
		eng_sink_printf(s, "      decoder: \"%s at word %u\"",
				eng_pred_stop_name(f->pred_stop), f->pred_at);
	if (f->injected) {
		word_text(f->inj_word, f->inj_at, buf, sizeof(buf));
		eng_sink_printf(s, "      injected: {word: %u, executed: \"%s\"}", f->inj_at, buf);
	}
	if (!f->fault.taken) {
		eng_sink_printf(s, "      fault: none");
	} else {
		int64_t off = 0;
		int b = far_base(f, nb, &off);
		char where[64] = "";
		char fo[48];

		if (f->fault_in_case)
			snprintf(where, sizeof(where), ", word: %u", f->fault_word);
		if (b < 0)
			snprintf(fo, sizeof(fo), "none");
		else if (nb > 1)
			snprintf(fo, sizeof(fo), "%ld, far-base: %s", (long)off,
				 eng_base_name(bases[b]));
		else
			snprintf(fo, sizeof(fo), "%ld", (long)off);
		eng_sink_printf(s,
				"      fault: {class: \"%s\", esr: \"0x%lx\", "
				"far: \"0x%lx\", elr: \"0x%lx\", far-offset: %s%s}",
				eng_esr_class_name(f->fault.esr), (unsigned long)f->fault.esr,
				(unsigned long)f->fault.far, (unsigned long)f->fault.elr, fo,
				where);
	}
	if (f->verdict.slot_outside)
		eng_sink_printf(s, "      unchecked: \"a slot lies outside the mapped window\"");
	if (f->verdict.nruns == 0) {
		eng_sink_printf(s, "      bytes: []");
		return;
	}
	if (f->verdict.kept < f->verdict.nruns)
		eng_sink_printf(s, "      bad-bytes: %u", f->verdict.nbad);
	if (f->verdict.kept < f->verdict.nruns)
		eng_sink_printf(s, "      runs: {shown: %u, total: %u}", f->verdict.kept,
				f->verdict.nruns);
	eng_sink_printf(s, "      bytes:");
	for (unsigned i = 0; i < f->verdict.kept; i++) {
		const eng_run *r = &f->verdict.run[i];
		char basekey[24] = "";

		if (nb > 1)
			snprintf(basekey, sizeof(basekey), "base: %s, ",
				 eng_base_name(bases[r->base]));
		hex(r->expected, r->len, exp);
		hex(r->actual, r->len, act);
		eng_sink_printf(s,
				"        - {%sfrom: %ld, to: %ld, what: %s, expected: \"%s\", "
				"actual: \"%s\"}",
				basekey, (long)r->from, (long)(r->from + r->len - 1),
				eng_what_name((eng_what)r->what), exp, act);
	}
}

void eng_diag_oneline(const eng_sink *s, const eng_failure *f)
{
	char line[400], id[48];
	size_t len;

	case_id(&f->c, id, sizeof(id));
	len = (size_t)snprintf(line, sizeof(line), "# fail: %s class=%s fault=%s bad-bytes=%u |",
			       id, eng_class_name(f->cls),
			       f->fault.taken ? eng_esr_class_name(f->fault.esr) : "none",
			       f->verdict.nbad);
	for (unsigned i = 0; i < f->c.n && len + 48 < sizeof(line); i++) {
		line[len++] = ' ';
		eng_item_asm(&f->c.item[i], line + len, sizeof(line) - len);
		len += strlen(line + len);
		if (i + 1 < f->c.n)
			line[len++] = ';';
		line[len] = '\0';
	}
	s->line(s->ctx, line);
}

void eng_diag_group(const eng_sink *s, const char *group, uint64_t cases, uint64_t failed,
		    unsigned shown, const eng_failure *const *failures)
{
	eng_sink_printf(s, "  ---");
	eng_sink_printf(s, "  group: %s", group);
	eng_sink_printf(s, "  cases: %lu", (unsigned long)cases);
	eng_sink_printf(s, "  failed: %lu", (unsigned long)failed);
	eng_sink_printf(s, "  shown: %u", shown);
	eng_sink_printf(s, "  failures:");
	for (unsigned i = 0; i < shown; i++)
		eng_diag_failure(s, failures[i]);
	eng_sink_printf(s, "  ...");
}
