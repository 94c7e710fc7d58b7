/*
 * A suite of the firmware and how a run of several is planned: the plan
 * line (`1..N`) is the sum of what each suite's own description says it
 * will print, and a suite that prints another number of test points ends
 * the run (Bail out!, ERROR).  Portable, so the host tests check the rule.
 *
 * A suite describes its test points either as a table (each entry prints
 * exactly one point; an entry that cannot run here says why and is left
 * out of the plan):
 *
 *   static void t_boot(report *r, const char *name) { ... one point, name ... }
 *   static const suite_point points[] = { { "x/boot", t_boot, NULL }, ... };
 *   static const suite x = { .name = "x", ..., SUITE_POINTS(points) };
 *
 * or, when the points come from other tables (the engine's groups), by a
 * plan() computed from the same tables its run() walks.
 */
#ifndef PG_LIB_SUITES_H
#define PG_LIB_SUITES_H

#include <stdbool.h>

#include "lib/opts.h"
#include "lib/report.h"

typedef struct suite_point {
	const char *name;			  /* the test point's name */
	void (*run)(report *r, const char *name); /* prints exactly that one test point */
	/* Optional: NULL when the point can run here, else why not (the point
	 * is then left out of the plan and a comment says so). */
	const char *(*absent)(void);
} suite_point;

typedef struct suite {
	const char *name;    /* the suite= value and the test point prefix */
	const char *summary; /* one line, for people */
	unsigned order;	     /* run and listing order, lower first */
	bool in_default;     /* run when the bootargs name no suite */
	bool parallel_ok;    /* may run on several cores at once (parallel=1) */
	bool needs_cores;    /* starts the other cores itself (suite=xpub): not with cpus= */
	/* A table of points ... */
	const suite_point *points;
	unsigned npoints;
	/* ... or, without one: the number of test points run() prints, called
	 * after the options are parsed (so it may depend on them), and run(). */
	unsigned (*plan)(void);
	void (*run)(report *r);
	/* parallel=share (with parallel_ok): test point u of those plan()
	 * counts, alone (it prints exactly that one), and its cost (its cases),
	 * by which the points are handed out, dearest first.  NULL: the suite's
	 * points cannot be divided among cores. */
	void (*run_unit)(report *r, unsigned u);
	uint64_t (*unit_cost)(unsigned u);
} suite;

#define SUITE_POINTS(table) .points = (table), .npoints = sizeof(table) / sizeof((table)[0])

/* The test points s will print here. */
unsigned suite_plan(const suite *s);

/* Print s's test points into r. */
void suite_run(const suite *s, report *r);

/*
 * The plan of the suites list[0..n) and each run in turn; a suite that
 * prints another number of points than it planned is a Bail out! and the
 * rest are not run.  Returns false after a Bail out (then finish the
 * report).
 */
bool suites_run(report *r, const suite *const *list, unsigned n);

/*
 * The cores a per-core run (cpus=) covers, in run order, and how to reach
 * them.  The platform (firmware: PSCI or a spin table; a Linux process:
 * CPU affinity) says which came up before the plan is printed.
 */
typedef struct suite_cores {
	const report_core *core; /* n entries */
	unsigned n;
	/* NULL when core i is up and can run suites, else why not (said in
	 * its cpuN/online test point, which then fails). */
	const char *const *down;
	/* Run fn(arg) on core i and return when it is done; false (with why)
	 * when the core did not answer. */
	bool (*run_on)(void *ctx, unsigned i, void (*fn)(void *arg), void *arg, const char **why);
	void *ctx;
	/* parallel=1 only: start fn(arg) on core i and return at once, and
	 * wait for it (false with why when it did not answer in time); and
	 * n output buffers of buf_size bytes, one per core. */
	bool (*start_on)(void *ctx, unsigned i, void (*fn)(void *arg), void *arg, const char **why);
	bool (*wait_on)(void *ctx, unsigned i, const char **why);
	char *bufs;
	size_t buf_size;
	/* parallel=share's test hook (inject=share-skip): the last chosen core
	 * drops the first test point it takes, as a broken distribution would. */
	bool share_skip;
	/* ... and inject=share-stall: the last chosen core stops answering
	 * after its first point (it spins forever: the firmware only). */
	bool share_stall;
} suite_cores;

/* Test points of a per-core run: each core's cpuN/online, and the suites
 * on each core that is up. */
unsigned suites_plan_cores(const suite *const *list, unsigned n, const suite_cores *c);

/*
 * The suites list[0..n) on each core of c in turn: first the point
 * cpuN/online (ok when the core is up, else not ok with the reason), then
 * every suite run on that core with its points named cpuN/<point>.  A core
 * that stops answering midway is a Bail out!, as is a suite that prints
 * another number of points than it planned.  Returns false after a Bail out.
 */
bool suites_run_cores(report *r, const suite *const *list, unsigned n, const suite_cores *c);

/* Core i's part of suites_run_cores (its cpuN/online point and suites),
 * without the plan: parallel=1 runs each core's part in a process of its
 * own (report_start_at, report_absorb). */
bool suites_run_core(report *r, const suite *const *list, unsigned n, const suite_cores *c,
		     unsigned i);

/*
 * A program's registered suites reg[0..nreg) in run order (order, then
 * name) into out[0..*n) (at most max), their names into names[] (max + 1
 * entries, NULL-terminated: the suite= option's values), the indexes of
 * the in_default ones into def.  False with a message in err (too many, a
 * name registered twice).
 */
bool suites_gather(const suite *const *reg, size_t nreg, const suite **out, const char **names,
		   size_t max, size_t *n, opt_list *def, char *err, size_t errn);

#define SUITES_CORES_MAX 64

/*
 * The same test points as suites_run_cores, the cores all at once
 * (parallel=1): each core renders into its own buffer, numbered from where
 * its points fall in the plan, and the buffers go out in core order when
 * every core is done, so the stream is the same whatever the interleaving.
 * Every suite must be parallel_ok (else a Bail out! naming it).  A core that
 * does not finish in time, or whose output overflows its buffer, is a
 * Bail out!.  Returns false after a Bail out.
 */
bool suites_run_parallel(report *r, const suite *const *list, unsigned n, const suite_cores *c);

#define SUITES_SHARE_MAX 512 /* test points one shared run can divide */

/*
 * parallel=share: the test points of suites_run (the same plan, the same
 * names, no cpuN/ prefix) divided among the cores of c that are up, all at
 * once.  Each core takes the next point from a shared counter (an atomic
 * add: the Arm ARM's exclusives, LDAXR/STLXR, or LSE's LDADD), dearest
 * points first, runs it into its own buffer (start_on/wait_on, bufs), and
 * takes the next until none is left; then the points go out in plan order,
 * so the stream is the one suites_run prints whoever ran what and in
 * whichever order (but for the comment lines saying who ran what).  Every
 * suite must be parallel_ok and have run_unit (else a Bail out! naming
 * it).  A point run by no core or by two, a core that does not answer in
 * time or whose output overflows its buffer, is a Bail out!.  Returns
 * false after a Bail out.
 */
bool suites_run_shared(report *r, const suite *const *list, unsigned n, const suite_cores *c);

#endif
