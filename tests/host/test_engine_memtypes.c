/*
 * Suite memtypes on the host: the expected-outcome rule (which cases must
 * take an alignment fault) against the architecture's statement, written
 * out here case by case, with the points FACTS.md measured; and the whole
 * suite through the simulated core, which checks alignment as the group's
 * memory type and SCTLR_EL1.A say (all pass), or not at all (exactly the
 * misaligned cases fail, class execution), or with a wrong FAR; and the
 * policy before LuaJIT #1056 caught on the misaligned neighbours.
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
#include "simcore.h"

/* The architecture, spelled out independently of the generator's rule:
 * Device memory (either kind) checks alignment whatever A says; Normal
 * memory only with A = 1; the element is the access (a pair: each half). */
static bool arch_faults(eng_memenv e, unsigned misalign)
{
	if (misalign == 0)
		return false;
	switch (e.mem) {
	case ENG_MEM_DEVICE_nGnRE:
	case ENG_MEM_DEVICE_nGnRnE:
		return true;
	case ENG_MEM_NORMAL_WB:
	case ENG_MEM_NORMAL_NC:
		return e.align_check;
	default:
		fail_msg("memory type %u", e.mem);
		return false;
	}
}

static bool group_is_loads(unsigned g)
{
	char name[96];

	eng_group_name(ENG_SUITE_MEMTYPES, g, name, sizeof(name));
	return strstr(name, "/loads") != NULL;
}

/* Every case's stated fault against the rule above; the counts per group. */
static void test_rule(void **state)
{
	eng_params p;

	(void)state;
	eng_params_default(&p);
	assert_int_equal(eng_suite_groups(ENG_SUITE_MEMTYPES), 16);
	for (unsigned g = 0; g < 16; g++) {
		eng_memenv e = eng_memtypes_env(g);
		unsigned must = 0, n = 0;
		eng_iter it;
		eng_case c;

		eng_iter_start(&it, &p, ENG_SUITE_MEMTYPES, g);
		while (eng_iter_next(&it, &c)) {
			const eng_item *it0 = &c.item[0];
			unsigned size = eng_kind_size(it0->kind);
			unsigned mis =
				(unsigned)((c.base_skew + (int64_t)eng_item_addr(it0)) % size);
			bool f = arch_faults(e, (mis + size) % size);

			n++;
			assert_int_equal(eng_kind_load(it0->kind), group_is_loads(g));
			assert_int_equal(c.fault_ec, f ? ENG_EC_DABT_CUR : 0);
			assert_int_equal(c.fault_dfsc, f ? ENG_DFSC_ALIGN : 0);
			assert_int_equal(c.fault_item, 0);
			/* Every access of a case shares the first one's alignment. */
			for (unsigned i = 1; i < c.n; i++)
				assert_int_equal((c.base_skew + eng_item_addr(&c.item[i])) % size,
						 (c.base_skew + eng_item_addr(it0)) % size);
			must += f;
		}
		assert_int_equal(n, 164);
		/* Misaligned, stores and loads alike (4 shapes: single,
		 * single-neg, fused, pair): W 12, X 28, S 12, D 28, Q 60 and 4
		 * neighbours. */
		if (e.align_check || e.mem >= ENG_MEM_DEVICE_nGnRE)
			assert_int_equal(must, 144);
		else
			assert_int_equal(must, 0);
	}
}

/* The rule at the points FACTS.md and the Arm ARM name. */
static void test_rule_points(void **state)
{
	const eng_memenv wb0 = { ENG_MEM_NORMAL_WB, false }, wb1 = { ENG_MEM_NORMAL_WB, true };
	const eng_memenv nc0 = { ENG_MEM_NORMAL_NC, false }, ne0 = { ENG_MEM_DEVICE_nGnRE, false };
	const eng_memenv nne0 = { ENG_MEM_DEVICE_nGnRnE, false };

	(void)state;
	assert_true(eng_align_must_fault(wb1, 0x1001, 8));  /* ldr x at +1, A=1 */
	assert_true(eng_align_must_fault(wb1, 0x1004, 8));  /* ldp x at 4-aligned */
	assert_false(eng_align_must_fault(wb1, 0x1004, 4)); /* ldp w at 4-aligned */
	assert_true(eng_align_must_fault(wb1, 0x1008, 16)); /* q at 8-aligned */
	assert_false(eng_align_must_fault(wb0, 0x1001, 8));
	assert_false(eng_align_must_fault(nc0, 0x1003, 4));
	assert_true(eng_align_must_fault(ne0, 0x1004, 8));
	assert_true(eng_align_must_fault(nne0, 0x1002, 4));
	assert_false(eng_align_must_fault(nne0, 0x1010, 16));
	assert_false(eng_align_must_fault(ne0, 0x1001, 1)); /* a byte is always aligned */
}

/* Every group with the simulated core checking alignment where the
 * architecture says (mode 1), nowhere (0), with FAR off by one (2) or a
 * permission fault's DFSC (3). */
static uint64_t run_suite(simrun *r, int mode)
{
	r->memtypes_align = mode ? mode : -1;
	return simrun_suite(r, ENG_SUITE_MEMTYPES);
}

static void test_simcore(void **state)
{
	eng_config cfg = sim_config("fixed");
	/* A1 groups of every type, and the Device groups with A0. */
	const uint64_t misaligned = 4 * (144 + 144) + 2 * (144 + 144);

	(void)state;
	for (int mode = 0; mode <= 3; mode++) {
		simrun r;

		simrun_init(&r, &cfg);
		assert_int_equal(run_suite(&r, mode), mode == 1 ? 0 : misaligned);
		for (unsigned i = 0; i < r.nall; i++) {
			assert_int_equal(r.all[i].c.fault_ec, ENG_EC_DABT_CUR);
			assert_int_equal(r.all[i].cls, ENG_CLASS_EXECUTION);
		}
		if (mode == 0)
			assert_non_null(strstr(r.out.text,
					       "expected-fault: {class: \"data abort\", "
					       "word: 0, dfsc: \"0x21\", far-offset: "));
		simrun_free(&r);
	}
}

/* The loads mirror the stores: case k of a loads group is case k of the
 * stores group before it with each store's load counterpart (W, X, S, D
 * and Q; singles, unscaled singles, the fused neighbours, LDP), the same
 * offsets, registers, skew and expected fault. */
static void test_loads_mirror_stores(void **state)
{
	eng_params p;
	unsigned q_loads = 0, pairs = 0;

	(void)state;
	eng_params_default(&p);
	for (unsigned g = 1; g < 16; g += 2) {
		eng_iter st, ld;
		eng_case s, l;

		assert_true(group_is_loads(g) && !group_is_loads(g - 1));
		eng_iter_start(&st, &p, ENG_SUITE_MEMTYPES, g - 1);
		eng_iter_start(&ld, &p, ENG_SUITE_MEMTYPES, g);
		while (eng_iter_next(&st, &s)) {
			assert_true(eng_iter_next(&ld, &l));
			assert_int_equal(l.n, s.n);
			assert_int_equal(l.base_skew, s.base_skew);
			assert_int_equal(l.fault_ec, s.fault_ec);
			assert_int_equal(l.fault_item, s.fault_item);
			for (unsigned i = 0; i < s.n; i++) {
				const eng_item *a = &s.item[i], *b = &l.item[i];

				assert_true(eng_kind_load(b->kind) && !eng_kind_load(a->kind));
				assert_int_equal(eng_kind_size(b->kind), eng_kind_size(a->kind));
				assert_int_equal(eng_kind_fp(b->kind), eng_kind_fp(a->kind));
				assert_int_equal(b->off, a->off);
				assert_int_equal(b->form, a->form);
				assert_int_equal(b->rt, a->rt);
				assert_int_equal(b->rt2, a->rt2);
				assert_int_equal(b->rn, a->rn);
				q_loads += eng_kind_size(b->kind) == 16;
				pairs += eng_item_pair(b);
			}
		}
		assert_false(eng_iter_next(&ld, &l));
	}
	/* Per group: Q 16 skews x (single, single-neg, 2 fused, pair);
	 * LDP at every skew of every kind. */
	assert_int_equal(q_loads, 8 * 16 * 5);
	assert_int_equal(pairs, 8 * 40);
}

/* A core whose Q loads fill only the low 64 bits: every Q load case that
 * runs (no expected fault) fails on its registers' upper halves alone,
 * class execution: all 64 of each Normal A0 loads group, the 4 aligned
 * ones of the other six. */
static void test_q_loads_whole(void **state)
{
	eng_config cfg = sim_config("fixed");
	simrun r;

	(void)state;
	simrun_init(&r, &cfg);
	r.core.load_q_low_only = true;
	assert_int_equal(run_suite(&r, 1), 2 * 64 + 6 * 4);
	for (unsigned i = 0; i < r.nall; i++) {
		const eng_failure *f = &r.all[i];

		assert_int_equal(eng_kind_size(f->c.item[0].kind), 16);
		assert_true(eng_kind_load(f->c.item[0].kind));
		assert_int_equal(f->cls, ENG_CLASS_EXECUTION);
		assert_int_equal(f->verdict.nbad, 0);
		assert_true(f->verdict.nbadregs > 0);
		assert_int_not_equal(f->verdict.badreg[0].expected_hi,
				     f->verdict.badreg[0].actual_hi);
	}
	simrun_free(&r);
}

/* LuaJIT before #1056 fuses the misaligned neighbours into an aligned pair:
 * no fault where the requests must fault, and bytes elsewhere: fusion, in
 * every group (four stores and four loads per group). */
static void test_pre1056(void **state)
{
	eng_config cfg = sim_config("luajit-pre1056");
	simrun r;

	(void)state;
	simrun_init(&r, &cfg);
	assert_int_equal(run_suite(&r, 1), 16 * 4);
	for (unsigned i = 0; i < r.nall; i++) {
		assert_int_equal(r.all[i].cls, ENG_CLASS_FUSION);
		assert_int_equal(r.all[i].c.item[0].off, 1);
	}
	assert_non_null(strstr(r.out.text, "29000a60  stp w0, w2, [x19]"));
	simrun_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rule),	      cmocka_unit_test(test_rule_points),
		cmocka_unit_test(test_simcore),	      cmocka_unit_test(test_loads_mirror_stores),
		cmocka_unit_test(test_q_loads_whole), cmocka_unit_test(test_pre1056),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
