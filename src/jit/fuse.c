/*
 * LuaJIT's LDP/STP fusion: one mechanism, and each policy a small
 * description of how it runs (MISSION.md "The fusion logic, exactly" and
 * "Historical variants"), offered through the plug-in interface
 * (policy.h) like any other JIT's.  The historical LuaJIT variants are
 * reproduced from what their code computed, as parameters of this
 * mechanism, to serve as known-bad controls.
 */
#include "jit/builtin.h"
#include "jit/emit.h"

/* How rule 4 builds the word prev must equal for a neighbour offset o. */
typedef enum prev_match {
	/* The standalone rule's word for (kind, rn, o); none for o < -256.
	 * LuaJIT since #1075 (2023-09). */
	MATCH_STANDALONE,
	/*
	 * Both forms, each built without a range check: the scaled form with
	 * imm12 = floor(o/size), its excess bits spilling over the fields
	 * above imm12, and the unscaled form with imm9 = the low 9 bits of o,
	 * i.e. STUR at the offset o aliases to modulo 512.  For o in
	 * [256, 511] that is STUR at o-512: the imm9 alias of #1075.  LuaJIT
	 * from 2016 until #1075.
	 */
	MATCH_BOTH_FORMS_UNCHECKED,
} prev_match;

typedef struct luajit_params {
	bool fuses;	       /* false: never fuse */
	bool honours_labels;   /* rule 3: no fusion into a label (TBAR, #1057) */
	bool guards_same_load; /* ours: no LDP with Rt == Rt2 */
	prev_match match;      /* rule 4 */
	bool checks_alignment; /* rule 5: p a multiple of size (#1056) */
	/* The pair's imm7 was written unmasked, so a negative pair offset
	 * sign-filled bits 31:22 (#1028). */
	bool spills_pair_sign;
	/* Test-only controls (never a real JIT's rule), each fusing one shape
	 * the sweep's never-fuse groups must catch: a neighbour 2*size away
	 * taken as adjacent (gap), and prev bits rule 4 does not compare
	 * (other-base: Rn; other-kind: the register file or the direction). */
	bool gap_too;
	uint32_t ignores;
} luajit_params;

/* What a negative imm7 written without its mask sets: bits 31:22. */
#define PAIR_SIGN_SPILL_1028 0xffc00000u

static fuse_fn luajit_fuse;

#define LUAJIT_POLICY(sym, nm, sum, ...)                                                           \
	BUILTIN_POLICY(sym, luajit_params, nm, sum, FUSE_PREV_AFTER, NULL, luajit_fuse, __VA_ARGS__)

/* Bits of a single load/store word (Arm ARM C4.1.88, "Loads and Stores"):
 * Rn, V (the SIMD&FP register file), opc<0> (a load, for W, X, S, D). */
#define WORD_RN_FIELD (0x1fu << 5)
#define WORD_V_BIT    (1u << 26)
#define WORD_LOAD_BIT (1u << 22)

/* fuses, honours_labels, guards_same_load, match, checks_alignment, spills_pair_sign
 * [, gap_too, ignores] */
LUAJIT_POLICY(fuse_policy_fixed, "fixed",
	      "the fusion rules of MISSION.md plus no LDP with Rt == Rt2 (default)", true, true,
	      true, MATCH_STANDALONE, true, false, false, 0);
LUAJIT_POLICY(fuse_policy_none, "none", "never fuse", false, true, true, MATCH_STANDALONE, true,
	      false, false, 0);
LUAJIT_POLICY(fuse_policy_luajit_2016, "luajit-2016",
	      "LuaJIT 2016 original: pair offset sign spills into bits 31:22 (#1028)", true, true,
	      false, MATCH_BOTH_FORMS_UNCHECKED, false, true, false, 0);
LUAJIT_POLICY(fuse_policy_luajit_pre1056, "luajit-pre1056",
	      "LuaJIT before #1056: misaligned neighbours fused", true, true, false,
	      MATCH_BOTH_FORMS_UNCHECKED, false, false, false, 0);
LUAJIT_POLICY(fuse_policy_luajit_pre1075, "luajit-pre1075",
	      "LuaJIT before #1075: imm9 alias, STUR at o-512 taken for o", true, true, false,
	      MATCH_BOTH_FORMS_UNCHECKED, true, false, false, 0);
LUAJIT_POLICY(fuse_policy_luajit_21, "luajit-2.1",
	      "LuaJIT v2.1 today: the fixed rules without our Rt == Rt2 guard (ldp x0, x0)", true,
	      true, false, MATCH_STANDALONE, true, false, false, 0);
LUAJIT_POLICY(fuse_policy_no_barrier, "no-barrier",
	      "the fixed rules ignoring labels (the TBAR class of bug, #1057)", true, false, true,
	      MATCH_STANDALONE, true, false, false, 0);
LUAJIT_POLICY(fuse_policy_test_gap, "test-gap",
	      "test only: the fixed rules, also fusing a neighbour 2*size away (sweep gap)", true,
	      true, true, MATCH_STANDALONE, true, false, true, 0);
LUAJIT_POLICY(fuse_policy_test_other_base, "test-other-base",
	      "test only: the fixed rules, prev's base register not compared (sweep other-base)",
	      true, true, true, MATCH_STANDALONE, true, false, false, WORD_RN_FIELD);
LUAJIT_POLICY(fuse_policy_test_other_file, "test-other-file",
	      "test only: the fixed rules, prev's register file not compared (W with S, X with D)",
	      true, true, true, MATCH_STANDALONE, true, false, false, WORD_V_BIT);
LUAJIT_POLICY(fuse_policy_test_load_store, "test-load-store",
	      "test only: the fixed rules, prev's load/store bit not compared (load with store)",
	      true, true, true, MATCH_STANDALONE, true, false, false, WORD_LOAD_BIT);

/* floor(a / 2^sc) for |a| well below 2^62 (what an arithmetic shift gives). */
static int64_t floor_shift(int64_t a, unsigned sc)
{
	if (a >= 0)
		return (int64_t)((uint64_t)a >> sc);
	return -(int64_t)(((uint64_t)-a + (UINT64_C(1) << sc) - 1) >> sc);
}

/* The offset in [-256, 255] that o's low 9 bits denote. */
static int64_t imm9_alias(int64_t o)
{
	int64_t m = ((o % 512) + 512) % 512;
	return m >= 256 ? m - 512 : m;
}

/* The scaled-form word the pre-#1075 code compared against: imm12 =
 * floor(o/size), with no range check. */
static uint32_t scaled_unchecked(a64_kind k, unsigned rn, int64_t o)
{
	unsigned sc = a64_kind_log2size(k);
	int64_t q = floor_shift(o, sc);
	if (q >= 0 && q < 4096)
		return a64_enc_uimm(k, 0, rn, q * ((int64_t)1 << sc), NULL);
	/* Out of the field: the excess bits land in bits 31:22 (L, opc, the
	 * class bits).  Reproduced only so a known-bad control compares what
	 * the old code compared; such a word is never a valid neighbour. */
	return a64_enc_uimm(k, 0, rn, 0, NULL) | ((uint32_t)q << 10);
}

/* Rule 4's candidate words (Rt = 0) for the neighbour at offset o. */
static unsigned candidates(const luajit_params *p, a64_kind k, unsigned rn, int64_t o,
			   uint32_t out[FUSE_MAX_CANDIDATES])
{
	a64_err err;
	switch (p->match) {
	case MATCH_STANDALONE:
		if (o < -256)
			return 0;
		out[0] = a64_enc_single(k, 0, rn, o, &err);
		return err == A64_OK ? 1 : 0;
	case MATCH_BOTH_FORMS_UNCHECKED:
		out[0] = scaled_unchecked(k, rn, o);
		out[1] = a64_enc_simm9(k, 0, rn, imm9_alias(o), NULL);
		return 2;
	}
	return 0;
}

static bool among(uint32_t w, const uint32_t *set, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (set[i] == w)
			return true;
	return false;
}

static unsigned long encoder_refusals;

unsigned long fuse_encoder_refusals(void)
{
	return encoder_refusals;
}

/* Bits 4:0 of every single-access word: its Rt. */
#define WORD_RT_FIELD 0x1fu

void fuse_prepare(const fuse_policy *p, a64_kind k, unsigned rt, unsigned rn, int64_t off,
		  fuse_request *r)
{
	*r = (fuse_request){ .policy = p, .kind = k, .rt = rt, .rn = rn, .off = off };
	if (!p || p->fuse != luajit_fuse)
		return;
	const luajit_params *lp = p->data;
	if (!lp->fuses)
		return;
	if (!a64_kind_fusable(k) || rt > 31 || rn > 31) /* rule 1 */
		return;
	/* Rule 2, on register numbers as LuaJIT has it (its FP registers
	 * reach the check masked to 0..31): for an FP load, which cannot
	 * change the base, merely conservative. */
	if (a64_kind_is_load(k) && rt == rn)
		return;
	int64_t size = a64_kind_size(k);
	r->n_below = candidates(lp, k, rn, off - size, r->below);
	r->n_above = candidates(lp, k, rn, off + size, r->above);
	if (lp->gap_too) { /* MATCH_STANDALONE: one candidate each, room for two */
		r->n_below += candidates(lp, k, rn, off - 2 * size, r->below + r->n_below);
		r->n_above += candidates(lp, k, rn, off + 2 * size, r->above + r->n_above);
	}
	for (unsigned i = 0; i < r->n_below; i++)
		r->below[i] &= ~lp->ignores;
	for (unsigned i = 0; i < r->n_above; i++)
		r->above[i] &= ~lp->ignores;
	r->possible = r->n_below + r->n_above > 0;
}

bool fuse_try_prepared(const fuse_request *r, uint32_t prev, bool prev_is_label, uint32_t *pair)
{
	if (!r->possible)
		return false;
	const luajit_params *p = r->policy->data;
	if (!p)
		return false;
	if (p->honours_labels && prev_is_label) /* rule 3 */
		return false;

	a64_kind k = r->kind;
	uint32_t prev_bare = prev & ~(WORD_RT_FIELD | p->ignores);
	unsigned prev_rt = prev & WORD_RT_FIELD;
	unsigned lo_rt, hi_rt;
	int64_t p_off; /* the pair's base offset: the lower of the two */
	/* Rule 4: prev below (tried first), else prev above. */
	if (among(prev_bare, r->below, r->n_below)) {
		p_off = r->off - (int64_t)a64_kind_size(k), lo_rt = prev_rt, hi_rt = r->rt;
	} else if (among(prev_bare, r->above, r->n_above)) {
		p_off = r->off, lo_rt = r->rt, hi_rt = prev_rt;
	} else {
		return false;
	}
	int64_t size = a64_kind_size(k);
	/* Rule 5. */
	if (p_off < -64 * size || p_off > 63 * size)
		return false;
	if (p->checks_alignment && (p_off & (size - 1)) != 0)
		return false;
	if (p->guards_same_load && a64_kind_is_load(k) && lo_rt == hi_rt)
		return false;

	/* The old code scaled p with a shift: a misaligned p rounds down.
	 * Where alignment is checked this is p itself. */
	int64_t enc_off = floor_shift(p_off, a64_kind_log2size(k)) * size;
	a64_err err;
	uint32_t w = p->guards_same_load
			     ? a64_enc_pair(k, A64_PAIR_OFFSET, lo_rt, hi_rt, r->rn, enc_off, &err)
			     : a64_enc_pair_unpredictable(k, A64_PAIR_OFFSET, lo_rt, hi_rt, r->rn,
							  enc_off, &err);
	if (err != A64_OK) {
		/* The rules above let through what the encoder refuses: its
		 * own checks (imm7, Rt == Rt2) caught it.  Counted, so a test
		 * can tell that this copy of the rules is missing something. */
		encoder_refusals++;
		return false;
	}
	if (p->spills_pair_sign && enc_off < 0)
		w |= PAIR_SIGN_SPILL_1028;
	*pair = w;
	return true;
}

static unsigned (*cpu_index)(void);

void fuse_policy_set_cpu_index(unsigned (*fn)(void))
{
	cpu_index = fn;
}

/*
 * The interface's entry.  The domain walk asks about one current request
 * against every prev word in a row: the prepared request is kept for the
 * next question about the same one, one per core that may ask at once.
 */
static uint32_t luajit_fuse(const fuse_policy *self, const fuse_query *q)
{
	static fuse_request caches[FUSE_CPUS_MAX];
	const luajit_params *lp = self->data;
	unsigned i;
	fuse_request *cached;
	uint32_t pair;

	/* Rule 3 first: no request needs preparing to refuse a label. */
	if (q->label && lp && lp->honours_labels)
		return FUSE_KEEP;
	i = cpu_index ? cpu_index() : 0;
	cached = &caches[i < FUSE_CPUS_MAX ? i : 0];
	if (cached->policy != self || cached->kind != q->cur.kind || cached->rt != q->cur.rt ||
	    cached->rn != q->cur.rn || cached->off != q->cur.off)
		fuse_prepare(self, q->cur.kind, q->cur.rt, q->cur.rn, q->cur.off, cached);
	return fuse_try_prepared(cached, q->prev, q->label, &pair) ? pair : FUSE_KEEP;
}
