/*
 * The engine's records (engine/record.h) in the report stream: the one
 * place that turns them into text.  A test point becomes its TAP line and,
 * when it failed, its YAML diagnostics (tools/REPORT-FORMAT.md); a failed
 * case a `# fail:` line (verbose >= 1); progress a `# progress:` line every
 * REPORT_PROGRESS_STEP cases of a suite of at least two steps; a fault
 * outside the cases an `# engine:` line.  Counting stays in report.c.
 *
 *   report_engine re;
 *   eng_sink sink = report_engine_sink(&re, &rep, verbose);
 *   eng_session_init(&s, &cfg, backend, sink, ...);
 */
#ifndef PG_LIB_REPORT_ENGINE_H
#define PG_LIB_REPORT_ENGINE_H

#include "engine/record.h"
#include "lib/report.h"

#define REPORT_PROGRESS_STEP 65536u

typedef struct report_engine {
	report *r;
	unsigned verbose; /* 1: a `# fail:` line per failed case */
} report_engine;

/* A sink that renders into r (re is its context: keep it alive). */
eng_sink report_engine_sink(report_engine *re, report *r, unsigned verbose);

/* The renderers behind the sink. */
/* A point: its TAP line, its diagnostics when it failed, its fingerprint
 * and choice lines. */
void report_engine_point(report *r, const eng_point_rec *p);
void report_engine_diagnostics(report *r, const eng_point_rec *p);
/* The `- case: ...` entry of a failures list. */
void report_engine_failure(report *r, const eng_failure *f);
void report_engine_fail_line(report *r, const eng_failure *f);
void report_engine_progress(report *r, const eng_progress_rec *p);
void report_engine_stray_fault(report *r, const eng_fault *f);

#endif
