/*
 * Test-only suites that prove the failure paths end the run as the report
 * contract says: canary fails a test point on purpose (FAIL, exit=1), crash
 * takes an unexpected exception outside the recovery API (Bail out!, ERROR,
 * exit=2).  Neither runs by default.
 */
#include "arch/mmu.h"
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
