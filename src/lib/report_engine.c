/* The engine's records in the report stream (see report_engine.h). */
#include <stdio.h>
#include <string.h>

#include "engine/suite.h"
#include "lib/report_engine.h"

static const char *base_name(unsigned rn)
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

/* The base (index into bases) whose window holds the fault address, or -1. */
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
static void regs_line(report *r, const eng_failure *f)
{
	char line[506]; /* as the line was when it carried its 6 spaces of indent */
	size_t len = (size_t)snprintf(line, sizeof(line), "registers: {");
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
	report_yaml(r, 2, "%s", line);
}

/* The bases a case writes back: by how much in all, and the value each
 * must hold at the end (the probe after the writeback checks it). */
static void writeback_line(report *r, const eng_failure *f, const uint8_t *bases, unsigned nb)
{
	char line[320];
	size_t len = 0;

	for (unsigned b = 0; b < nb; b++) {
		int64_t by = 0;
		bool wb = false;

		for (unsigned i = 0; i < f->c.n; i++) {
			const eng_item *it = &f->c.item[i];

			if (it->rn == bases[b] && eng_item_wb(it)) {
				by += eng_item_writeback(it);
				wb = true;
			}
		}
		if (wb && len < sizeof(line))
			len += (size_t)snprintf(line + len, sizeof(line) - len,
						"%s%s: {by: %ld, expected: \"0x%lx\"}",
						len ? ", " : "", base_name(bases[b]), (long)by,
						(unsigned long)(f->base_addr[b] + (uint64_t)by));
	}
	if (len)
		report_yaml(r, 2, "writeback: {%s}", line);
}

static void fault_line(report *r, const eng_failure *f, const uint8_t *bases, unsigned nb)
{
	int64_t off = 0;
	int b = far_base(f, nb, &off);
	char where[64] = "";
	char fo[48];

	if (f->fault_in_case)
		snprintf(where, sizeof(where), ", word: %u", f->fault_word);
	if (b < 0)
		snprintf(fo, sizeof(fo), "none");
	else if (nb > 1)
		snprintf(fo, sizeof(fo), "%ld, far-base: %s", (long)off, base_name(bases[b]));
	else
		snprintf(fo, sizeof(fo), "%ld", (long)off);
	report_yaml(r, 2,
		    "fault: {class: \"%s\", esr: \"0x%lx\", far: \"0x%lx\", elr: \"0x%lx\", "
		    "far-offset: %s%s}",
		    eng_esr_class_name(f->fault.esr), (unsigned long)f->fault.esr,
		    (unsigned long)f->fault.far, (unsigned long)f->fault.elr, fo, where);
}

static void bytes_lines(report *r, const eng_failure *f, const uint8_t *bases, unsigned nb)
{
	const eng_verdict *v = &f->verdict;
	char exp[2 * ENG_RUN_MAX_LEN + 1], act[2 * ENG_RUN_MAX_LEN + 1];

	if (v->nruns == 0) {
		report_yaml(r, 2, "bytes: []");
		return;
	}
	if (v->kept < v->nruns) {
		report_yaml(r, 2, "bad-bytes: %u", v->nbad);
		report_yaml(r, 2, "runs: {shown: %u, total: %u}", v->kept, v->nruns);
	}
	report_yaml(r, 2, "bytes:");
	for (unsigned i = 0; i < v->kept; i++) {
		const eng_run *run = &v->run[i];
		char basekey[24] = "";

		if (nb > 1)
			snprintf(basekey, sizeof(basekey), "base: %s, ",
				 base_name(bases[run->base]));
		hex(run->expected, run->len, exp);
		hex(run->actual, run->len, act);
		report_yaml(r, 3,
			    "- {%sfrom: %ld, to: %ld, what: %s, expected: \"%s\", actual: \"%s\"}",
			    basekey, (long)run->from, (long)(run->from + run->len - 1),
			    eng_what_name((eng_what)run->what), exp, act);
	}
}

/* Where a loaded value came from: the offset from the access's base whose
 * load-fill bytes it is ("canary" when it is the register's own value from
 * before the case, "none" when neither, or for a byte load: one byte
 * does not name its address). */
static void value_from(const eng_failure *f, const eng_badreg *b, char *buf, size_t n)
{
	int64_t off = 0;

	switch (eng_value_source(&f->c, &f->regs, f->base_addr, b->id, b->by, b->actual, &off)) {
	case ENG_SRC_CANARY:
		snprintf(buf, n, "canary");
		break;
	case ENG_SRC_FILL:
		snprintf(buf, n, "%ld", (long)off);
		break;
	default:
		snprintf(buf, n, "none");
	}
}

static void regs_after_lines(report *r, const eng_failure *f)
{
	const eng_verdict *v = &f->verdict;
	report_yaml(r, 2, "registers-after:");
	for (unsigned i = 0; i < v->nbadregs && i < ENG_MAX_BADREGS; i++) {
		const eng_badreg *b = &v->badreg[i];
		char by[96] = "none", from[32];

		if (b->by != ENG_BY_NONE && b->by < f->c.n)
			eng_item_asm(&f->c.item[b->by], by, sizeof(by));
		value_from(f, b, from, sizeof(from));
		/* A v register whose upper half is wrong: both values in full,
		 * 128 bits (32 hex digits). */
		if (b->expected_hi != b->actual_hi)
			report_yaml(r, 3,
				    "- {reg: v%u, expected: \"0x%016lx%016lx\", actual: "
				    "\"0x%016lx%016lx\", by: \"%s\", actual-from: %s}",
				    b->id & 31u, (unsigned long)b->expected_hi,
				    (unsigned long)b->expected, (unsigned long)b->actual_hi,
				    (unsigned long)b->actual, by, from);
		else
			report_yaml(r, 3,
				    "- {reg: %s%u, expected: \"0x%lx\", actual: \"0x%lx\", by: "
				    "\"%s\", actual-from: %s}",
				    b->id < 32 ? "x" : "v", b->id & 31u, (unsigned long)b->expected,
				    (unsigned long)b->actual, by, from);
	}
}

void report_engine_failure(report *r, const eng_failure *f)
{
	const eng_case *c = &f->c;
	uint8_t bases[ENG_MAX_BASES];
	unsigned nb = eng_case_bases(c, bases);
	char buf[160];

	case_id(c, buf, sizeof(buf));
	report_yaml(r, 1, "- case: %s", buf);
	report_yaml(r, 2, "seed: \"0x%lx\"", (unsigned long)f->seed);
	report_yaml(r, 2, "class: %s", eng_class_name(f->cls));
	report_yaml(r, 2, "requests:");
	for (unsigned i = 0; i < c->n; i++) {
		eng_item_asm(&c->item[i], buf, sizeof(buf));
		report_yaml(r, 3, "- \"%s\"", buf);
	}
	if (f->emit_err != A64_OK) {
		report_yaml(r, 2, "emitter-error: %s", a64_err_name(f->emit_err));
		return;
	}
	regs_line(r, f);
	writeback_line(r, f, bases, nb);
	report_yaml(r, 2, "emitted:");
	for (unsigned i = 0; i < f->nwords; i++) {
		word_text(f->words[i], i, buf, sizeof(buf));
		report_yaml(r, 3, "- \"%s\"", buf);
	}
	if (f->pred_stop != ENG_PRED_OK)
		report_yaml(r, 2, "decoder: \"%s at word %u\"", eng_pred_stop_name(f->pred_stop),
			    f->pred_at);
	if (f->injected) {
		word_text(f->inj_word, f->inj_at, buf, sizeof(buf));
		report_yaml(r, 2, "injected: {word: %u, executed: \"%s\"}", f->inj_at, buf);
	}
	if (c->fault_ec && c->fault_dfsc)
		report_yaml(r, 2,
			    "expected-fault: {class: \"%s\", word: %u, dfsc: \"0x%02x\", "
			    "far-offset: %ld}",
			    eng_esr_class_name((uint64_t)c->fault_ec << 26), eng_case_fault_word(c),
			    c->fault_dfsc, (long)eng_item_addr(&c->item[c->fault_item]));
	else if (c->fault_ec)
		report_yaml(r, 2, "expected-fault: {class: \"%s\", word: %u}",
			    eng_esr_class_name((uint64_t)c->fault_ec << 26),
			    eng_case_fault_word(c));
	if (f->fault.taken)
		fault_line(r, f, bases, nb);
	else
		report_yaml(r, 2, "fault: none");
	if (f->open)
		report_yaml(r, 2, "open: \"none of the behaviours the architecture permits\"");
	if (f->verdict.slot_outside)
		report_yaml(r, 2, "unchecked: \"a slot lies outside the mapped window\"");
	bytes_lines(r, f, bases, nb);
	if (f->verdict.nbadregs)
		regs_after_lines(r, f);
}

void report_engine_fail_line(report *r, const eng_failure *f)
{
	char line[400], id[48];
	size_t len;

	case_id(&f->c, id, sizeof(id));
	/* Built with its "# " so the requests are cut where they always were. */
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
	report_comment(r, "%s", line + 2);
}

/* The point's fingerprints, then how its open cases came out: a line per
 * behaviour, "# choice: <point> <behaviour> cases=N first=<case>". */
static void fingerprint_lines(report *r, const eng_point_rec *p)
{
	char id[48], name[96];

	/* Named as its test point is (cpuN/ on a per-core run). */
	if (r->core)
		snprintf(name, sizeof(name), "cpu%u/%s", r->core->cpu, p->name);
	else
		snprintf(name, sizeof(name), "%s", p->name);
	report_fingerprint(r, name, eng_fp_value(&p->fixed), p->fixed.cases, eng_fp_value(&p->open),
			   p->open.cases);
	for (unsigned k = 0; k < p->nchoices; k++) {
		snprintf(id, sizeof(id), "%s/%lu",
			 eng_suite_name((eng_suite_id)p->choices[k].suite),
			 (unsigned long)p->choices[k].first);
		report_comment(r, "choice: %s %s cases=%lu first=%s", name, p->choices[k].name,
			       (unsigned long)p->choices[k].cases, id);
	}
	if (p->other_choices)
		report_comment(r, "choice: %s other cases=%lu", name,
			       (unsigned long)p->other_choices);
}

void report_engine_point(report *r, const eng_point_rec *p)
{
	report_point(r, p->name, p->cases, p->failed);
	if (p->failed)
		report_engine_diagnostics(r, p);
	fingerprint_lines(r, p);
}

void report_engine_diagnostics(report *r, const eng_point_rec *p)
{
	report_yaml_begin(r);
	if (r->core)
		report_yaml(r, 0, "group: cpu%u/%s", r->core->cpu, p->name);
	else
		report_yaml(r, 0, "group: %s", p->name);
	if (r->core)
		report_yaml(r, 0,
			    "cpu: {n: %u, mpidr: \"0x%lx\", midr: \"0x%08lx\", revidr: \"0x%lx\"}",
			    r->core->cpu, (unsigned long)r->core->mpidr,
			    (unsigned long)r->core->midr, (unsigned long)r->core->revidr);
	report_yaml(r, 0, "cases: %lu", (unsigned long)p->cases);
	report_yaml(r, 0, "failed: %lu", (unsigned long)p->failed);
	report_yaml(r, 0, "shown: %u", p->shown);
	report_yaml(r, 0, "failures:");
	for (unsigned i = 0; i < p->shown; i++)
		report_engine_failure(r, &p->failures[i]);
	report_yaml_end(r);
}

/* A line each time the suite's count passes a multiple of the step. */
void report_engine_progress(report *r, const eng_progress_rec *p)
{
	uint64_t before = p->done - p->added;

	if (p->total >= 2 * REPORT_PROGRESS_STEP &&
	    p->done / REPORT_PROGRESS_STEP > before / REPORT_PROGRESS_STEP)
		report_progress(r, eng_suite_name(p->suite), p->done, p->total);
}

void report_engine_stray_fault(report *r, const eng_fault *f)
{
	report_comment(r,
		       "engine: fault outside the cases' code: %s, esr 0x%lx, elr 0x%lx, far 0x%lx",
		       eng_esr_class_name(f->esr), (unsigned long)f->esr, (unsigned long)f->elr,
		       (unsigned long)f->far);
}

static void sink_point(void *ctx, const eng_point_rec *p)
{
	report_engine *re = ctx;

	report_engine_point(re->r, p);
}

static void sink_failure(void *ctx, const eng_failure *f)
{
	report_engine *re = ctx;

	if (re->verbose >= 1)
		report_engine_fail_line(re->r, f);
}

static void sink_progress(void *ctx, const eng_progress_rec *p)
{
	report_engine *re = ctx;

	report_engine_progress(re->r, p);
}

static void sink_stray_fault(void *ctx, const eng_fault *f)
{
	report_engine *re = ctx;

	report_engine_stray_fault(re->r, f);
}

eng_sink report_engine_sink(report_engine *re, report *r, unsigned verbose)
{
	re->r = r;
	re->verbose = verbose;
	return (eng_sink){
		.point = sink_point,
		.failure = sink_failure,
		.progress = sink_progress,
		.stray_fault = sink_stray_fault,
		.ctx = re,
	};
}
