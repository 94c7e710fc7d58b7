/*
 * The engine's models: register values, the guard, the byte-wise reference
 * model and the decoder's prediction of emitted words.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "engine/engine.h"
#include "engine/gen.h"
#include "engine/rng.h"
#include "engine/suite.h"
#include "jit/policy.h"
#include "simcore.h"

static eng_case make(unsigned n, const eng_item *items)
{
	return sim_case(n, items, 5);
}

static void test_values_are_distinct_patterns(void **state)
{
	eng_item items[64];
	eng_case c;
	eng_regs r;

	(void)state;
	/* Every GPR but x31 as X, every FP register as D. */
	for (unsigned i = 0; i < 31; i++)
		items[i] = gen_access(A64_STR_X, i, 31, 8 * i);
	for (unsigned i = 0; i < 32; i++)
		items[31 + i] = gen_access(A64_STR_D, i, 31, 8 * (31 + i));
	c = make(63, items);
	eng_values(&c, 99, &r);
	for (unsigned a = 0; a < 63; a++) {
		uint64_t va = a < 31 ? r.x[a] : r.v[a - 31];

		for (unsigned i = 0; i < 8; i++) {
			uint8_t bi = (uint8_t)(va >> (8 * i));

			assert_true(bi < 0x80);
			for (unsigned j = i + 1; j < 8; j++)
				assert_int_not_equal(bi, (uint8_t)(va >> (8 * j)));
		}
		for (unsigned b = a + 1; b < 63; b++) {
			uint64_t vb = b < 31 ? r.x[b] : r.v[b - 31];

			/* Whole registers differ; within the XOR table (the first
			 * ENG_NK registers named) so do their low bytes. */
			assert_int_not_equal(va, vb);
			if (b < ENG_NK)
				assert_int_not_equal(va & 0xff, vb & 0xff);
		}
	}
	assert_int_equal(r.set, 0xffffffff7fffffffull);
	assert_int_equal(r.wide, r.set);
	/* Table registers are the pattern XOR their byte, in order of use. */
	for (unsigned a = 0; a < ENG_NK; a++) {
		uint64_t va = a < 31 ? r.x[a] : r.v[a - 31];

		assert_int_equal(va ^ r.pattern, 0x0101010101010101ull * eng_xor_byte(a));
		assert_int_equal(r.kidx[a < 31 ? a : 32 + a - 31], a);
	}
}

static void test_xor_table(void **state)
{
	(void)state;
	assert_int_equal(eng_xor_byte(0), 0);
	for (unsigned k = 1; k < ENG_NK; k++) {
		uint8_t b = eng_xor_byte(k);
		unsigned low = (unsigned)__builtin_ctz(b), len = (unsigned)__builtin_popcount(b);

		assert_true(b > 0 && b < 0x80);
		assert_int_equal(b, ((1u << len) - 1) << low); /* one run of ones */
		for (unsigned j = 1; j < k; j++)
			assert_int_not_equal(b, eng_xor_byte(j));
		if (k > 1) {
			/* By length, then by position (values stay as they were). */
			uint8_t p = eng_xor_byte(k - 1);
			unsigned plen = (unsigned)__builtin_popcount(p);

			assert_true(plen < len || (plen == len && __builtin_ctz(p) < (int)low));
		}
	}
	assert_int_equal(eng_xor_byte(ENG_NK), 0);
}

static void test_values_narrow_and_per_case(void **state)
{
	eng_item items[3] = {
		gen_access(A64_STR_W, 3, 19, 0),
		gen_access(A64_STR_S, 4, 19, 4),
		gen_access(A64_STR_X, 5, 19, 8),
	};
	eng_case c = make(3, items), d;
	eng_regs r, r2, r3;

	(void)state;
	eng_values(&c, 1, &r);
	assert_int_equal(r.x[3] >> 32, 0); /* MOVZ/MOVK of a W register */
	assert_int_equal(r.v[4] >> 32, 0); /* FMOV to an S register */
	assert_int_not_equal(r.x[5] >> 32, 0);
	assert_int_equal(r.set, (1ull << 3) | (1ull << 36) | (1ull << 5));
	assert_int_equal(eng_reg_value(&r, false, 0), 0); /* not set: taken as 0 */
	eng_values(&c, 1, &r2);
	assert_int_equal(r.x[3], r2.x[3]);
	assert_int_equal(r.v[4], r2.v[4]);
	assert_int_equal(r.x[5], r2.x[5]);
	/* The case's own bytes 0..1 differ between cases; the run's do not. */
	d = c;
	d.index = 7;
	eng_values(&d, 1, &r3);
	assert_int_equal(r.pattern >> 16, r3.pattern >> 16);
	assert_int_not_equal(r.pattern & 0xffff, r3.pattern & 0xffff);
	d = c;
	d.index = 6;
	eng_values(&d, 1, &r3);
	assert_int_not_equal(r.x[5], r3.x[5]); /* per-case patterns */
	eng_values(&c, 2, &r3);
	assert_int_not_equal(r.x[5], r3.x[5]); /* per-seed patterns */
}

static void test_guard_never_a_value_byte(void **state)
{
	(void)state;
	for (uint64_t a = 0; a < 2 * ENG_GUARD_PERIOD; a++) {
		assert_true(eng_guard_byte(a) >= 0x80);
		assert_int_equal(eng_guard_byte(a), eng_guard_byte(a + ENG_GUARD_PERIOD));
	}
	/* Neighbours differ (a shifted copy of the guard is not the guard),
	 * and so does every byte of a period. */
	for (uint64_t a = 0; a < ENG_GUARD_PERIOD; a++) {
		assert_int_not_equal(eng_guard_byte(a), eng_guard_byte(a + 1));
		for (uint64_t b = a + 1; b < ENG_GUARD_PERIOD; b++)
			assert_int_not_equal(eng_guard_byte(a), eng_guard_byte(b));
	}
}

static uint8_t byte_of(uint64_t v, unsigned k)
{
	return (uint8_t)(v >> (8 * k));
}

static void test_ref_single_and_overlap(void **state)
{
	eng_item items[4] = {
		gen_access(A64_STR_X, 1, 19, 16),
		gen_access(A64_STR_W, 2, 19, 20), /* overwrites bytes 20..23 */
		gen_access(A64_STR_S, 7, 19, -4),
		gen_access(A64_STR_X, 3, 19, 16), /* the slot again: last wins */
	};
	eng_case c = make(4, items);
	eng_regs r;
	static eng_mem m;

	(void)state;
	eng_values(&c, 1, &r);
	eng_ref(&c, &r, &m);
	assert_int_equal(m.n, 12);
	for (unsigned k = 0; k < 4; k++)
		assert_int_equal(eng_mem_get(&m, 0, -4 + (int32_t)k), byte_of(r.v[7], k));
	for (unsigned k = 0; k < 8; k++)
		assert_int_equal(eng_mem_get(&m, 0, 16 + (int32_t)k), byte_of(r.x[3], k));
	assert_int_equal(eng_mem_get(&m, 0, 0), -1);
	assert_int_equal(eng_mem_get(&m, 0, 24), -1);

	/* Without the last store, the W store's bytes sit on top of x1's. */
	c.n = 3;
	eng_values(&c, 1, &r);
	eng_ref(&c, &r, &m);
	for (unsigned k = 0; k < 4; k++) {
		assert_int_equal(eng_mem_get(&m, 0, 16 + (int32_t)k), byte_of(r.x[1], k));
		assert_int_equal(eng_mem_get(&m, 0, 20 + (int32_t)k), byte_of(r.x[2], k));
	}
}

static void test_ref_jump_skips_to_label(void **state)
{
	eng_item items[6] = {
		gen_access(A64_STR_X, 1, 19, 0), gen_marker(ENG_JUMP),
		gen_access(A64_STR_X, 2, 19, 8), gen_access(A64_STR_X, 3, 19, 16),
		gen_marker(ENG_LABEL),		 gen_access(A64_STR_X, 4, 19, 24),
	};
	eng_case c = make(6, items);
	eng_regs r;
	static eng_mem m;

	(void)state;
	eng_values(&c, 1, &r);
	eng_ref(&c, &r, &m);
	assert_int_equal(m.n, 16);
	assert_int_equal(eng_mem_get(&m, 0, 0), byte_of(r.x[1], 0));
	assert_int_equal(eng_mem_get(&m, 0, 8), -1);
	assert_int_equal(eng_mem_get(&m, 0, 16), -1);
	assert_int_equal(eng_mem_get(&m, 0, 24), byte_of(r.x[4], 0));
}

static void test_ref_bases_and_xzr(void **state)
{
	eng_item items[3] = {
		gen_access(A64_STR_X, 31, 20, 0), /* xzr */
		gen_access(A64_STR_W, 1, 31, 8),  /* sp base */
		gen_access(A64_STR_B, 2, 20, 8),
	};
	eng_case c = make(3, items);
	uint8_t bases[ENG_MAX_BASES];
	eng_regs r;
	static eng_mem m;

	(void)state;
	assert_int_equal(eng_case_bases(&c, bases), 2);
	assert_int_equal(bases[0], 20);
	assert_int_equal(bases[1], 31);
	eng_values(&c, 1, &r);
	eng_regs_set_base(&r, 31, 0x1000); /* SP is not XZR */
	eng_ref(&c, &r, &m);
	assert_int_equal(m.n, 8 + 4 + 1);
	for (unsigned k = 0; k < 8; k++)
		assert_int_equal(eng_mem_get(&m, 0, (int32_t)k), 0);
	assert_int_equal(eng_mem_get(&m, 0, 8), byte_of(r.x[2], 0));
	assert_int_equal(eng_mem_get(&m, 1, 8), byte_of(r.x[1], 0));
}

/* Two expected register files agree on every captured register and on
 * which item fills each register. */
static bool regs_exp_equal(const eng_regs_exp *a, const eng_regs_exp *b)
{
	if (a->capture != b->capture || memcmp(a->by, b->by, sizeof(a->by)) != 0)
		return false;
	for (unsigned id = 0; id < 64; id++)
		if ((a->capture >> id & 1) && (a->val[id] != b->val[id] || a->hi[id] != b->hi[id]))
			return false;
	return true;
}

/* A case of single accesses only (no pair or writeback form). */
static bool all_single(const eng_case *c)
{
	for (unsigned i = 0; i < c->n; i++)
		if (c->item[i].type == ENG_ACCESS && c->item[i].form != ENG_FORM_SINGLE)
			return false;
	return true;
}

/* The fast paths of eng_ref and eng_ref_regs give what the plain models
 * give (every register set up before the requests run). */
static void test_ref_fast_equals_plain(void **state)
{
	eng_params p;
	static eng_mem fast, plain;
	static eng_regs_exp efast, eplain;
	unsigned overlapping = 0, n = 0, loads = 0, filled = 0, simple = 0;

	(void)state;
	eng_params_default(&p);
	p.bases = ENG_BASE_BIT(19) | ENG_BASE_BIT(31);
	p.count = 4000;
	for (unsigned s = 0; s < ENG_SUITE_COUNT; s++) {
		for (unsigned g = 0; g < eng_suite_groups((eng_suite_id)s); g++) {
			eng_iter it;
			eng_case c;
			unsigned k = 0;

			eng_iter_start(&it, &p, (eng_suite_id)s, g);
			while (eng_iter_next(&it, &c)) {
				eng_regs r;
				uint8_t bases[ENG_MAX_BASES];
				unsigned nb = eng_case_bases(&c, bases);

				if (s == ENG_SUITE_SWEEP && k++ % 7 != 0)
					continue;
				eng_values(&c, 3, &r);
				for (unsigned b = 0; b < nb; b++)
					eng_regs_set_base(&r, bases[b], 0x1000 * (b + 1));
				eng_ref(&c, &r, &fast);
				eng_ref_plain(&c, &r, &plain);
				assert_true(eng_mem_equal(&fast, &plain));
				n++;
				if (eng_case_is_load(&c)) {
					r.capture = r.set & ~(1ull << 31);
					eng_ref_regs(&c, &r, &efast);
					eng_ref_regs_plain(&c, &r, &eplain);
					assert_true(regs_exp_equal(&efast, &eplain));
					loads++;
					for (unsigned id = 0; id < 64; id++)
						filled += eplain.by[id] != ENG_BY_NONE;
				}
				simple += !eng_case_is_load(&c) && !c.fault_ec && all_single(&c);
				for (unsigned i = 1; i < plain.n; i++)
					if (plain.b[i].base == plain.b[i - 1].base &&
					    plain.b[i].off == plain.b[i - 1].off)
						fail();
				overlapping += (s == ENG_SUITE_RANDOM);
			}
		}
	}
	assert_true(n > 30000);
	assert_true(simple > 20000); /* eng_ref's path for plain store cases */
	assert_true(overlapping > 1000);
	assert_true(loads > 10000);
	assert_true(filled > loads);
}

/* Few stores crowded on a few bytes (every order, size, covering and gap):
 * eng_ref's path for a few overlapping stores against the plain model. */
static void test_ref_few_overlapping_equals_plain(void **state)
{
	static const uint8_t kinds[] = { A64_STR_B, A64_STR_H, A64_STR_W, A64_STR_X,
					 A64_STR_S, A64_STR_D, A64_STR_Q };
	static eng_mem fast, plain;
	unsigned overlapping = 0;
	eng_rng rng;

	(void)state;
	eng_rng_init(&rng, 5, 0);
	for (unsigned t = 0; t < 20000; t++) {
		eng_case c = { .suite = ENG_SUITE_RANDOM, .index = t };
		unsigned n = 2 + (unsigned)eng_rng_below(&rng, 7);
		eng_regs r;

		for (unsigned i = 0; i < n; i++)
			c.item[c.n++] = gen_access(kinds[eng_rng_below(&rng, sizeof(kinds))],
						   (unsigned)eng_rng_below(&rng, 8),
						   eng_rng_chance(&rng, 1, 4) ? 20 : 19,
						   (int64_t)eng_rng_below(&rng, 24) - 8);
		eng_values(&c, 9, &r);
		eng_regs_set_base(&r, 19, 0x1000);
		eng_regs_set_base(&r, 20, 0x9000);
		eng_ref(&c, &r, &fast);
		eng_ref_plain(&c, &r, &plain);
		assert_true(eng_mem_equal(&fast, &plain));
		for (unsigned i = 0; i < n && i < c.n; i++)
			for (unsigned j = i + 1; j < c.n; j++)
				if (c.item[i].rn == c.item[j].rn &&
				    c.item[i].off < c.item[j].off + (int32_t)eng_kind_size(
									    c.item[j].kind) &&
				    c.item[j].off <
					    c.item[i].off + (int32_t)eng_kind_size(c.item[i].kind))
					overlapping++;
	}
	assert_true(overlapping > 20000);
}

static void test_predict_matches_words(void **state)
{
	eng_item items[2] = {
		gen_access(A64_STR_X, 30, 19, 488),
		gen_access(A64_STR_X, 0, 19, 496),
	};
	eng_case c = make(2, items);
	eng_regs r;
	static eng_mem ref;
	static eng_pred p;
	a64_err err;
	uint32_t pair = a64_enc_pair(A64_STR_X, A64_PAIR_OFFSET, 30, 0, 19, 488, &err);
	uint32_t two[2] = { 0xf900f67e, 0xf900fa60 }; /* str x30,[x19,#488]; str x0,[x19,#496] */
	uint32_t kong = 0xa91e827e;

	(void)state;
	assert_int_equal(err, A64_OK);
	eng_values(&c, 3, &r);
	eng_ref(&c, &r, &ref);
	eng_predict(&c, &r, &pair, 1, &p);
	assert_int_equal(p.stop, ENG_PRED_OK);
	assert_true(eng_mem_equal(&ref, &p.mem));
	eng_predict(&c, &r, two, 2, &p);
	assert_true(eng_mem_equal(&ref, &p.mem));
	assert_int_equal(eng_classify(ref.b, ref.n, &p), ENG_CLASS_EXECUTION);

	/* The Kong words are the same pair, so they implement 488 and 496
	 * too; against the requests 488 and -16 they do not. */
	c.item[1].off = -16;
	eng_ref(&c, &r, &ref);
	eng_predict(&c, &r, &kong, 1, &p);
	assert_int_equal(p.stop, ENG_PRED_OK);
	assert_false(eng_mem_equal(&ref, &p.mem));
	assert_int_equal(eng_classify(ref.b, ref.n, &p), ENG_CLASS_FUSION);
}

static void test_predict_stops(void **state)
{
	eng_item items[1] = { gen_access(A64_STR_X, 1, 19, 0) };
	eng_case c = make(1, items);
	eng_regs r;
	static eng_pred p;
	uint32_t undef = 0xffff737a, brk = A64_POISON;
	uint32_t other_base = 0xf9000281;			  /* str x1, [x20] */
	uint32_t back[2] = { 0xf9000261, 0x17ffffff };		  /* str x1,[x19]; b .-4 */
	uint32_t fwd[3] = { 0x14000002, 0xf9000661, 0xf9000261 }; /* b .+8; skipped; str */

	(void)state;
	eng_values(&c, 1, &r);
	eng_predict(&c, &r, &undef, 1, &p);
	assert_int_equal(p.stop, ENG_PRED_UNDEF);
	eng_predict(&c, &r, &brk, 1, &p);
	assert_int_equal(p.stop, ENG_PRED_TRAP);
	eng_predict(&c, &r, &other_base, 1, &p);
	assert_int_equal(p.stop, ENG_PRED_BADBASE);
	eng_predict(&c, &r, back, 2, &p);
	assert_int_equal(p.stop, ENG_PRED_BADJUMP);
	assert_int_equal(p.at, 1);
	eng_predict(&c, &r, fwd, 3, &p);
	assert_int_equal(p.stop, ENG_PRED_OK);
	assert_int_equal(p.mem.n, 8);
	assert_int_equal(p.mem.b[0].off, 0);
}

static void test_standalone_rule(void **state)
{
	(void)state;
	assert_true(eng_standalone_ok(A64_STR_X, -256));
	assert_false(eng_standalone_ok(A64_STR_X, -257));
	assert_true(eng_standalone_ok(A64_STR_X, 255));
	assert_false(eng_standalone_ok(A64_STR_X, 257));
	assert_true(eng_standalone_ok(A64_STR_X, 32760));
	assert_false(eng_standalone_ok(A64_STR_X, 32768));
	assert_true(eng_standalone_ok(A64_STR_W, 16380));
	assert_false(eng_standalone_ok(A64_STR_W, 16384));
	/* It agrees with the a64 layer's own statement of the rule. */
	for (int64_t o = -600; o < 40000; o++)
		for (unsigned k = A64_STR_W; k <= A64_STR_D; k += 2)
			assert_int_equal(eng_standalone_ok(k, o),
					 a64_single_form_of((a64_kind)k, o) != A64_FORM_NONE);
}

static void test_item_asm(void **state)
{
	char buf[64];
	eng_item a = gen_access(A64_STR_X, 30, 19, 488), b = gen_access(A64_STR_X, 0, 19, -16);
	eng_item c = gen_access(A64_STR_S, 3, 31, 0), d = gen_access(A64_STR_W, 31, 2, 3);

	(void)state;
	eng_item_asm(&a, buf, sizeof(buf));
	assert_string_equal(buf, "str x30, [x19, #488]");
	eng_item_asm(&b, buf, sizeof(buf));
	assert_string_equal(buf, "stur x0, [x19, #-16]");
	eng_item_asm(&c, buf, sizeof(buf));
	assert_string_equal(buf, "str s3, [sp]");
	eng_item_asm(&d, buf, sizeof(buf));
	assert_string_equal(buf, "stur wzr, [x2, #3]");
}

/* The reference of an open forms case (writeback, Rn a transfer register)
 * is the choice the judge names first, spelled out here: a store stores
 * the old base, X[t, datasize] (W: its low 32 bits, nothing past them); a
 * load leaves the written-back address in Rn and the other register of a
 * pair loaded (W: zero-extended). */
static void check_open_ref(const eng_case *c, const eng_regs *r)
{
	const eng_item *it = &c->item[0];
	unsigned size = eng_kind_size(it->kind), rn = it->rn;
	int64_t at = eng_item_addr(it), reg_at = at + (it->rt == rn ? 0 : size);
	static eng_mem ref;
	static eng_regs_exp exp;

	if (!eng_kind_load(it->kind)) {
		eng_ref(c, r, &ref);
		for (unsigned k = 0; k < size; k++)
			assert_int_equal(eng_mem_get(&ref, 0, (int32_t)(reg_at + k)),
					 (int)(uint8_t)(r->x[rn] >> (8 * k)));
		if (!eng_item_pair(it))
			assert_int_equal(eng_mem_get(&ref, 0, (int32_t)(reg_at + size)), -1);
		return;
	}
	eng_ref_regs(c, r, &exp);
	assert_true(exp.val[rn] == r->x[rn] + (uint64_t)eng_item_writeback(it));
	if (eng_item_pair(it)) {
		unsigned other = it->rt == rn ? it->rt2 : it->rt;
		int64_t other_at = at + (it->rt == rn ? size : 0);

		assert_true(exp.val[other] ==
			    eng_fill_read(r->x[rn] + (uint64_t)other_at, size, r->fill_mix));
		assert_true(size == 8 || exp.val[other] >> 32 == 0);
	}
}

/* The decoder's prediction of every forms case's emitted words equals the
 * reference model (memory for stores, the captured registers, the bases'
 * written-back values among them, for loads); the open cases, and only
 * they, predict as CONSTRAINED UNPREDICTABLE. */
static void test_predict_forms_equals_ref(void **state)
{
	eng_params p;
	static eng_mem ref;
	static eng_pred pred;
	static eng_regs_exp exp;
	unsigned n = 0, open = 0, loads = 0;

	(void)state;
	eng_params_default(&p);
	for (unsigned g = 0; g < eng_suite_groups(ENG_SUITE_FORMS); g++) {
		eng_iter it;
		eng_case c;

		eng_iter_start(&it, &p, ENG_SUITE_FORMS, g);
		while (eng_iter_next(&it, &c)) {
			uint32_t words[ENG_MAX_WORDS];
			unsigned nw, nb;
			uint8_t bases[ENG_MAX_BASES];
			eng_regs r;
			bool load = eng_case_is_load(&c);

			assert_int_equal(
				eng_emit(&c, fuse_policy_find("fixed"), words, ENG_MAX_WORDS, &nw),
				A64_OK);
			eng_values(&c, 3, &r);
			nb = eng_case_bases(&c, bases);
			for (unsigned b = 0; b < nb; b++)
				eng_regs_set_base(&r, bases[b], 0x100000 * (b + 1));
			if (load)
				r.capture = r.set & ~(1ull << 31);
			eng_predict(&c, &r, words, nw, &pred);
			n++;
			if (eng_case_open(&c)) {
				assert_int_equal(pred.stop, ENG_PRED_UNPREDICTABLE);
				check_open_ref(&c, &r);
				open++;
				continue;
			}
			assert_int_equal(pred.stop, ENG_PRED_OK);
			if (load) {
				eng_ref_regs(&c, &r, &exp);
				for (unsigned id = 0; id < 64; id++)
					if (r.capture >> id & 1)
						assert_true(pred.regs.val[id] == exp.val[id] &&
							    pred.regs.hi[id] == exp.hi[id]);
				assert_int_equal(pred.mem.n, 0);
				loads++;
			} else {
				eng_ref(&c, &r, &ref);
				assert_true(eng_mem_equal(&ref, &pred.mem));
			}
		}
	}
	assert_int_equal(n, eng_suite_groups(ENG_SUITE_FORMS) * 128);
	assert_int_equal(open, 16 * 128);	      /* X and W */
	assert_int_equal(loads, (10 + 15 + 5) * 128); /* LDR pre/post, LDP, LDNP */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values_are_distinct_patterns),
		cmocka_unit_test(test_values_narrow_and_per_case),
		cmocka_unit_test(test_xor_table),
		cmocka_unit_test(test_guard_never_a_value_byte),
		cmocka_unit_test(test_ref_single_and_overlap),
		cmocka_unit_test(test_ref_jump_skips_to_label),
		cmocka_unit_test(test_ref_bases_and_xzr),
		cmocka_unit_test(test_ref_fast_equals_plain),
		cmocka_unit_test(test_ref_few_overlapping_equals_plain),
		cmocka_unit_test(test_predict_matches_words),
		cmocka_unit_test(test_predict_forms_equals_ref),
		cmocka_unit_test(test_predict_stops),
		cmocka_unit_test(test_standalone_rule),
		cmocka_unit_test(test_item_asm),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
