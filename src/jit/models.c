/*
 * Other JITs' pair merging as fusion policies (shared/FACTS.md "Other JITs'
 * pair merging"), written from the rules each project documents, as users
 * of the plug-in interface (policy.h) like any plug-in:
 *
 *   hotspot          OpenJDK HotSpot's merge of ldr/ldrw/str/strw
 *   ryujit           .NET RyuJIT's ldr/str pairing since the #85765 fix
 *   ryujit-pre85765  RyuJIT before it: unscaled immediates compared as if
 *                    they were slot indices (a known-bad control)
 *   graal            GraalVM's merge of consecutive ldr/str
 *
 * All three JITs emit forwards: the word already in the buffer ran before
 * the current access, and the merged pair replaces both.
 */
#include "jit/builtin.h"

typedef struct model_rules {
	bool gpr_only;	   /* ldr/ldrw/str/strw only, no FP registers */
	bool scaled_only;  /* both accesses in the scaled (imm12) form */
	bool imm_as_slots; /* adjacency and the pair offset from the raw
			      immediates, as if every one were a slot index */
	bool from_request; /* looks at its record of the last instruction
			      (prev_req), not at the word */
	bool slot_range;   /* both immediates (as slots) within imm7, not
			      only the pair's */
} model_rules;

/*
 * The standalone rule of HotSpot (Address::encode: an offset that is
 * negative or not a multiple of the size goes to the unscaled form) and of
 * RyuJIT (emitIns_R_R_I: 0 and positive aligned offsets scaled, the rest
 * ldur/stur if within imm9); Graal picks the scaled form first too.  Written
 * here from those rules: on every offset it agrees with pairguard's
 * (tests/host/test_models.c checks that).
 */
static a64_single_form jit_form(a64_kind k, int64_t off)
{
	int64_t size = (int64_t)a64_kind_size(k);

	if (size == 0)
		return A64_FORM_NONE;
	if (off < 0 || off % size != 0)
		return off >= -256 && off <= 255 ? A64_FORM_IMM9 : A64_FORM_NONE;
	return off / size <= 0xfff ? A64_FORM_IMM12 : A64_FORM_NONE;
}

/*
 * prev as a single access, from the word, as HotSpot and Graal read the
 * last instruction: fields by the Arm ARM's load/store register layout
 * (C4.1.4: size 31:30, V 26, 25:24 01 unsigned offset or 00 with bit 21
 * and 11:10 clear for the unscaled form, opc 23:22, imm12 21:10, imm9
 * 20:12, Rn 9:5, Rt 4:0).  Only the W/X/S/D kinds: what a merge can take.
 */
static bool access_of_word(uint32_t w, fuse_access *a)
{
	unsigned size = w >> 30, v = (w >> 26) & 1, opc = (w >> 22) & 3;

	if (((w >> 27) & 7) != 7 || size < 2 || opc > 1)
		return false;
	/* The a64_kind order: STR_W, LDR_W, STR_X, LDR_X, STR_S, LDR_S, ... */
	a->kind = (a64_kind)(v << 2 | (size - 2) << 1 | opc);
	a->rt = w & 31, a->rn = (w >> 5) & 31, a->word = w;
	if (((w >> 24) & 3) == 1) {
		a->form = A64_FORM_IMM12;
		a->imm = (w >> 10) & 0xfff;
		a->off = a->imm << size;
		return true;
	}
	if (((w >> 24) & 3) != 0 || (w >> 21 & 1) || ((w >> 10) & 3))
		return false;
	a->form = A64_FORM_IMM9;
	a->imm = (int64_t)((w >> 12) & 0x1ff) - ((w >> 20 & 1) ? 512 : 0);
	a->off = a->imm;
	return true;
}

static bool in_imm7(int64_t slot)
{
	return slot >= -64 && slot <= 63;
}

static uint32_t model_fuse(const fuse_policy *self, const fuse_query *q)
{
	const model_rules *m = self->data;
	const fuse_access *cur = &q->cur;
	fuse_access prev;
	a64_kind k = cur->kind;
	int64_t size = (int64_t)a64_kind_size(k);

	/* The previous instruction must be the last one emitted in the same
	 * block: a label between ends the merge. */
	if (q->label || !a64_kind_fusable(k) || (m->gpr_only && a64_kind_is_fp(k)))
		return FUSE_KEEP;
	if (m->from_request) {
		if (!q->prev_req || q->prev_req->word != q->prev)
			return FUSE_KEEP;
		prev = *q->prev_req;
	} else if (!access_of_word(q->prev, &prev)) {
		return FUSE_KEEP;
	}
	/* Same size, direction and register file; same base. */
	if (prev.kind != k || prev.rn != cur->rn)
		return FUSE_KEEP;
	if (m->scaled_only && (cur->form != A64_FORM_IMM12 || prev.form != A64_FORM_IMM12))
		return FUSE_KEEP;
	if (m->slot_range && (!in_imm7(cur->imm) || !in_imm7(prev.imm)))
		return FUSE_KEEP;

	const fuse_access *lo, *hi;
	int64_t pair_off;
	if (m->imm_as_slots) {
		/* The #85765 logic: one form for both, immediates one apart. */
		if (cur->form != prev.form)
			return FUSE_KEEP;
		if (cur->imm == prev.imm + 1)
			lo = &prev, hi = cur;
		else if (prev.imm == cur->imm + 1)
			lo = cur, hi = &prev;
		else
			return FUSE_KEEP;
		pair_off = lo->imm * size;
	} else {
		if (cur->off == prev.off + size)
			lo = &prev, hi = cur;
		else if (prev.off == cur->off + size)
			lo = cur, hi = &prev;
		else
			return FUSE_KEEP;
		pair_off = lo->off;
		if (pair_off % size != 0 || !in_imm7(pair_off / size))
			return FUSE_KEEP;
	}
	/* Loads: the earlier load (prev) must not have overwritten the base,
	 * and the two targets differ. */
	if (a64_kind_is_load(k)) {
		if (!a64_kind_is_fp(k) && prev.rt == cur->rn)
			return FUSE_KEEP;
		if (prev.rt == cur->rt)
			return FUSE_KEEP;
	}
	a64_err err;
	uint32_t w = a64_enc_pair(k, A64_PAIR_OFFSET, lo->rt, hi->rt, cur->rn, pair_off, &err);
	return err == A64_OK ? w : FUSE_KEEP;
}

#define MODEL_POLICY(sym, nm, sum, ...)                                                            \
	BUILTIN_POLICY(sym, model_rules, nm, sum, FUSE_PREV_BEFORE, jit_form, model_fuse,          \
		       __VA_ARGS__)

MODEL_POLICY(fuse_policy_hotspot, "hotspot",
	     "OpenJDK HotSpot merge_ldst: W/X ldr/str, either form, pair offset aligned in imm7",
	     .gpr_only = true);
MODEL_POLICY(fuse_policy_ryujit, "ryujit",
	     ".NET RyuJIT since #85765: scaled ldr/str only, both slots in imm7",
	     .scaled_only = true, .from_request = true, .slot_range = true);
MODEL_POLICY(fuse_policy_ryujit_pre85765, "ryujit-pre85765",
	     ".NET RyuJIT before #85765: ldur immediates taken as slot indices (known-bad)",
	     .imm_as_slots = true, .from_request = true, .slot_range = true);
MODEL_POLICY(fuse_policy_graal, "graal",
	     "GraalVM: consecutive ldr/str of W/X/S/D, either form, second not a label");
