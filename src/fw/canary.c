/*
 * Test-only suites that prove the failure paths end the run as the report
 * contract says: canary fails a test point on purpose (FAIL, exit=1), crash
 * takes an unexpected exception outside the recovery API (Bail out!, ERROR,
 * exit=2), overflow recurses on another core until its stack overflows
 * (Bail out! naming that core's stack overflow, ERROR, exit=2).  None runs
 * by default.
 */
#include "arch/mmu.h"
#include "arch/smp.h"
#include "fw/cores.h"
#include "fw/registry.h"
#include "lib/check.h"

static void canary_run(report *r, const char *name)
{
	volatile uint64_t two = 2;
	checks c;

	check_begin(&c, name);
	check_u64(&c, "1 + 1 == 3 (wrong on purpose: this point must fail)", 3, 1 + two / 2);
	check_end(&c, r);
}

static const suite_point canary_points[] = {
	{ "canary/deliberate-failure", canary_run, NULL },
};

static const suite canary = {
	.name = "canary",
	.summary = "one test point that fails on purpose (the run must end FAIL, exit=1)",
	.order = 90,
	.in_default = false,
	SUITE_POINTS(canary_points),
};
SUITE_REGISTER(canary);

static void crash_run(report *r, const char *name)
{
	report_comment(r, "crash: loading from unmapped 0x%llx outside the recovery API",
		       (unsigned long long)MMU_ARENA_VA);
	(void)*(volatile uint64_t *)(uintptr_t)MMU_ARENA_VA;
	report_comment(r, "crash: the load did not fault");
	report_point(r, name, 1, 1);
}

static const suite_point crash_points[] = {
	{ "crash/unexpected-exception", crash_run, NULL },
};

static const suite crash = {
	.name = "crash",
	.summary = "an unexpected data abort (the run must end Bail out!, ERROR, exit=2)",
	.order = 91,
	.in_default = false,
	SUITE_POINTS(crash_points),
};
SUITE_REGISTER(crash);

/* Test only: recurse OVERFLOW_FRAME bytes a frame, OVERFLOW_DEPTH deep (four
 * times a core's 64 KiB stack); the guard below the stack stops it first. */
#define OVERFLOW_FRAME 512u
#define OVERFLOW_DEPTH (4u * 65536u / OVERFLOW_FRAME)

static unsigned recurse(unsigned depth)
{
	volatile unsigned char frame[OVERFLOW_FRAME - 32];

	frame[0] = (unsigned char)depth;
	frame[sizeof(frame) - 1] = (unsigned char)depth;
	if (depth == 0)
		return frame[0];
	/* Not a tail call: the frame stays live across the call. */
	return recurse(depth - 1) + frame[sizeof(frame) - 1];
}

static void overflow_job(void *arg)
{
	*(volatile unsigned *)arg = recurse(OVERFLOW_DEPTH);
}

static unsigned overflow_plan(void)
{
	return 1;
}

static void overflow_run(report *r)
{
	unsigned idx[SMP_MAX + 1], n = fw_cores_up(idx, SMP_MAX + 1);
	volatile unsigned sink = 0;
	const char *why = "";
	checks c;

	check_begin(&c, "overflow/guard");
	if (!check_true(&c, "another core is up to overflow its stack", n >= 2)) {
		check_end(&c, r);
		return;
	}
	report_comment(r, "overflow: cpu%u recurses %u KiB deep (its stack: 64 KiB)",
		       fw_cores_id(idx[n - 1])->cpu, OVERFLOW_DEPTH * OVERFLOW_FRAME / 1024);
	if (fw_cores_run_on(NULL, idx[n - 1], overflow_job, (void *)&sink, &why))
		check_true(&c, "the recursion faulted in the guard below the stack (it returned)",
			   false);
	else
		check_true(&c, why, false);
	check_end(&c, r);
}

static const suite overflow = {
	.name = "overflow",
	.summary = "another core recurses until its stack overflows (the run must end Bail out! "
		   "naming that core's stack overflow, exit=2)",
	.order = 92,
	.in_default = false,
	.needs_cores = true,
	.plan = overflow_plan,
	.run = overflow_run,
};
SUITE_REGISTER(overflow);
