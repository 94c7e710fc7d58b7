/* cmocka tests for src/lib/opts.c: boot option parsing and its messages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "lib/opts.h"

/* clang-format off */
static const char *const policies[] = { "fixed", "none", "luajit-2016", NULL };
static const char *const suites[] = { "selftest", "regression", "sweep", "random", NULL };

static unsigned policy;
static opt_list suite_list;
static uint64_t seed, count;
static bool verbose;
static const char *case_id;

static const char *check_case(const char *v)
{
	return strchr(v, '/') ? NULL : "<suite>/<index>";
}

static const opt_spec engine_specs[] = {
	{ .key = "policy", .type = OPT_ENUM, .dest = &policy, .names = policies, .header = "policy" },
	{ .key = "seed", .type = OPT_UINT, .dest = &seed, .min = 0, .max = UINT64_MAX,
	  .header = "seed", .flags = OPT_HEX },
	{ .key = "count", .type = OPT_UINT, .dest = &count, .min = 1, .max = 1000000 },
	{ .key = "verbose", .type = OPT_BOOL, .dest = &verbose },
	{ .key = "case", .type = OPT_STRING, .dest = &case_id, .check = check_case,
	  .help = "<suite>/<index>" },
};
static const opt_spec fw_specs[] = {
	{ .key = "suite", .type = OPT_ENUM_LIST, .dest = &suite_list, .names = suites,
	  .header = "suites" },
};
/* clang-format on */
static const opt_table engine_table = { engine_specs, 5 };
static const opt_table fw_table = { fw_specs, 1 };
static const opt_table *const tables[] = { &fw_table, &engine_table };

static char passed[512];

static void note_passed(void *ctx, const char *token)
{
	(void)ctx;
	strcat(passed, "[");
	strcat(passed, token);
	strcat(passed, "]");
}

static opts o;
static char buf[1024];

static int reset(void **state)
{
	(void)state;
	policy = 0;
	suite_list.n = 1;
	suite_list.v[0] = 0;
	seed = 1;
	count = 100;
	verbose = false;
	case_id = NULL;
	passed[0] = '\0';
	memset(&o, 0, sizeof(o));
	o.tables = tables;
	o.ntables = 2;
	o.passed_over = note_passed;
	return 0;
}

static bool parse(const char *args)
{
	snprintf(buf, sizeof(buf), "%s", args);
	return opts_parse(&o, buf);
}

static void test_empty_keeps_defaults(void **state)
{
	(void)state;
	assert_true(parse(""));
	assert_true(parse("  \t\n "));
	assert_int_equal(policy, 0);
	assert_int_equal(seed, 1);
	assert_int_equal(suite_list.n, 1);
	assert_string_equal(o.err, "");
}

static void test_values(void **state)
{
	char v[64];

	(void)state;
	assert_true(parse("policy=luajit-2016 seed=0xDEADbeef count=42 verbose=yes "
			  "suite=sweep,selftest case=sweep/12\n"));
	assert_int_equal(policy, 2);
	assert_int_equal(seed, 0xdeadbeef);
	assert_int_equal(count, 42);
	assert_true(verbose);
	assert_int_equal(suite_list.n, 2);
	assert_int_equal(suite_list.v[0], 2);
	assert_int_equal(suite_list.v[1], 0);
	assert_string_equal(case_id, "sweep/12");
	assert_string_equal(opts_format(&engine_specs[0], v, sizeof(v)), "luajit-2016");
	assert_string_equal(opts_format(&engine_specs[1], v, sizeof(v)), "0xdeadbeef");
	assert_string_equal(opts_format(&engine_specs[2], v, sizeof(v)), "42");
	assert_string_equal(opts_format(&engine_specs[3], v, sizeof(v)), "1");
	assert_string_equal(opts_format(&engine_specs[4], v, sizeof(v)), "sweep/12");
	assert_string_equal(opts_format(&fw_specs[0], v, sizeof(v)), "sweep,selftest");
}

static void test_bools(void **state)
{
	static const char *const yes[] = { "verbose", "verbose=1", "verbose=on", "verbose=true",
					   "pg.verbose" };
	static const char *const no[] = { "verbose=0", "verbose=no", "verbose=off",
					  "verbose=false" };
	size_t i;

	(void)state;
	for (i = 0; i < 5; i++) {
		verbose = false;
		assert_true(parse(yes[i]));
		assert_true(verbose);
	}
	for (i = 0; i < 4; i++) {
		verbose = true;
		assert_true(parse(no[i]));
		assert_false(verbose);
	}
	assert_false(parse("verbose=maybe"));
	assert_string_equal(o.err, "'verbose=maybe': 'maybe' is not a boolean; accepted: 1, 0, "
				   "yes, no, on, off, true, false");
}

static void test_numbers(void **state)
{
	(void)state;
	assert_true(parse("seed=18446744073709551615"));
	assert_int_equal(seed, UINT64_MAX);
	assert_true(parse("seed=0xffffffffffffffff count=1"));
	assert_int_equal(count, 1);
	assert_false(parse("seed=18446744073709551616"));
	assert_string_equal(o.err, "'seed=18446744073709551616': '18446744073709551616' is not a "
				   "number; accepted: decimal or 0x-hex, 0x0..0xffffffffffffffff");
	assert_false(parse("count=12x"));
	assert_string_equal(o.err, "'count=12x': '12x' is not a number; accepted: decimal or "
				   "0x-hex, 1..1000000");
	assert_false(parse("count=0x"));
	assert_false(parse("count=-1"));
	assert_false(parse("count=+1"));
	assert_false(parse("count=0"));
	assert_string_equal(o.err, "'count=0': 0 out of range for count; accepted: decimal or "
				   "0x-hex, 1..1000000");
	assert_false(parse("count=1000001"));
	assert_int_equal(count, 1); /* unchanged by the failures */
}

static void test_enum_errors(void **state)
{
	(void)state;
	assert_false(parse("policy=fixd"));
	assert_string_equal(o.err, "'policy=fixd': unknown value 'fixd' for policy; accepted: "
				   "fixed, none, luajit-2016");
	assert_false(parse("policy=Fixed"));
	assert_false(parse("policy="));
	assert_string_equal(o.err, "'policy=': empty value for policy; accepted: fixed, none, "
				   "luajit-2016");
	assert_false(parse("policy"));
	assert_string_equal(o.err, "'policy': policy needs a value (policy=...); accepted: fixed, "
				   "none, luajit-2016");
}

static void test_list_errors(void **state)
{
	(void)state;
	assert_false(parse("suite=sweep,sweep"));
	assert_string_equal(o.err, "'suite=sweep,sweep': 'sweep' listed twice");
	assert_false(parse("suite=sweep,,random"));
	assert_string_equal(o.err,
			    "'suite=sweep,,random': empty item in the list for suite; "
			    "accepted: a comma-separated list of selftest, regression, sweep, "
			    "random");
	assert_false(parse("suite=sweep,"));
	assert_false(parse("suite=swep"));
	assert_string_equal(o.err, "'suite=swep': unknown value 'swep' for suite; accepted: a "
				   "comma-separated list of selftest, regression, sweep, random");
	assert_int_equal(suite_list.n, 1);
}

static void test_string_check(void **state)
{
	(void)state;
	assert_false(parse("case=12"));
	assert_string_equal(o.err, "'case=12': bad value '12' for case; accepted: <suite>/<index>");
	assert_null(case_id);
}

static void test_unknown_keys(void **state)
{
	(void)state;
	assert_false(parse("polcy=fixed"));
	assert_string_equal(o.err, "'polcy=fixed': unknown key 'polcy' (did you mean 'policy'?); "
				   "accepted keys: suite, policy, seed, count, verbose, case");
	assert_false(parse("suites=sweep"));
	assert_string_equal(o.err, "'suites=sweep': unknown key 'suites' (did you mean 'suite'?); "
				   "accepted keys: suite, policy, seed, count, verbose, case");
	assert_false(parse("frobnicate=1"));
	assert_string_equal(o.err, "'frobnicate=1': unknown key 'frobnicate'; accepted keys: "
				   "suite, policy, seed, count, verbose, case");
	assert_false(parse("x"));
	/* pg. makes a token ours even when the key looks foreign. */
	assert_false(parse("pg.console=1"));
	assert_false(parse("pg.a.b=1"));
}

static void test_pg_prefix(void **state)
{
	(void)state;
	assert_true(parse("pg.seed=7 pg.suite=random"));
	assert_int_equal(seed, 7);
	assert_int_equal(suite_list.v[0], 3);
}

static void test_duplicates(void **state)
{
	(void)state;
	assert_false(parse("seed=1 count=3 seed=2"));
	assert_string_equal(o.err, "'seed=2': seed given twice (first as 'seed=1')");
	assert_false(parse("seed=1 pg.seed=1"));
	assert_string_equal(o.err, "'pg.seed=1': seed given twice (first as 'seed=1')");
}

static void test_foreign_tokens(void **state)
{
	(void)state;
	/* What a Raspberry Pi's firmware puts before cmdline.txt. */
	assert_true(parse("coherent_pool=1M 8250.nr_uarts=1 snd_bcm2835.enable_headphones=0 "
			  "bcm2708_fb.fbwidth=1920 vc_mem.mem_base=0x3ec00000 "
			  "console=ttyS0,115200 console=tty1 root=/dev/mmcblk0p2 rootfstype=ext4 "
			  "fsck.repair=yes rootwait quiet seed=9"));
	assert_int_equal(seed, 9);
	assert_string_equal(passed,
			    "[coherent_pool=1M][8250.nr_uarts=1]"
			    "[snd_bcm2835.enable_headphones=0][bcm2708_fb.fbwidth=1920]"
			    "[vc_mem.mem_base=0x3ec00000][console=ttyS0,115200][console=tty1]"
			    "[root=/dev/mmcblk0p2][rootfstype=ext4][fsck.repair=yes][rootwait]"
			    "[quiet]");
	assert_true(opts_is_foreign_key("console"));
	assert_false(opts_is_foreign_key("policy"));
}

static void test_find_and_keys(void **state)
{
	char keys[128];

	(void)state;
	assert_ptr_equal(opts_find(&o, "count"), &engine_specs[2]);
	assert_null(opts_find(&o, "nope"));
	assert_string_equal(opts_keys(&o, keys, sizeof(keys)),
			    "suite, policy, seed, count, verbose, case");
	assert_string_equal(opts_keys(&o, keys, 10), "suite, po");
}

static void test_too_many_options(void **state)
{
	static opt_spec many[OPTS_MAX + 1];
	static const opt_table big = { many, OPTS_MAX + 1 };
	static const opt_table *const one[] = { &big };
	size_t i;

	(void)state;
	for (i = 0; i < OPTS_MAX + 1; i++) {
		many[i].key = "k";
		many[i].type = OPT_BOOL;
		many[i].dest = &verbose;
	}
	o.tables = one;
	o.ntables = 1;
	assert_false(parse(""));
	assert_string_equal(o.err, "internal error: more than 64 options registered");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_empty_keeps_defaults, reset),
		cmocka_unit_test_setup(test_values, reset),
		cmocka_unit_test_setup(test_bools, reset),
		cmocka_unit_test_setup(test_numbers, reset),
		cmocka_unit_test_setup(test_enum_errors, reset),
		cmocka_unit_test_setup(test_list_errors, reset),
		cmocka_unit_test_setup(test_string_check, reset),
		cmocka_unit_test_setup(test_unknown_keys, reset),
		cmocka_unit_test_setup(test_pg_prefix, reset),
		cmocka_unit_test_setup(test_duplicates, reset),
		cmocka_unit_test_setup(test_foreign_tokens, reset),
		cmocka_unit_test_setup(test_find_and_keys, reset),
		cmocka_unit_test_setup(test_too_many_options, reset),
	};

	return cmocka_run_group_tests_name("opts", tests, NULL, NULL);
}
