/*
 * The engine's suites on the firmware: regression, sweep, random (the
 * default run), forms and bench; their bootargs; the session that joins the
 * portable engine (src/engine) to the report stream and the execution
 * backend (exec.c).
 */
#include <stdio.h>
#include <string.h>

#include "arch/page.h"
#include "arch/recover.h"
#include "arch/timer.h"
#include "engine/options.h"
#include "engine/run.h"
#include "fw/cores.h"
#include "fw/exec.h"
#include "fw/replay.h"
#include "fw/registry.h"
#include "jit/emit.h"
#include "lib/report_engine.h"

/* ---- Bootargs (the table is the portable engine's) ---- */

OPTS_REGISTER(eng_opt_table);

static eng_options options(void)
{
	eng_options o;

	eng_options_from(&eng_args, &o);
	return o;
}

/* ---- The session: engine output into the report stream ---- */

/* One per core that runs at once (parallel=1: fw_cores_part()), the first
 * also for the runs in turn. */
typedef struct engine_ctx {
	eng_bcase batch_cases[ENG_BATCH_MAX];
	eng_byte batch_pool[ENG_POOL_BYTES];
	eng_failure failures[ENG_CAP_VERBOSE];
	eng_session session;
	eng_options opts_now;
	report_engine rendering;
} engine_ctx;

/* The first in BSS; the others (parallel=1 only) from the page pool, so
 * that a run on one core zeroes no more with its MMU off. */
static engine_ctx ctx0;
static engine_ctx *ctxs[EXEC_PARTS] = { &ctx0 };

bool fw_engine_parts(unsigned n, char *err, size_t len)
{
	for (unsigned k = 1; k < n && k < EXEC_PARTS; k++) {
		if (ctxs[k])
			continue;
		ctxs[k] = page_alloc_contig((sizeof(engine_ctx) + PAGE_SIZE - 1) / PAGE_SIZE);
		if (!ctxs[k]) {
			snprintf(err, len, "parallel=1: no pages for core %u's engine state", k);
			return false;
		}
		memset(ctxs[k], 0, sizeof(engine_ctx));
	}
	return true;
}

static engine_ctx *ctx_here(void)
{
	int k = fw_cores_part();

	return ctxs[k < 0 ? 0 : k];
}

/* The bench runs on one core at a time: the first context. */
#define bench_session (&ctx0.session)

/* ---- A plug-in policy runs under the recovery API ---- */

typedef struct guarded_call {
	const fuse_policy *p;
	const fuse_query *q;
} guarded_call;

static uint64_t call_policy(uint64_t arg)
{
	const guarded_call *c = (const guarded_call *)(uintptr_t)arg;

	return c->p->fuse(c->p, c->q);
}

/* policy-timeout=: how long a plug-in's call may take (recover_call_timed);
 * 0: not given, POLICY_TIMEOUT_S. */
#define POLICY_TIMEOUT_S 10u
static uint64_t policy_timeout;

static const opt_spec guard_specs[] = {
	{ .key = "policy-timeout",
	  .type = OPT_UINT,
	  .dest = &policy_timeout,
	  .min = 1,
	  .max = 3600,
	  .help = "seconds a plug-in policy's call may take before its case fails as "
		  "'fusion policy hung' (default 10; a watchdog: the timer interrupt through "
		  "a GICv2, GICv3 or BCM2836 ARM-local controller on the firmware, SIGALRM in "
		  "the Linux process; refused where the firmware has none)" },
};
static const opt_table guard_opts = { guard_specs, sizeof(guard_specs) / sizeof(guard_specs[0]) };
OPTS_REGISTER(guard_opts);

/* A plug-in whose call the watchdog ended: it is not called again (its
 * state after an abandoned call is unknown, and each wait costs
 * policy-timeout); every later question fails as hung at once. */
static const fuse_policy *volatile hung_policy;

/* A plug-in that faults or never returns fails the case being emitted
 * (jit/policy.h). */
static fuse_call guard_policy(const fuse_policy *p, const fuse_query *q, uint32_t *pair)
{
	guarded_call c = { p, q };
	recover_fault f;
	uint64_t result;

	if (hung_policy == p)
		return FUSE_CALL_HUNG;
	if (!recover_call_timed(call_policy, (uint64_t)(uintptr_t)&c,
				(policy_timeout ? (unsigned)policy_timeout : POLICY_TIMEOUT_S) *
					1000u,
				&result, &f)) {
		if (!f.hung)
			return FUSE_CALL_FAULTED;
		hung_policy = p;
		return FUSE_CALL_HUNG;
	}
	*pair = (uint32_t)result;
	return FUSE_CALL_RETURNED;
}

_Static_assert(EXEC_PARTS + 1 <= FUSE_CPUS_MAX, "a fusion cache per core at once");

/* Which core asks the fusion policy (its per-core cache, jit/policy.h). */
static unsigned fuse_cpu(void)
{
	return (unsigned)(fw_cores_part() + 1);
}

/* Set up this core's session for suite runs, its records rendered into r;
 * NULL after a Bail out. */
static engine_ctx *start(report *r)
{
	engine_ctx *x = ctx_here();
	int part = fw_cores_part();
	char err[256];

	if (part < 0 ? !exec_init(err, sizeof(err))
		     : !exec_init_part((unsigned)part, err, sizeof(err))) {
		report_bail(r, "%s", err);
		return NULL;
	}
	/* A time limit that nothing would enforce is refused, not ignored. */
	if (policy_timeout && !recover_has_watchdog()) {
		report_bail(r,
			    "policy-timeout=%u: no watchdog here (see '# watchdog: none' above): "
			    "leave policy-timeout= out",
			    (unsigned)policy_timeout);
		return NULL;
	}
	fuse_policy_set_guard(guard_policy);
	fuse_policy_set_cpu_index(fuse_cpu);
	x->opts_now = options();
	eng_session_init(&x->session, &x->opts_now.cfg,
			 part < 0 ? exec_target() : exec_target_part((unsigned)part),
			 report_engine_sink(&x->rendering, r, x->opts_now.cfg.verbose),
			 x->batch_cases, x->batch_pool, x->failures);
	return x;
}

/* ---- Suites ---- */

/* With case=, only the suite the id names runs it, as one point. */
static unsigned plan_of(eng_suite_id s)
{
	eng_options o = options();

	if (o.replay)
		return o.replay_suite == s ? 1 : 0;
	return eng_suite_groups(s);
}

static void run_suite(report *r, eng_suite_id s)
{
	engine_ctx *x;

	if (plan_of(s) == 0 || !(x = start(r)))
		return;
	if (x->opts_now.replay) {
		eng_run_case(&x->session, s, x->opts_now.replay_index);
		return;
	}
	eng_suite_begin(&x->session, s);
	for (unsigned g = 0; g < eng_suite_groups(s); g++)
		eng_run_group(&x->session, s, g);
}

/* parallel=share: point u of suite s alone, on the calling core (its own
 * arena and code ring); no progress lines (its cases are not the suite's). */
static void run_unit_of(report *r, eng_suite_id s, unsigned u)
{
	engine_ctx *x = start(r);

	if (!x)
		return;
	if (x->opts_now.replay) {
		eng_run_case(&x->session, s, x->opts_now.replay_index);
		return;
	}
	x->session.suite = s;
	eng_run_group(&x->session, s, u);
}

static uint64_t cost_of(eng_suite_id s, unsigned u)
{
	eng_options o = options();

	return o.replay ? 1 : eng_group_cases(&o.cfg.params, s, u);
}

/* A suite's run_unit and unit_cost (suites.h). */
#define SHARED_UNITS(name, id)                                                                     \
	static void unit_##name(report *r, unsigned u)                                             \
	{                                                                                          \
		run_unit_of(r, id, u);                                                             \
	}                                                                                          \
	static uint64_t cost_##name(unsigned u)                                                    \
	{                                                                                          \
		return cost_of(id, u);                                                             \
	}

SHARED_UNITS(regression, ENG_SUITE_REGRESSION)
SHARED_UNITS(sweep, ENG_SUITE_SWEEP)
SHARED_UNITS(random, ENG_SUITE_RANDOM)
SHARED_UNITS(forms, ENG_SUITE_FORMS)
SHARED_UNITS(loads, ENG_SUITE_LOADS)

bool fw_engine_suite_run(report *r, eng_suite_id s, const char *prefix)
{
	engine_ctx *x = start(r);

	if (!x)
		return false;
	x->session.cfg.prefix = prefix;
	eng_suite_begin(&x->session, s);
	for (unsigned g = 0; g < eng_suite_groups(s) && !r->bailed; g++)
		eng_run_group(&x->session, s, g);
	return !r->bailed;
}

eng_session *fw_engine_session(report *r, eng_suite_id s)
{
	engine_ctx *x = start(r);

	if (!x)
		return NULL;
	eng_suite_begin(&x->session, s);
	return &x->session;
}

static unsigned plan_regression(void)
{
	return plan_of(ENG_SUITE_REGRESSION);
}

static void run_regression(report *r)
{
	run_suite(r, ENG_SUITE_REGRESSION);
}

static unsigned plan_sweep(void)
{
	return plan_of(ENG_SUITE_SWEEP);
}

static void run_sweep(report *r)
{
	run_suite(r, ENG_SUITE_SWEEP);
}

static unsigned plan_random(void)
{
	return plan_of(ENG_SUITE_RANDOM);
}

static void run_random(report *r)
{
	run_suite(r, ENG_SUITE_RANDOM);
}

static unsigned plan_loads(void)
{
	return plan_of(ENG_SUITE_LOADS);
}

static void run_loads(report *r)
{
	run_suite(r, ENG_SUITE_LOADS);
}

static const suite regression_suite = {
	.name = "regression",
	.parallel_ok = true,
	.summary = "MISSION.md's exact pairs as stores, both emission orders",
	.order = 20,
	.in_default = true,
	.plan = plan_regression,
	.run = run_regression,
	.run_unit = unit_regression,
	.unit_cost = cost_regression,
};
SUITE_REGISTER(regression_suite);

static const suite sweep_suite = {
	.name = "sweep",
	.parallel_ok = true,
	.summary = "the whole store fusion domain of W, X, S, D at the bases= registers",
	.order = 30,
	.in_default = true,
	.plan = plan_sweep,
	.run = run_sweep,
	.run_unit = unit_sweep,
	.unit_cost = cost_sweep,
};
SUITE_REGISTER(sweep_suite);

static const suite random_suite = {
	.name = "random",
	.parallel_ok = true,
	.summary = "count= seeded streams of loads and stores, bases and labels, each one block",
	.order = 40,
	.in_default = true,
	.plan = plan_random,
	.run = run_random,
	.run_unit = unit_random,
	.unit_cost = cost_random,
};
SUITE_REGISTER(random_suite);

static unsigned plan_forms(void)
{
	return plan_of(ENG_SUITE_FORMS);
}

static void run_forms(report *r)
{
	run_suite(r, ENG_SUITE_FORMS);
}

/* Per core at once: its generator is pure (gen_forms.c: tables only), its
 * expected faults recovered per core (arch/recover.c), SCTLR_EL1.SA set on
 * every core alike (arch/mmu.c). */
static const suite forms_suite = {
	.name = "forms",
	.parallel_ok = true,
	.summary = "STP of W, X, S, D, Q: offset, pre- and post-index (base checked), every imm7",
	.order = 45,
	.in_default = false, /* QEMU 7.2 lacks the SP alignment check it states */
	.plan = plan_forms,
	.run = run_forms,
	.run_unit = unit_forms,
	.unit_cost = cost_forms,
};
SUITE_REGISTER(forms_suite);

/* Per core at once: its state is the core's session and arena (the
 * judge's scratch included); the generator's counts are filled by the
 * plan, on the boot core, before any core runs. */
static const suite loads_suite = {
	.name = "loads",
	.parallel_ok = true,
	.summary = "the load fusion domain (LDR/LDUR of W, X, S, D) at bases=, registers captured",
	.order = 47,
	.in_default = false,
	.plan = plan_loads,
	.run = run_loads,
	.run_unit = unit_loads,
	.unit_cost = cost_loads,
};
SUITE_REGISTER(loads_suite);

/*
 * bench: the sweep (at bases=, x19 by default) batched (batch=, 256 by
 * default) and one case per pass, each checked as usual, and the load
 * sweep batched.  Two passes:
 *   1. the batched half alone, each group followed by its floor (that
 *      group's batched code replayed alone, translated afresh, and its
 *      page checks alone), so batched/floor is side by side and the
 *      batched half meets no code but its own, as in a sweep run;
 *   2. the batched half again, batch=1 and the load sweep in turns, group
 *      by group (which store half goes first alternates), for their
 *      ratios: each time is the sum of its groups' (generic timer), so a
 *      slow spell of the host falls on all.
 * Apart, because the translations the other halves leave behind slow
 * QEMU's translation of the batched code (README, "Figures").
 */
typedef struct bench_half {
	const char *name;
	eng_suite_id suite; /* the sweep, or the loads suite's same domain */
	bool record;	    /* its code is the floor's (the batched store half) */
	unsigned batch;
	uint64_t ticks;
	exec_stats d; /* counters spent by this half */
	eng_point_state parked;
} bench_half;

/* The floor, summed over the groups. */
typedef struct bench_floor_sum {
	uint64_t ticks, ck_ticks, cases, diff;
	bool failed;
	char err[160];
} bench_floor_sum;

static eng_failure bench_failures_turns[ENG_CAP_VERBOSE], bench_failures[ENG_CAP_VERBOSE],
	bench_failures_loads[ENG_CAP_VERBOSE];

#define BENCH_TARGET 150000u

/* halves= (suite=bench only): the halves to run; empty: all. */
static const char *const bench_half_keys[] = { "batched", "in-turns", "batch1", "loads", NULL };
static opt_list bench_only;
static const opt_spec bench_specs[] = {
	{ .key = "halves",
	  .type = OPT_ENUM_LIST,
	  .dest = &bench_only,
	  .names = bench_half_keys,
	  .help = "suite=bench: only these halves (to see what one costs the others); default all",
	  .header = NULL },
};
static const opt_table bench_opts = { bench_specs, sizeof(bench_specs) / sizeof(bench_specs[0]) };
OPTS_REGISTER(bench_opts);

static bool bench_wants(unsigned k)
{
	for (unsigned i = 0; i < bench_only.n; i++)
		if (bench_only.v[i] == k)
			return true;
	return bench_only.n == 0;
}

/* cases per second for cases in ticks, and the time in microseconds */
static uint64_t per_s(uint64_t cases, uint64_t ticks, uint64_t *us)
{
	*us = timer_ticks_to_us(ticks);
	return *us ? cases * 1000000u / *us : 0;
}

/* acc += b - a, counter by counter */
static void stats_add(exec_stats *acc, const exec_stats *a, const exec_stats *b)
{
	acc->batches += b->batches - a->batches;
	acc->cases += b->cases - a->cases;
	acc->faults += b->faults - a->faults;
	acc->slow_checks += b->slow_checks - a->slow_checks;
	acc->code_words += b->code_words - a->code_words;
	acc->t_prepare += b->t_prepare - a->t_prepare;
	acc->t_write += b->t_write - a->t_write;
	acc->t_sync += b->t_sync - a->t_sync;
	acc->t_run += b->t_run - a->t_run;
	acc->t_check += b->t_check - a->t_check;
	acc->t_poke += b->t_poke - a->t_poke;
}

/*
 * The floor of the group just run: its batched code replayed alone,
 * translated afresh, then its page checks alone (replay.h); summed into
 * fl.  After a failure the floor is not measured (the message is kept).
 */
static void bench_floor_group(bench_floor_sum *fl)
{
	uint64_t ticks, cases, diff;

	if (fl->failed)
		return;
	if (!exec_replay(&ticks, &cases, fl->err, sizeof(fl->err))) {
		fl->failed = true;
		return;
	}
	fl->ticks += ticks;
	fl->cases += cases;
	fl->ck_ticks += exec_check_floor(cases, &diff);
	fl->diff |= diff;
}

/* One group of the sweep in half h (its point is the session's while it
 * runs); a recorded half's group is followed by its floor. */
static void bench_group(bench_half *h, unsigned g, bench_floor_sum *fl)
{
	exec_stats s0 = *exec_get_stats();
	uint64_t t0;

	eng_point_swap(bench_session, &h->parked);
	bench_session->cfg.batch = h->batch;
	if (h->record)
		exec_record_reset();
	exec_record(h->record);
	t0 = timer_ticks();
	/* Its first batch's preparation counts from here, not from the end
	 * of the last half's (or the floor's) last batch. */
	exec_target()->t_last = eng_now(exec_target());
	eng_point_add(bench_session, h->suite, g);
	h->ticks += timer_ticks() - t0;
	exec_record(false);
	stats_add(&h->d, &s0, exec_get_stats());
	eng_point_swap(bench_session, &h->parked);
	if (h->record)
		bench_floor_group(fl);
}

/* Print half h's point, its rate and where its time went; returns the rate. */
static uint64_t bench_report(report *r, bench_half *h)
{
	const exec_stats *d = &h->d;
	uint64_t f = timer_freq() / 1000, us, cases = h->parked.cases;
	uint64_t rate = per_s(cases, h->ticks, &us);

	eng_point_swap(bench_session, &h->parked);
	eng_point_end(bench_session, h->name);
	eng_point_swap(bench_session, &h->parked);
	report_comment(r, "bench: %s batch=%u: %lu cases in %lu.%03lu s, %lu cases/s", h->name,
		       h->batch, (unsigned long)cases, (unsigned long)(us / 1000000),
		       (unsigned long)(us / 1000 % 1000), (unsigned long)rate);
	report_comment(r,
		       "bench: %s: %lu batches, %lu code words; ms: prepare %lu, write %lu, "
		       "sync %lu, run %lu, check %lu, of which poke %lu",
		       h->name, (unsigned long)d->batches, (unsigned long)d->code_words,
		       (unsigned long)(d->t_prepare / f), (unsigned long)(d->t_write / f),
		       (unsigned long)(d->t_sync / f), (unsigned long)(d->t_run / f),
		       (unsigned long)(d->t_check / f), (unsigned long)(d->t_poke / f));
	return rate;
}

/*
 * What QEMU needs for the batched half's code alone and for its page checks
 * alone, group by group beside it: the rate no harness could beat with
 * that code and that check.
 */
static uint64_t bench_floor(report *r, const bench_floor_sum *fl)
{
	uint64_t us, ck_us, both_us, rate, both;

	if (fl->failed || fl->cases == 0) {
		report_comment(r, "bench: floor not measured: %s",
			       fl->failed ? fl->err : "no batched cases");
		return 0;
	}
	rate = per_s(fl->cases, fl->ticks, &us);
	both = per_s(fl->cases, fl->ticks + fl->ck_ticks, &both_us);
	ck_us = both_us - us;
	report_comment(r,
		       "bench: floor: the batched code alone, translated afresh: %lu cases in "
		       "%lu ms, %lu cases/s; the page checks alone: %lu ms%s",
		       (unsigned long)fl->cases, (unsigned long)(us / 1000), (unsigned long)rate,
		       (unsigned long)(ck_us / 1000), fl->diff ? " (a page was not guard!)" : "");
	report_comment(r,
		       "bench: floor: that code and those checks with nothing else (no generation, "
		       "emission, reference, placement or code writing), each group's right after "
		       "its batched half: %lu cases/s",
		       (unsigned long)both);
	return both;
}

/* The bench's test points: the batched half (pass 1), then pass 2's:
 * the batched half again, batch=1, and the load sweep batched (the loads
 * suite's first groups: the sweep's domain with LDR/LDUR, each group run
 * right after the store halves' same group). */
static const bench_half bench_halves[] = {
	{ .name = "bench/batched",
	  .suite = ENG_SUITE_SWEEP,
	  .record = true,
	  .batch = ENG_BATCH_DEFAULT },
	{ .name = "bench/batched-in-turns", .suite = ENG_SUITE_SWEEP, .batch = ENG_BATCH_DEFAULT },
	{ .name = "bench/batch1", .suite = ENG_SUITE_SWEEP, .batch = 1 },
	{ .name = "bench/loads", .suite = ENG_SUITE_LOADS, .batch = ENG_BATCH_DEFAULT },
};
#define BENCH_HALVES (sizeof(bench_halves) / sizeof(bench_halves[0]))
_Static_assert(BENCH_HALVES == 4, "the batched half alone, then three in turns");
_Static_assert(sizeof(bench_half_keys) / sizeof(bench_half_keys[0]) == BENCH_HALVES + 1,
	       "a halves= name per half");

static unsigned plan_bench(void)
{
	unsigned n = 0;

	for (unsigned k = 0; k < BENCH_HALVES; k++)
		n += bench_wants(k);
	return n;
}

/* a / b as a.bb (0.00 when b is 0) */
static void ratio_2(uint64_t a, uint64_t b, unsigned long *whole, unsigned long *cents)
{
	*whole = (unsigned long)(b ? a / b : 0);
	*cents = (unsigned long)(b ? a * 100 / b % 100 : 0);
}

static void run_bench(report *r)
{
	bench_half h[BENCH_HALVES];
	bench_floor_sum fl;
	uint64_t batched = 0, turns = 0, naive = 0, floor = 0, loads = 0;
	unsigned long w, c;

	memcpy(h, bench_halves, sizeof(h));
	memset(&fl, 0, sizeof(fl));

	if (!start(r))
		return;
	if (ctx0.opts_now.cfg.batch > 1)
		h[0].batch = h[1].batch = h[3].batch = ctx0.opts_now.cfg.batch;
	/* Each half fills its own point: the session's (all its failure
	 * store) and others. */
	eng_point_begin(bench_session);
	h[0].parked = bench_session->g;
	h[1].parked = (eng_point_state){ .fail = bench_failures_turns };
	h[2].parked = (eng_point_state){ .fail = bench_failures };
	h[3].parked = (eng_point_state){ .fail = bench_failures_loads };
	/* Pass 1: the batched half and its floor, group by group. */
	for (unsigned g = 0; g < eng_suite_groups(ENG_SUITE_SWEEP) && bench_wants(0); g++)
		bench_group(&h[0], g, &fl);
	/* Pass 2: the store halves in turns, then the load sweep's group (the
	 * loads suite's groups that are the sweep's fusion groups as loads). */
	for (unsigned g = 0; g < eng_suite_groups(ENG_SUITE_SWEEP); g++) {
		for (unsigned k = 0; k < 2; k++)
			if (bench_wants(1 + (g + k) % 2))
				bench_group(&h[1 + (g + k) % 2], g, &fl);
		if (g < eng_sweep_fusion_groups() && bench_wants(3))
			bench_group(&h[3], g, &fl);
	}
	if (bench_wants(0)) {
		batched = bench_report(r, &h[0]);
		floor = bench_floor(r, &fl);
	}
	/* How close the harness comes to its floor (issue 14: >= 0.90). */
	if (floor) {
		ratio_2(batched, floor, &w, &c);
		report_comment(r, "bench: batched/floor = %lu.%02lu (target >= 0.90: %s)", w, c,
			       batched * 100 >= 90 * floor ? "met" : "NOT met");
	}
	if (bench_wants(1))
		turns = bench_report(r, &h[1]);
	if (bench_wants(2))
		naive = bench_report(r, &h[2]);
	if (bench_wants(3))
		loads = bench_report(r, &h[3]);
	if (turns && loads) {
		/* Cost per case: the inverse of the rates. */
		ratio_2(turns, loads, &w, &c);
		report_comment(
			r,
			"bench: load sweep / store sweep cost per case (batched, in turns) = "
			"%lu.%02lu (issue 13: within 2x: %s)",
			w, c, turns <= 2 * loads ? "met" : "NOT met");
	}
	if (turns && naive) {
		ratio_2(turns, naive, &w, &c);
		report_comment(r, "bench: ratio batched/batch1 (in turns) = %lu.%02lu", w, c);
	}
	if (batched && turns && naive)
		report_comment(
			r, "bench: targets (issue 4): >= %u cases/s batched: %s; >= 3x batch=1: %s",
			BENCH_TARGET, batched >= BENCH_TARGET ? "met" : "NOT met",
			turns >= 3 * naive ? "met" : "NOT met");
}

static const suite bench_suite = {
	.name = "bench",
	.summary = "sweep throughput: stores batched against batch=1, and the load sweep",
	.order = 50,
	.in_default = false,
	.plan = plan_bench,
	.run = run_bench,
};
SUITE_REGISTER(bench_suite);
