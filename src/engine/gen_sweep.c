/*
 * The sweep suite: the whole store fusion domain.  For STR/STUR of W, X, S
 * and D, every offset the standalone rule accepts for the current access
 * (the one the emitter tries to fuse; it runs first) against a previous
 * access (already in the buffer; runs second) in five groups:
 *   prev-below   at offset - size
 *   prev-above   at offset + size
 *   alias        at (offset +- size) +- 512, the imm9 aliases
 *   misaligned   at offset +- 1 .. +-(size - 1)
 *   edges        pairs whose pair offset is -64*size, 63*size or one step
 *                beyond (both orders)
 * keeping the pairs whose previous access is itself encodable.  Each of
 * these blocks comes plain and with a label: `b L; current; L: previous`,
 * so the current access is skipped and fusing across the label is seen as a
 * clobber.  Then three blocks of shapes that must never fuse, plain only,
 * for every current offset in the pairs' reach (NEAR_SLOTS):
 *   gap          previous at offset +- k*size, k = 2..4
 *   other-base   previous at offset +- size through another base register
 *                (rotating through x0..x30 and sp)
 *   other-kind   previous at offset +- size of the other register file
 *                (W next to S, X next to D), a load of the same size next
 *                to the store, and the store next to a load (the load
 *                judged as stores can: it writes no byte, and a pair
 *                instead of the two words misses or clobbers a slot)
 * Their groups come after the first 40, so the older case ids stay.
 * Every block runs at each selected base register (x0..x30, sp); value
 * registers rotate through every register the bases leave free.
 */
#include <stdio.h>

#include "engine/gen.h"

enum { G_BELOW, G_ABOVE, G_ALIAS, G_MISALIGNED, G_EDGES, G_GAP, G_OTHER_BASE, G_OTHER_KIND };

/* The store kinds, and the load kinds of the same sizes (the loads suite
 * walks the same domain: gen_loads.c). */
static const uint8_t kinds[2][ENG_SWEEP_KINDS] = {
	{ A64_STR_W, A64_STR_X, A64_STR_S, A64_STR_D },
	{ A64_LDR_W, A64_LDR_X, A64_LDR_S, A64_LDR_D },
};
static const char *const kind_names[2][ENG_SWEEP_KINDS] = {
	{ "STRw", "STRx", "STRs", "STRd" },
	{ "LDRw", "LDRx", "LDRs", "LDRd" },
};
static const char *const gtype_names[ENG_SWEEP_GTYPES] = { "prev-below", "prev-above", "alias",
							   "misaligned", "edges",      "gap",
							   "other-base", "other-kind" };

/* Blocks: (kind, gtype) of the labelled gtypes first, then of the others. */
#define LABELLED   5 /* gtypes G_BELOW .. G_EDGES: plain and /label */
#define NEVER	   (ENG_SWEEP_GTYPES - LABELLED)
#define OLD_BLOCKS (ENG_SWEEP_KINDS * LABELLED)
#define NBLOCKS	   (ENG_SWEEP_KINDS * ENG_SWEEP_GTYPES)
#define NGROUPS	   (OLD_BLOCKS * 2 + ENG_SWEEP_KINDS * NEVER)
#define NBASES	   32
#define GAP_MAX	   4 /* gap: k = 2..GAP_MAX */
#define NEAR_SLOTS                                                                                 \
	68	       /* never-fuse current offsets: up to 68*size, the                           \
			  imm7 reach (63*size + size) plus the gap */
#define OTHER_SHAPES 3 /* other-kind: other file, load after, load first */

/* The other register file's store of the same size. */
static const uint8_t other_file[ENG_SWEEP_KINDS] = { A64_STR_S, A64_STR_D, A64_STR_W, A64_STR_X };
/* The load of the same kind. */
static const uint8_t load_of[ENG_SWEEP_KINDS] = { A64_LDR_W, A64_LDR_X, A64_LDR_S, A64_LDR_D };

static unsigned block_of(unsigned k, unsigned gtype)
{
	return gtype < LABELLED ? k * LABELLED + gtype : OLD_BLOCKS + k * NEVER + gtype - LABELLED;
}

static unsigned block_kind(unsigned b)
{
	return b < OLD_BLOCKS ? b / LABELLED : (b - OLD_BLOCKS) / NEVER;
}

static unsigned block_gtype(unsigned b)
{
	return b < OLD_BLOCKS ? b % LABELLED : LABELLED + (b - OLD_BLOCKS) % NEVER;
}

static unsigned group_block(unsigned g)
{
	return g < OLD_BLOCKS * 2 ? g / 2 : OLD_BLOCKS + g - OLD_BLOCKS * 2;
}

static bool group_label(unsigned g)
{
	return g < OLD_BLOCKS * 2 && (g & 1);
}

/* Position inside a (kind, group) block for one base. */
typedef struct block_pos {
	bool started;
	int64_t cur;
	unsigned cand;
	unsigned n;	/* candidates of cur (once started) */
	int64_t *cands; /* ENG_SWEEP_CANDS of them: kept, not rebuilt per case */
} block_pos;

static bool cur_next(unsigned size, unsigned gtype, int64_t *o)
{
	int64_t x = *o + 1;
	int64_t end = gtype < LABELLED ? 4096 * (int64_t)size : (NEAR_SLOTS + 1) * (int64_t)size;

	if (x <= 255) {
		*o = x;
		return true;
	}
	x = (x + size - 1) / size * size;
	if (x < end) {
		*o = x;
		return true;
	}
	return false;
}

static unsigned candidates(unsigned gtype, unsigned size, int64_t o, int64_t *out)
{
	unsigned n = 0;
	int64_t s = size;

	switch (gtype) {
	case G_BELOW:
		out[n++] = o - s;
		break;
	case G_ABOVE:
		out[n++] = o + s;
		break;
	case G_ALIAS:
		out[n++] = o - s - 512;
		out[n++] = o - s + 512;
		out[n++] = o + s - 512;
		out[n++] = o + s + 512;
		break;
	case G_MISALIGNED:
		for (int64_t d = s - 1; d >= 1; d--)
			out[n++] = o - d;
		for (int64_t d = 1; d < s; d++)
			out[n++] = o + d;
		break;
	case G_GAP:
		for (int64_t k = 2; k <= GAP_MAX; k++) {
			out[n++] = o - k * s;
			out[n++] = o + k * s;
		}
		break;
	case G_OTHER_BASE:
		out[n++] = o - s;
		out[n++] = o + s;
		break;
	case G_OTHER_KIND:
		/* Candidate c: shape c / 2, previous below (c even) or above. */
		for (unsigned sh = 0; sh < OTHER_SHAPES; sh++) {
			out[n++] = o - s;
			out[n++] = o + s;
		}
		break;
	}
	return n;
}

/* The next (current, previous) pair of a block (*shape: the candidate's
 * number among its current offset's); false at its end. */
static bool block_next(unsigned k, unsigned gtype, block_pos *pos, int64_t *cur, int64_t *prev,
		       unsigned *shape)
{
	unsigned kind = kinds[0][k], size = eng_kind_size(kind);
	int64_t *cands = pos->cands;

	if (gtype == G_EDGES) {
		/* Pair offsets p = -65s, -64s, 63s, 64s; each pair both ways. */
		static const int8_t steps[4] = { -65, -64, 63, 64 };

		while (pos->cand < 8) {
			int64_t p = (int64_t)steps[pos->cand / 2] * size;
			int64_t lo = p, hi = p + size;

			*cur = (pos->cand & 1) ? hi : lo;
			*prev = (pos->cand & 1) ? lo : hi;
			*shape = pos->cand++;
			if (eng_standalone_ok(kind, *cur) && eng_standalone_ok(kind, *prev))
				return true;
		}
		return false;
	}
	if (!pos->started) {
		pos->started = true;
		pos->cur = -256;
		pos->cand = 0;
		pos->n = candidates(gtype, size, pos->cur, cands);
	}
	for (;;) {
		while (pos->cand < pos->n) {
			int64_t p = cands[pos->cand++];

			/* Every kind paired here has the current one's size. */
			if (eng_standalone_ok(kind, p)) {
				*cur = pos->cur;
				*prev = p;
				*shape = pos->cand - 1;
				return true;
			}
		}
		if (!cur_next(size, gtype, &pos->cur))
			return false;
		pos->cand = 0;
		pos->n = candidates(gtype, size, pos->cur, cands);
	}
}

static uint64_t block_count[NBLOCKS];
static uint64_t group_first[NGROUPS]; /* first index of each group */
static bool counted;

static void count_blocks(void)
{
	if (counted)
		return;
	for (unsigned b = 0; b < NBLOCKS; b++) {
		int64_t cands[ENG_SWEEP_CANDS];
		block_pos pos = { .cands = cands };
		int64_t c, p;
		unsigned sh;
		uint64_t n = 0;

		while (block_next(block_kind(b), block_gtype(b), &pos, &c, &p, &sh))
			n++;
		block_count[b] = n;
	}
	for (unsigned g = 1; g < NGROUPS; g++)
		group_first[g] = group_first[g - 1] + block_count[group_block(g - 1)] * NBASES;
	counted = true;
}

uint64_t eng_sweep_block_cases(unsigned kind_idx, unsigned gtype)
{
	count_blocks();
	return block_count[block_of(kind_idx, gtype)];
}

/* Groups: (kind, gtype, label) of the labelled gtypes, label innermost;
 * then (kind, gtype) of the never-fuse ones. */
unsigned gen_sweep_groups(bool loads)
{
	return loads ? OLD_BLOCKS * 2 : NGROUPS;
}

void gen_sweep_group_name(bool loads, unsigned g, char *buf, size_t n)
{
	unsigned b = group_block(g);

	snprintf(buf, n, "%s/%s%s", kind_names[loads][block_kind(b)], gtype_names[block_gtype(b)],
		 group_label(g) ? "/label" : "");
}

static unsigned popcount32(uint32_t x)
{
	unsigned n = 0;

	for (; x; x &= x - 1)
		n++;
	return n;
}

uint64_t gen_sweep_group_cases(const eng_params *p, unsigned g)
{
	count_blocks();
	return block_count[group_block(g)] * popcount32(p->bases);
}

/* The n-th (mod their count) register of a file that avoid (bit r: GPR r;
 * bit 31: SP) leaves free; a GPR is never 31 (XZR). */
static unsigned free_reg(bool fp, uint32_t avoid, uint64_t n)
{
	unsigned m = fp ? 32 : 31 - (unsigned)popcount32(avoid & 0x7fffffffu), r = 0;

	n %= m;
	for (;; r++) {
		if (!fp && (avoid >> r & 1))
			continue;
		if (n-- == 0)
			return r;
	}
}

/* A never-fuse block's case: the current access, then the previous one of
 * the shape the candidate number says. */
static void build_never(unsigned g, unsigned base, uint64_t local, int64_t cur, int64_t prev,
			unsigned shape, eng_case *c)
{
	unsigned b = group_block(g), k = block_kind(b), gtype = block_gtype(b);
	unsigned ckind = kinds[0][k], pkind = kinds[0][k], pbase = base;
	uint32_t avoid = ENG_BASE_BIT(base);
	unsigned m, i, j;

	if (gtype == G_OTHER_BASE) {
		/* The other base rotates through the 31 registers left. */
		pbase = (base + 1 + (unsigned)(local % 31)) % 32;
		avoid |= ENG_BASE_BIT(pbase);
	} else if (gtype == G_OTHER_KIND) {
		switch (shape / 2) {
		case 0:
			pkind = other_file[k];
			break;
		case 1:
			pkind = load_of[k];
			break;
		default:
			ckind = load_of[k];
			break;
		}
	}
	/* Two different registers, rotating through the free ones (as
	 * build() does for one file).  Across the files, the same number: a
	 * pair that reads prev's register in the current one's file then
	 * stores a register the case set, with another value (an unset one
	 * could hold anything, the set-up's temporary among them). */
	m = eng_kind_fp(ckind) ? 32 : 31 - popcount32(avoid & 0x7fffffffu);
	i = free_reg(eng_kind_fp(ckind), avoid, local);
	j = free_reg(eng_kind_fp(pkind), avoid, local + 1 + (local / m) % (m - 1));
	if (eng_kind_fp(ckind) != eng_kind_fp(pkind))
		i = j = free_reg(false, avoid, local);

	c->suite = ENG_SUITE_SWEEP;
	c->group = g;
	c->index = group_first[g] + base * block_count[b] + local;
	c->n = 2;
	c->item[0] = gen_access(ckind, i, base, cur);
	c->item[1] = gen_access(pkind, j, pbase, prev);
}

void gen_rotate_regs(unsigned kind, unsigned base, uint64_t local, unsigned *ri, unsigned *rj)
{
	unsigned m, i, j;

	/* Value registers rotate through every register the base leaves free
	 * (XZR is never one: its zero bytes would say little): the i-th free
	 * one of m is i, or i + 1 past a GPR base. */
	m = eng_kind_fp(kind) ? 32 : (base < 31 ? 30 : 31);
	i = (unsigned)(local % m);
	j = (unsigned)((local + 1 + (local / m) % (m - 1)) % m);
	if (!eng_kind_fp(kind) && base < 31) {
		i += i >= base;
		j += j >= base;
	}
	*ri = i;
	*rj = j;
}

/* A case of group g (the loads suite: of its first OLD_BLOCKS * 2, as
 * loads). */
static void build(bool loads, unsigned g, unsigned base, uint64_t local, int64_t cur, int64_t prev,
		  unsigned shape, eng_case *c)
{
	unsigned b = group_block(g), kind, i, j;

	if (g >= OLD_BLOCKS * 2) {
		build_never(g, base, local, cur, prev, shape, c);
		return;
	}
	kind = kinds[loads][block_kind(b)];
	gen_rotate_regs(kind, base, local, &i, &j);
	c->suite = loads ? ENG_SUITE_LOADS : ENG_SUITE_SWEEP;
	c->group = g;
	c->index = group_first[g] + base * block_count[b] + local;
	c->n = 0;
	if (group_label(g))
		c->item[c->n++] = gen_marker(ENG_JUMP);
	c->item[c->n++] = gen_access(kind, i, base, cur);
	if (group_label(g))
		c->item[c->n++] = gen_marker(ENG_LABEL);
	c->item[c->n++] = gen_access(kind, j, base, prev);
}

static bool next_base(uint32_t mask, unsigned from, unsigned *base)
{
	for (unsigned b = from; b < NBASES; b++) {
		if (mask >> b & 1) {
			*base = b;
			return true;
		}
	}
	return false;
}

bool gen_sweep_next(eng_iter *it, eng_case *c)
{
	unsigned b = group_block(it->group), sh;
	block_pos pos;
	int64_t cur, prev;

	if (!it->started) {
		if (!next_base(it->p->bases, 0, &it->base))
			return false;
		it->started = true;
		it->cur = 0;
		it->cand = 0;
		it->local = 0;
		it->sweep_started = false;
	}
	for (;;) {
		pos.started = it->sweep_started;
		pos.cur = it->cur;
		pos.cand = it->cand;
		pos.n = it->ncand;
		pos.cands = it->cands;
		if (block_next(block_kind(b), block_gtype(b), &pos, &cur, &prev, &sh)) {
			it->sweep_started = pos.started;
			it->cur = pos.cur;
			it->cand = pos.cand;
			it->ncand = pos.n;
			build(it->suite == ENG_SUITE_LOADS, it->group, it->base, it->local++, cur,
			      prev, sh, c);
			return true;
		}
		if (!next_base(it->p->bases, it->base + 1, &it->base))
			return false;
		it->sweep_started = false;
		it->cur = 0;
		it->cand = 0;
		it->local = 0;
	}
}

uint64_t gen_sweep_total(void)
{
	count_blocks();
	return group_first[OLD_BLOCKS * 2 - 1] + block_count[OLD_BLOCKS - 1] * NBASES;
}

bool gen_sweep_case(bool loads, uint64_t index, eng_case *c)
{
	uint64_t start = 0;

	count_blocks();
	for (unsigned g = 0; g < gen_sweep_groups(loads); g++) {
		unsigned b = group_block(g), sh = 0;
		uint64_t per_base = block_count[b];
		uint64_t size = per_base * NBASES;

		if (index < start + size) {
			uint64_t rel = index - start;
			unsigned base = (unsigned)(rel / per_base);
			uint64_t local = rel % per_base;
			int64_t cands[ENG_SWEEP_CANDS];
			block_pos pos = { .cands = cands };
			int64_t cur = 0, prev = 0;

			for (uint64_t i = 0; i <= local; i++)
				if (!block_next(block_kind(b), block_gtype(b), &pos, &cur, &prev,
						&sh))
					return false;
			build(loads, g, base, local, cur, prev, sh, c);
			return true;
		}
		start += size;
	}
	return false;
}
