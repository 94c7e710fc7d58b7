/*
 * Load cases end to end on the simulated core (tests/host/simcore.c): the
 * loads suite with the load fill, the captured registers and their judge.
 * fixed passes at several bases; pre-#1075 is caught on exactly its 130
 * wrong load fusions at x19 (class fusion, each register naming the offset
 * it read instead); luajit-2.1's ldp Rt == Rt2 is class unpredictable with
 * the value this core produced; .NET #85765's ldur pair is caught with its
 * registers; a wrong emitter rule (pairs with their registers swapped) is
 * caught as fusion and a core that forgets to zero-extend a W load as
 * execution.
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
#include "jit/emit.h"
#include "simcore.h"

static bool in_group(const eng_failure *f, const char *suffix)
{
	char name[96];
	size_t n, m = strlen(suffix);

	eng_group_name((eng_suite_id)f->c.suite, f->c.group, name, sizeof(name));
	n = strlen(name);
	return n >= m && strcmp(name + n - m, suffix) == 0;
}

/* The random streams as loads may fail under a known-bad policy or not,
 * by seed (as the random suite's); the tests count the rest. */
static bool random_group(const eng_failure *f)
{
	return in_group(f, "/random/plain") || in_group(f, "/random/labels");
}

static void run_loads(simrun *r, const char *policy, const fuse_policy *p, uint32_t bases)
{
	eng_config cfg = sim_config(policy ? policy : "fixed");

	if (p)
		cfg.policy = p;
	cfg.params.bases = bases;
	cfg.cap = 4;
	simrun_init(r, &cfg);
	simrun_suite(r, ENG_SUITE_LOADS);
}

static void test_fixed_passes(void **state)
{
	simrun r;

	(void)state;
	run_loads(&r, "fixed", NULL, ENG_BASE_BIT(19) | ENG_BASE_BIT(31) | ENG_BASE_BIT(0));
	if (r.nfailed)
		printf("%s", r.out.text);
	assert_int_equal(r.nfailed, 0);
	assert_int_equal(r.npoints, eng_suite_groups(ENG_SUITE_LOADS));
	assert_true(r.ncases > 3 * 243000);
	assert_int_equal(r.t->stats.cases, r.ncases);
	simrun_free(&r);
}

/* MISSION.md's wrong pre-#1075 fusions, as loads (the store pattern of
 * test_engine_controls.c with the load kinds). */
static bool pre1075_pattern(const eng_case *c)
{
	const eng_item *cur = &c->item[0], *prev = &c->item[1];
	int32_t o = cur->off;

	if (c->n != 2 || cur->kind != prev->kind || cur->rn != prev->rn)
		return false;
	switch (cur->kind) {
	case A64_LDR_X:
	case A64_LDR_D:
		return o % 8 == 0 && ((o >= 248 && o <= 496 && prev->off == o - 504) ||
				      (o >= 264 && o <= 512 && prev->off == o - 520));
	case A64_LDR_W:
	case A64_LDR_S:
		return o == 252 && prev->off == -256;
	default:
		return false;
	}
}

/* The same-reg cases LuaJIT's rules fuse when nothing guards Rt == Rt2:
 * the pair offset aligned and in imm7, and rt not the base's number (rule
 * 2 compares numbers, FP registers too). */
static unsigned same_reg_fusable(void)
{
	eng_params p;
	unsigned n = 0;

	eng_params_default(&p);
	for (unsigned g = 0; g < eng_suite_groups(ENG_SUITE_LOADS); g++) {
		char name[96];
		eng_iter it;
		eng_case c;

		eng_group_name(ENG_SUITE_LOADS, g, name, sizeof(name));
		if (!strstr(name, "/same-reg"))
			continue;
		eng_iter_start(&it, &p, ENG_SUITE_LOADS, g);
		while (eng_iter_next(&it, &c)) {
			int32_t s = (int32_t)eng_kind_size(c.item[0].kind);
			int32_t lo = c.item[0].off < c.item[1].off ? c.item[0].off : c.item[1].off;

			n += lo % s == 0 && lo >= -64 * s && lo <= 63 * s && c.item[0].rt != 19;
		}
	}
	return n;
}

static void test_pre1075_loads(void **state)
{
	simrun r;
	unsigned sweep = 0, kong = 0, same = 0;

	(void)state;
	run_loads(&r, "luajit-pre1075", NULL, ENG_BASE_BIT(19));
	assert_int_equal(r.nall, r.nfailed);
	for (unsigned i = 0; i < r.nall; i++) {
		const eng_failure *f = &r.all[i];
		const eng_badreg *b = &f->verdict.badreg[0];

		if (random_group(f))
			continue;
		if (in_group(f, "/same-reg") || in_group(f, "/same-x0")) {
			/* No Rt == Rt2 guard before #1075 either. */
			assert_int_equal(f->cls, ENG_CLASS_UNPREDICTABLE);
			same++;
			continue;
		}
		assert_int_equal(f->cls, ENG_CLASS_FUSION);
		assert_false(f->fault.taken);
		assert_int_equal(f->verdict.nbad, 0); /* memory untouched */
		/* The register the later request should have filled read 512
		 * bytes away: the imm9 alias. */
		assert_true(f->verdict.nbadregs >= 1);
		assert_int_not_equal(b->by, ENG_BY_NONE);
		if (in_group(f, "/kong")) {
			kong++;
			continue;
		}
		assert_true(in_group(f, "/alias") || in_group(f, "/alias/label"));
		assert_true(pre1075_pattern(&f->c));
		sweep++;
	}
	/* 65 per direction and register file: 130 as for stores. */
	assert_int_equal(sweep, 130);
	assert_int_equal(kong, 2); /* LDRx/kong and LDRd/kong, one order each */
	assert_int_equal(same, same_reg_fusable() + 2);
	/* The Kong pair as loads: x0 read +496 instead of -16. */
	assert_non_null(strstr(r.out.text, "{reg: x0, expected: "));
	assert_non_null(strstr(r.out.text, "by: \"ldur x0, [x19, #-16]\", actual-from: 496}"));
	simrun_free(&r);
}

static void test_luajit21_unpredictable(void **state)
{
	simrun r;
	unsigned n = 0, nrandom = 0;

	(void)state;
	run_loads(&r, "luajit-2.1", NULL, ENG_BASE_BIT(19));
	assert_int_equal(r.nall, r.nfailed);
	for (unsigned i = 0; i < r.nall; i++) {
		const eng_failure *f = &r.all[i];

		assert_int_equal(f->cls, ENG_CLASS_UNPREDICTABLE);
		if (random_group(f)) {
			nrandom++;
			continue;
		}
		assert_true(in_group(f, "/same-reg") || in_group(f, "/same-x0"));
		assert_int_equal(f->c.item[0].rt, f->c.item[1].rt);
		n += in_group(f, "/same-reg");
	}
	assert_int_equal(r.nfailed, n + 2 + nrandom); /* same-x0, both orders */
	/* Every aligned pair offset in imm7 the standalone rule reaches
	 * (-256 up), prev below and above, 4 kinds, but for an FP rt that
	 * is the base's number (rule 2): 894 at x19. */
	assert_int_equal(n, same_reg_fusable());
	assert_int_equal(n, 894);
	/* ldr x0,[x19,#8] + ldr x0,[x19,#16] -> ldp x0, x0, [x19, #8]: this
	 * core keeps the lower address's value, named in the report. */
	assert_non_null(strstr(r.out.text, "a9408260  ldp x0, x0, [x19, #8]"));
	assert_non_null(strstr(r.out.text, "decoder: \"CONSTRAINED UNPREDICTABLE at word 0\""));
	assert_non_null(strstr(r.out.text, "by: \"ldr x0, [x19, #16]\", actual-from: 8}"));
	simrun_free(&r);
}

static void test_ryujit_pre85765_loads(void **state)
{
	simrun r;
	unsigned dotnet = 0;

	(void)state;
	run_loads(&r, "ryujit-pre85765", NULL, ENG_BASE_BIT(19));
	for (unsigned i = 0; i < r.nall; i++) {
		const eng_failure *f = &r.all[i];

		if (random_group(f))
			continue;
		assert_int_equal(f->cls, ENG_CLASS_FUSION);
		assert_true(in_group(f, "/misaligned") || in_group(f, "/misaligned/label") ||
			    in_group(f, "/dotnet85765"));
		dotnet += in_group(f, "/dotnet85765");
	}
	assert_int_equal(dotnet, 4); /* X and W, both orders */
	/* ldur x0,[x1,#0x1A] + ldur x2,[x1,#0x1B] -> ldp x0, x2, [x1, #208]. */
	assert_non_null(strstr(r.out.text, "a94d0820  ldp x0, x2, [x1, #208]"));
	assert_non_null(strstr(r.out.text, "by: \"ldur x0, [x1, #26]\", actual-from: 208}"));
	simrun_free(&r);
}

/* A wrong rule: fixed's load pairs with Rt and Rt2 swapped. */
static uint32_t swapped_fuse(const fuse_policy *self, const fuse_query *q)
{
	uint32_t w = fuse_policy_default()->fuse(fuse_policy_default(), q);
	a64_insn in;

	(void)self;
	if (w == FUSE_KEEP || !a64_decode(w, &in) || !a64_kind_is_load(in.kind))
		return w;
	return (w & ~0x7c1fu) | (w >> 10 & 31) | (w & 31) << 10;
}

static const fuse_policy swapped = {
	.name = "swapped",
	.summary = "test only: fixed with each load pair's registers swapped",
	.order = FUSE_PREV_AFTER,
	.fuse = swapped_fuse,
};

static void test_swapped_rule_caught(void **state)
{
	simrun r;

	(void)state;
	run_loads(&r, NULL, &swapped, ENG_BASE_BIT(19));
	/* Every fused load pair of fixed: prev-below, prev-above, the edges
	 * inside imm7, and base (both registers still named). */
	assert_true(r.nfailed > 1000);
	for (unsigned i = 0; i < r.nall; i++) {
		assert_int_equal(r.all[i].cls, ENG_CLASS_FUSION);
		if (!random_group(&r.all[i]))
			assert_int_equal(r.all[i].verdict.nbadregs, 2);
	}
	simrun_free(&r);
}

/* A faulty core: W loads leave the register's upper half alone. */
static void test_faulty_core_execution(void **state)
{
	eng_config cfg = sim_config("fixed");
	simrun r;

	(void)state;
	simrun_init(&r, &cfg);
	r.core.load_w_keeps_upper = true;
	eng_run_group(&r.s, ENG_SUITE_LOADS, 0); /* LDRw/prev-below */
	assert_int_equal(r.nfailed, r.ncases);
	for (unsigned i = 0; i < r.nall; i++)
		assert_int_equal(r.all[i].cls, ENG_CLASS_EXECUTION);
	simrun_free(&r);
}

/* The fill: loads of one size from different addresses read different
 * values (32 KiB of addresses, every size), and no value is a canary. */
static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void test_fill_distinct(void **state)
{
	static uint64_t seen[ENG_FILL_PERIOD];
	uint16_t mix = eng_fill_mix(1);

	(void)state;
	for (unsigned size = 2; size <= 8; size *= 2) {
		for (uint64_t a = 0; a < ENG_FILL_PERIOD; a++) {
			seen[a] = eng_fill_read(0x4000000123ull + a, size, mix);
			assert_true((seen[a] & 0x8080) != 0); /* canaries have no top bit */
		}
		for (uint64_t a = 0; a < ENG_FILL_PERIOD; a += 331) {
			uint64_t at;

			assert_true(eng_fill_find(seen[a], size, 0x4000000123ull, mix, &at));
			assert_int_equal(at, 0x4000000123ull + a);
		}
		qsort(seen, ENG_FILL_PERIOD, sizeof(seen[0]), cmp_u64);
		for (unsigned a = 1; a < ENG_FILL_PERIOD; a++)
			assert_true(seen[a] != seen[a - 1]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fill_distinct),
		cmocka_unit_test(test_fixed_passes),
		cmocka_unit_test(test_pre1075_loads),
		cmocka_unit_test(test_luajit21_unpredictable),
		cmocka_unit_test(test_ryujit_pre85765_loads),
		cmocka_unit_test(test_swapped_rule_caught),
		cmocka_unit_test(test_faulty_core_execution),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
