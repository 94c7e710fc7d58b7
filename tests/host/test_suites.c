/*
 * lib/suites.c: the plan line is the sum of what each suite's description
 * says, a table's point that cannot run here is left out of the plan (and
 * said so), and a suite that prints another number of points than it
 * planned ends the run (Bail out!, ERROR exit=2) before the next suite.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/suites.h"

static char out[8192];
static size_t out_len;

static void capture(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	assert_true(out_len + n < sizeof(out));
	memcpy(out + out_len, s, n);
	out_len += n;
	out[out_len] = '\0';
}

static int reset(void **state)
{
	(void)state;
	out_len = 0;
	out[0] = '\0';
	return 0;
}

static void one_ok(report *r, const char *name)
{
	report_point(r, name, 1, 0);
}

static const char *never(void)
{
	return "no such thing here";
}

static const char *always(void)
{
	return NULL;
}

static const suite_point table_points[] = {
	{ "t/a", one_ok, NULL },
	{ "t/b", one_ok, never },
	{ "t/c", one_ok, always },
};
static const suite table = {
	.name = "t",
	SUITE_POINTS(table_points),
};

/* A suite described by plan() and run(), honest ... */
static unsigned two(void)
{
	return 2;
}

static void print_two(report *r)
{
	report_point(r, "h/1", 3, 0);
	report_point(r, "h/2", 4, 1);
}

static const suite honest = { .name = "h", .plan = two, .run = print_two };

/* ... and two that are not. */
static void print_one(report *r)
{
	report_point(r, "l/1", 1, 0);
}

static void print_three(report *r)
{
	print_two(r);
	report_point(r, "m/3", 1, 0);
}

static const suite fewer = { .name = "fewer", .plan = two, .run = print_one };
static const suite more = { .name = "more", .plan = two, .run = print_three };

static void test_table_plan_leaves_out_absent_points(void **state)
{
	const suite *list[] = { &table, &honest };
	report r;

	(void)state;
	assert_int_equal(suite_plan(&table), 2);
	report_init(&r, capture, NULL);
	assert_true(suites_run(&r, list, 2));
	assert_int_equal(report_finish(&r), 1);
	assert_string_equal(out, "1..4\n"
				 "ok 1 - t/a # cases=1\n"
				 "# t: no such thing here: t/b not run\n"
				 "ok 2 - t/c # cases=1\n"
				 "ok 3 - h/1 # cases=3\n"
				 "not ok 4 - h/2 # cases=4 failed=1\n"
				 "cases: 8 passed, 1 failed\n"
				 "pairguard-result: FAIL exit=1 groups=4 groups-failed=1 cases=9 "
				 "cases-failed=1\n");
}

static void expect_bail(const suite *liar, const char *text)
{
	const suite *list[] = { &table, liar, &honest };
	report r;

	reset(NULL);
	report_init(&r, capture, NULL);
	assert_false(suites_run(&r, list, 3));
	assert_int_equal(report_finish(&r), 2);
	assert_string_equal(out, text);
}

static void test_suite_off_its_plan_ends_the_run(void **state)
{
	(void)state;
	expect_bail(&fewer,
		    "1..6\n"
		    "ok 1 - t/a # cases=1\n"
		    "# t: no such thing here: t/b not run\n"
		    "ok 2 - t/c # cases=1\n"
		    "ok 3 - l/1 # cases=1\n"
		    "Bail out! internal error: suite fewer planned 2 test points, printed 1\n"
		    "pairguard-result: ERROR exit=2 groups=3 groups-failed=0 cases=3 "
		    "cases-failed=0\n");
	expect_bail(&more, "1..6\n"
			   "ok 1 - t/a # cases=1\n"
			   "# t: no such thing here: t/b not run\n"
			   "ok 2 - t/c # cases=1\n"
			   "ok 3 - h/1 # cases=3\n"
			   "not ok 4 - h/2 # cases=4 failed=1\n"
			   "ok 5 - m/3 # cases=1\n"
			   "Bail out! internal error: suite more planned 2 test points, printed 3\n"
			   "pairguard-result: ERROR exit=2 groups=5 groups-failed=1 cases=10 "
			   "cases-failed=1\n");
}

/* A suite that bails itself (say, its backend cannot start) is not
 * reported twice, and nothing runs after it. */
static void bail_now(report *r)
{
	report_bail(r, "the backend could not start");
}

static void test_suite_bail_stops_the_run(void **state)
{
	static const suite bails = { .name = "b", .plan = two, .run = bail_now };

	(void)state;
	expect_bail(&bails, "1..6\n"
			    "ok 1 - t/a # cases=1\n"
			    "# t: no such thing here: t/b not run\n"
			    "ok 2 - t/c # cases=1\n"
			    "Bail out! the backend could not start\n"
			    "pairguard-result: ERROR exit=2 groups=2 groups-failed=0 cases=2 "
			    "cases-failed=0\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_table_plan_leaves_out_absent_points, reset),
		cmocka_unit_test_setup(test_suite_off_its_plan_ends_the_run, reset),
		cmocka_unit_test_setup(test_suite_bail_stops_the_run, reset),
	};

	return cmocka_run_group_tests_name("suites", tests, NULL, NULL);
}
