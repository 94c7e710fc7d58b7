/*
 * The harness's set-up words: the engine's own encoders against binutils'
 * words, and set-up code that, run by a small interpreter here, leaves
 * exactly the register values the models assume, for cases of every suite.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "engine/setup.h"
#include "engine/suite.h"

static void test_harness_forms_match_binutils(void **state)
{
	a64_err err;

	(void)state;
	/* aarch64-linux-gnu-as 2.40 / objdump -d */
	assert_int_equal(a64_enc_fmov_to_fp(5, 16, true, &err), 0x9e670205); /* fmov d5, x16 */
	assert_int_equal(a64_enc_fmov_to_fp(31, 16, false, &err), 0x1e27021f); /* fmov s31, w16 */
	assert_int_equal(a64_enc_add_imm(31, 16, 0, 0, true, &err), 0x9100021f); /* mov sp, x16 */
}

typedef struct machine {
	uint64_t x[32]; /* [31] = SP */
	uint64_t v[32];
	uint64_t written;
} machine;

/* Run set-up words: MOVZ/MOVK by the decoder, FMOV and MOV SP by pattern. */
static void interpret(machine *m, const uint32_t *w, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		a64_insn in;
		unsigned rd = w[i] & 31, rn = (w[i] >> 5) & 31;

		if ((w[i] & 0xfffffc00u) == 0x9e670000u) {
			m->v[rd] = m->x[rn];
			m->written |= 1ull << (32 + rd);
		} else if ((w[i] & 0xfffffc00u) == 0x1e270000u) {
			m->v[rd] = m->x[rn] & 0xffffffffu;
			m->written |= 1ull << (32 + rd);
		} else if ((w[i] & 0xfffffc1fu) == 0x9100001fu) {
			m->x[31] = m->x[rn];
			m->written |= 1ull << 31;
		} else {
			assert_true(a64_decode(w[i], &in));
			if (in.op == A64_OP_MOVZ) {
				m->x[in.rt] = (uint64_t)in.imm << in.shift;
			} else {
				uint64_t mask = 0xffffull << in.shift;

				assert_int_equal(in.op, A64_OP_MOVK);
				m->x[in.rt] = (m->x[in.rt] & ~mask) | ((uint64_t)in.imm << in.shift);
			}
			if (!in.is64)
				m->x[in.rt] &= 0xffffffffu;
			m->written |= 1ull << in.rt;
		}
	}
}

static void check_case(const eng_case *c)
{
	uint8_t bases[ENG_MAX_BASES];
	unsigned nb = eng_case_bases(c, bases), n;
	uint32_t words[ENG_MAX_SETUP_WORDS];
	eng_regs r;
	machine m;

	eng_values(c, 0x5eed, &r);
	for (unsigned b = 0; b < nb; b++)
		eng_regs_set_base(&r, bases[b], 0x40000000ull + 0x20000ull * b + 0x870 + 16 * c->index);
	n = eng_setup_words(&r, words, ENG_MAX_SETUP_WORDS);
	assert_true(n > 0);
	memset(&m, 0xee, sizeof(m));
	m.written = 0;
	interpret(&m, words, n);
	for (unsigned x = 0; x < 32; x++)
		if (r.set >> x & 1)
			assert_int_equal(m.x[x], r.x[x]);
	for (unsigned v = 0; v < 32; v++)
		if (r.set >> (32 + v) & 1)
			assert_int_equal(m.v[v], r.v[v]);
	/* Nothing else but the scratch register is touched. */
	assert_int_equal(m.written & ~(1ull << ENG_SCRATCH), r.set & ~(1ull << ENG_SCRATCH));
}

static void test_setup_reaches_model(void **state)
{
	eng_params p;

	(void)state;
	eng_params_default(&p);
	p.bases = ENG_BASE_ALL;
	for (unsigned s = 0; s < ENG_SUITE_COUNT; s++) {
		for (unsigned g = 0; g < eng_suite_groups((eng_suite_id)s); g++) {
			eng_iter it;
			eng_case c;
			unsigned k = 0;

			eng_iter_start(&it, &p, (eng_suite_id)s, g);
			while (eng_iter_next(&it, &c))
				if (k++ % 509 == 0)
					check_case(&c);
		}
	}
}

static void test_setup_too_small(void **state)
{
	eng_regs r;
	uint32_t w[2];

	(void)state;
	memset(&r, 0, sizeof(r));
	r.set = 1;
	r.wide = 1;
	r.x[0] = 0x0123456789abcdefull;
	assert_int_equal(eng_setup_words(&r, w, 2), 0);
	r.x[0] = 0;
	assert_int_equal(eng_setup_words(&r, w, 2), 1); /* movz x0, #0 */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_harness_forms_match_binutils),
		cmocka_unit_test(test_setup_reaches_model),
		cmocka_unit_test(test_setup_too_small),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
