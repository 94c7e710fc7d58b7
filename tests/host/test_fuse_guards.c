/*
 * The load guards of `fixed`, each copy on its own (issue 13): the fusion
 * rules (src/jit/fuse.c: rule 2, a load into its own base; rule 5, the
 * pair offset in imm7 and aligned; our Rt == Rt2 guard) and the encoder's
 * repeat of two of them (src/a64/encode.c: imm7 range, LDP Rt == Rt2).
 *
 * The two copies shadow each other: with one removed the other still stops
 * the wrong pair.  So each has its own test here:
 *   - the rules: the register-pair walk (jit/domain.h) finds no wrong
 *     fusion AND the encoder never had to refuse what the rules let
 *     through (fuse_encoder_refusals stays 0);
 *   - the encoder: every LDP with Rt == Rt2 and every offset one step
 *     outside imm7 is refused, by a64_enc_pair itself.
 * luajit-2.1 (the rules without the Rt == Rt2 guard, through the encoder
 * that allows it) is the walk's control.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "jit/domain.h"
#include "jit/emit.h"

static void test_fixed_rules_alone(void **state)
{
	fuse_domain_stats st;
	unsigned long refusals = fuse_encoder_refusals();

	(void)state;
	fuse_domain_walk_regs(fuse_policy_find("fixed"), &st, NULL, NULL);
	printf("fixed, register pairs: %llu pairs, %llu fusions, %llu wrong, %lu refused by the "
	       "encoder\n",
	       (unsigned long long)st.pairs, (unsigned long long)st.fused,
	       (unsigned long long)st.wrong, fuse_encoder_refusals() - refusals);
	assert_int_equal(st.pairs, 149225472);
	assert_int_equal(st.wrong, 0);
	/* Each rule of fuse.c stopped its pairs before the encoder had to. */
	assert_int_equal(fuse_encoder_refusals() - refusals, 0);
	assert_true(st.fused > 3000000);
}

static void test_walk_sees_same_register(void **state)
{
	fuse_domain_stats st;

	(void)state;
	fuse_domain_walk_regs(fuse_policy_find("luajit-2.1"), &st, NULL, NULL);
	/* Only the Rt == Rt2 pairs are wrong; every base, kind and register. */
	assert_true(st.wrong > 0);
	assert_true(st.fused > st.wrong);
}

static void test_encoder_refuses(void **state)
{
	static const a64_kind loads[] = { A64_LDR_W, A64_LDR_X, A64_LDR_S, A64_LDR_D };

	(void)state;
	for (unsigned k = 0; k < 4; k++) {
		int64_t s = a64_kind_size(loads[k]);

		for (unsigned rn = 0; rn < 32; rn++) {
			for (unsigned rt = 0; rt < 32; rt++) {
				a64_err err = A64_OK;

				/* LDP Rt == Rt2: CONSTRAINED UNPREDICTABLE. */
				assert_int_equal(a64_enc_pair(loads[k], A64_PAIR_OFFSET, rt, rt, rn,
							      0, &err),
						 A64_POISON);
				assert_int_equal(err, A64_ERR_REG);
				/* The control: the permissive encoder makes it. */
				assert_int_not_equal(a64_enc_pair_unpredictable(loads[k],
										A64_PAIR_OFFSET, rt,
										rt, rn, 0, &err),
						     A64_POISON);
			}
			/* One step outside imm7, either side, and both edges. */
			for (int64_t off = -65 * s; off <= 64 * s; off += s) {
				a64_err err = A64_OK;
				uint32_t w = a64_enc_pair(loads[k], A64_PAIR_OFFSET, 1, 2, rn, off,
							  &err);
				bool in = off >= -64 * s && off <= 63 * s;

				assert_int_equal(err, in ? A64_OK : A64_ERR_RANGE);
				assert_true((w == A64_POISON) == !in);
			}
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encoder_refuses),
		cmocka_unit_test(test_fixed_rules_alone),
		cmocka_unit_test(test_walk_sees_same_register),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
