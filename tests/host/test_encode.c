/*
 * Encoder validation: every out-of-range or misaligned operand, and every
 * bad register or kind, is rejected with A64_POISON and the right error;
 * every valid one is accepted.  The expected verdicts are computed here
 * from the Arm ARM's field ranges, offset by offset over windows well past
 * each form's range, plus the extreme values that a truncating encoder
 * would alias into the field.
 */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "a64/a64.h"

/* Values a 32-bit or field-width truncation would turn into a valid one. */
static const int64_t extremes[] = {
	INT64_MIN,	     INT64_MIN + 8,	  INT64_MAX,
	-(INT64_C(1) << 32), (INT64_C(1) << 32),  (INT64_C(1) << 32) + 8,
	(INT64_C(1) << 31),  -(INT64_C(1) << 31), (INT64_C(1) << 40) + 16,
};

static int64_t size_of(a64_kind k)
{
	static const int64_t sizes[A64_KIND_COUNT] = {
		[A64_STR_W] = 4,  [A64_LDR_W] = 4,  [A64_STR_X] = 8, [A64_LDR_X] = 8,
		[A64_STR_S] = 4,  [A64_LDR_S] = 4,  [A64_STR_D] = 8, [A64_LDR_D] = 8,
		[A64_STR_Q] = 16, [A64_LDR_Q] = 16, [A64_STR_B] = 1, [A64_LDR_B] = 1,
		[A64_STR_H] = 2,  [A64_LDR_H] = 2,
	};
	return sizes[k];
}

/* got is read here, after the call that filled it (argument evaluation
 * order is unspecified, so it cannot be passed by value next to the call). */
static void expect(uint32_t w, const a64_err *gotp, a64_err want, const char *what, int64_t off)
{
	a64_err got = *gotp;
	if (got != want || (want != A64_OK) != (w == A64_POISON)) {
		fail_msg("%s off %" PRId64 ": got %08" PRIx32 " err %d (%s), want err %d (%s)",
			 what, off, w, (int)got, a64_err_name(got), (int)want, a64_err_name(want));
	}
}

static a64_err want_imm12(a64_kind k, int64_t off)
{
	int64_t s = size_of(k);
	if (off < 0 || off > 4095 * s)
		return A64_ERR_RANGE;
	return (off % s != 0) ? A64_ERR_ALIGN : A64_OK;
}

static a64_err want_imm9(int64_t off)
{
	return (off < -256 || off > 255) ? A64_ERR_RANGE : A64_OK;
}

static a64_err want_pair(a64_kind k, int64_t off)
{
	int64_t s = size_of(k);
	if (off < -64 * s || off > 63 * s)
		return A64_ERR_RANGE;
	return (off % s != 0) ? A64_ERR_ALIGN : A64_OK;
}

static void test_kind_table(void **state)
{
	(void)state;
	for (unsigned k = 0; k < A64_KIND_COUNT; k++) {
		assert_int_equal(a64_kind_size((a64_kind)k), size_of((a64_kind)k));
		assert_int_equal(1u << a64_kind_log2size((a64_kind)k), size_of((a64_kind)k));
		bool fusable = size_of((a64_kind)k) == 4 || size_of((a64_kind)k) == 8;
		assert_int_equal(a64_kind_fusable((a64_kind)k), fusable);
	}
	assert_false(a64_kind_fusable(A64_KIND_COUNT));
	assert_string_equal(a64_kind_name(A64_STR_X), "STRx");
	assert_string_equal(a64_kind_name(A64_LDR_S), "LDRs");
}

static void test_imm12_range(void **state)
{
	(void)state;
	a64_err err;
	for (unsigned ki = 0; ki < A64_KIND_COUNT; ki++) {
		a64_kind k = (a64_kind)ki;
		for (int64_t off = -70000; off <= 70000; off++) {
			uint32_t w = a64_enc_uimm(k, 1, 2, off, &err);
			expect(w, &err, want_imm12(k, off), a64_kind_name(k), off);
		}
		for (size_t i = 0; i < sizeof extremes / sizeof extremes[0]; i++) {
			uint32_t w = a64_enc_uimm(k, 1, 2, extremes[i], &err);
			expect(w, &err, A64_ERR_RANGE, a64_kind_name(k), extremes[i]);
		}
	}
}

static void test_imm9_range(void **state)
{
	(void)state;
	a64_err err;
	for (unsigned ki = 0; ki < A64_KIND_COUNT; ki++) {
		a64_kind k = (a64_kind)ki;
		for (int64_t off = -5000; off <= 5000; off++) {
			uint32_t w = a64_enc_simm9(k, 1, 2, off, &err);
			expect(w, &err, want_imm9(off), a64_kind_name(k), off);
		}
		for (size_t i = 0; i < sizeof extremes / sizeof extremes[0]; i++) {
			uint32_t w = a64_enc_simm9(k, 1, 2, extremes[i], &err);
			expect(w, &err, A64_ERR_RANGE, a64_kind_name(k), extremes[i]);
		}
	}
}

static void test_pair_range(void **state)
{
	(void)state;
	a64_err err;
	for (unsigned ki = 0; ki < A64_KIND_COUNT; ki++) {
		a64_kind k = (a64_kind)ki;
		bool has_pair = size_of(k) >= 4;
		for (unsigned m = A64_PAIR_OFFSET; m <= A64_PAIR_NT; m++) {
			for (int64_t off = -3000; off <= 3000; off++) {
				uint32_t w = a64_enc_pair(k, (a64_pair_mode)m, 1, 2, 3, off, &err);
				expect(w, &err, has_pair ? want_pair(k, off) : A64_ERR_KIND,
				       a64_kind_name(k), off);
				w = a64_enc_pair_unpredictable(k, (a64_pair_mode)m, 1, 2, 3, off,
							       &err);
				expect(w, &err, has_pair ? want_pair(k, off) : A64_ERR_KIND,
				       a64_kind_name(k), off);
			}
			for (size_t i = 0; i < sizeof extremes / sizeof extremes[0]; i++) {
				uint32_t w = a64_enc_pair(k, (a64_pair_mode)m, 1, 2, 3, extremes[i],
							  &err);
				expect(w, &err, has_pair ? A64_ERR_RANGE : A64_ERR_KIND,
				       a64_kind_name(k), extremes[i]);
			}
		}
	}
	uint32_t w = a64_enc_pair(A64_STR_X, (a64_pair_mode)4, 1, 2, 3, 0, &err);
	expect(w, &err, A64_ERR_KIND, "pair mode 4", 0);
}

static void test_registers(void **state)
{
	(void)state;
	static const unsigned bad[] = { 32, 33, 64, 255, 0x80000000u, 0xffffffffu };
	a64_err err;
	for (unsigned ki = 0; ki < A64_KIND_COUNT; ki++) {
		a64_kind k = (a64_kind)ki;
		for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
			expect(a64_enc_uimm(k, bad[i], 1, 0, &err), &err, A64_ERR_REG, "uimm rt",
			       0);
			expect(a64_enc_uimm(k, 1, bad[i], 0, &err), &err, A64_ERR_REG, "uimm rn",
			       0);
			expect(a64_enc_simm9(k, bad[i], 1, 0, &err), &err, A64_ERR_REG, "simm9 rt",
			       0);
			expect(a64_enc_simm9(k, 1, bad[i], 0, &err), &err, A64_ERR_REG, "simm9 rn",
			       0);
			expect(a64_enc_single(k, bad[i], 1, 0, &err), &err, A64_ERR_REG,
			       "single rt", 0);
			if (size_of(k) < 4)
				continue;
			expect(a64_enc_pair(k, A64_PAIR_OFFSET, bad[i], 1, 2, 0, &err), &err,
			       A64_ERR_REG, "pair rt", 0);
			expect(a64_enc_pair(k, A64_PAIR_OFFSET, 1, bad[i], 2, 0, &err), &err,
			       A64_ERR_REG, "pair rt2", 0);
			expect(a64_enc_pair(k, A64_PAIR_OFFSET, 1, 2, bad[i], 0, &err), &err,
			       A64_ERR_REG, "pair rn", 0);
		}
	}
	/* Bad kinds. */
	expect(a64_enc_uimm(A64_KIND_COUNT, 1, 2, 0, &err), &err, A64_ERR_KIND, "kind", 0);
	expect(a64_enc_simm9((a64_kind)-1, 1, 2, 0, &err), &err, A64_ERR_KIND, "kind", 0);
	expect(a64_enc_single(A64_KIND_COUNT, 1, 2, 0, &err), &err, A64_ERR_KIND, "kind", 0);
	/* A NULL err is allowed; the poison still tells. */
	assert_int_equal(a64_enc_uimm(A64_STR_X, 1, 2, 3, NULL), A64_POISON);
}

/* Arm ARM C6.2 LDP/STP: LDP Rt == Rt2, and writeback with a transferred
 * GPR equal to Rn (not SP), are CONSTRAINED UNPREDICTABLE. */
static void test_pair_unpredictable(void **state)
{
	(void)state;
	a64_err err;
	for (unsigned ki = 0; ki < A64_KIND_COUNT; ki++) {
		a64_kind k = (a64_kind)ki;
		if (size_of(k) < 4)
			continue;
		bool load = a64_kind_is_load(k), fp = a64_kind_is_fp(k);
		for (unsigned m = A64_PAIR_OFFSET; m <= A64_PAIR_NT; m++) {
			a64_pair_mode mode = (a64_pair_mode)m;
			bool wb = mode == A64_PAIR_PRE || mode == A64_PAIR_POST;
			uint32_t w = a64_enc_pair(k, mode, 5, 5, 1, 0, &err);
			expect(w, &err, load ? A64_ERR_REG : A64_OK, "rt == rt2", 0);
			w = a64_enc_pair_unpredictable(k, mode, 5, 5, 1, 0, &err);
			expect(w, &err, A64_OK, "unpredictable rt == rt2", 0);
			w = a64_enc_pair(k, mode, 3, 4, 3, 0, &err);
			expect(w, &err, (wb && !fp) ? A64_ERR_REG : A64_OK, "rt == rn", 0);
			w = a64_enc_pair(k, mode, 4, 3, 3, 0, &err);
			expect(w, &err, (wb && !fp) ? A64_ERR_REG : A64_OK, "rt2 == rn", 0);
			w = a64_enc_pair_unpredictable(k, mode, 4, 3, 3, 0, &err);
			expect(w, &err, A64_OK, "unpredictable rt2 == rn", 0);
			/* Rn = 31 is SP, not XZR: no overlap. */
			w = a64_enc_pair(k, mode, 31, 30, 31, 0, &err);
			expect(w, &err, A64_OK, "rt == 31 with sp", 0);
		}
	}
}

/* STR/LDR pre-/post-index: every imm9 and one past, the kinds that have
 * the form, the modes that write back, and Rt == Rn (CONSTRAINED
 * UNPREDICTABLE for a GPR) refused unless asked for. */
static void test_simm9_wb(void **state)
{
	(void)state;
	a64_err err;
	for (unsigned ki = 0; ki < A64_KIND_COUNT; ki++) {
		a64_kind k = (a64_kind)ki;
		bool has = size_of(k) >= 4, fp = a64_kind_is_fp(k);
		for (unsigned m = A64_PAIR_OFFSET; m <= A64_PAIR_NT + 1; m++) {
			a64_pair_mode mode = (a64_pair_mode)m;
			bool wb = mode == A64_PAIR_PRE || mode == A64_PAIR_POST;
			for (int64_t off = -257; off <= 256; off++) {
				uint32_t w = a64_enc_simm9_wb(k, mode, 1, 2, off, &err);
				a64_err want = !has || !wb		 ? A64_ERR_KIND
					       : off < -256 || off > 255 ? A64_ERR_RANGE
									 : A64_OK;
				expect(w, &err, want, "simm9 wb", off);
			}
			if (!has || !wb)
				continue;
			uint32_t w = a64_enc_simm9_wb(k, mode, 3, 3, 8, &err);
			expect(w, &err, fp ? A64_OK : A64_ERR_REG, "wb rt == rn", 8);
			w = a64_enc_simm9_wb_unpredictable(k, mode, 3, 3, 8, &err);
			expect(w, &err, A64_OK, "unpredictable wb rt == rn", 8);
			w = a64_enc_simm9_wb(k, mode, 31, 31, 8, &err);
			expect(w, &err, A64_OK, "wb rt 31 with sp", 8);
			w = a64_enc_simm9_wb(k, mode, 1, 32, 8, &err);
			expect(w, &err, A64_ERR_REG, "wb rn 32", 8);
		}
	}
}

/* The standalone rule, offset by offset, against MISSION.md's wording. */
static void test_single_rule(void **state)
{
	(void)state;
	a64_err err, e2;
	for (unsigned ki = 0; ki < A64_KIND_COUNT; ki++) {
		a64_kind k = (a64_kind)ki;
		int64_t s = size_of(k);
		for (int64_t off = -70000; off <= 70000; off++) {
			a64_single_form want;
			if (off >= 0 && off % s == 0 && off < 4096 * s)
				want = A64_FORM_IMM12;
			else if (off >= -256 && off <= 255)
				want = A64_FORM_IMM9;
			else
				want = A64_FORM_NONE;
			assert_int_equal(a64_single_form_of(k, off), want);
			uint32_t w = a64_enc_single(k, 7, 9, off, &err);
			if (want == A64_FORM_IMM12)
				assert_int_equal(w, a64_enc_uimm(k, 7, 9, off, &e2));
			else if (want == A64_FORM_IMM9)
				assert_int_equal(w, a64_enc_simm9(k, 7, 9, off, &e2));
			expect(w, &err, want == A64_FORM_NONE ? A64_ERR_RANGE : A64_OK, "single",
			       off);
		}
		for (size_t i = 0; i < sizeof extremes / sizeof extremes[0]; i++) {
			uint32_t w = a64_enc_single(k, 7, 9, extremes[i], &err);
			expect(w, &err, A64_ERR_RANGE, "single extreme", extremes[i]);
		}
	}
}

static void test_harness_forms(void **state)
{
	(void)state;
	a64_err err;
	for (unsigned is64 = 0; is64 < 2; is64++)
		for (unsigned shift = 0; shift < 80; shift++) {
			a64_err want = shift % 16		    ? A64_ERR_ALIGN
				       : shift > (is64 ? 48u : 16u) ? A64_ERR_RANGE
								    : A64_OK;
			expect(a64_enc_movz(1, 0x1234, shift, is64, &err), &err, want, "movz shift",
			       shift);
			expect(a64_enc_movk(1, 0x1234, shift, is64, &err), &err, want, "movk shift",
			       shift);
		}
	expect(a64_enc_movz(32, 1, 0, true, &err), &err, A64_ERR_REG, "movz rd", 32);
	expect(a64_enc_movk(99, 1, 0, false, &err), &err, A64_ERR_REG, "movk rd", 99);
	assert_int_equal(a64_enc_ret(32), A64_POISON);
	assert_int_equal(a64_enc_ret(30), 0xd65f03c0u); /* objdump: ret */
	assert_int_equal(a64_enc_brk(0xdead), A64_POISON);
	/* B: imm26 words, +-128 MiB. */
	const int64_t lim = INT64_C(1) << 27;
	for (int64_t off = -lim - 64; off < -lim + 64; off++)
		expect(a64_enc_b(off, &err), &err,
		       off < -lim ? A64_ERR_RANGE
		       : off % 4  ? A64_ERR_ALIGN
				  : A64_OK,
		       "b", off);
	for (int64_t off = lim - 64; off < lim + 64; off++)
		expect(a64_enc_b(off, &err), &err,
		       off >= lim ? A64_ERR_RANGE
		       : off % 4  ? A64_ERR_ALIGN
				  : A64_OK,
		       "b", off);
	for (size_t i = 0; i < sizeof extremes / sizeof extremes[0]; i++)
		expect(a64_enc_b(extremes[i], &err), &err, A64_ERR_RANGE, "b extreme", extremes[i]);
	/* FMOV (general) and ADD (immediate). */
	for (unsigned is64 = 0; is64 < 2; is64++) {
		expect(a64_enc_fmov_to_fp(32, 0, is64, &err), &err, A64_ERR_REG, "fmov vd", 32);
		expect(a64_enc_fmov_to_fp(0, 32, is64, &err), &err, A64_ERR_REG, "fmov rn", 32);
		expect(a64_enc_fmov_from_fp(32, 0, is64, &err), &err, A64_ERR_REG, "fmov rd", 32);
		expect(a64_enc_fmov_from_fp(0, 32, is64, &err), &err, A64_ERR_REG, "fmov vn", 32);
		expect(a64_enc_fmov_to_fp(31, 31, is64, &err), &err, A64_OK, "fmov 31", 31);
		for (uint32_t imm = 0; imm < 10000; imm++)
			expect(a64_enc_add_imm(1, 2, imm, 0, is64, &err), &err,
			       imm > 4095 ? A64_ERR_RANGE : A64_OK, "add imm12", imm);
		expect(a64_enc_add_imm(1, 2, 0xffffffffu, 0, is64, &err), &err, A64_ERR_RANGE,
		       "add imm12", 0xffffffffu);
		for (unsigned shift = 0; shift < 40; shift++)
			expect(a64_enc_add_imm(1, 2, 5, shift, is64, &err), &err,
			       shift == 0 || shift == 12 ? A64_OK
			       : shift % 12		 ? A64_ERR_ALIGN
							 : A64_ERR_RANGE,
			       "add shift", shift);
		expect(a64_enc_add_imm(32, 2, 0, 0, is64, &err), &err, A64_ERR_REG, "add rd", 32);
		expect(a64_enc_add_imm(1, 32, 0, 0, is64, &err), &err, A64_ERR_REG, "add rn", 32);
	}
	/* The poison is BRK #0xdead, and decodes as such. */
	a64_insn in;
	assert_true(a64_decode(A64_POISON, &in));
	assert_int_equal(in.op, A64_OP_BRK);
	assert_int_equal(in.imm, 0xdead);
}

/* a64_accesses: pre-index accesses at base + imm, post-index at base. */
static void test_accesses(void **state)
{
	(void)state;
	a64_err err;
	a64_insn in;
	a64_access a[2];
	assert_true(a64_decode(a64_enc_pair(A64_LDR_X, A64_PAIR_PRE, 1, 2, 31, -16, &err), &in));
	assert_int_equal(a64_accesses(&in, a), 2);
	assert_int_equal(a[0].off, -16);
	assert_int_equal(a[1].off, -8);
	assert_int_equal(a[0].reg, 1);
	assert_int_equal(a[1].reg, 2);
	assert_true(a[0].load && !a[0].fp);
	assert_true(a64_decode(a64_enc_pair(A64_STR_Q, A64_PAIR_POST, 1, 2, 31, 32, &err), &in));
	assert_int_equal(a64_accesses(&in, a), 2);
	assert_int_equal(a[0].off, 0);
	assert_int_equal(a[1].off, 16);
	assert_int_equal(a[0].size, 16);
	assert_true(!a[0].load && a[0].fp);
	assert_true(a64_decode(a64_enc_simm9(A64_LDR_H, 3, 4, -3, &err), &in));
	assert_int_equal(a64_accesses(&in, a), 1);
	assert_int_equal(a[0].off, -3);
	assert_int_equal(a[0].size, 2);
	/* Single writeback: pre-index at base + imm, post-index at the base;
	 * both write imm back. */
	assert_true(a64_decode(a64_enc_simm9_wb(A64_STR_X, A64_PAIR_PRE, 1, 2, -24, &err), &in));
	assert_int_equal(a64_accesses(&in, a), 1);
	assert_int_equal(a[0].off, -24);
	assert_int_equal(a64_writeback(&in), -24);
	assert_true(a64_decode(a64_enc_simm9_wb(A64_LDR_Q, A64_PAIR_POST, 1, 2, 255, &err), &in));
	assert_int_equal(a64_accesses(&in, a), 1);
	assert_int_equal(a[0].off, 0);
	assert_int_equal(a[0].size, 16);
	assert_true(a[0].load && a[0].fp);
	assert_int_equal(a64_writeback(&in), 255);
	/* STNP/LDNP: signed offset, no writeback. */
	assert_true(a64_decode(a64_enc_pair(A64_LDR_D, A64_PAIR_NT, 1, 2, 3, -512, &err), &in));
	assert_int_equal(in.pair_mode, A64_PAIR_NT);
	assert_int_equal(a64_accesses(&in, a), 2);
	assert_int_equal(a[0].off, -512);
	assert_int_equal(a[1].off, -504);
	assert_int_equal(a64_writeback(&in), 0);
	assert_true(a64_decode(a64_enc_pair(A64_STR_W, A64_PAIR_PRE, 1, 2, 3, 8, &err), &in));
	assert_int_equal(a64_writeback(&in), 8);
	assert_true(a64_decode(a64_enc_simm9(A64_STR_X, 1, 2, 8, &err), &in));
	assert_int_equal(a64_writeback(&in), 0);
	assert_true(a64_decode(a64_enc_ret(30), &in));
	assert_int_equal(a64_accesses(&in, a), 0);
	assert_false(a64_decode(0xffff6f7au, &in));
	assert_int_equal(in.op, A64_OP_UNKNOWN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kind_table),  cmocka_unit_test(test_imm12_range),
		cmocka_unit_test(test_imm9_range),  cmocka_unit_test(test_pair_range),
		cmocka_unit_test(test_registers),   cmocka_unit_test(test_pair_unpredictable),
		cmocka_unit_test(test_single_rule), cmocka_unit_test(test_harness_forms),
		cmocka_unit_test(test_accesses),    cmocka_unit_test(test_simm9_wb),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
