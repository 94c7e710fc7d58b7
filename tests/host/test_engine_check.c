/*
 * The checker (every byte judged: clobbered, missed, wrong; runs), the
 * classification, base placement, the injection hook's bit, and the YAML
 * diagnostics' shape.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine/diag.h"
#include "engine/gen.h"
#include "engine/run.h"

#define BASE 0x40010800ull
#define LO   (-256)
#define HI   1024

static uint8_t mem[HI - LO];

static void guard_all(void)
{
	eng_guard_fill(mem, BASE + (uint64_t)(int64_t)LO, sizeof(mem));
}

static uint8_t *at(int32_t off)
{
	return &mem[off - LO];
}

static eng_view view(void)
{
	eng_view v = { .base_addr = BASE, .lo = LO, .hi = HI, .bytes = mem };
	return v;
}

static const eng_byte slots[4] = {
	{ .off = 8, .base = 0, .val = 0x11 },
	{ .off = 9, .base = 0, .val = 0x22 },
	{ .off = 10, .base = 0, .val = 0x33 },
	{ .off = 11, .base = 0, .val = 0x44 },
};

static void write_slots(void)
{
	for (unsigned i = 0; i < 4; i++)
		*at(slots[i].off) = slots[i].val;
}

static void test_check_clean(void **state)
{
	eng_view v = view();
	static eng_verdict vd;

	(void)state;
	guard_all();
	write_slots();
	assert_true(eng_check(slots, 4, 1, &v, &vd));
	assert_int_equal(vd.nbad, 0);
	assert_int_equal(vd.nruns, 0);
}

static void test_check_kinds_of_bad(void **state)
{
	eng_view v = view();
	static eng_verdict vd;

	(void)state;
	guard_all();
	write_slots();
	*at(9) = eng_guard_byte(BASE + 9); /* missed */
	*at(10) = 0x55;			   /* wrong */
	*at(-100) = 0x01;		   /* clobbered */
	*at(-99) = 0x02;
	assert_false(eng_check(slots, 4, 1, &v, &vd));
	assert_int_equal(vd.nbad, 4);
	assert_int_equal(vd.nruns, 3);
	assert_int_equal(vd.run[0].from, -100);
	assert_int_equal(vd.run[0].len, 2);
	assert_int_equal(vd.run[0].what, ENG_CLOBBERED);
	assert_int_equal(vd.run[0].expected[0], eng_guard_byte(BASE - 100));
	assert_int_equal(vd.run[0].actual[1], 0x02);
	assert_int_equal(vd.run[1].from, 9);
	assert_int_equal(vd.run[1].what, ENG_MISSED);
	assert_int_equal(vd.run[1].expected[0], 0x22);
	assert_int_equal(vd.run[2].from, 10);
	assert_int_equal(vd.run[2].what, ENG_WRONG);
	assert_int_equal(vd.run[2].actual[0], 0x55);
}

static void test_check_long_runs_split_and_capped(void **state)
{
	eng_view v = view();
	static eng_verdict vd;

	(void)state;
	guard_all();
	write_slots();
	memset(at(100), 0x7f, 40); /* 40 clobbered bytes: runs of 16, 16, 8 */
	assert_false(eng_check(slots, 4, 1, &v, &vd));
	assert_int_equal(vd.nbad, 40);
	assert_int_equal(vd.nruns, 3);
	assert_int_equal(vd.run[1].from, 116);
	assert_int_equal(vd.run[2].len, 8);

	guard_all();
	write_slots();
	for (int32_t o = 200; o < 200 + 2 * 100; o += 2)
		*at(o) = 0; /* 100 separate runs */
	assert_false(eng_check(slots, 4, 1, &v, &vd));
	assert_int_equal(vd.nruns, 100);
	assert_int_equal(vd.kept, ENG_MAX_RUNS);
	assert_int_equal(vd.nbad, 100);
}

static void test_check_slot_outside_view(void **state)
{
	eng_view v = view();
	static eng_verdict vd;
	eng_byte far[1] = { { .off = 5000, .base = 0, .val = 1 } };
	eng_byte other[1] = { { .off = 0, .base = 1, .val = 1 } };

	(void)state;
	guard_all();
	assert_false(eng_check(far, 1, 1, &v, &vd));
	assert_true(vd.slot_outside);
	assert_false(eng_check(other, 1, 1, &v, &vd)); /* a base with no view */
	assert_true(vd.slot_outside);
}

static void test_check_two_bases(void **state)
{
	static uint8_t mem2[64];
	eng_view v[2] = { view(), { .base_addr = 0x50000000, .lo = 0, .hi = 64, .bytes = mem2 } };
	eng_byte s2[2] = { { .off = 0, .base = 0, .val = 1 }, { .off = 3, .base = 1, .val = 2 } };
	static eng_verdict vd;

	(void)state;
	guard_all();
	eng_guard_fill(mem2, 0x50000000, 64);
	*at(0) = 1;
	mem2[3] = 2;
	assert_true(eng_check(s2, 2, 2, v, &vd));
	mem2[4] = 9;
	assert_false(eng_check(s2, 2, 2, v, &vd));
	assert_int_equal(vd.run[0].base, 1);
	assert_int_equal(vd.run[0].from, 4);
}

static void test_place_centred(void **state)
{
	int64_t rel;

	(void)state;
	for (int32_t lo = -512; lo < 32768; lo += 97) {
		for (int32_t span = 1; span < 1200; span += 131) {
			assert_true(eng_place_centred(lo, lo + span, 4096, &rel));
			assert_int_equal(rel % ENG_GUARD_PERIOD, 0);
			assert_true(rel + lo >= 0);
			assert_true(rel + lo + span <= 4096);
		}
	}
	assert_false(eng_place_centred(0, 4090, 4096, &rel));
	assert_false(eng_place_centred(-16, 8000, 4096, &rel));
}

static void test_inject_bit(void **state)
{
	static const uint32_t words[3] = {
		0xf900f67e, /* str x30, [x19, #488] */
		0xf81f0260, /* stur x0, [x19, #-16] */
		0xa91e827e, /* stp x30, x0, [x19, #488] */
	};
	static const int64_t step[3] = { 8, 1, 8 };

	(void)state;
	for (unsigned i = 0; i < 3; i++) {
		a64_insn a, b;
		int bit = eng_inject_bit(words[i]);

		assert_true(bit >= 0);
		assert_true(a64_decode(words[i], &a));
		assert_true(a64_decode(words[i] ^ (1u << bit), &b));
		assert_int_equal(a.op, b.op);
		assert_int_equal(a.rt, b.rt);
		assert_int_equal(a.rn, b.rn);
		assert_true(b.imm - a.imm == step[i] || a.imm - b.imm == step[i]);
	}
	assert_int_equal(eng_inject_bit(0x14000001), -1); /* b .+4 */
}

static void test_esr_names(void **state)
{
	(void)state;
	assert_string_equal(eng_esr_class_name(0x02000000), "undefined instruction");
	assert_string_equal(eng_esr_class_name(0x96000045), "data abort");
}

static void collect(void *ctx, const char *text)
{
	char *out = ctx;
	size_t len = strlen(out);

	snprintf(out + len, 8192 - len, "%s\n", text);
}

static void test_diag_yaml(void **state)
{
	static eng_failure f;
	static char out[8192];
	const eng_failure *list[1] = { &f };
	eng_item a = gen_access(A64_STR_X, 30, 19, 488), b = gen_access(A64_STR_X, 0, 19, -16);
	eng_sink sink;

	(void)state;
	memset(&f, 0, sizeof(f));
	f.c.suite = ENG_SUITE_SWEEP;
	f.c.index = 1234;
	f.c.n = 2;
	f.c.item[0] = a;
	f.c.item[1] = b;
	f.seed = 0x1;
	f.cls = ENG_CLASS_FUSION;
	f.nwords = 1;
	f.words[0] = 0xa91e827e;
	f.base_addr[0] = 0x40000000;
	f.fault.taken = true;
	f.fault.esr = 0x96000045;
	f.fault.far = 0x40000000 - 16;
	f.fault.elr = 0x80001000;
	f.fault_in_case = true;
	f.verdict.nbad = 8;
	f.verdict.nruns = 1;
	f.verdict.kept = 1;
	f.verdict.run[0].from = -16;
	f.verdict.run[0].len = 2;
	f.verdict.run[0].what = ENG_MISSED;
	f.verdict.run[0].expected[0] = 0x00;
	f.verdict.run[0].expected[1] = 0x01;
	f.verdict.run[0].actual[0] = 0xa5;
	f.verdict.run[0].actual[1] = 0xa6;
	out[0] = '\0';
	sink.ctx = out;
	sink.line = collect;
	eng_diag_group(&sink, "sweep/STRx/alias", 4096, 64, 1, list);
	assert_non_null(
		strstr(out, "  ---\n  group: sweep/STRx/alias\n  cases: 4096\n"
			    "  failed: 64\n  shown: 1\n  failures:\n"
			    "    - case: sweep/1234\n      seed: \"0x1\"\n      class: fusion\n"));
	assert_non_null(strstr(out, "      requests:\n        - \"str x30, [x19, #488]\"\n"
				    "        - \"stur x0, [x19, #-16]\"\n"));
	assert_non_null(
		strstr(out, "      emitted:\n        - \"a91e827e  stp x30, x0, [x19, #488]\"\n"));
	/* Hex values quoted: YAML 1.1 would read them as numbers. */
	assert_non_null(strstr(out,
			       "      fault: {class: \"data abort\", esr: \"0x96000045\", far: "
			       "\"0x3ffffff0\", elr: \"0x80001000\", far-offset: -16, word: 0}\n"));
	assert_non_null(strstr(out,
			       "        - {from: -16, to: -15, what: missed, expected: \"0001\", "
			       "actual: \"a5a6\"}\n  ...\n"));
}

/* Every register and sp set: the registers line still ends its flow map
 * (entries are left out rather than the line cut), every value quoted. */
static void test_diag_registers_line(void **state)
{
	static eng_failure f;
	static char out[8192];
	char *line, *end;

	(void)state;
	memset(&f, 0, sizeof(f));
	f.c.suite = ENG_SUITE_SWEEP;
	f.c.n = 1;
	f.c.item[0] = gen_access(A64_STR_X, 0, 19, 8);
	f.cls = ENG_CLASS_FUSION;
	f.regs.set = ~0ull;
	f.regs.wide = ~0ull;
	for (unsigned i = 0; i < 32; i++) {
		f.regs.x[i] = 0xfedcba9876543210ull;
		f.regs.v[i] = 0xfedcba9876543210ull;
	}
	out[0] = '\0';
	eng_diag_failure(&(eng_sink){ .ctx = out, .line = collect }, &f);
	line = strstr(out, "      registers: {x0: \"0xfedcba9876543210\", x1: ");
	assert_non_null(line);
	end = strchr(line, '\n');
	assert_non_null(end);
	assert_true(end - line < 512);
	assert_memory_equal(end - 27, ", sp: \"0xfedcba9876543210\"}", 27);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_clean),
		cmocka_unit_test(test_check_kinds_of_bad),
		cmocka_unit_test(test_check_long_runs_split_and_capped),
		cmocka_unit_test(test_check_slot_outside_view),
		cmocka_unit_test(test_check_two_bases),
		cmocka_unit_test(test_place_centred),
		cmocka_unit_test(test_inject_bit),
		cmocka_unit_test(test_esr_names),
		cmocka_unit_test(test_diag_yaml),
		cmocka_unit_test(test_diag_registers_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
