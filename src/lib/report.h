/*
 * The report stream of tools/REPORT-FORMAT.md: banner, TAP version, header,
 * plan, test points with "# cases=" annotations, YAML diagnostics, comments,
 * progress and rate lines, the "cases:" summary and the "pairguard-result:"
 * status line.  Pure code: output goes through a hook, so the host tests
 * check the exact text.
 *
 * Typical use:
 *   report_init(&r, out, ctx);
 *   report_banner(&r, "0.1.0", "qemu-virt");
 *   report_header_begin(&r); report_header_kv(&r, "el", "%u", 1); ...; report_header_end(&r);
 *   report_plan(&r, n);
 *   report_point(&r, "suite/group", cases, failed);   (n times; YAML after a failure)
 *   return report_finish(&r);                         (the exit status)
 * or, on an error before or during the run:
 *   report_bail(&r, "bad value ..."); return report_finish(&r);
 *
 * The run's counts (points, failed points, cases, failed cases) are kept
 * here and nowhere else.  The engine's records reach the stream through
 * report_engine.h; suites and the plan through suites.h.
 */
#ifndef PG_LIB_REPORT_H
#define PG_LIB_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define REPORT_LINE_MAX                                                                            \
	1024 /* bytes in a line, newline included; longer lines are cut to end in "..." */

typedef void (*report_out_fn)(void *ctx, const char *s, size_t n);

/* The core a run's test points ran on (cpus=): its CPU number and identity. */
typedef struct report_core {
	unsigned cpu;
	uint64_t mpidr, midr, revidr;
} report_core;

typedef struct report {
	report_out_fn out;
	void *ctx;
	unsigned planned; /* from report_plan */
	bool plan_done;
	unsigned points; /* test points printed */
	unsigned groups_failed;
	uint64_t cases;
	uint64_t cases_failed;
	/* The run's fingerprint, folded from the points' (report_fingerprint). */
	unsigned fp_points;
	uint64_t fp_fixed, fp_open, fp_cases, fp_open_cases;
	bool bailed;
	bool in_yaml;
	bool in_header;
	bool finished;
	const report_core *core; /* NULL: points are not per core */
} report;

void report_init(report *r, report_out_fn out, void *ctx);

/* "pairguard <version> plat=<plat>" and "TAP version 13". */
void report_banner(report *r, const char *version, const char *plat);

/* "# pairguard: key=value ..." built piecewise; whitespace in a value is
 * replaced by '_' (values never contain spaces). */
void report_header_begin(report *r);
void report_header_kv(report *r, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void report_header_end(report *r);

/* "1..n" */
void report_plan(report *r, unsigned n);

/*
 * The core the next test points ran on (NULL: none, the default): their
 * names get the prefix "cpuN/", and the engine's diagnostics a `cpu:` line
 * (report_engine.h).  c must stay alive while it is set.
 */
void report_set_core(report *r, const report_core *c);

/*
 * One test point: "ok K - name # cases=C" when failed == 0, else
 * "not ok K - name # cases=C failed=F".  Characters outside
 * [A-Za-z0-9_.+-/] in name become '_'; cases is raised to failed if lower.
 * Returns K.
 */
unsigned report_point(report *r, const char *name, uint64_t cases, uint64_t failed);

/* A YAML block after a "not ok" line: "  ---", lines indented by two spaces
 * plus two per depth, "  ...". */
void report_yaml_begin(report *r);
void report_yaml(report *r, unsigned depth, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void report_yaml_end(report *r);

/* src as a YAML double-quoted scalar (with the quotes) into dst; returns
 * dst.  Escapes '"', '\\' and control characters. */
char *report_yaml_quote(char *dst, size_t n, const char *src);

/*
 * Take in what sub printed through its own output (test points numbered on
 * from r's, as report_start_at set): r's counts grow by sub's, and a Bail
 * out in sub is one in r.  The caller has already copied sub's text to r's
 * output.
 */
void report_absorb(report *r, const report *sub);

/* Make r (just initialised) number its test points on from `points`, as a
 * part of a plan of `planned` printed elsewhere. */
void report_start_at(report *r, unsigned points, unsigned planned);

/*
 * A test point's fingerprints (engine/fingerprint.h), after its line and
 * diagnostics: "# fingerprint: <name> fixed=<16 hex> cases=N", with
 * " open=<16 hex> open-cases=M" when it had open cases.  Folded into the
 * run's, which report_finish() prints before the summary as
 * "# fingerprint: run fixed=<16 hex> open=<16 hex> cases=N open-cases=M":
 * FNV-1a 64 over each fingerprinted point's fixed value (8 bytes,
 * little-endian) in order, and over each open value of a point with open
 * cases.
 */
void report_fingerprint(report *r, const char *name, uint64_t fixed, uint64_t cases, uint64_t open,
			uint64_t open_cases);

/* "# text" */
void report_comment(report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* "# progress: <suite> <done>/<total>" */
void report_progress(report *r, const char *suite, uint64_t done, uint64_t total);

/* "# rate: C cases in S.SS s, R cases/s", from generic-timer ticks. */
void report_rate(report *r, uint64_t cases, uint64_t ticks, uint64_t freq);

/* "Bail out! text": the run cannot complete.  An open YAML block is closed
 * first so the stream stays well-formed. */
void report_bail(report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * End the stream: the "cases: P passed, F failed" summary and the status
 * line (only the status line after a bail).  Returns the exit status: 0 PASS,
 * 1 FAIL, 2 ERROR (bailed, or the points printed differ from the plan, which
 * is reported as a bail first).  Idempotent.
 */
int report_finish(report *r);

/* What report_finish would return now. */
int report_exit_code(const report *r);

#endif
