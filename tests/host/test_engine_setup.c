/*
 * The harness's set-up words: its two encoders against binutils' words, and
 * chains of set-ups that, run one after the other by a small interpreter in
 * one register file (as the cases of a batch run), leave exactly the values
 * the register model assumes before every case, for cases of every suite.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "engine/setup.h"
#include "engine/suite.h"

static void test_encoders_match_binutils(void **state)
{
	a64_err err;

	(void)state;
	/* aarch64-linux-gnu-as 2.40 / objdump -d */
	assert_int_equal(a64_enc_eor_rep8(1, 16, 0x01, true, &err), 0xd200c201);
	assert_int_equal(a64_enc_eor_rep8(1, 16, 0x02, true, &err), 0xd207c201);
	assert_int_equal(a64_enc_eor_rep8(1, 16, 0x7f, true, &err), 0xd200da01);
	assert_int_equal(a64_enc_eor_rep8(1, 16, 0x60, true, &err), 0xd203c601);
	assert_int_equal(a64_enc_eor_rep8(1, 16, 0x06, false, &err), 0x5207c601);
	assert_int_equal(a64_enc_eor_rep8(1, 16, 0x7e, false, &err), 0x5207d601);
	assert_int_equal(a64_enc_mov_reg(3, 16, true, &err), 0xaa1003e3);
	assert_int_equal(a64_enc_mov_reg(3, 16, false, &err), 0x2a1003e3);
	/* Not one run of ones, or the top bit: refused with the poison. */
	assert_int_equal(a64_enc_eor_rep8(1, 16, 0x05, true, &err), A64_POISON);
	assert_int_equal(err, A64_ERR_RANGE);
	assert_int_equal(a64_enc_eor_rep8(1, 16, 0x80, true, &err), A64_POISON);
	assert_int_equal(a64_enc_eor_rep8(1, 16, 0x00, true, &err), A64_POISON);
	/* The decoder reads them back (its own DecodeBitMasks). */
	{
		a64_insn in;

		assert_true(a64_decode(0xd203c601, &in));
		assert_int_equal(in.op, A64_OP_EOR_IMM);
		assert_int_equal(in.imm, 0x6060606060606060ll);
		assert_true(a64_decode(0x5207d601, &in));
		assert_int_equal(in.imm, 0x7e7e7e7e);
		assert_true(a64_decode(0x2a1003e3, &in));
		assert_int_equal(in.op, A64_OP_MOV_REG);
		assert_int_equal(in.rt, 3);
		assert_int_equal(in.rn, 16);
	}
	/* The a64 layer's harness forms used beside them. */
	assert_int_equal(a64_enc_fmov_to_fp(3, 17, false, &err), 0x1e270223); /* fmov s3, w17 */
	assert_int_equal(a64_enc_fmov_to_fp(3, 16, true, &err), 0x9e670203);  /* fmov d3, x16 */
	assert_int_equal(a64_enc_add_imm(19, 19, 0x20, 12, true, &err), 0x91408273);
	assert_int_equal(a64_enc_add_imm(31, 31, 0x1f, 12, true, &err), 0x91407fff);
	/* Every table constant encodes. */
	for (unsigned k = 1; k < ENG_NK; k++)
		assert_int_not_equal(a64_enc_eor_rep8(0, 1, eng_xor_byte(k), true, &err),
				     A64_POISON);
	/* Every byte: one run of ones below 0x80 encodes, and the decoder
	 * reads it back repeated; any other byte is refused. */
	for (unsigned b = 0; b < 256; b++) {
		unsigned lo = b ? (unsigned)__builtin_ctz(b) : 0;
		bool run = b && b < 0x80 && ((b >> lo) & ((b >> lo) + 1)) == 0;

		for (unsigned wide = 0; wide < 2; wide++) {
			a64_insn in;
			uint32_t w = a64_enc_eor_rep8(2, 9, (uint8_t)b, wide, &err);

			assert_int_equal(err == A64_OK, run);
			if (!run)
				continue;
			assert_true(a64_decode(w, &in));
			assert_int_equal(in.op, A64_OP_EOR_IMM);
			assert_int_equal((uint64_t)in.imm,
					 (wide ? 0x0101010101010101ull : 0x01010101ull) * b);
			assert_int_equal(in.rt, 2);
			assert_int_equal(in.rn, 9);
		}
	}
}

typedef struct machine {
	uint64_t x[32]; /* [31] = SP */
	uint64_t v[32];
	uint64_t written;
} machine;

static uint64_t rep8_of_logical(uint32_t w)
{
	unsigned immr = (w >> 16) & 0x3f, imms = (w >> 10) & 0x3f, len;
	uint8_t e;

	assert_int_equal(w >> 22 & 1, 0); /* N = 0 */
	assert_int_equal(imms >> 3, 0x6); /* element size 8 */
	len = (imms & 7) + 1;
	e = (uint8_t)((1u << len) - 1);
	e = (uint8_t)((e >> (immr & 7)) | (e << ((8 - (immr & 7)) & 7)));
	return 0x0101010101010101ull * e;
}

static void interpret(machine *m, const uint32_t *w, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		unsigned rd = w[i] & 31, rn = (w[i] >> 5) & 31, rm = (w[i] >> 16) & 31;
		bool is64 = w[i] >> 31;
		uint64_t mask = is64 ? ~0ull : 0xffffffffull;
		a64_insn in;

		if ((w[i] & 0x7f800000u) == 0x52000000u) { /* EOR (immediate) */
			assert_int_not_equal(rd, 31);
			m->x[rd] = (m->x[rn] ^ rep8_of_logical(w[i])) & mask;
			m->written |= 1ull << rd;
			continue;
		}
		if ((w[i] & 0x7fe0ffe0u) == 0x2a0003e0u) { /* MOV (register) */
			m->x[rd] = (rm == 31 ? 0 : m->x[rm]) & mask;
			m->written |= 1ull << rd;
			continue;
		}
		assert_true(a64_decode(w[i], &in));
		switch (in.op) {
		case A64_OP_MOVZ:
			m->x[in.rt] =
				((uint64_t)in.imm << in.shift) & (in.is64 ? ~0ull : 0xffffffffull);
			m->written |= 1ull << in.rt;
			break;
		case A64_OP_MOVK: {
			uint64_t k = 0xffffull << in.shift;

			m->x[in.rt] = (m->x[in.rt] & ~k) | ((uint64_t)in.imm << in.shift);
			if (!in.is64)
				m->x[in.rt] &= 0xffffffffull;
			m->written |= 1ull << in.rt;
			break;
		}
		case A64_OP_FMOV_TO_FP:
			m->v[in.rt] = m->x[in.rn] & (in.is64 ? ~0ull : 0xffffffffull);
			m->written |= 1ull << (32 + in.rt);
			break;
		case A64_OP_ADD_IMM:
			assert_true(in.is64);
			m->x[in.rt] = m->x[in.rn] + ((uint64_t)in.imm << in.shift);
			m->written |= 1ull << in.rt;
			break;
		default:
			fail_msg("unexpected set-up word %08x", w[i]);
		}
	}
}

/* Run case c's set-up after whatever ran before in m; check the model. */
static unsigned run_case(machine *m, eng_chain *ch, const eng_case *c, uint64_t seed, uint64_t slot)
{
	uint8_t bases[ENG_MAX_BASES];
	unsigned nb = eng_case_bases(c, bases), n;
	uint32_t words[ENG_MAX_SETUP_WORDS];
	eng_regs r;

	eng_values(c, seed, &r);
	/* Bases 4 KiB-congruent from slot to slot, as the executor places
	 * them when it can, so chains of ADDs happen. */
	for (unsigned b = 0; b < nb; b++)
		eng_regs_set_base(&r, bases[b],
				  0x5000000000ull + 0x20000ull * (slot * 4 + b) + 0x870);
	n = eng_setup_words(&r, ch, words, ENG_MAX_SETUP_WORDS);
	assert_true(n > 0);
	m->written = 0;
	interpret(m, words, n);
	for (unsigned x = 0; x < 32; x++)
		if (r.set >> x & 1)
			assert_int_equal(m->x[x], r.x[x]);
	for (unsigned v = 0; v < 32; v++)
		if (r.set >> (32 + v) & 1)
			assert_int_equal(m->v[v], r.v[v]);
	/* Besides its registers, the set-up writes at most H and a temporary. */
	assert_true(__builtin_popcountll(m->written & ~r.set) <= 2);
	return n;
}

static void test_chains_reach_model(void **state)
{
	eng_params p;
	uint64_t words = 0, cases = 0;

	(void)state;
	eng_params_default(&p);
	p.bases = ENG_BASE_BIT(19) | ENG_BASE_BIT(16) | ENG_BASE_BIT(31);
	for (unsigned s = 0; s < ENG_SUITE_COUNT; s++) {
		for (unsigned g = 0; g < eng_suite_groups((eng_suite_id)s); g++) {
			eng_iter it;
			eng_case c;
			eng_chain ch;
			machine m;
			uint64_t k = 0;

			memset(&m, 0xee, sizeof(m));
			eng_chain_reset(&ch);
			eng_iter_start(&it, &p, (eng_suite_id)s, g);
			while (eng_iter_next(&it, &c) && k < 3000) {
				if (k % 97 == 50)
					eng_chain_reset(&ch); /* a re-entry after a fault */
				words += run_case(&m, &ch, &c, 0x5eed, k++);
				cases++;
			}
		}
	}
	/* The chain keeps sweep set-ups short (about 4 words a case). */
	print_message("set-up: %lu words for %lu cases\n", (unsigned long)words,
		      (unsigned long)cases);
	assert_true(words < 6 * cases);
}

static void test_many_registers(void **state)
{
	eng_item items[63];
	eng_case c;
	eng_chain ch;
	machine m;

	(void)state;
	/* Every GPR and FP register: no free H, independent patterns. */
	memset(&c, 0, sizeof(c));
	for (unsigned i = 0; i < 31; i++)
		items[i] = (eng_item){ .type = ENG_ACCESS,
				       .kind = A64_STR_X,
				       .rt = (uint8_t)i,
				       .rn = 31,
				       .off = (int32_t)(8 * i) };
	for (unsigned i = 0; i < 32; i++)
		items[31 + i] = (eng_item){ .type = ENG_ACCESS,
					    .kind = A64_STR_S,
					    .rt = (uint8_t)i,
					    .rn = 31,
					    .off = (int32_t)(4 * i) };
	c.n = 63;
	memcpy(c.item, items, sizeof(items));
	memset(&m, 0, sizeof(m));
	eng_chain_reset(&ch);
	run_case(&m, &ch, &c, 1, 0);
	run_case(&m, &ch, &c, 1, 1);
}

static void test_setup_too_small(void **state)
{
	eng_regs r;
	eng_chain ch;
	uint32_t w[2];

	(void)state;
	memset(&r, 0, sizeof(r));
	memset(r.kidx, ENG_KIDX_NONE, sizeof(r.kidx));
	eng_regs_set_base(&r, 0, 0x0123456789abcdefull);
	eng_chain_reset(&ch);
	assert_int_equal(eng_setup_words(&r, &ch, w, 2), 0);
	assert_int_equal(ch.h, -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encoders_match_binutils),
		cmocka_unit_test(test_chains_reach_model),
		cmocka_unit_test(test_many_registers),
		cmocka_unit_test(test_setup_too_small),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
