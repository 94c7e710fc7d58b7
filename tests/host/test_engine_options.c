/* The engine's bootargs: accepted values, and messages for bad ones. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "engine/options.h"
#include "jit/emit.h"

static char err[512];

static int opt(eng_options *o, const char *k, const char *v)
{
	err[0] = '\0';
	return eng_option(o, k, v, err, sizeof(err));
}

static void test_defaults(void **state)
{
	eng_options o;

	(void)state;
	eng_options_default(&o);
	assert_ptr_equal(o.cfg.policy, fuse_policy_find("fixed"));
	assert_int_equal(o.cfg.params.seed, 1);
	assert_int_equal(o.cfg.params.bases, ENG_BASE_BIT(19));
	assert_int_equal(o.cfg.batch, 256);
	assert_false(o.replay);
	assert_false(o.cfg.inject_flip);
}

static void test_good_values(void **state)
{
	eng_options o;

	(void)state;
	eng_options_default(&o);
	assert_int_equal(opt(&o, "policy", "luajit-pre1075"), 1);
	assert_ptr_equal(o.cfg.policy, fuse_policy_find("luajit-pre1075"));
	assert_int_equal(opt(&o, "seed", "0xDEADbeef"), 1);
	assert_int_equal(o.cfg.params.seed, 0xdeadbeef);
	assert_int_equal(opt(&o, "seed", "18446744073709551615"), 1);
	assert_int_equal(o.cfg.params.seed, UINT64_MAX);
	assert_int_equal(opt(&o, "count", "5000"), 1);
	assert_int_equal(o.cfg.params.count, 5000);
	assert_int_equal(opt(&o, "batch", "1"), 1);
	assert_int_equal(o.cfg.batch, 1);
	assert_int_equal(opt(&o, "bases", "x0,sp,x30"), 1);
	assert_int_equal(o.cfg.params.bases, ENG_BASE_BIT(0) | ENG_BASE_BIT(31) | ENG_BASE_BIT(30));
	assert_int_equal(opt(&o, "bases", "all"), 1);
	assert_int_equal(o.cfg.params.bases, ENG_BASE_ALL);
	assert_int_equal(opt(&o, "inject", "flip"), 1);
	assert_true(o.cfg.inject_flip);
	assert_int_equal(opt(&o, "verbose", "2"), 1);
	assert_int_equal(o.cfg.cap, ENG_CAP_VERBOSE);
	assert_int_equal(opt(&o, "case", "sweep/123456"), 1);
	assert_true(o.replay);
	assert_int_equal(o.replay_suite, ENG_SUITE_SWEEP);
	assert_int_equal(o.replay_index, 123456);
	assert_true(eng_options_finish(&o, err, sizeof(err)));
	assert_int_equal(opt(&o, "suite", "sweep"), 0); /* not the engine's */
}

static void test_bad_values_name_themselves(void **state)
{
	static const char *const bad[][3] = {
		{ "policy", "fixd", "luajit-pre1075" },
		{ "seed", "12x", "0x hex" },
		{ "seed", "99999999999999999999", "64-bit" },
		{ "count", "0", "1..100000000" },
		{ "batch", "257", "1..256" },
		{ "batch", "", "1..256" },
		{ "bases", "x31", "x0..x30, sp" },
		{ "bases", "x1,", "x0..x30, sp" },
		{ "bases", ",x1", "x0..x30, sp" },
		{ "inject", "flop", "none, flip" },
		{ "verbose", "3", "0, 1" },
		{ "case", "sweep", "<suite>/<index>" },
		{ "case", "bench/1", "<suite>/<index>" },
	};
	eng_options o;

	(void)state;
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		eng_options_default(&o);
		assert_int_equal(opt(&o, bad[i][0], bad[i][1]), -1);
		assert_non_null(strstr(err, bad[i][0]));
		assert_non_null(strstr(err, bad[i][2]));
		if (bad[i][1][0])
			assert_non_null(strstr(err, bad[i][1]));
	}
}

static void test_case_must_exist(void **state)
{
	eng_options o;

	(void)state;
	eng_options_default(&o);
	assert_int_equal(opt(&o, "case", "regression/20"), 1);
	assert_false(eng_options_finish(&o, err, sizeof(err)));
	assert_non_null(strstr(err, "regression/20"));
	assert_int_equal(opt(&o, "case", "regression/19"), 1);
	assert_true(eng_options_finish(&o, err, sizeof(err)));
	assert_int_equal(opt(&o, "case", "sweep/99999999"), 1);
	assert_false(eng_options_finish(&o, err, sizeof(err)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_good_values),
		cmocka_unit_test(test_bad_values_name_themselves),
		cmocka_unit_test(test_case_must_exist),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
