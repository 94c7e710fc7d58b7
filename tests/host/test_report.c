/*
 * cmocka tests for src/lib/report.c, src/lib/report_engine.c,
 * src/lib/suites.c and src/lib/check.c: the exact report text, from calls,
 * from the engine's records, from suites and their plans.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "engine/gen.h"
#include "lib/check.h"
#include "lib/report.h"
#include "lib/report_engine.h"
#include "lib/suites.h"

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

/* ---- The engine's records (lib/report_engine.c) ---- */

/* A failure record of a case of two requests. */
static void rec_case(eng_failure *f, eng_suite_id sid, uint64_t index, uint64_t seed, eng_class cls,
		     eng_item a, eng_item b)
{
	memset(f, 0, sizeof(*f));
	f->c.suite = (uint8_t)sid;
	f->c.index = index;
	f->c.n = 2;
	f->c.item[0] = a;
	f->c.item[1] = b;
	f->seed = seed;
	f->cls = cls;
}

static void rec_fault(eng_failure *f, uint64_t esr, uint64_t far, uint64_t elr)
{
	f->fault.taken = true;
	f->fault.esr = esr;
	f->fault.far = far;
	f->fault.elr = elr;
}

/* A byte run: expected and actual as hex digits. */
static void rec_run(eng_failure *f, unsigned base, int32_t from, eng_what what, const char *exp,
		    const char *act)
{
	eng_run *run = &f->verdict.run[f->verdict.kept++];

	run->base = (uint8_t)base;
	run->from = from;
	run->what = (uint8_t)what;
	run->len = (uint8_t)(strlen(exp) / 2);
	for (unsigned k = 0; k < run->len; k++) {
		sscanf(exp + 2 * k, "%2hhx", &run->expected[k]);
		sscanf(act + 2 * k, "%2hhx", &run->actual[k]);
	}
}

/* One base, a fault inside the case, the decoder's and the injection's notes. */
static void rec_single(eng_failure *f)
{
	rec_case(f, ENG_SUITE_SWEEP, 1234, 0x1, ENG_CLASS_FUSION,
		 gen_access(A64_STR_X, 30, 19, 488), gen_access(A64_STR_X, 0, 19, -16));
	f->nwords = 1;
	f->words[0] = 0xa91e827e;
	f->pred_stop = ENG_PRED_UNDEF;
	f->injected = true;
	f->inj_word = 0xa91e027e;
	f->base_addr[0] = 0x40000000;
	f->regs.set = 1ull << 0 | 1ull << 30 | 1ull << 19 | 1ull << 33;
	f->regs.wide = 1ull << 0 | 1ull << 19;
	f->regs.x[0] = 0x0706050403020100ull;
	f->regs.x[19] = 0x40000000;
	f->regs.x[30] = 0x17161514;
	f->regs.v[1] = 0x27262524;
	rec_fault(f, 0x96000045, 0x40000000 - 16, 0x80001000);
	f->fault_in_case = true;
	f->verdict.nbad = 8;
	f->verdict.nruns = 1;
	rec_run(f, 0, -16, ENG_MISSED, "0001", "a5a6");
}

/* Two bases (far-base, base keys), capped runs, an unchecked slot. */
static void rec_two_bases(eng_failure *f)
{
	rec_case(f, ENG_SUITE_RANDOM, 7, 0x99, ENG_CLASS_EXECUTION, gen_access(A64_STR_W, 1, 0, 4),
		 gen_access(A64_STR_D, 2, 31, -8));
	f->nwords = 2;
	f->words[0] = 0xb9000401;
	f->words[1] = 0xfc1f83e2;
	f->base_addr[0] = 0x50000000;
	f->base_addr[1] = 0x50020000;
	f->regs.set = 1ull << 1 | 1ull << 31 | 1ull << 34;
	f->regs.wide = 1ull << 31 | 1ull << 34;
	f->regs.x[1] = 0x11;
	f->regs.x[31] = 0x50020000;
	f->regs.v[2] = 0x2222;
	rec_fault(f, 0x96000047, 0x50020000 + 100, 0x80002004);
	f->verdict.slot_outside = true;
	f->verdict.nbad = 40;
	f->verdict.nruns = 30;
	rec_run(f, 0, 4, ENG_WRONG, "11", "12");
	rec_run(f, 1, 100, ENG_CLOBBERED, "a5", "00");
}

/* A case the emitter refused. */
static void rec_refused(eng_failure *f)
{
	rec_case(f, ENG_SUITE_REGRESSION, 3, 0x5, ENG_CLASS_FUSION,
		 gen_access(A64_STR_X, 1, 2, 40000), gen_access(A64_STR_X, 1, 2, 0));
	f->c.n = 1;
	f->emit_err = A64_ERR_RANGE;
}

/* A failing point of three shown failures (one base with a fault in the
 * case, the decoder's and the injection's notes; two bases with far-base,
 * capped runs and an unchecked slot; a case the emitter refused), each also
 * as a `# fail:` line (verbose=1), then a passing point. */
static void test_engine_records_rendered(void **state)
{
	static eng_failure f[3];
	report r;
	report_engine re;
	eng_sink sink;
	static const eng_choice_count choices[] = {
		{ "lower-value", 2, ENG_SUITE_SWEEP, 17 },
		{ "undef", 1, ENG_SUITE_SWEEP, 18 },
	};
	eng_point_rec bad = {
		.name = "sweep/STRx/alias",
		.cases = 4096,
		.failed = 64,
		.shown = 3,
		.failures = f,
		.fixed = { 0x1111111111111111ull, 4093 },
		.open = { 0x2222222222222222ull, 3 },
		.nchoices = 2,
		.choices = choices,
	};
	eng_point_rec good = {
		.name = "sweep/STRx/edges",
		.cases = 100,
		.fixed = { 0x3333333333333333ull, 100 },
	};

	(void)state;
	rec_single(&f[0]);
	rec_two_bases(&f[1]);
	rec_refused(&f[2]);
	report_init(&r, capture, NULL);
	sink = report_engine_sink(&re, &r, 1);
	report_plan(&r, 2);
	for (unsigned i = 0; i < 3; i++)
		sink.failure(sink.ctx, &f[i]);
	sink.point(sink.ctx, &bad);
	sink.point(sink.ctx, &good);
	assert_int_equal(report_finish(&r), 1);
	assert_string_equal(
		out,
		"1..2\n"
		"# fail: sweep/1234 class=fusion fault=data abort bad-bytes=8 | str x30, [x19, "
		"#488]; "
		"stur x0, [x19, #-16]\n"
		"# fail: random/7 class=execution fault=data abort bad-bytes=40 | str w1, [x0, "
		"#4]; "
		"stur d2, [sp, #-8]\n"
		"# fail: regression/3 class=fusion fault=none bad-bytes=0 | stur x1, [x2, #40000]\n"
		"not ok 1 - sweep/STRx/alias # cases=4096 failed=64\n"
		"  ---\n"
		"  group: sweep/STRx/alias\n"
		"  cases: 4096\n"
		"  failed: 64\n"
		"  shown: 3\n"
		"  failures:\n"
		"    - case: sweep/1234\n"
		"      seed: \"0x1\"\n"
		"      class: fusion\n"
		"      requests:\n"
		"        - \"str x30, [x19, #488]\"\n"
		"        - \"stur x0, [x19, #-16]\"\n"
		"      registers: {x0: \"0x706050403020100\", x19: \"0x40000000\", w30: "
		"\"0x17161514\", s1: \"0x27262524\"}\n"
		"      emitted:\n"
		"        - \"a91e827e  stp x30, x0, [x19, #488]\"\n"
		"      decoder: \"undefined word at word 0\"\n"
		"      injected: {word: 0, executed: \"a91e027e  stp x30, x0, [x19, #480]\"}\n"
		"      fault: {class: \"data abort\", esr: \"0x96000045\", far: \"0x3ffffff0\", "
		"elr: \"0x80001000\", far-offset: -16, word: 0}\n"
		"      bytes:\n"
		"        - {from: -16, to: -15, what: missed, expected: \"0001\", actual: "
		"\"a5a6\"}\n"
		"    - case: random/7\n"
		"      seed: \"0x99\"\n"
		"      class: execution\n"
		"      requests:\n"
		"        - \"str w1, [x0, #4]\"\n"
		"        - \"stur d2, [sp, #-8]\"\n"
		"      registers: {w1: \"0x11\", d2: \"0x2222\", sp: \"0x50020000\"}\n"
		"      emitted:\n"
		"        - \"b9000401  str w1, [x0, #4]\"\n"
		"        - \"fc1f83e2  stur d2, [sp, #-8]\"\n"
		"      fault: {class: \"data abort\", esr: \"0x96000047\", far: \"0x50020064\", "
		"elr: \"0x80002004\", far-offset: 100, far-base: sp}\n"
		"      unchecked: \"a slot lies outside the mapped window\"\n"
		"      bad-bytes: 40\n"
		"      runs: {shown: 2, total: 30}\n"
		"      bytes:\n"
		"        - {base: x0, from: 4, to: 4, what: wrong, expected: \"11\", actual: "
		"\"12\"}\n"
		"        - {base: sp, from: 100, to: 100, what: clobbered, expected: \"a5\", "
		"actual: "
		"\"00\"}\n"
		"    - case: regression/3\n"
		"      seed: \"0x5\"\n"
		"      class: fusion\n"
		"      requests:\n"
		"        - \"stur x1, [x2, #40000]\"\n"
		"      emitter-error: immediate out of range\n"
		"  ...\n"
		"# fingerprint: sweep/STRx/alias fixed=1111111111111111 cases=4093 "
		"open=2222222222222222 open-cases=3\n"
		"# choice: sweep/STRx/alias lower-value cases=2 first=sweep/17\n"
		"# choice: sweep/STRx/alias undef cases=1 first=sweep/18\n"
		"ok 2 - sweep/STRx/edges # cases=100\n"
		"# fingerprint: sweep/STRx/edges fixed=3333333333333333 cases=100\n"
		/* FNV-1a 64 over the points' values, little-endian (computed
		 * apart, in Python). */
		"# fingerprint: run fixed=6ac8885dd21047f5 open=cdf9290009c65f25 cases=4193 "
		"open-cases=3\n"
		"cases: 4132 passed, 64 failed\n"
		"pairguard-result: FAIL exit=1 groups=2 groups-failed=1 cases=4196 "
		"cases-failed=64\n");
}

/* Every register and sp set: the registers line still ends its flow map
 * within the report's line (entries are left out rather than the line
 * cut), every value quoted (YAML 1.1 would read 0x... as a number). */
static void test_engine_registers_line(void **state)
{
	static eng_failure f;
	report r;
	char *line, *end;

	(void)state;
	rec_case(&f, ENG_SUITE_SWEEP, 1, 0x1, ENG_CLASS_FUSION, gen_access(A64_STR_X, 0, 19, 8),
		 gen_access(A64_STR_X, 1, 19, 16));
	f.regs.set = ~0ull;
	f.regs.wide = ~0ull;
	for (unsigned i = 0; i < 32; i++) {
		f.regs.x[i] = 0xfedcba9876543210ull;
		f.regs.v[i] = 0xfedcba9876543210ull;
	}
	report_init(&r, capture, NULL);
	report_engine_failure(&r, &f);
	line = strstr(out, "      registers: {x0: \"0xfedcba9876543210\", x1: ");
	assert_non_null(line);
	end = strchr(line, '\n');
	assert_non_null(end);
	assert_true(end - line <= REPORT_LINE_MAX);
	assert_memory_equal(end - 27, ", sp: \"0xfedcba9876543210\"}", 27);
}

/* A load case: no slots; the wrong registers with the request that should
 * have filled each and where its value came from (an offset, the canary,
 * none), and class unpredictable. */
static void test_engine_load_registers(void **state)
{
	static eng_failure f;
	report r;
	uint16_t mix = eng_fill_mix(1);
	const uint64_t base = 0x5020010700ull;

	(void)state;
	rec_case(&f, ENG_SUITE_LOADS, 7986624, 0x1, ENG_CLASS_UNPREDICTABLE,
		 gen_access(A64_LDR_X, 0, 19, 8), gen_access(A64_LDR_X, 0, 19, 16));
	f.nwords = 1;
	f.words[0] = 0xa9408260;
	f.pred_stop = ENG_PRED_UNPREDICTABLE;
	f.base_addr[0] = base;
	f.regs.set = 1ull << 0 | 1ull << 19 | 1ull << 33;
	f.regs.wide = f.regs.set;
	f.regs.x[0] = 0x3c7b3a7938770a7c;
	f.regs.x[19] = base;
	f.regs.v[1] = 0x1111;
	f.regs.fill_mix = mix;
	f.verdict.nbadregs = 4;
	f.verdict.badreg[0] = (eng_badreg){
		0, 1, eng_fill_read(base + 16, 8, mix), eng_fill_read(base + 8, 8, mix), 0, 0
	};
	f.verdict.badreg[1] = (eng_badreg){ 19, ENG_BY_NONE, base, 0x1234, 0, 0 };
	f.verdict.badreg[2] = (eng_badreg){ 33, ENG_BY_NONE, 0x1111, 0x1111, 0, 0 };
	/* A v register whose upper half differs: 128 bits each. */
	f.verdict.badreg[3] = (eng_badreg){ 34, ENG_BY_NONE, 0x22, 0x22, 0, 0xab };
	report_init(&r, capture, NULL);
	report_engine_failure(&r, &f);
	assert_non_null(strstr(out, "      class: unpredictable\n"
				    "      requests:\n"
				    "        - \"ldr x0, [x19, #8]\"\n"
				    "        - \"ldr x0, [x19, #16]\"\n"));
	assert_non_null(strstr(out, "        - \"a9408260  ldp x0, x0, [x19, #8]\"\n"
				    "      decoder: \"CONSTRAINED UNPREDICTABLE at word 0\"\n"
				    "      fault: none\n"
				    "      bytes: []\n"
				    "      registers-after:\n"));
	assert_non_null(strstr(out, "by: \"ldr x0, [x19, #16]\", actual-from: 8}\n"));
	assert_non_null(strstr(out, "        - {reg: x19, expected: \"0x5020010700\", actual: "
				    "\"0x1234\", by: \"none\", actual-from: none}\n"));
	assert_non_null(strstr(out, "        - {reg: v1, expected: \"0x1111\", actual: \"0x1111\", "
				    "by: \"none\", actual-from: canary}\n"));
	assert_non_null(strstr(out, "        - {reg: v2, expected: "
				    "\"0x00000000000000000000000000000022\", actual: "
				    "\"0x00000000000000ab0000000000000022\", by: \"none\", "
				    "actual-from: none}\n"));
}

/* Without verbose= a failure record prints nothing (its point tells);
 * a fault outside the cases is one `# engine:` line. */
static void test_engine_quiet_failure_and_stray_fault(void **state)
{
	static eng_failure f;
	report r;
	report_engine re;
	eng_sink sink;
	eng_fault stray = { true, 0x96000010, 0x1238, 0x40081000 };

	(void)state;
	rec_single(&f);
	report_init(&r, capture, NULL);
	sink = report_engine_sink(&re, &r, 0);
	sink.failure(sink.ctx, &f);
	assert_int_equal(out_len, 0);
	sink.stray_fault(sink.ctx, &stray);
	assert_string_equal(out, "# engine: fault outside the cases' code: data abort, esr "
				 "0x96000010, elr 0x40081000, far 0x1238\n");
}

/* A `# progress:` line each time a suite of two steps or more passes a
 * multiple of the step, from whatever batch sizes the records come in. */
static void test_engine_progress(void **state)
{
	static const struct {
		uint64_t done, added, total;
	} recs[] = {
		{ 256, 256, 243288 },	    { 65536, 256, 243288 },  { 65792, 256, 243288 },
		{ 131100, 300, 243288 },    { 243288, 100, 243288 }, { 131072, 65536, 131071 },
		{ 131072, 131072, 131072 },
	};
	report r;
	report_engine re;
	eng_sink sink;

	(void)state;
	report_init(&r, capture, NULL);
	sink = report_engine_sink(&re, &r, 0);
	for (unsigned i = 0; i < sizeof(recs) / sizeof(recs[0]); i++) {
		eng_progress_rec p = { ENG_SUITE_SWEEP, recs[i].done, recs[i].added,
				       recs[i].total };

		sink.progress(sink.ctx, &p);
	}
	assert_string_equal(out, "# progress: sweep 65536/243288\n"
				 "# progress: sweep 131100/243288\n"
				 "# progress: sweep 131072/131072\n");
}

/* ---- Suites planned from their descriptions (lib/suites.c): the plan
 * line is the sum of what each suite's description says, a table's point
 * that cannot run here is left out of the plan (and said so), and a suite
 * that prints another number of points than it planned ends the run
 * (Bail out!, ERROR exit=2) before the next suite. ---- */

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

/* ---- Per-core runs (cpus=): cpuN/ names, the core in the engine's
 * diagnostics, cpuN/online, and a core that stops answering. ---- */

static const report_core cores4[] = {
	{ 0, 0x80000000, 0x411fd070, 0 },
	{ 1, 0x80000001, 0x411fd070, 0 },
	{ 2, 0x80000002, 0x410fd034, 0x5 },
};
static unsigned ran_on[8], nran, refuse = ~0u;

static bool run_here(void *ctx, unsigned i, void (*fn)(void *), void *arg, const char **why)
{
	(void)ctx;
	if (i == refuse) {
		*why = "no answer within 1000 ms";
		return false;
	}
	ran_on[nran++ % 8] = i;
	fn(arg);
	return true;
}

static void test_cores_named_and_down_core_fails(void **state)
{
	const suite *list[] = { &table, &honest };
	const char *down[] = { NULL,
			       "did not start within 1000 ms (PSCI CPU_ON: skipped by the "
			       "test hook)",
			       NULL };
	suite_cores c = { .core = cores4, .n = 3, .down = down, .run_on = run_here };
	report r;

	(void)state;
	nran = 0;
	assert_int_equal(suites_plan_cores(list, 2, &c), 1 + 4 + 1 + 1 + 4);
	report_init(&r, capture, NULL);
	assert_true(suites_run_cores(&r, list, 2, &c));
	assert_int_equal(report_finish(&r), 1);
	assert_int_equal(nran, 4);
	assert_int_equal(ran_on[0], 0);
	assert_int_equal(ran_on[3], 2);
	assert_string_equal(out,
			    "1..11\n"
			    "ok 1 - cpu0/online # cases=1\n"
			    "ok 2 - cpu0/t/a # cases=1\n"
			    "# t: no such thing here: t/b not run\n"
			    "ok 3 - cpu0/t/c # cases=1\n"
			    "ok 4 - cpu0/h/1 # cases=3\n"
			    "not ok 5 - cpu0/h/2 # cases=4 failed=1\n"
			    "not ok 6 - cpu1/online # cases=1 failed=1\n"
			    "  ---\n"
			    "  group: cpu1/online\n"
			    "  cases: 1\n"
			    "  failed: 1\n"
			    "  shown: 1\n"
			    "  failures:\n"
			    "    - case: cpu1/online\n"
			    "      check: \"the core came up\"\n"
			    "      mpidr: \"0x80000001\"\n"
			    "      expected: \"up\"\n"
			    "      actual: \"did not start within 1000 ms (PSCI CPU_ON: skipped "
			    "by the test hook)\"\n"
			    "  ...\n"
			    "ok 7 - cpu2/online # cases=1\n"
			    "ok 8 - cpu2/t/a # cases=1\n"
			    "# t: no such thing here: t/b not run\n"
			    "ok 9 - cpu2/t/c # cases=1\n"
			    "ok 10 - cpu2/h/1 # cases=3\n"
			    "not ok 11 - cpu2/h/2 # cases=4 failed=1\n"
			    "cases: 18 passed, 3 failed\n"
			    "pairguard-result: FAIL exit=1 groups=11 groups-failed=3 cases=21 "
			    "cases-failed=3\n");
	/* Without a core set again, names are plain. */
	reset(NULL);
	report_point(&r, "x/y", 1, 0);
	assert_string_equal(out, "ok 12 - x/y # cases=1\n");
}

static void test_core_stops_answering_is_a_bail(void **state)
{
	const suite *list[] = { &honest };
	const char *down[] = { NULL, NULL, NULL };
	suite_cores c = { .core = cores4, .n = 3, .down = down, .run_on = run_here };
	report r;

	(void)state;
	nran = 0;
	refuse = 2;
	report_init(&r, capture, NULL);
	assert_false(suites_run_cores(&r, list, 1, &c));
	refuse = ~0u;
	assert_int_equal(report_finish(&r), 2);
	assert_non_null(strstr(out, "Bail out! cpu2 (mpidr 0x80000002) stopped answering in "
				    "suite h: no answer within 1000 ms\n"));
}

/* The engine's diagnostics name the core: group and a cpu: line. */
static void test_engine_point_names_its_core(void **state)
{
	static eng_failure f[1];
	eng_point_rec bad = { .name = "sweep/STRx/alias", .cases = 10, .failed = 1, .failures = f };
	report r;

	(void)state;
	report_init(&r, capture, NULL);
	report_set_core(&r, &cores4[2]);
	report_engine_point(&r, &bad);
	assert_string_equal(
		out, "not ok 1 - cpu2/sweep/STRx/alias # cases=10 failed=1\n"
		     "  ---\n"
		     "  group: cpu2/sweep/STRx/alias\n"
		     "  cpu: {n: 2, mpidr: \"0x80000002\", midr: \"0x410fd034\", "
		     "revidr: \"0x5\"}\n"
		     "  cases: 10\n"
		     "  failed: 1\n"
		     "  shown: 0\n"
		     "  failures:\n"
		     "  ...\n"
		     "# fingerprint: cpu2/sweep/STRx/alias fixed=cbf29ce484222325 cases=0\n");
}

/* ---- parallel=1: the same stream whatever order the cores finish in ---- */

static void (*pending_fn[4])(void *);
static void *pending_arg[4];
static unsigned started, answer_none = ~0u;

static bool start_later(void *ctx, unsigned i, void (*fn)(void *), void *arg, const char **why)
{
	(void)ctx;
	(void)why;
	pending_fn[i] = fn;
	pending_arg[i] = arg;
	started++;
	return true;
}

/* Waited for in core order, but run last core first: the cores "finish"
 * in reverse. */
static bool wait_reverse(void *ctx, unsigned i, const char **why)
{
	suite_cores *c = ctx;

	if (i == answer_none) {
		*why = "no answer within 1000 ms";
		return false;
	}
	if (i == 0)
		for (unsigned k = c->n; k-- > 0;)
			if (pending_fn[k] && k != answer_none)
				pending_fn[k](pending_arg[k]);
	return true;
}

static const suite honest_par = { .name = "h", .plan = two, .run = print_two, .parallel_ok = true };

static void test_parallel_same_stream_as_in_turn(void **state)
{
	static char bufs[3][4096], seq[4096];
	const suite *list[] = { &honest_par };
	const char *down[] = { NULL, "did not report in within the timeout", NULL };
	suite_cores c = { .core = cores4, .n = 3, .down = down, .run_on = run_here };
	report r;

	(void)state;
	nran = 0;
	report_init(&r, capture, NULL);
	assert_true(suites_run_cores(&r, list, 1, &c));
	report_finish(&r);
	strcpy(seq, out);

	reset(NULL);
	memset(pending_fn, 0, sizeof(pending_fn));
	started = 0;
	c.start_on = start_later;
	c.wait_on = wait_reverse;
	c.ctx = &c;
	c.bufs = bufs[0];
	c.buf_size = sizeof(bufs[0]);
	report_init(&r, capture, NULL);
	assert_true(suites_run_parallel(&r, list, 1, &c));
	report_finish(&r);
	assert_int_equal(started, 2); /* not the core that is down */
	assert_string_equal(out, seq);
	assert_non_null(strstr(out, "ok 6 - cpu2/h/1 # cases=3\n"));
}

/* Three cores that run at once, the boot core's wait running the others
 * (last first); c.ctx must then point to c. */
static suite_cores fake_cores(const char *const *down, char *bufs, size_t buf_size)
{
	return (suite_cores){ .core = cores4,
			      .n = 3,
			      .down = down,
			      .run_on = run_here,
			      .start_on = start_later,
			      .wait_on = wait_reverse,
			      .bufs = bufs,
			      .buf_size = buf_size };
}

static void test_parallel_refusals(void **state)
{
	static char bufs[3][200];
	const suite *list[] = { &honest_par };
	const suite *serial[] = { &honest_par, &honest };
	const char *down[] = { NULL, NULL, NULL };
	suite_cores c = fake_cores(down, bufs[0], sizeof(bufs[0]));
	report r;

	(void)state;
	c.ctx = &c;
	/* A suite not made for it is named. */
	report_init(&r, capture, NULL);
	assert_false(suites_run_parallel(&r, serial, 2, &c));
	assert_int_equal(report_finish(&r), 2);
	assert_non_null(strstr(out, "Bail out! parallel=1: suite h cannot run on several cores at "
				    "once"));
	/* A core that does not answer ends the run after the cores before it. */
	reset(NULL);
	answer_none = 1;
	report_init(&r, capture, NULL);
	assert_false(suites_run_parallel(&r, list, 1, &c));
	answer_none = ~0u;
	assert_int_equal(report_finish(&r), 2);
	assert_non_null(strstr(out,
			       "not ok 3 - cpu0/h/2 # cases=4 failed=1\n"
			       "Bail out! cpu1 (mpidr 0x80000001) stopped answering: no answer "
			       "within 1000 ms\n"));
	/* Output beyond a core's buffer is not lost silently. */
	reset(NULL);
	c.buf_size = 60;
	report_init(&r, capture, NULL);
	assert_false(suites_run_parallel(&r, list, 1, &c));
	assert_non_null(strstr(out, "Bail out! cpu0: its report overflowed its 60-byte buffer"));
}

/* ---- parallel=share: one run's points divided, the stream of suites_run ---- */

/* Points with fingerprints, of increasing cost: handed out dearest first. */
static void share_point(report *r, unsigned u)
{
	char name[16];

	snprintf(name, sizeof(name), "s/%u", u);
	report_point(r, name, u + 1, u % 3 == 1);
	report_fingerprint(r, name, 0x100u + u, u + 1, 0, 0);
}

static unsigned five(void)
{
	return 5;
}

static void share_all(report *r)
{
	for (unsigned u = 0; u < 5; u++)
		share_point(r, u);
}

static uint64_t share_cost(unsigned u)
{
	return u;
}

static const suite shared = { .name = "s",
			      .plan = five,
			      .run = share_all,
			      .parallel_ok = true,
			      .run_unit = share_point,
			      .unit_cost = share_cost };

/* Each core in turn takes one point then stops: the cores' jobs are run
 * from the boot core's wait, interleaved point by point (last core first),
 * through a counter the test controls. */
static unsigned share_order[8], share_taken;

static void share_unit_logged(report *r, unsigned u)
{
	share_order[share_taken++ % 8] = u;
	share_point(r, u);
}

static const suite shared_logged = { .name = "s",
				     .plan = five,
				     .run = share_all,
				     .parallel_ok = true,
				     .run_unit = share_unit_logged,
				     .unit_cost = share_cost };

/* A fresh shared run of list[0..n) on c into out; returns its exit status. */
static int shared_run(const suite *const *list, unsigned n, suite_cores *c)
{
	report r;

	reset(NULL);
	memset(pending_fn, 0, sizeof(pending_fn));
	report_init(&r, capture, NULL);
	(void)suites_run_shared(&r, list, n, c);
	return report_finish(&r);
}

static void test_shared_same_stream_as_one_core(void **state)
{
	static char bufs[3][4096], seq[4096];
	const suite *one[] = { &shared };
	const suite *list[] = { &shared_logged, &honest_par };
	const char *down[] = { NULL, "did not report in within the timeout", NULL };
	suite_cores c = fake_cores(down, bufs[0], sizeof(bufs[0]));
	report r;
	char *p;

	(void)state;
	c.ctx = &c;
	/* honest_par has no run_unit: refused, named. */
	assert_int_equal(shared_run(list, 2, &c), 2);
	assert_non_null(strstr(out, "Bail out! parallel=share: suite h cannot divide its test "
				    "points among cores"));

	/* Handed out dearest first; the last core to wait ran them all. */
	share_taken = 0;
	assert_int_equal(shared_run(list, 1, &c), 1);
	assert_int_equal(share_taken, 5);
	assert_int_equal(share_order[0], 4);
	assert_int_equal(share_order[4], 0);
	assert_non_null(strstr(out, "\nok 4 - s/3 # cases=4\n# fingerprint: s/3 fixed="));
	assert_non_null(strstr(out, "# share: cpu2 ran 5 of 5 test points, 15 cases\n"));
	assert_non_null(strstr(out, "# share: cpu0 ran 0 of 5 test points, 0 cases\n"));

	/* The stream of suites_run, but for the `# share:` lines. */
	reset(NULL);
	report_init(&r, capture, NULL);
	assert_true(suites_run(&r, one, 1));
	report_finish(&r);
	strcpy(seq, out);
	assert_int_equal(shared_run(one, 1, &c), 1);
	p = strstr(out, "# share:");
	assert_non_null(p);
	memmove(p, strstr(p, "# fingerprint: run"), strlen(strstr(p, "# fingerprint: run")) + 1);
	assert_string_equal(out, seq);

	/* The test hook: the last core drops a point; never printed silently. */
	c.share_skip = true;
	assert_int_equal(shared_run(one, 1, &c), 2);
	c.share_skip = false;
	assert_non_null(strstr(out,
			       "Bail out! parallel=share: test point 5 (suite s's point 4) was "
			       "run by 0 cores, not 1\n"));

	/* A core that does not answer is named. */
	answer_none = 2;
	assert_int_equal(shared_run(one, 1, &c), 2);
	answer_none = ~0u;
	assert_non_null(strstr(out, "Bail out! cpu2 (mpidr 0x80000002) stopped answering: no "
				    "answer within 1000 ms\n"));
}

/* Registered suites in run order, the defaults, a name registered twice. */
static void test_suites_gathered(void **state)
{
	static const suite a = { .name = "a", .order = 30, .in_default = true };
	static const suite b = { .name = "b", .order = 10 };
	static const suite c2 = { .name = "c", .order = 10, .in_default = true };
	const suite *reg[] = { &a, &c2, &b, &a }, *out_s[4];
	const char *names[5];
	opt_list def;
	char err[96];
	size_t n;

	(void)state;
	assert_true(suites_gather(reg, 3, out_s, names, 4, &n, &def, err, sizeof(err)));
	assert_int_equal(n, 3);
	assert_string_equal(names[0], "b");
	assert_string_equal(names[1], "c");
	assert_string_equal(names[2], "a");
	assert_null(names[3]);
	assert_int_equal(def.n, 2);
	assert_int_equal(def.v[0], 1);
	assert_int_equal(def.v[1], 2);
	assert_false(suites_gather(reg, 4, out_s, names, 4, &n, &def, err, sizeof(err)));
	assert_string_equal(err, "internal error: suite 'a' registered twice");
	assert_false(suites_gather(reg, 4, out_s, names, 2, &n, &def, err, sizeof(err)));
	assert_string_equal(err, "internal error: more than 2 suites registered");
}

/* parallel=1: a part's points' fingerprints fold into the run's as if the
 * points had been printed in the run itself (the runner checks the run's
 * line against the points' lines in order). */
static void discard_out(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	(void)s;
	(void)n;
}

static void emit_fingerprints(report *r, unsigned from, unsigned to)
{
	for (unsigned i = from; i < to; i++) {
		report_point(r, "p", 1, 0);
		report_fingerprint(r, "p", 0x1000u + i, 1, i % 2 ? 0x2000u + i : 0, i % 2);
	}
}

static void run_line(char *dst, size_t n)
{
	const char *l = strstr(out, "# fingerprint: run ");

	assert_non_null(l);
	snprintf(dst, n, "%.*s", (int)(strchr(l, '\n') - l), l);
}

static void test_absorbed_parts_fold_their_fingerprints(void **state)
{
	static report whole, part[2];
	char direct[160], absorbed[160];

	(void)state;
	report_init(&whole, capture, NULL);
	report_plan(&whole, 6);
	emit_fingerprints(&whole, 0, 6);
	report_finish(&whole);
	run_line(direct, sizeof(direct));

	reset(NULL);
	report_init(&whole, capture, NULL);
	report_plan(&whole, 6);
	for (unsigned k = 0; k < 2; k++) {
		report_init(&part[k], discard_out, NULL);
		report_start_at(&part[k], 3 * k, 6);
		emit_fingerprints(&part[k], 3 * k, 3 * k + 3);
	}
	for (unsigned k = 0; k < 2; k++)
		report_absorb(&whole, &part[k]);
	report_finish(&whole);
	run_line(absorbed, sizeof(absorbed));
	assert_string_equal(direct, absorbed);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_passing_run, reset),
		cmocka_unit_test_setup(test_cores_named_and_down_core_fails, reset),
		cmocka_unit_test_setup(test_core_stops_answering_is_a_bail, reset),
		cmocka_unit_test_setup(test_engine_point_names_its_core, reset),
		cmocka_unit_test_setup(test_parallel_same_stream_as_in_turn, reset),
		cmocka_unit_test_setup(test_parallel_refusals, reset),
		cmocka_unit_test_setup(test_shared_same_stream_as_one_core, reset),
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
		cmocka_unit_test_setup(test_engine_records_rendered, reset),
		cmocka_unit_test_setup(test_engine_registers_line, reset),
		cmocka_unit_test_setup(test_engine_load_registers, reset),
		cmocka_unit_test_setup(test_engine_quiet_failure_and_stray_fault, reset),
		cmocka_unit_test_setup(test_engine_progress, reset),
		cmocka_unit_test_setup(test_table_plan_leaves_out_absent_points, reset),
		cmocka_unit_test_setup(test_suite_off_its_plan_ends_the_run, reset),
		cmocka_unit_test_setup(test_suite_bail_stops_the_run, reset),
		cmocka_unit_test_setup(test_suites_gathered, reset),
		cmocka_unit_test_setup(test_absorbed_parts_fold_their_fingerprints, reset),
	};

	return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
