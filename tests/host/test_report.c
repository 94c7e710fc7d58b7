/* cmocka tests for src/lib/report.c and src/lib/check.c: exact report text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/check.h"
#include "lib/report.h"

static char out[16384];
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

static void test_passing_run(void **state)
{
	report r;

	(void)state;
	report_init(&r, capture, NULL);
	report_banner(&r, "0.1.0", "qemu-virt");
	report_header_begin(&r);
	report_header_kv(&r, "version", "%s", "0.1.0");
	report_header_kv(&r, "el", "%u", 1u);
	report_header_kv(&r, "cpu", "%s", "cortex a57"); /* space becomes '_' */
	report_header_end(&r);
	report_plan(&r, 2);
	assert_int_equal(report_point(&r, "regression/STRx/kong", 2, 0), 1);
	report_progress(&r, "sweep", 40000, 122880);
	assert_int_equal(report_point(&r, "random/mixed", 2000, 0), 2);
	report_rate(&r, 122882, 50625000, 62500000); /* 0.81 s */
	assert_int_equal(report_finish(&r), 0);
	assert_string_equal(out,
			    "pairguard 0.1.0 plat=qemu-virt\n"
			    "TAP version 13\n"
			    "# pairguard: version=0.1.0 el=1 cpu=cortex_a57\n"
			    "1..2\n"
			    "ok 1 - regression/STRx/kong # cases=2\n"
			    "# progress: sweep 40000/122880\n"
			    "ok 2 - random/mixed # cases=2000\n"
			    "# rate: 122882 cases in 0.81 s, 151706 cases/s\n"
			    "cases: 2002 passed, 0 failed\n"
			    "pairguard-result: PASS exit=0 groups=2 groups-failed=0 cases=2002 "
			    "cases-failed=0\n");
}

static void test_failing_point_with_yaml(void **state)
{
	report r;
	char q[64];

	(void)state;
	report_init(&r, capture, NULL);
	report_plan(&r, 2);
	report_point(&r, "sweep/STRx/prev-below", 4096, 64);
	report_yaml_begin(&r);
	report_yaml(&r, 0, "group: %s", "sweep/STRx/prev-below");
	report_yaml(&r, 0, "failures:");
	report_yaml(&r, 1, "- case: %s", "sweep/1234");
	report_yaml(&r, 2, "requests:");
	report_yaml(&r, 3, "- %s", report_yaml_quote(q, sizeof(q), "str x30, [x19, #488]"));
	report_yaml_end(&r);
	report_point(&r, "random/mixed", 10, 0);
	assert_int_equal(report_finish(&r), 1);
	assert_string_equal(out,
			    "1..2\n"
			    "not ok 1 - sweep/STRx/prev-below # cases=4096 failed=64\n"
			    "  ---\n"
			    "  group: sweep/STRx/prev-below\n"
			    "  failures:\n"
			    "    - case: sweep/1234\n"
			    "      requests:\n"
			    "        - \"str x30, [x19, #488]\"\n"
			    "  ...\n"
			    "ok 2 - random/mixed # cases=10\n"
			    "cases: 4042 passed, 64 failed\n"
			    "pairguard-result: FAIL exit=1 groups=2 groups-failed=1 cases=4106 "
			    "cases-failed=64\n");
}

static void test_open_yaml_closed_by_next_point(void **state)
{
	report r;

	(void)state;
	report_init(&r, capture, NULL);
	report_plan(&r, 2);
	report_point(&r, "a/b", 1, 1);
	report_yaml_begin(&r);
	report_yaml(&r, 0, "group: a/b");
	report_point(&r, "a/c", 1, 0);
	report_finish(&r);
	assert_non_null(strstr(out, "  group: a/b\n  ...\nok 2 - a/c # cases=1\n"));
}

static void test_bail_before_plan(void **state)
{
	report r;

	(void)state;
	report_init(&r, capture, NULL);
	report_banner(&r, "0.1.0", "rpi3");
	report_bail(&r, "bootargs: '%s': unknown key", "polcy=fixed");
	assert_int_equal(report_finish(&r), 2);
	assert_int_equal(report_finish(&r), 2); /* idempotent: nothing more printed */
	assert_string_equal(out, "pairguard 0.1.0 plat=rpi3\n"
				 "TAP version 13\n"
				 "Bail out! bootargs: 'polcy=fixed': unknown key\n"
				 "pairguard-result: ERROR exit=2 groups=0 groups-failed=0 cases=0 "
				 "cases-failed=0\n");
}

static void test_bail_mid_yaml_and_header(void **state)
{
	report r;

	(void)state;
	report_init(&r, capture, NULL);
	report_header_begin(&r);
	report_header_kv(&r, "el", "1");
	report_bail(&r, "stop");
	assert_string_equal(out, "# pairguard: el=1\nBail out! stop\n");

	reset(NULL);
	report_init(&r, capture, NULL);
	report_plan(&r, 3);
	report_point(&r, "x/y", 2, 1);
	report_yaml_begin(&r);
	report_bail(&r, "unexpected exception: %s", "data abort");
	report_comment(&r, "esr: 0x%x", 0x96000005u);
	assert_int_equal(report_finish(&r), 2);
	assert_string_equal(out, "1..3\n"
				 "not ok 1 - x/y # cases=2 failed=1\n"
				 "  ---\n"
				 "  ...\n"
				 "Bail out! unexpected exception: data abort\n"
				 "# esr: 0x96000005\n"
				 "pairguard-result: ERROR exit=2 groups=1 groups-failed=1 cases=2 "
				 "cases-failed=1\n");
}

static void test_points_must_match_plan(void **state)
{
	report r;

	(void)state;
	report_init(&r, capture, NULL);
	report_plan(&r, 2);
	report_point(&r, "a/b", 1, 0);
	assert_int_equal(report_exit_code(&r), 2);
	assert_int_equal(report_finish(&r), 2);
	assert_string_equal(out, "1..2\n"
				 "ok 1 - a/b # cases=1\n"
				 "Bail out! internal error: planned 2 test points, printed 1\n"
				 "pairguard-result: ERROR exit=2 groups=1 groups-failed=0 cases=1 "
				 "cases-failed=0\n");

	reset(NULL);
	report_init(&r, capture, NULL);
	assert_int_equal(report_finish(&r), 2);
	assert_string_equal(out, "Bail out! internal error: the run ended before its plan\n"
				 "pairguard-result: ERROR exit=2 groups=0 groups-failed=0 cases=0 "
				 "cases-failed=0\n");
}

static void test_names_and_counts_sanitised(void **state)
{
	report r;

	(void)state;
	report_init(&r, capture, NULL);
	report_plan(&r, 1);
	report_point(&r, "bad name#1", 0, 2); /* failed > cases: cases raised */
	report_finish(&r);
	assert_string_equal(out, "1..1\n"
				 "not ok 1 - bad_name_1 # cases=2 failed=2\n"
				 "cases: 0 passed, 2 failed\n"
				 "pairguard-result: FAIL exit=1 groups=1 groups-failed=1 cases=2 "
				 "cases-failed=2\n");
}

static void test_yaml_quote(void **state)
{
	char q[32];

	(void)state;
	assert_string_equal(report_yaml_quote(q, sizeof(q), "a\"b\\c\n"), "\"a\\\"b\\\\c\\x0a\"");
	assert_string_equal(report_yaml_quote(q, 8, "abcdefgh"), "\"abcde\"");
	assert_string_equal(report_yaml_quote(q, 3, "abc"), "\"\"");
}

static void test_rate_edges(void **state)
{
	report r;

	(void)state;
	report_init(&r, capture, NULL);
	report_rate(&r, 5, 0, 62500000); /* zero ticks: counted as one */
	report_rate(&r, 0, 125000000, 62500000);
	assert_string_equal(out, "# rate: 5 cases in 0.00 s, 312500000 cases/s\n"
				 "# rate: 0 cases in 2.00 s, 0 cases/s\n");
}

static void test_long_line_is_cut(void **state)
{
	static char big[3000];
	report r;

	(void)state;
	memset(big, 'x', sizeof(big) - 1);
	report_init(&r, capture, NULL);
	report_comment(&r, "%s", big);
	assert_int_equal(out_len, REPORT_LINE_MAX);
	assert_memory_equal(out + REPORT_LINE_MAX - 4, "...\n", 4);
}

static void test_checks(void **state)
{
	report r;
	checks c;

	(void)state;
	report_init(&r, capture, NULL);
	report_plan(&r, 2);
	check_begin(&c, "selftest/good");
	assert_true(check_u64(&c, "equal", 5, 5));
	assert_true(check_range(&c, "in range", 1, 3, 2));
	check_end(&c, &r);
	check_begin(&c, "selftest/bad");
	assert_true(check_true(&c, "fine", true));
	assert_false(check_u64(&c, "a \"quoted\" check", 1, 2));
	assert_false(check_range(&c, "range", 1, 3, 4));
	check_end(&c, &r);
	report_finish(&r);
	assert_string_equal(out, "1..2\n"
				 "ok 1 - selftest/good # cases=2\n"
				 "not ok 2 - selftest/bad # cases=3 failed=2\n"
				 "  ---\n"
				 "  group: selftest/bad\n"
				 "  cases: 3\n"
				 "  failed: 2\n"
				 "  shown: 2\n"
				 "  failures:\n"
				 "    - case: selftest/bad/2\n"
				 "      check: \"a \\\"quoted\\\" check\"\n"
				 "      expected: \"0x1\"\n"
				 "      actual: \"0x2\"\n"
				 "    - case: selftest/bad/3\n"
				 "      check: \"range\"\n"
				 "      expected: \"0x1..0x3\"\n"
				 "      actual: \"0x4\"\n"
				 "  ...\n"
				 "cases: 3 passed, 2 failed\n"
				 "pairguard-result: FAIL exit=1 groups=2 groups-failed=1 cases=5 "
				 "cases-failed=2\n");
}

static void test_checks_cap_shown(void **state)
{
	report r;
	checks c;
	unsigned i;

	(void)state;
	report_init(&r, capture, NULL);
	report_plan(&r, 1);
	check_begin(&c, "s/g");
	for (i = 0; i < CHECK_SHOWN + 5; i++)
		check_true(&c, "no", false);
	check_end(&c, &r);
	assert_int_equal(c.failed, CHECK_SHOWN + 5);
	assert_non_null(strstr(out, "  shown: 8\n"));
	assert_null(strstr(out, "s/g/9"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_passing_run, reset),
		cmocka_unit_test_setup(test_failing_point_with_yaml, reset),
		cmocka_unit_test_setup(test_open_yaml_closed_by_next_point, reset),
		cmocka_unit_test_setup(test_bail_before_plan, reset),
		cmocka_unit_test_setup(test_bail_mid_yaml_and_header, reset),
		cmocka_unit_test_setup(test_points_must_match_plan, reset),
		cmocka_unit_test_setup(test_names_and_counts_sanitised, reset),
		cmocka_unit_test_setup(test_yaml_quote, reset),
		cmocka_unit_test_setup(test_rate_edges, reset),
		cmocka_unit_test_setup(test_long_line_is_cut, reset),
		cmocka_unit_test_setup(test_checks, reset),
		cmocka_unit_test_setup(test_checks_cap_shown, reset),
	};

	return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
