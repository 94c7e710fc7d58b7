/*
 * Other JITs' pair merging (src/jit/models.c) through the plug-in interface,
 * over the whole domain (every register set of jit/domain.h), from first
 * principles: what each model must fuse is counted here from its rules as
 * shared/FACTS.md states them; every fusion of hotspot, ryujit and graal
 * must be right; ryujit-pre85765's wrong fusions are exactly the #85765
 * pattern (two unscaled accesses one byte apart, their immediates taken for
 * slot indices).  Also: the #85765 pair itself, the models' standalone
 * rule, the previous request the emitter hands over, and a broken policy
 * judged as the policy's failure.
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
#include "jit/policy.h"

static const fuse_policy *pol(const char *name)
{
	const fuse_policy *p = fuse_policy_find(name);
	assert_non_null(p);
	return p;
}

static uint32_t word(a64_kind k, unsigned rt, unsigned rn, int64_t off)
{
	return enc_single_ok(k, rt, rn, off);
}

/* Ask p about cur after prev (prev's request known, as the emitter has it). */
static uint32_t ask(const char *name, a64_kind k, unsigned rt, unsigned rn, int64_t off,
		    unsigned prev_rt, int64_t prev_off)
{
	const fuse_policy *p = pol(name);
	fuse_access prev;
	uint32_t pair;
	assert_int_equal(fuse_access_make(p, k, prev_rt, rn, prev_off, &prev), A64_OK);
	return fuse_ask(p, k, rt, rn, off, prev.word, &prev, false, &pair) ? pair : FUSE_KEEP;
}

/* The models' standalone rule (written from HotSpot's and RyuJIT's
 * encoders) picks the form pairguard's rule picks, at every offset. */
static void test_models_standalone_rule(void **state)
{
	(void)state;
	static const char *const models[] = { "hotspot", "ryujit", "ryujit-pre85765", "graal" };
	for (unsigned m = 0; m < 4; m++)
		for (unsigned ki = 0; ki < A64_KIND_COUNT; ki++)
			for (int64_t off = -1024; off < 70000; off++)
				assert_int_equal(
					fuse_policy_form(pol(models[m]), (a64_kind)ki, off),
					a64_single_form_of((a64_kind)ki, off));
}

/* The regression pair of dotnet/runtime #85765: ldur x0,[x1,#0x1A] then
 * ldur x2,[x1,#0x1B] (the second is the current request; RyuJIT emits
 * forwards).  Before the fix: ldp x0, x2, [x1, #208]; since: kept. */
static void test_85765_pair(void **state)
{
	(void)state;
	a64_err err;
	uint32_t ldp = a64_enc_pair(A64_LDR_X, A64_PAIR_OFFSET, 0, 2, 1, 0x1A * 8, &err);
	assert_int_equal(ldp, 0xa94d0820u);
	assert_int_equal(ask("ryujit-pre85765", A64_LDR_X, 2, 1, 0x1B, 0, 0x1A), ldp);
	assert_non_null(fuse_judge_order(word(A64_LDR_X, 2, 1, 0x1B), word(A64_LDR_X, 0, 1, 0x1A),
					 ldp, FUSE_PREV_BEFORE));
	/* The store analogue, and the 32-bit forms. */
	uint32_t stp = a64_enc_pair(A64_STR_X, A64_PAIR_OFFSET, 0, 2, 1, 0x1A * 8, &err);
	assert_int_equal(stp, 0xa90d0820u);
	assert_int_equal(ask("ryujit-pre85765", A64_STR_X, 2, 1, 0x1B, 0, 0x1A), stp);
	assert_int_equal(ask("ryujit-pre85765", A64_STR_W, 2, 1, 0x1B, 0, 0x1A),
			 a64_enc_pair(A64_STR_W, A64_PAIR_OFFSET, 0, 2, 1, 0x1A * 4, &err));
	static const char *const fixed[] = { "ryujit", "hotspot", "graal", "fixed" };
	for (unsigned i = 0; i < 4; i++) {
		assert_int_equal(ask(fixed[i], A64_LDR_X, 2, 1, 0x1B, 0, 0x1A), FUSE_KEEP);
		assert_int_equal(ask(fixed[i], A64_STR_X, 2, 1, 0x1B, 0, 0x1A), FUSE_KEEP);
	}
	/* RyuJIT looks at its record of the last instruction: without one
	 * (a pair, a raw word) it does not merge. */
	uint32_t pair;
	assert_false(fuse_try(pol("ryujit-pre85765"), A64_STR_X, 2, 1, 0x1B,
			      word(A64_STR_X, 0, 1, 0x1A), false, &pair));
	assert_true(fuse_try(pol("hotspot"), A64_STR_X, 2, 1, 0x10, word(A64_STR_X, 0, 1, 8), false,
			     &pair));
}

/* Each model's own rules, one by one. */
static void test_model_rules(void **state)
{
	(void)state;
	a64_err err;
	/* HotSpot: no FP registers; Graal and RyuJIT take them. */
	assert_int_equal(ask("hotspot", A64_STR_D, 1, 19, 16, 0, 8), FUSE_KEEP);
	assert_int_equal(ask("graal", A64_STR_D, 1, 19, 16, 0, 8),
			 a64_enc_pair(A64_STR_D, A64_PAIR_OFFSET, 0, 1, 19, 8, &err));
	assert_int_equal(ask("ryujit", A64_STR_D, 1, 19, 16, 0, 8),
			 a64_enc_pair(A64_STR_D, A64_PAIR_OFFSET, 0, 1, 19, 8, &err));
	/* RyuJIT: scaled forms only; HotSpot merges the unscaled pair. */
	assert_int_equal(ask("ryujit", A64_STR_X, 1, 19, -8, 0, -16), FUSE_KEEP);
	assert_int_equal(ask("hotspot", A64_STR_X, 1, 19, -8, 0, -16),
			 a64_enc_pair(A64_STR_X, A64_PAIR_OFFSET, 0, 1, 19, -16, &err));
	/* Loads: the earlier load (prev) into the base, or the same target,
	 * stop every model; the later load into the base does not. */
	static const char *const models[] = { "hotspot", "ryujit", "graal" };
	for (unsigned m = 0; m < 3; m++) {
		assert_int_equal(ask(models[m], A64_LDR_X, 1, 19, 16, 19, 8), FUSE_KEEP);
		assert_int_equal(ask(models[m], A64_LDR_X, 1, 19, 16, 1, 8), FUSE_KEEP);
		assert_int_equal(ask(models[m], A64_LDR_X, 19, 19, 16, 1, 8),
				 a64_enc_pair(A64_LDR_X, A64_PAIR_OFFSET, 1, 19, 19, 8, &err));
		/* A label between: no merge. */
		uint32_t pair;
		fuse_access prev;
		fuse_access_make(pol(models[m]), A64_STR_X, 0, 19, 8, &prev);
		assert_false(fuse_ask(pol(models[m]), A64_STR_X, 1, 19, 16, prev.word, &prev, true,
				      &pair));
		/* SP as the base. */
		assert_int_equal(ask(models[m], A64_STR_X, 1, A64_SP, 16, 0, 8),
				 a64_enc_pair(A64_STR_X, A64_PAIR_OFFSET, 0, 1, A64_SP, 8, &err));
	}
	/* RyuJIT checks both slots against imm7; HotSpot the pair's. */
	assert_int_equal(ask("ryujit", A64_STR_X, 1, 19, 512, 0, 504), FUSE_KEEP);
	assert_int_not_equal(ask("hotspot", A64_STR_X, 1, 19, 512, 0, 504), FUSE_KEEP);
}

/* ---- The whole domain ---- */

typedef struct tally {
	const fuse_policy *p;
	uint64_t fused, wrong, pattern, bad_pattern;
} tally;

/* The #85765 pattern: same kind and base, both unscaled, immediates one
 * apart and both within imm7 (as slots), the pair at the lower immediate
 * times the size. */
static bool pattern_85765(uint32_t cur, uint32_t prev, uint32_t pair)
{
	a64_insn c, p, f;
	if (!a64_decode(cur, &c) || !a64_decode(prev, &p) || !a64_decode(pair, &f))
		return false;
	if (c.op != A64_OP_LDST_SIMM9 || p.op != A64_OP_LDST_SIMM9 || c.kind != p.kind ||
	    c.rn != p.rn)
		return false;
	int64_t lo = c.imm < p.imm ? c.imm : p.imm, hi = c.imm < p.imm ? p.imm : c.imm;
	return hi == lo + 1 && lo >= -64 && hi <= 63 && f.op == A64_OP_LDST_PAIR &&
	       f.imm == lo * (int64_t)a64_kind_size(c.kind) && f.rn == c.rn;
}

static void visit(void *ctx, uint32_t cur, uint32_t prev, uint32_t pair, const char *why)
{
	tally *t = ctx;
	t->fused++;
	if (why) {
		t->wrong++;
		if (pattern_85765(cur, prev, pair))
			t->pattern++;
		else if (t->bad_pattern++ < 3)
			print_error("%s: wrong fusion outside the #85765 pattern: %08" PRIx32
				    " %08" PRIx32 " -> %08" PRIx32 " (%s)\n",
				    fuse_policy_name(t->p), cur, prev, pair, why);
	}
}

/*
 * From the rules: lower offsets lo (and lo + size both in the domain) the
 * model pairs, per kind, times 2 for the two orders.  `scaled`: both slots
 * scaled and within imm7 (RyuJIT); else the pair offset aligned in imm7.
 */
static uint64_t expected_pairs(a64_kind k, bool scaled)
{
	int64_t s = a64_kind_size(k);
	uint64_t n = 0;
	for (int64_t lo = -64 * s; lo <= 63 * s; lo += s) {
		if (a64_single_form_of(k, lo) == A64_FORM_NONE)
			continue;
		if (scaled && (lo < 0 || lo / s + 1 > 63))
			continue;
		n++;
	}
	return 2 * n;
}

/* The #85765 wrong pairs per kind: unscaled immediates i, i+1 in [-64, 63]. */
static uint64_t expected_85765(a64_kind k)
{
	uint64_t n = 0;
	for (int64_t i = -64; i < 63; i++)
		if (a64_single_form_of(k, i) == A64_FORM_IMM9 &&
		    a64_single_form_of(k, i + 1) == A64_FORM_IMM9)
			n++;
	return 2 * n;
}

typedef struct model_case {
	const char *name;
	bool gpr, fp, scaled, bug;
} model_case;

static void walk_model(const model_case *m)
{
	const fuse_policy *p = pol(m->name);
	uint64_t total = 0, total_wrong = 0;
	for (unsigned si = 0; si < FUSE_DOMAIN_SETS; si++) {
		const fuse_domain_set *set = &fuse_domain_sets[si];
		uint64_t want = 0, want_wrong = 0;
		for (unsigned ki = 0; ki < A64_KIND_COUNT; ki++) {
			a64_kind k = (a64_kind)ki;
			if (!a64_kind_fusable(k) || (set->loads_only && !a64_kind_is_load(k)))
				continue;
			bool fp = a64_kind_is_fp(k), load = a64_kind_is_load(k);
			if ((fp && !m->fp) || (!fp && !m->gpr))
				continue;
			/* The earlier load (prev: these JITs emit forwards) into
			 * the base, or both loads into one register: none. */
			if (load && set->cur_rt == set->prev_rt)
				continue;
			if (load && !fp && set->prev_rt == set->rn)
				continue;
			want += expected_pairs(k, m->scaled || m->bug);
			if (m->bug) {
				want += expected_85765(k);
				want_wrong += expected_85765(k);
			}
		}
		tally t = { .p = p };
		fuse_domain_stats st;
		fuse_domain_walk_set(p, set, &st, visit, &t);
		print_message("%-16s %-16s %10" PRIu64 " pairs %5" PRIu64 " fusions %5" PRIu64
			      " wrong\n",
			      m->name, set->name, st.pairs, st.fused, st.wrong);
		assert_int_equal(st.fused, want);
		assert_int_equal(st.wrong, want_wrong);
		assert_int_equal(t.fused, st.fused);
		assert_int_equal(t.pattern, want_wrong);
		assert_int_equal(t.bad_pattern, 0);
		total += st.fused, total_wrong += st.wrong;
	}
	assert_true(total > 0);
	if (!m->bug)
		assert_int_equal(total_wrong, 0);
}

static void test_domain_hotspot(void **state)
{
	(void)state;
	walk_model(&(model_case){ "hotspot", .gpr = true });
}

static void test_domain_ryujit(void **state)
{
	(void)state;
	walk_model(&(model_case){ "ryujit", .gpr = true, .fp = true, .scaled = true });
}

static void test_domain_graal(void **state)
{
	(void)state;
	walk_model(&(model_case){ "graal", .gpr = true, .fp = true });
}

static void test_domain_ryujit_pre85765(void **state)
{
	(void)state;
	walk_model(&(model_case){ "ryujit-pre85765", .gpr = true, .fp = true, .bug = true });
}

/* ---- The emitter hands the previous request over ---- */

static void test_emitter_prev_request(void **state)
{
	(void)state;
	uint32_t buf[8];
	jit_emitter e;
	a64_err err;
	/* Emitted backwards: the access at 0x1B first, then the one at 0x1A. */
	emit_init(&e, buf, 8, pol("ryujit-pre85765"));
	assert_int_equal(emit_access(&e, A64_STR_X, 2, 1, 0x1B), A64_OK);
	assert_int_equal(emit_access(&e, A64_STR_X, 0, 1, 0x1A), A64_OK);
	assert_int_equal(emit_len(&e), 1);
	assert_int_equal(e.p[0], a64_enc_pair(A64_STR_X, A64_PAIR_OFFSET, 0, 2, 1, 208, &err));
	/* After a raw word, or after a pair, there is no request to look at. */
	emit_init(&e, buf, 8, pol("ryujit"));
	assert_int_equal(emit_access(&e, A64_STR_X, 2, 1, 16), A64_OK);
	assert_int_equal(emit_access(&e, A64_STR_X, 0, 1, 8), A64_OK);
	assert_int_equal(emit_len(&e), 1);
	assert_int_equal(emit_access(&e, A64_STR_X, 3, 1, 0), A64_OK);
	assert_int_equal(emit_len(&e), 2);
}

/* ---- A broken policy is judged, not trusted ---- */

static uint32_t garbage_fuse(const fuse_policy *self, const fuse_query *q)
{
	(void)self;
	/* "Fuses" every neighbour of the same base into a word that is not
	 * an instruction (an invalid word), or into a single store (a
	 * non-pair word). */
	if (q->cur.rn == 19 && q->cur.off == 8 && (q->prev & 0x3ffu) == ((19u << 5) | 1u))
		return q->prev_req && q->prev_req->off == 16 ? 0xffffffffu : q->cur.word;
	return FUSE_KEEP;
}

static const fuse_policy garbage = { .name = "garbage",
				     .summary = "a broken plug-in",
				     .fuse = garbage_fuse };

static void test_broken_policy_judged(void **state)
{
	(void)state;
	fuse_domain_stats st;
	uint32_t w[1] = { 0 };
	fuse_domain_walk_set(&garbage, &fuse_domain_sets[0], &st, NULL, NULL);
	/* 8 kinds, every prev offset: all of them wrong. */
	assert_true(st.fused > 8);
	assert_int_equal(st.wrong, st.fused);
	assert_true(
		fuse_try(&garbage, A64_STR_X, 0, 19, 8, word(A64_STR_X, 1, 19, 24), false, &w[0]));
	assert_string_equal(fuse_judge(word(A64_STR_X, 0, 19, 8), word(A64_STR_X, 1, 19, 24), w[0]),
			    "pair word is not an LDP/STP with signed offset");
	assert_string_equal(
		fuse_judge(word(A64_STR_X, 0, 19, 8), word(A64_STR_X, 1, 19, 16), 0xffffffffu),
		"pair word is not a valid instruction");
}

/* A guard (the firmware's: the recovery API) that says the call faulted:
 * the emitter fails the access with A64_ERR_POLICY and poisons its place;
 * built-in policies are never guarded. */
static unsigned guard_calls;

static fuse_call guard_says = FUSE_CALL_FAULTED;

static fuse_call faulting_guard(const fuse_policy *p, const fuse_query *q, uint32_t *pair)
{
	(void)p, (void)q, (void)pair;
	guard_calls++;
	return guard_says;
}

static void test_guard_fault(void **state)
{
	(void)state;
	uint32_t buf[4];
	jit_emitter e;
	fuse_policy_set_guard(faulting_guard);
	emit_init(&e, buf, 4, &garbage);
	assert_int_equal(emit_access(&e, A64_STR_X, 1, 19, 16), A64_OK);
	assert_int_equal(emit_access(&e, A64_STR_X, 0, 19, 8), A64_ERR_POLICY);
	assert_int_equal(e.err, A64_ERR_POLICY);
	assert_int_equal(e.p[0], A64_POISON);
	assert_int_equal(guard_calls, 1);
	emit_init(&e, buf, 4, pol("graal"));
	assert_int_equal(emit_access(&e, A64_STR_X, 1, 19, 16), A64_OK);
	assert_int_equal(emit_access(&e, A64_STR_X, 0, 19, 8), A64_OK);
	assert_int_equal(emit_len(&e), 1);
	assert_int_equal(guard_calls, 1);
	/* A call the guard's watchdog ended: its own error. */
	guard_says = FUSE_CALL_HUNG;
	emit_init(&e, buf, 4, &garbage);
	assert_int_equal(emit_access(&e, A64_STR_X, 1, 19, 16), A64_OK);
	assert_int_equal(emit_access(&e, A64_STR_X, 0, 19, 8), A64_ERR_POLICY_HUNG);
	assert_int_equal(e.p[0], A64_POISON);
	assert_int_equal(guard_calls, 2);
	guard_says = FUSE_CALL_FAULTED;
	fuse_policy_set_guard(NULL);
	assert_string_equal(a64_err_name(A64_ERR_POLICY), "fusion policy faulted");
	assert_string_equal(a64_err_name(A64_ERR_POLICY_HUNG),
			    "fusion policy hung (no return within policy-timeout)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_models_standalone_rule),
		cmocka_unit_test(test_85765_pair),
		cmocka_unit_test(test_model_rules),
		cmocka_unit_test(test_domain_hotspot),
		cmocka_unit_test(test_domain_ryujit),
		cmocka_unit_test(test_domain_graal),
		cmocka_unit_test(test_domain_ryujit_pre85765),
		cmocka_unit_test(test_emitter_prev_request),
		cmocka_unit_test(test_broken_policy_judged),
		cmocka_unit_test(test_guard_fault),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
