/*
 * The engine's suites: the exact regression pairs, the sweep's coverage and
 * counts (derived here from the definition, independently of the
 * generator's walk), stable case ids, and the random streams' shape and
 * determinism.
 */
#include <setjmp.h>
#include <stdio.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine/suite.h"

static void assert_same_case(const eng_case *a, const eng_case *b)
{
	assert_int_equal(a->suite, b->suite);
	assert_int_equal(a->group, b->group);
	assert_int_equal(a->index, b->index);
	assert_int_equal(a->n, b->n);
	assert_memory_equal(a->item, b->item, a->n * sizeof(eng_item));
}

static void test_regression_pairs(void **state)
{
	eng_params p;
	eng_case c;

	(void)state;
	eng_params_default(&p);
	assert_int_equal(eng_suite_groups(ENG_SUITE_REGRESSION), 12);
	assert_true(eng_case_get(&p, ENG_SUITE_REGRESSION, 0, &c));
	/* The story's pair in its execution order. */
	assert_int_equal(c.n, 2);
	assert_int_equal(c.item[0].kind, A64_STR_X);
	assert_int_equal(c.item[0].rt, 30);
	assert_int_equal(c.item[0].rn, 19);
	assert_int_equal(c.item[0].off, 488);
	assert_int_equal(c.item[1].rt, 0);
	assert_int_equal(c.item[1].off, -16);
	/* The other emission order. */
	assert_true(eng_case_get(&p, ENG_SUITE_REGRESSION, 1, &c));
	assert_int_equal(c.item[0].off, -16);
	assert_int_equal(c.item[1].off, 488);
	assert_false(eng_case_get(&p, ENG_SUITE_REGRESSION, 24, &c));
	for (unsigned g = 0; g < 12; g++) {
		eng_iter it;
		unsigned n = 0;

		eng_iter_start(&it, &p, ENG_SUITE_REGRESSION, g);
		while (eng_iter_next(&it, &c)) {
			assert_int_equal(c.index, 2 * g + n);
			n++;
		}
		assert_int_equal(n, 2);
	}
}

/* The sweep's definition, stated directly: how many (current, previous)
 * pairs a group has per base. */
static uint64_t expected_block(unsigned kind, unsigned gtype)
{
	int64_t s = eng_kind_size(kind), n = 0;

	for (int64_t o = -256; o < 4096 * s; o++) {
		int64_t d[16];
		unsigned nd = 0;

		if (!eng_standalone_ok(kind, o))
			continue;
		/* The never-fuse groups: current offsets in the pairs' reach
		 * (imm7 up to 63*size, plus a pair, plus the widest gap). */
		if (gtype >= 5 && o > 68 * s)
			continue;
		switch (gtype) {
		case 0:
			d[nd++] = -s;
			break;
		case 1:
			d[nd++] = s;
			break;
		case 2:
			d[nd++] = -s - 512;
			d[nd++] = -s + 512;
			d[nd++] = s - 512;
			d[nd++] = s + 512;
			break;
		case 3:
			for (int64_t k = 1; k < s; k++) {
				d[nd++] = k;
				d[nd++] = -k;
			}
			break;
		case 5: /* gap: 2, 3, 4 slots away */
			for (int64_t k = 2; k <= 4; k++) {
				d[nd++] = k * s;
				d[nd++] = -k * s;
			}
			break;
		case 6: /* other-base: the neighbours, on another base */
			d[nd++] = s;
			d[nd++] = -s;
			break;
		case 7: /* other-kind: three shapes, each neighbour */
			for (unsigned sh = 0; sh < 3; sh++) {
				d[nd++] = s;
				d[nd++] = -s;
			}
			break;
		default:
			break;
		}
		for (unsigned i = 0; i < nd; i++)
			n += eng_standalone_ok(kind, o + d[i]);
	}
	if (gtype == 4) {
		static const int64_t p[4] = { -65, -64, 63, 64 };

		for (unsigned i = 0; i < 4; i++)
			n += 2 * (eng_standalone_ok(kind, p[i] * s) &&
				  eng_standalone_ok(kind, p[i] * s + s));
	}
	return (uint64_t)n;
}

static void test_sweep_counts(void **state)
{
	static const unsigned kinds[4] = { A64_STR_W, A64_STR_X, A64_STR_S, A64_STR_D };
	eng_params p;

	(void)state;
	eng_params_default(&p);
	assert_int_equal(eng_suite_groups(ENG_SUITE_SWEEP), 52);
	for (unsigned k = 0; k < 4; k++) {
		for (unsigned g = 0; g < 8; g++) {
			uint64_t want = expected_block(kinds[k], g);

			assert_true(want > 0);
			assert_int_equal(eng_sweep_block_cases(k, g), want);
			if (g >= 5) {
				/* never-fuse groups after the 40 others, plain only */
				assert_int_equal(
					eng_group_cases(&p, ENG_SUITE_SWEEP, 40 + k * 3 + g - 5),
					want);
				continue;
			}
			/* plain and label groups, at x19 */
			assert_int_equal(eng_group_cases(&p, ENG_SUITE_SWEEP, (k * 5 + g) * 2),
					 want);
			assert_int_equal(eng_group_cases(&p, ENG_SUITE_SWEEP, (k * 5 + g) * 2 + 1),
					 want);
		}
	}
	/* The edges: for W, -256/-252 exist; for X, only 504/512 and 512/520. */
	assert_int_equal(eng_sweep_block_cases(0, 4), 6);
	assert_int_equal(eng_sweep_block_cases(1, 4), 4);
	/* other-base for X, counted by hand: current offsets -256..255 and
	 * 256..544 in steps of 8 (549); the neighbour 8 below is encodable but
	 * for -256..-249 (8), the one 8 above but for 249..255 (7). */
	assert_int_equal(eng_sweep_block_cases(1, 6), 2 * 549 - 8 - 7);
}

static void test_sweep_cases_shape(void **state)
{
	eng_params p;
	char name[96];

	(void)state;
	eng_params_default(&p);
	p.bases = ENG_BASE_BIT(19) | ENG_BASE_BIT(31) | ENG_BASE_BIT(0);
	for (unsigned g = 0; g < 40; g++) {
		eng_iter it;
		eng_case c;
		uint64_t n = 0, last = 0;
		unsigned regs_seen = 0;

		eng_group_name(ENG_SUITE_SWEEP, g, name, sizeof(name));
		assert_int_equal(strncmp(name, "sweep/STR", 9), 0);
		assert_int_equal(strstr(name, "/label") != NULL, g & 1);
		eng_iter_start(&it, &p, ENG_SUITE_SWEEP, g);
		while (eng_iter_next(&it, &c)) {
			const eng_item *cur = &c.item[(g & 1) ? 1 : 0];
			const eng_item *prev = &c.item[(g & 1) ? 3 : 1];

			assert_int_equal(c.n, (g & 1) ? 4 : 2);
			if (g & 1) {
				assert_int_equal(c.item[0].type, ENG_JUMP);
				assert_int_equal(c.item[2].type, ENG_LABEL);
			}
			assert_int_equal(cur->type, ENG_ACCESS);
			assert_int_equal(prev->type, ENG_ACCESS);
			assert_true(eng_standalone_ok(cur->kind, cur->off));
			assert_true(eng_standalone_ok(prev->kind, prev->off));
			assert_int_equal(cur->rn, prev->rn);
			assert_true(p.bases >> cur->rn & 1);
			assert_int_not_equal(cur->rt, prev->rt);
			if (!eng_kind_fp(cur->kind)) {
				assert_int_not_equal(cur->rt, cur->rn);
				assert_int_not_equal(prev->rt, prev->rn);
				assert_true(cur->rt < 31 && prev->rt < 31);
			}
			regs_seen |= 1u << cur->rt;
			if (n > 0)
				assert_true(c.index > last);
			last = c.index;
			assert_int_equal(c.group, g);
			n++;
		}
		assert_int_equal(n, eng_group_cases(&p, ENG_SUITE_SWEEP, g));
		/* Big groups rotate the value register through every free one. */
		if (n > 200 && (g / 10 == 0 || g / 10 == 1))
			assert_int_equal(regs_seen, 0x7fffffffu);
	}
}

/* The store of the other register file with the same size. */
static unsigned other_file(unsigned kind)
{
	switch (kind) {
	case A64_STR_W:
		return A64_STR_S;
	case A64_STR_S:
		return A64_STR_W;
	case A64_STR_X:
		return A64_STR_D;
	default:
		return A64_STR_X;
	}
}

static unsigned store_of(unsigned kind)
{
	return kind == A64_LDR_W   ? A64_STR_W
	       : kind == A64_LDR_X ? A64_STR_X
	       : kind == A64_LDR_S ? A64_STR_S
	       : kind == A64_LDR_D ? A64_STR_D
				   : kind;
}

/* gap, other-base, other-kind: two accesses that must never fuse, each
 * shape of its group present. */
static void test_sweep_never_fuse_shape(void **state)
{
	static const char *const gnames[3] = { "gap", "other-base", "other-kind" };
	static const unsigned kinds[4] = { A64_STR_W, A64_STR_X, A64_STR_S, A64_STR_D };
	eng_params p;
	char name[96], want[64];

	(void)state;
	eng_params_default(&p);
	p.bases = ENG_BASE_BIT(19) | ENG_BASE_BIT(31) | ENG_BASE_BIT(0);
	for (unsigned g = 40; g < 52; g++) {
		unsigned k = (g - 40) / 3, t = (g - 40) % 3, kind = kinds[k];
		int64_t s = eng_kind_size(kind);
		uint32_t other_bases = 0;
		unsigned shapes = 0, gaps = 0;
		eng_iter it;
		eng_case c;
		uint64_t n = 0;

		eng_group_name(ENG_SUITE_SWEEP, g, name, sizeof(name));
		snprintf(want, sizeof(want), "sweep/%s/%s", a64_kind_name(kind), gnames[t]);
		assert_string_equal(name, want);
		eng_iter_start(&it, &p, ENG_SUITE_SWEEP, g);
		while (eng_iter_next(&it, &c)) {
			const eng_item *cur = &c.item[0], *prev = &c.item[1];
			int64_t d = (int64_t)prev->off - cur->off;

			assert_int_equal(c.n, 2);
			assert_int_equal(cur->type, ENG_ACCESS);
			assert_int_equal(prev->type, ENG_ACCESS);
			assert_true(eng_standalone_ok(cur->kind, cur->off));
			assert_true(eng_standalone_ok(prev->kind, prev->off));
			assert_true(cur->off >= -256 && cur->off <= 68 * s);
			assert_true(p.bases >> cur->rn & 1);
			for (unsigned a = 0; a < 2; a++) {
				const eng_item *x = &c.item[a];

				if (!eng_kind_fp(x->kind)) {
					assert_true(x->rt < 31);
					assert_int_not_equal(x->rt, cur->rn);
					assert_int_not_equal(x->rt, prev->rn);
				}
			}
			if (eng_kind_fp(cur->kind) == eng_kind_fp(prev->kind))
				assert_int_not_equal(cur->rt, prev->rt);
			else /* across files: the same number, a GPR's */
				assert_int_equal(cur->rt, prev->rt);
			switch (t) {
			case 0:
				assert_int_equal(cur->kind, kind);
				assert_int_equal(prev->kind, kind);
				assert_int_equal(cur->rn, prev->rn);
				assert_true(d == 2 * s || d == -2 * s || d == 3 * s ||
					    d == -3 * s || d == 4 * s || d == -4 * s);
				gaps |= 1u << (d / s + 4);
				break;
			case 1:
				assert_int_equal(cur->kind, kind);
				assert_int_equal(prev->kind, kind);
				assert_int_not_equal(cur->rn, prev->rn);
				assert_true(d == s || d == -s);
				other_bases |= 1u << prev->rn;
				break;
			default:
				assert_int_equal(cur->rn, prev->rn);
				assert_true(d == s || d == -s);
				if (cur->kind == kind && prev->kind == other_file(kind))
					shapes |= 1;
				else if (cur->kind == kind && store_of(prev->kind) == kind &&
					 eng_kind_load(prev->kind))
					shapes |= 2;
				else if (prev->kind == kind && store_of(cur->kind) == kind &&
					 eng_kind_load(cur->kind))
					shapes |= 4;
				else
					fail();
				break;
			}
			n++;
		}
		assert_int_equal(n, eng_group_cases(&p, ENG_SUITE_SWEEP, g));
		if (t == 0)
			assert_int_equal(gaps, 0x1c7u); /* -4..-2 and 2..4 slots */
		if (t == 1)
			assert_int_equal(other_bases, 0xffffffffu); /* every register, sp too */
		if (t == 2)
			assert_int_equal(shapes, 7u);
	}
}

static void test_sweep_ids_stable(void **state)
{
	eng_params one, all;

	(void)state;
	eng_params_default(&one);
	eng_params_default(&all);
	all.bases = ENG_BASE_ALL;
	for (unsigned g = 0; g < 52; g += 3) {
		eng_iter it;
		eng_case c, d;
		uint64_t n = 0;

		eng_iter_start(&it, &one, ENG_SUITE_SWEEP, g);
		while (eng_iter_next(&it, &c)) {
			if (n++ % 97 != 0)
				continue;
			/* The same id names the same case alone... */
			assert_true(eng_case_get(&one, ENG_SUITE_SWEEP, c.index, &d));
			assert_same_case(&c, &d);
		}
		/* ...and in a run over every base. */
		eng_iter_start(&it, &all, ENG_SUITE_SWEEP, g);
		n = 0;
		while (eng_iter_next(&it, &c)) {
			if (n++ % 1231 != 0)
				continue;
			assert_true(eng_case_get(&all, ENG_SUITE_SWEEP, c.index, &d));
			assert_same_case(&c, &d);
		}
		assert_int_equal(n, 32 * eng_group_cases(&one, ENG_SUITE_SWEEP, g));
	}
	{
		eng_case c;
		uint64_t total = 0;

		for (unsigned g = 0; g < 52; g++)
			total += eng_group_cases(&all, ENG_SUITE_SWEEP, g);
		assert_true(eng_case_get(&all, ENG_SUITE_SWEEP, total - 1, &c));
		assert_false(eng_case_get(&all, ENG_SUITE_SWEEP, total, &c));
	}
}

/* The loads suite: every group's ids name their cases, alone and over
 * every base; its first 40 groups are the sweep's cases as loads; its
 * load-into-base groups have none at sp. */
static void test_loads_ids_stable(void **state)
{
	eng_params one, all;

	(void)state;
	eng_params_default(&one);
	eng_params_default(&all);
	all.bases = ENG_BASE_ALL;
	assert_int_equal(eng_suite_groups(ENG_SUITE_LOADS), 53);
	for (unsigned g = 0; g < eng_suite_groups(ENG_SUITE_LOADS); g++) {
		const eng_params *ps[2] = { &one, &all };
		char name[96];

		eng_group_name(ENG_SUITE_LOADS, g, name, sizeof(name));
		for (unsigned k = 0; k < 2; k++) {
			eng_iter it, sw;
			eng_case c, d, e;
			uint64_t n = 0;

			eng_iter_start(&it, ps[k], ENG_SUITE_LOADS, g);
			if (g < 40)
				eng_iter_start(&sw, ps[k], ENG_SUITE_SWEEP, g);
			while (eng_iter_next(&it, &c)) {
				assert_true(eng_case_is_load(&c));
				assert_int_equal(c.group, g);
				if (g < 40) {
					assert_true(eng_iter_next(&sw, &e));
					assert_int_equal(e.index, c.index);
					for (unsigned i = 0; i < c.n; i++)
						assert_int_equal(c.item[i].kind,
								 e.item[i].kind + (c.item[i].type ==
										   ENG_ACCESS));
				}
				if (strstr(name, "/base"))
					assert_int_not_equal(c.item[0].rn, 31);
				if (n++ % (k ? 1231 : 97) != 0)
					continue;
				assert_true(eng_case_get(ps[k], ENG_SUITE_LOADS, c.index, &d));
				assert_same_case(&c, &d);
			}
			assert_int_equal(n, eng_group_cases(ps[k], ENG_SUITE_LOADS, g));
		}
	}
}

static void check_random_shape(const eng_case *c, const eng_params *p)
{
	uint8_t bases[ENG_MAX_BASES];
	unsigned nb = eng_case_bases(c, bases), accesses = 0, jumps = 0;
	bool pending_jump = false;

	assert_true(nb >= 1 && nb <= 3);
	const eng_item *prev = NULL;

	assert_true(c->mixed && eng_case_is_load(c)); /* fill, capture */
	for (unsigned i = 0; i < c->n; i++) {
		const eng_item *it = &c->item[i];

		switch (it->type) {
		case ENG_ACCESS:
			accesses++;
			assert_true(eng_standalone_ok(it->kind, it->off));
			/* No load into the register the access before it loaded. */
			if (prev && eng_kind_load(it->kind) && eng_kind_load(prev->kind) &&
			    eng_kind_fp(it->kind) == eng_kind_fp(prev->kind))
				assert_int_not_equal(it->rt, prev->rt);
			prev = it;
			if (!eng_kind_fp(it->kind)) {
				assert_true(it->rt < 31);
				for (unsigned b = 0; b < nb; b++)
					assert_int_not_equal(it->rt, bases[b]);
			}
			break;
		case ENG_JUMP:
			/* One jump per label, never a second before it. */
			assert_false(pending_jump);
			assert_true(i + 1 < c->n && c->item[i + 1].type == ENG_ACCESS);
			pending_jump = true;
			jumps++;
			break;
		case ENG_LABEL:
			assert_true(i + 1 < c->n && c->item[i + 1].type == ENG_ACCESS);
			pending_jump = false;
			break;
		default:
			fail();
		}
	}
	assert_false(pending_jump);
	assert_true(accesses >= 2 && accesses <= p->maxlen);
	assert_int_equal(c->item[c->n - 1].type, ENG_ACCESS);
	if (c->index & 1)
		assert_true(jumps >= 1);
	else
		assert_int_equal(jumps, 0);
}

static void test_random_shape_and_determinism(void **state)
{
	eng_params p, q;
	unsigned kinds_seen = 0, sp_seen = 0;

	(void)state;
	eng_params_default(&p);
	p.seed = 42;
	q = p;
	q.seed = 43;
	for (uint64_t i = 0; i < 2000; i++) {
		eng_case a, b, d;

		assert_true(eng_case_get(&p, ENG_SUITE_RANDOM, i, &a));
		assert_true(eng_case_get(&p, ENG_SUITE_RANDOM, i, &b));
		assert_same_case(&a, &b);
		assert_int_equal(a.group, i & 1);
		check_random_shape(&a, &p);
		assert_true(eng_case_get(&q, ENG_SUITE_RANDOM, i, &d));
		if (i < 50)
			assert_true(a.n != d.n ||
				    memcmp(a.item, d.item, a.n * sizeof(eng_item)) != 0);
		for (unsigned k = 0; k < a.n; k++) {
			if (a.item[k].type == ENG_ACCESS) {
				kinds_seen |= 1u << a.item[k].kind;
				sp_seen |= a.item[k].rn == 31;
			}
		}
	}
	/* Stores of every size, loads of the fusable kinds (a mixed case). */
	assert_int_equal(kinds_seen, (1u << A64_STR_W) | (1u << A64_STR_X) | (1u << A64_STR_S) |
					     (1u << A64_STR_D) | (1u << A64_STR_B) |
					     (1u << A64_STR_H) | (1u << A64_LDR_W) |
					     (1u << A64_LDR_X) | (1u << A64_LDR_S) |
					     (1u << A64_LDR_D));
	assert_true(sp_seen);
}

static void test_random_groups(void **state)
{
	eng_params p;
	eng_iter it;
	eng_case c;
	uint64_t n = 0;

	(void)state;
	eng_params_default(&p);
	p.count = 11;
	assert_int_equal(eng_group_cases(&p, ENG_SUITE_RANDOM, 0), 6);
	assert_int_equal(eng_group_cases(&p, ENG_SUITE_RANDOM, 1), 5);
	eng_iter_start(&it, &p, ENG_SUITE_RANDOM, 1);
	while (eng_iter_next(&it, &c)) {
		assert_int_equal(c.index, 2 * n + 1);
		n++;
	}
	assert_int_equal(n, 5);
}

static void test_ids_and_bases_parse(void **state)
{
	eng_suite_id s;
	uint64_t i;

	(void)state;
	assert_true(eng_case_id_parse("sweep/1234", &s, &i));
	assert_int_equal(s, ENG_SUITE_SWEEP);
	assert_int_equal(i, 1234);
	assert_true(eng_case_id_parse("random/0", &s, &i));
	assert_int_equal(s, ENG_SUITE_RANDOM);
	assert_false(eng_case_id_parse("sweep/", &s, &i));
	assert_false(eng_case_id_parse("sweep", &s, &i));
	assert_false(eng_case_id_parse("bogus/1", &s, &i));
	assert_false(eng_case_id_parse("sweep/12a", &s, &i));
	assert_false(eng_case_id_parse("sweep/-1", &s, &i));
	assert_false(eng_case_id_parse("sweep/99999999999999999999999", &s, &i));
	assert_int_equal(eng_base_parse("x0"), 0);
	assert_int_equal(eng_base_parse("x19"), 19);
	assert_int_equal(eng_base_parse("x30"), 30);
	assert_int_equal(eng_base_parse("sp"), 31);
	assert_int_equal(eng_base_parse("x31"), -1);
	assert_int_equal(eng_base_parse("x01"), -1);
	assert_int_equal(eng_base_parse("w1"), -1);
	assert_int_equal(eng_base_parse("x"), -1);
	assert_int_equal(eng_suite_find("sweep"), ENG_SUITE_SWEEP);
	assert_int_equal(eng_suite_find("sweeps"), ENG_SUITE_COUNT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_regression_pairs),
		cmocka_unit_test(test_sweep_counts),
		cmocka_unit_test(test_sweep_cases_shape),
		cmocka_unit_test(test_sweep_never_fuse_shape),
		cmocka_unit_test(test_sweep_ids_stable),
		cmocka_unit_test(test_loads_ids_stable),
		cmocka_unit_test(test_random_shape_and_determinism),
		cmocka_unit_test(test_random_groups),
		cmocka_unit_test(test_ids_and_bases_parse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
