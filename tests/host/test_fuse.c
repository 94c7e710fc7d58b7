/*
 * Fusion policies on hand-picked pairs (the MISSION.md examples in their
 * emission order, each rule and our guard), and the backwards-filling
 * emitter (fusion, labels, raw words, errors, a full buffer).
 *
 * Emission order: CUR is the access being emitted and executes first; PREV
 * is the word already in the buffer, just above, executing second.
 */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "a64/a64.h"
#include "jit/domain.h"
#include "jit/emit.h"
#include "enc_single.h"

static const fuse_policy *pol(const char *name)
{
	const fuse_policy *p = fuse_policy_find(name);
	if (!p)
		fail_msg("policy %s missing", name);
	return p;
}

/* Fuse a CUR word (decoded into its request) with PREV; returns the pair or 0. */
static uint32_t fuse_words(const char *policy, uint32_t cur, uint32_t prev, bool label)
{
	a64_insn in;
	assert_true(a64_decode(cur, &in));
	assert_true(in.op == A64_OP_LDST_UIMM || in.op == A64_OP_LDST_SIMM9);
	uint32_t pair = 0;
	if (!fuse_try(pol(policy), in.kind, in.rt, in.rn, in.imm, prev, label, &pair))
		return 0;
	assert_int_not_equal(pair, 0);
	return pair;
}

static uint32_t single(a64_kind k, unsigned rt, unsigned rn, int64_t off)
{
	return enc_single_ok(k, rt, rn, off);
}

/* LuaJIT's policies: the rules below are theirs (tests/host/test_models.c
 * has the other JITs'). */
static const char *const luajit_policies[] = {
	"fixed",	  "none",	"luajit-2016", "luajit-pre1056",
	"luajit-pre1075", "no-barrier", "luajit-2.1",  NULL,
};

static void test_policy_names(void **state)
{
	(void)state;
	static const char *const want[] = {
		"fixed",      "none",	    "luajit-2016",     "luajit-pre1056",  "luajit-pre1075",
		"no-barrier", "luajit-2.1", "hotspot",	       "ryujit",	  "ryujit-pre85765",
		"graal",      "test-gap",   "test-other-base", "test-other-file", "test-load-store",
	};
	size_t n = 0;
	for (const char *const *p = fuse_policy_names; *p; p++, n++) {
		assert_true(n < 15);
		assert_string_equal(*p, want[n]);
		assert_string_equal(fuse_policy_name(pol(*p)), *p);
	}
	assert_int_equal(n, 15);
	char msg[160];
	assert_null(fuse_policy_registry_check(msg, sizeof msg));
	assert_null(fuse_policy_find("bogus"));
	assert_null(fuse_policy_find(""));
	assert_null(fuse_policy_find(NULL));
	assert_ptr_equal(fuse_policy_default(), pol("fixed"));
}

/*
 * The sweep's never-fuse controls (test only): each fuses its one shape,
 * which fixed keeps apart, and none of the others' shapes.
 */
static void test_never_fuse_controls(void **state)
{
	(void)state;
	static const char *const controls[] = { "test-gap", "test-other-base", "test-other-file",
						"test-load-store" };
	a64_err err;
	/* cur, prev, and which control fuses them into what */
	const struct {
		uint32_t cur, prev;
		unsigned who;
		uint32_t pair;
	} shapes[] = {
		{ single(A64_STR_X, 1, 19, 16), single(A64_STR_X, 2, 19, 32), 0,
		  a64_enc_pair(A64_STR_X, A64_PAIR_OFFSET, 1, 2, 19, 16, &err) },
		{ single(A64_STR_X, 1, 19, 16), single(A64_STR_X, 2, 19, 0), 0,
		  a64_enc_pair(A64_STR_X, A64_PAIR_OFFSET, 2, 1, 19, 8, &err) },
		{ single(A64_STR_X, 1, 19, 16), single(A64_STR_X, 2, 20, 24), 1,
		  a64_enc_pair(A64_STR_X, A64_PAIR_OFFSET, 1, 2, 19, 16, &err) },
		{ single(A64_STR_W, 1, 19, 16), single(A64_STR_S, 2, 19, 20), 2,
		  a64_enc_pair(A64_STR_W, A64_PAIR_OFFSET, 1, 2, 19, 16, &err) },
		{ single(A64_STR_D, 1, 19, 16), single(A64_STR_X, 2, 19, 8), 2,
		  a64_enc_pair(A64_STR_D, A64_PAIR_OFFSET, 2, 1, 19, 8, &err) },
		{ single(A64_STR_W, 1, 19, 16), single(A64_LDR_W, 2, 19, 20), 3,
		  a64_enc_pair(A64_STR_W, A64_PAIR_OFFSET, 1, 2, 19, 16, &err) },
		{ single(A64_LDR_X, 1, 19, 16), single(A64_STR_X, 2, 19, 24), 3,
		  a64_enc_pair(A64_LDR_X, A64_PAIR_OFFSET, 1, 2, 19, 16, &err) },
	};
	for (size_t i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
		assert_int_not_equal(shapes[i].pair, A64_POISON);
		assert_int_equal(fuse_words("fixed", shapes[i].cur, shapes[i].prev, false), 0);
		for (unsigned c = 0; c < 4; c++)
			assert_int_equal(
				fuse_words(controls[c], shapes[i].cur, shapes[i].prev, false),
				c == shapes[i].who ? shapes[i].pair : 0);
		/* A label still stops them. */
		assert_int_equal(
			fuse_words(controls[shapes[i].who], shapes[i].cur, shapes[i].prev, true),
			0);
	}
	/* What fixed fuses, they fuse alike. */
	uint32_t cur = single(A64_STR_X, 1, 19, 16), prev = single(A64_STR_X, 2, 19, 24);
	for (unsigned c = 0; c < 4; c++)
		assert_int_equal(fuse_words(controls[c], cur, prev, false),
				 fuse_words("fixed", cur, prev, false));
}

static uint32_t keep_all(const fuse_policy *self, const fuse_query *q)
{
	(void)self;
	(void)q;
	return FUSE_KEEP;
}

/* Two policies of one name are refused, naming it: a plug-in named like a
 * built-in, or one name twice; never "the first one wins". */
static void test_duplicate_names_refused(void **state)
{
	static const fuse_policy fixed_again = { .name = "fixed", .fuse = keep_all };
	static const fuse_policy mine = { .name = "mine", .fuse = keep_all };
	const fuse_policy *like_builtin[] = { pol("fixed"), pol("graal"), &fixed_again };
	const fuse_policy *twice[] = { &mine, pol("none"), &mine };
	const fuse_policy *fine[] = { pol("fixed"), &mine };
	char msg[160];

	(void)state;
	assert_non_null(fuse_policy_list_check(like_builtin, 3, msg, sizeof msg));
	assert_string_equal(msg, "policy name 'fixed' is taken twice (a plug-in must not use a "
				 "built-in policy's name)");
	assert_non_null(fuse_policy_list_check(twice, 3, msg, sizeof msg));
	assert_non_null(strstr(msg, "policy name 'mine' is taken twice"));
	assert_null(fuse_policy_list_check(fine, 2, msg, sizeof msg));
}

/* The story: str x30,[x19,#488] is emitted with stur x0,[x19,#-16] after it. */
static void test_kong_pair(void **state)
{
	(void)state;
	uint32_t cur = single(A64_STR_X, 30, 19, 488), prev = single(A64_STR_X, 0, 19, -16);
	assert_int_equal(cur, 0xf900f67eu);
	assert_int_equal(prev, 0xf81f0260u);
	assert_int_equal(fuse_words("luajit-pre1075", cur, prev, false), 0xa91e827eu);
	assert_int_equal(fuse_words("luajit-pre1056", cur, prev, false), 0xa91e827eu);
	assert_int_equal(fuse_words("luajit-2016", cur, prev, false), 0xa91e827eu);
	assert_int_equal(fuse_words("fixed", cur, prev, false), 0);
	assert_int_equal(fuse_words("no-barrier", cur, prev, false), 0);
	assert_int_equal(fuse_words("none", cur, prev, false), 0);
	char text[96];
	a64_disasm(0xa91e827eu, text, sizeof text);
	assert_string_equal(text, "stp\tx30, x0, [x19, #488]");
	assert_non_null(fuse_judge(cur, prev, 0xa91e827eu));
	/* The other order is no pair under any policy. */
	for (const char *const *p = luajit_policies; *p; p++)
		assert_int_equal(fuse_words(*p, prev, cur, false), 0);
}

/* 2016 original: ldur w26,[x27,#-8] emitted with ldur w27,[x27,#-4] after it
 * (the other order is a load into its own base first: rule 2). */
static void test_2016_sign_spill(void **state)
{
	(void)state;
	uint32_t cur = single(A64_LDR_W, 26, 27, -8), prev = single(A64_LDR_W, 27, 27, -4);
	assert_int_equal(fuse_words("luajit-2016", cur, prev, false), 0xffff6f7au);
	assert_int_equal(fuse_words("fixed", cur, prev, false), 0x297f6f7au);
	assert_int_equal(fuse_words("luajit-pre1056", cur, prev, false), 0x297f6f7au);
	assert_int_equal(fuse_words("luajit-pre1075", cur, prev, false), 0x297f6f7au);
	a64_insn in;
	assert_false(a64_decode(0xffff6f7au, &in));
	assert_non_null(fuse_judge(cur, prev, 0xffff6f7au));
	assert_null(fuse_judge(cur, prev, 0x297f6f7au));
	for (const char *const *p = luajit_policies; *p; p++)
		assert_int_equal(fuse_words(*p, prev, cur, false), 0);
}

/* pre-#1056: stur w0,[x1,#1] and stur w2,[x1,#5], either order. */
static void test_pre1056_misaligned(void **state)
{
	(void)state;
	uint32_t a = single(A64_STR_W, 0, 1, 1), b = single(A64_STR_W, 2, 1, 5);
	for (int order = 0; order < 2; order++) {
		uint32_t cur = order ? b : a, prev = order ? a : b;
		assert_int_equal(fuse_words("luajit-pre1056", cur, prev, false), 0x29000820u);
		assert_int_equal(fuse_words("luajit-2016", cur, prev, false), 0x29000820u);
		assert_int_equal(fuse_words("luajit-pre1075", cur, prev, false), 0);
		assert_int_equal(fuse_words("fixed", cur, prev, false), 0);
		assert_non_null(fuse_judge(cur, prev, 0x29000820u));
	}
	char text[96];
	a64_disasm(0x29000820u, text, sizeof text);
	assert_string_equal(text, "stp\tw0, w2, [x1]");
}

/* pre-#1075: str w0,[x19,#252] emitted with stur w1,[x19,#-256] after it. */
static void test_pre1075_alias(void **state)
{
	(void)state;
	uint32_t cur = single(A64_STR_W, 0, 19, 252), prev = single(A64_STR_W, 1, 19, -256);
	assert_int_equal(fuse_words("luajit-pre1075", cur, prev, false), 0x291f8660u);
	assert_int_equal(fuse_words("fixed", cur, prev, false), 0);
	assert_non_null(fuse_judge(cur, prev, 0x291f8660u));
	for (const char *const *p = luajit_policies; *p; p++)
		assert_int_equal(fuse_words(*p, prev, cur, false), 0);
}

/* Rule 2: a current load into its base is never fused; a following load
 * into the base is (the pair reads both from the old base). */
static void test_rule2_base_load(void **state)
{
	(void)state;
	for (const char *const *p = luajit_policies; *p; p++)
		assert_int_equal(fuse_words(*p, single(A64_LDR_X, 3, 3, 8),
					    single(A64_LDR_X, 4, 3, 16), false),
				 0);
	uint32_t cur = single(A64_LDR_X, 4, 3, 8), prev = single(A64_LDR_X, 3, 3, 16);
	uint32_t pair = fuse_words("fixed", cur, prev, false);
	a64_err err;
	assert_int_equal(pair, a64_enc_pair(A64_LDR_X, A64_PAIR_OFFSET, 4, 3, 3, 8, &err));
	assert_null(fuse_judge(cur, prev, pair));
	/* Rule 2 compares register numbers, as LuaJIT does (its FP register
	 * numbers reach the check masked to 0..31): conservative for an FP
	 * load, which cannot write the base, but never wrong. */
	assert_int_equal(
		fuse_words("fixed", single(A64_LDR_D, 3, 3, 8), single(A64_LDR_D, 4, 3, 16), false),
		0);
	assert_int_not_equal(
		fuse_words("fixed", single(A64_LDR_D, 4, 3, 8), single(A64_LDR_D, 3, 3, 16), false),
		0);
}

/* Rule 3: a label at prev stops every policy but no-barrier. */
static void test_rule3_label(void **state)
{
	(void)state;
	uint32_t cur = single(A64_STR_X, 1, 19, 8), prev = single(A64_STR_X, 2, 19, 16);
	for (const char *const *p = luajit_policies; *p; p++) {
		bool no_barrier = strcmp(*p, "no-barrier") == 0, none = strcmp(*p, "none") == 0;
		assert_int_equal(fuse_words(*p, cur, prev, true) != 0, no_barrier);
		assert_int_equal(fuse_words(*p, cur, prev, false) != 0, !none);
	}
}

/* Our guard: no LDP with Rt == Rt2; the historical logic had none. */
static void test_same_register_loads(void **state)
{
	(void)state;
	static const a64_kind loads[] = { A64_LDR_W, A64_LDR_X, A64_LDR_S, A64_LDR_D };
	for (unsigned i = 0; i < 4; i++) {
		uint32_t cur = single(loads[i], 0, 1, 8),
			 prev = single(loads[i], 0, 1, 8 + a64_kind_size(loads[i]));
		assert_int_equal(fuse_words("fixed", cur, prev, false), 0);
		assert_int_equal(fuse_words("no-barrier", cur, prev, false), 0);
		uint32_t bad = fuse_words("luajit-pre1075", cur, prev, false);
		a64_insn in;
		assert_true(a64_decode(bad, &in));
		assert_int_equal(in.op, A64_OP_LDST_PAIR);
		assert_int_equal(in.rt, in.rt2);
		assert_non_null(fuse_judge(cur, prev, bad));
	}
	/* Stores of one register twice are fine. */
	uint32_t cur = single(A64_STR_X, 0, 1, 8), prev = single(A64_STR_X, 0, 1, 16);
	uint32_t pair = fuse_words("fixed", cur, prev, false);
	assert_int_not_equal(pair, 0);
	assert_null(fuse_judge(cur, prev, pair));
}

/* Rule 1, and neighbours that differ in base, kind or direction. */
static void test_no_pair(void **state)
{
	(void)state;
	static const a64_kind others[] = { A64_STR_B, A64_LDR_B, A64_STR_H,
					   A64_LDR_H, A64_STR_Q, A64_LDR_Q };
	static const struct {
		a64_kind cur, prev;
		unsigned rn;
		int64_t off;
	} near[] = {
		{ A64_STR_X, A64_STR_X, 3, 16 },
		{ A64_STR_W, A64_STR_S, 1, 12 },
		{ A64_STR_X, A64_LDR_X, 1, 16 },
		{ A64_STR_X, A64_STR_X, 1, 24 },
	};
	for (const char *const *p = luajit_policies; *p; p++) {
		for (unsigned i = 0; i < 6; i++) {
			int64_t s = a64_kind_size(others[i]);
			assert_int_equal(fuse_words(*p, single(others[i], 0, 1, s),
						    single(others[i], 2, 1, 2 * s), false),
					 0);
		}
		/* Another base, another kind, a load after a store, a gap. */
		for (unsigned i = 0; i < 4; i++)
			assert_int_equal(
				fuse_words(*p, single(near[i].cur, 0, 1, 8),
					   single(near[i].prev, 2, near[i].rn, near[i].off), false),
				0);
		assert_int_equal(fuse_words(*p, single(A64_STR_X, 0, 1, 8), A64_POISON, false), 0);
	}
}

/* The lower address's register goes to Rt. */
static void test_register_order(void **state)
{
	/* Two stores of a kind at off and off + size (the pair offset is off). */
	static const struct {
		a64_kind kind;
		int64_t off, size;
		bool fuses;
	} ends[] = {
		{ A64_STR_W, -256, 4, true }, /* -64 * 4 */
		{ A64_STR_W, 252, 4, true },  /* 63 * 4 */
		{ A64_STR_W, 256, 4, false }, /* one step beyond */
		{ A64_STR_X, 504, 8, true },  /* 63 * 8 */
		{ A64_STR_X, 512, 8, false },
	};
	a64_err err;

	(void)state;
	assert_int_equal(
		fuse_words("fixed", single(A64_STR_D, 5, 2, -8), single(A64_STR_D, 6, 2, 0), false),
		a64_enc_pair(A64_STR_D, A64_PAIR_OFFSET, 5, 6, 2, -8, &err));
	assert_int_equal(
		fuse_words("fixed", single(A64_STR_D, 5, 2, 0), single(A64_STR_D, 6, 2, -8), false),
		a64_enc_pair(A64_STR_D, A64_PAIR_OFFSET, 6, 5, 2, -8, &err));
	/* The pair range ends: p = -64*size and 63*size fuse, one step out does not. */
	for (unsigned i = 0; i < sizeof(ends) / sizeof(ends[0]); i++) {
		uint32_t w =
			fuse_words("fixed", single(ends[i].kind, 5, 2, ends[i].off),
				   single(ends[i].kind, 6, 2, ends[i].off + ends[i].size), false);

		assert_int_equal(w != 0, ends[i].fuses);
	}
}

/* fuse_try is fuse_prepare + fuse_try_prepared. */
static void test_prepared_same(void **state)
{
	(void)state;
	for (const char *const *p = luajit_policies; *p; p++)
		for (int64_t off = -300; off <= 600; off++)
			for (int64_t po = off - 20; po <= off + 20; po++) {
				if (a64_single_form_of(A64_STR_X, po) == A64_FORM_NONE ||
				    a64_single_form_of(A64_STR_X, off) == A64_FORM_NONE)
					continue;
				uint32_t prev = single(A64_STR_X, 1, 19, po), a = 0, b = 0;
				fuse_request r;
				fuse_prepare(pol(*p), A64_STR_X, 0, 19, off, &r);
				bool x = fuse_try(pol(*p), A64_STR_X, 0, 19, off, prev, false, &a);
				bool y = fuse_try_prepared(&r, prev, false, &b);
				assert_int_equal(x, y);
				assert_int_equal(a, b);
			}
}

/* ---- The emitter ---- */

#define GUARD 0x5a5a5a5au

typedef struct arena {
	uint32_t below, buf[8], above;
} arena;

static void test_emit_fuses_backwards(void **state)
{
	(void)state;
	arena a = { GUARD, { 0 }, GUARD };
	jit_emitter e;
	emit_init(&e, a.buf, 8, NULL);
	assert_ptr_equal(e.policy, fuse_policy_default());
	for (int i = 0; i < 8; i++)
		assert_int_equal(a.buf[i], A64_POISON);
	assert_int_equal(emit_len(&e), 0);
	/* Emitted in reverse: the +16 store first, then the +8 store before it. */
	assert_int_equal(emit_access(&e, A64_STR_X, 1, 19, 16), A64_OK);
	assert_int_equal(emit_access(&e, A64_STR_X, 0, 19, 8), A64_OK);
	assert_int_equal(emit_len(&e), 1);
	assert_int_equal(e.fused, 1);
	a64_err err;
	assert_int_equal(e.p[0], a64_enc_pair(A64_STR_X, A64_PAIR_OFFSET, 0, 1, 19, 8, &err));
	assert_ptr_equal(e.p, &a.buf[7]);
	/* A pair is never fused again. */
	assert_int_equal(emit_access(&e, A64_STR_X, 2, 19, 0), A64_OK);
	assert_int_equal(emit_len(&e), 2);
	assert_int_equal(e.p[0], single(A64_STR_X, 2, 19, 0));
	assert_int_equal(e.err, A64_OK);
	assert_int_equal(a.below, GUARD);
	assert_int_equal(a.above, GUARD);
}

/* TBAR (#1057): a label between two stores keeps them apart, except under
 * no-barrier; the Kong pair fuses only under the historical policies. */
static void test_emit_label_and_policies(void **state)
{
	(void)state;
	uint32_t buf[8];
	jit_emitter e;
	for (const char *const *p = luajit_policies; *p; p++) {
		emit_init(&e, buf, 8, pol(*p));
		emit_access(&e, A64_STR_X, 1, 19, 16);
		emit_label(&e);
		emit_access(&e, A64_STR_X, 0, 19, 8);
		assert_int_equal(emit_len(&e), strcmp(*p, "no-barrier") == 0 ? 1 : 2);

		emit_init(&e, buf, 8, pol(*p));
		emit_access(&e, A64_STR_X, 0, 19, -16);
		emit_access(&e, A64_STR_X, 30, 19, 488);
		bool historical = strncmp(*p, "luajit-", 7) == 0 && strcmp(*p, "luajit-2.1") != 0;
		assert_int_equal(emit_len(&e), historical ? 1 : 2);
		if (historical)
			assert_int_equal(e.p[0], 0xa91e827eu);
	}
	/* A label marked before later words does not block fusion below them. */
	emit_init(&e, buf, 8, NULL);
	emit_access(&e, A64_STR_X, 3, 19, 32);
	emit_label(&e);
	emit_access(&e, A64_STR_X, 1, 19, 16);
	emit_access(&e, A64_STR_X, 0, 19, 8);
	assert_int_equal(emit_len(&e), 2);
}

static void test_emit_raw_word(void **state)
{
	(void)state;
	uint32_t buf[4];
	jit_emitter e;
	emit_init(&e, buf, 4, NULL);
	assert_int_equal(emit_word(&e, single(A64_STR_X, 1, 19, 16)), A64_OK);
	assert_int_equal(emit_access(&e, A64_STR_X, 0, 19, 8), A64_OK);
	assert_int_equal(emit_len(&e), 2);
	assert_int_equal(e.fused, 0);
}

static void test_emit_errors(void **state)
{
	(void)state;
	arena a = { GUARD, { 0 }, GUARD };
	jit_emitter e;
	emit_init(&e, a.buf, 3, NULL);
	assert_int_equal(emit_access(&e, A64_STR_X, 1, 19, 40000), A64_ERR_RANGE);
	assert_int_equal(emit_len(&e), 1);
	assert_int_equal(e.p[0], A64_POISON);
	/* The poison is never fused with. */
	assert_int_equal(emit_access(&e, A64_STR_X, 1, 19, 8), A64_OK);
	assert_int_equal(emit_len(&e), 2);
	assert_int_equal(emit_access(&e, A64_STR_X, 32, 19, 8), A64_ERR_REG);
	assert_int_equal(e.err, A64_ERR_RANGE); /* the first error sticks */
	assert_int_equal(emit_len(&e), 3);
	/* Full: a fusable access still fuses into the last word, others fail. */
	emit_init(&e, a.buf, 1, NULL);
	assert_int_equal(emit_access(&e, A64_STR_W, 1, 2, 4), A64_OK);
	assert_int_equal(emit_access(&e, A64_STR_W, 0, 2, 0), A64_OK);
	assert_int_equal(e.fused, 1);
	assert_int_equal(emit_access(&e, A64_STR_W, 0, 2, 100), A64_ERR_FULL);
	assert_int_equal(emit_word(&e, 0xd503201fu), A64_ERR_FULL);
	assert_int_equal(e.err, A64_ERR_FULL);
	assert_int_equal(emit_access(&e, A64_STR_W, 0, 2, 1 << 20), A64_ERR_RANGE);
	assert_int_equal(emit_len(&e), 1);
	assert_int_equal(a.below, GUARD);
	assert_int_equal(a.above, GUARD);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_policy_names),
		cmocka_unit_test(test_never_fuse_controls),
		cmocka_unit_test(test_duplicate_names_refused),
		cmocka_unit_test(test_kong_pair),
		cmocka_unit_test(test_2016_sign_spill),
		cmocka_unit_test(test_pre1056_misaligned),
		cmocka_unit_test(test_pre1075_alias),
		cmocka_unit_test(test_rule2_base_load),
		cmocka_unit_test(test_rule3_label),
		cmocka_unit_test(test_same_register_loads),
		cmocka_unit_test(test_no_pair),
		cmocka_unit_test(test_register_order),
		cmocka_unit_test(test_prepared_same),
		cmocka_unit_test(test_emit_fuses_backwards),
		cmocka_unit_test(test_emit_label_and_policies),
		cmocka_unit_test(test_emit_raw_word),
		cmocka_unit_test(test_emit_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
