/*
 * Other JITs' models (src/jit/models.c) through the whole engine on the
 * simulated core (tests/host/simcore.c), as the firmware runs them: hotspot,
 * ryujit and graal pass every suite at x19 and at sp; ryujit-pre85765 is
 * caught on the #85765 store pair (stur x0,[x1,#0x1A] + stur x2,[x1,#0x1B]
 * made stp x0,x2,[x1,#208]) with its bytes, and in the sweep on exactly the
 * cases of the #85765 pattern.  The firmware runs (tests/fw/matrix.txt) are
 * the real proof; these are the fast complement.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine/suite.h"
#include "jit/emit.h"
#include "simcore.h"

static void expect_pass(const char *policy, uint32_t bases)
{
	eng_config cfg = sim_config(policy);
	simrun r;
	uint64_t failed = 0;

	assert_non_null(cfg.policy);
	cfg.params.bases = bases;
	cfg.params.count = 1024;
	simrun_init(&r, &cfg);
	for (unsigned s = 0; s < ENG_SUITE_COUNT; s++)
		failed += simrun_suite(&r, (eng_suite_id)s);
	if (failed)
		printf("%s", r.out.text);
	assert_int_equal(failed, 0);
	assert_true(r.ncases > 200000);
	simrun_free(&r);
}

static void test_hotspot_passes(void **state)
{
	(void)state;
	expect_pass("hotspot", ENG_BASE_BIT(19) | ENG_BASE_BIT(31));
}

static void test_ryujit_passes(void **state)
{
	(void)state;
	expect_pass("ryujit", ENG_BASE_BIT(19) | ENG_BASE_BIT(31));
}

static void test_graal_passes(void **state)
{
	(void)state;
	expect_pass("graal", ENG_BASE_BIT(19) | ENG_BASE_BIT(31));
}

/* Two stores of one kind and base, both unscaled, one byte apart, both
 * within [-64, 63]: what RyuJIT before #85765 merged. */
static bool pattern_85765(const eng_case *c)
{
	const eng_item *a = &c->item[0], *b = &c->item[1];

	if (c->n != 2 || a->type != ENG_ACCESS || b->type != ENG_ACCESS || a->kind != b->kind ||
	    a->rn != b->rn)
		return false;
	if (a64_single_form_of((a64_kind)a->kind, a->off) != A64_FORM_IMM9 ||
	    a64_single_form_of((a64_kind)b->kind, b->off) != A64_FORM_IMM9)
		return false;
	int32_t lo = a->off < b->off ? a->off : b->off, hi = a->off < b->off ? b->off : a->off;
	return hi == lo + 1 && lo >= -64 && hi <= 63;
}

static void test_pre85765_caught(void **state)
{
	eng_config cfg = sim_config("ryujit-pre85765");
	eng_params all;
	simrun r;
	uint64_t want = 0;
	eng_case c;

	(void)state;
	/* The sweep cases of the pattern, from the generator. */
	eng_params_default(&all);
	for (unsigned g = 0; g < eng_suite_groups(ENG_SUITE_SWEEP); g++) {
		eng_iter it;

		eng_iter_start(&it, &all, ENG_SUITE_SWEEP, g);
		while (eng_iter_next(&it, &c))
			want += pattern_85765(&c);
	}
	assert_true(want > 0);
	simrun_init(&r, &cfg);
	assert_int_equal(simrun_suite(&r, ENG_SUITE_SWEEP), want);
	for (unsigned i = 0; i < r.nall; i++) {
		assert_true(pattern_85765(&r.all[i].c));
		assert_int_equal(r.all[i].cls, ENG_CLASS_FUSION);
	}
	print_message("ryujit-pre85765: %lu sweep cases of the #85765 pattern, all caught\n",
		      (unsigned long)want);
	simrun_free(&r);

	/* The regression pair, both orders, X and W: the wrong stp and its bytes. */
	simrun_init(&r, &cfg);
	assert_int_equal(simrun_suite(&r, ENG_SUITE_REGRESSION), 4);
	for (unsigned i = 0; i < r.nall; i++) {
		const eng_failure *f = &r.all[i];
		bool x = f->c.item[0].kind == A64_STR_X;
		a64_err err;

		assert_true(pattern_85765(&f->c));
		assert_int_equal(f->nwords, 1);
		assert_int_equal(f->words[0],
				 a64_enc_pair(x ? A64_STR_X : A64_STR_W, A64_PAIR_OFFSET, 0, 2, 1,
					      x ? 208 : 104, &err));
		assert_int_equal(f->cls, ENG_CLASS_FUSION);
	}
	assert_non_null(strstr(r.out.text, "\"a90d0820  stp x0, x2, [x1, #208]\""));
	assert_non_null(strstr(r.out.text, "{from: 208, to: 223, what: clobbered"));
	assert_non_null(strstr(r.out.text, "{from: 26, to: 34, what: missed"));
	simrun_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hotspot_passes),
		cmocka_unit_test(test_ryujit_passes),
		cmocka_unit_test(test_graal_passes),
		cmocka_unit_test(test_pre85765_caught),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
