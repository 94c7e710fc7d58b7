/*
 * The checker (every byte judged: clobbered, missed, wrong; runs), the
 * classification, base placement and the injection hook's bit.  (The YAML
 * diagnostics are the report's: tests/host/test_report.c.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

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
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
