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
 * keeping the pairs whose previous access is itself encodable.  Each block
 * comes plain and with a label: `b L; current; L: previous`, so the current
 * access is skipped and fusing across the label is seen as a clobber.
 * Every block runs at each selected base register (x0..x30, sp); value
 * registers rotate through every register the base leaves free.
 */
#include <stdio.h>

#include "engine/gen.h"

enum { G_BELOW, G_ABOVE, G_ALIAS, G_MISALIGNED, G_EDGES };

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
							   "misaligned", "edges" };

#define NBLOCKS (ENG_SWEEP_KINDS * ENG_SWEEP_GTYPES)
#define NBASES	32

/* Position inside a (kind, group) block for one base. */
typedef struct block_pos {
	bool started;
	int64_t cur;
	unsigned cand;
} block_pos;

static bool cur_next(unsigned size, int64_t *o)
{
	int64_t x = *o + 1;

	if (x <= 255) {
		*o = x;
		return true;
	}
	x = (x + size - 1) / size * size;
	if (x < 4096 * (int64_t)size) {
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
	}
	return n;
}

/* The next (current, previous) pair of a block; false at its end. */
static bool block_next(unsigned k, unsigned gtype, block_pos *pos, int64_t *cur, int64_t *prev)
{
	unsigned kind = kinds[0][k], size = eng_kind_size(kind);
	int64_t cands[16];

	if (gtype == G_EDGES) {
		/* Pair offsets p = -65s, -64s, 63s, 64s; each pair both ways. */
		static const int8_t steps[4] = { -65, -64, 63, 64 };

		while (pos->cand < 8) {
			int64_t p = (int64_t)steps[pos->cand / 2] * size;
			int64_t lo = p, hi = p + size;

			*cur = (pos->cand & 1) ? hi : lo;
			*prev = (pos->cand & 1) ? lo : hi;
			pos->cand++;
			if (eng_standalone_ok(kind, *cur) && eng_standalone_ok(kind, *prev))
				return true;
		}
		return false;
	}
	if (!pos->started) {
		pos->started = true;
		pos->cur = -256;
		pos->cand = 0;
	}
	for (;;) {
		unsigned n = candidates(gtype, size, pos->cur, cands);

		while (pos->cand < n) {
			int64_t p = cands[pos->cand++];

			if (eng_standalone_ok(kind, p)) {
				*cur = pos->cur;
				*prev = p;
				return true;
			}
		}
		if (!cur_next(size, &pos->cur))
			return false;
		pos->cand = 0;
	}
}

static uint64_t block_count[NBLOCKS];
static uint64_t group_first[NBLOCKS * 2]; /* first index of each group */
static bool counted;

static void count_blocks(void)
{
	if (counted)
		return;
	for (unsigned b = 0; b < NBLOCKS; b++) {
		block_pos pos = { 0 };
		int64_t c, p;
		uint64_t n = 0;

		while (block_next(b / ENG_SWEEP_GTYPES, b % ENG_SWEEP_GTYPES, &pos, &c, &p))
			n++;
		block_count[b] = n;
	}
	for (unsigned g = 1; g < NBLOCKS * 2; g++)
		group_first[g] = group_first[g - 1] + block_count[(g - 1) / 2] * NBASES;
	counted = true;
}

uint64_t eng_sweep_block_cases(unsigned kind_idx, unsigned gtype)
{
	count_blocks();
	return block_count[kind_idx * ENG_SWEEP_GTYPES + gtype];
}

/* Groups: (kind, gtype, label), label innermost. */
unsigned gen_sweep_groups(void)
{
	return NBLOCKS * 2;
}

void gen_sweep_group_name(bool loads, unsigned g, char *buf, size_t n)
{
	unsigned b = g / 2;

	snprintf(buf, n, "%s/%s%s", kind_names[loads][b / ENG_SWEEP_GTYPES],
		 gtype_names[b % ENG_SWEEP_GTYPES], (g & 1) ? "/label" : "");
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
	return block_count[g / 2] * popcount32(p->bases);
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

static void build(bool loads, unsigned g, unsigned base, uint64_t local, int64_t cur, int64_t prev,
		  eng_case *c)
{
	unsigned k = g / 2 / ENG_SWEEP_GTYPES;
	unsigned kind = kinds[loads][k];
	unsigned i, j;

	gen_rotate_regs(kind, base, local, &i, &j);
	c->suite = loads ? ENG_SUITE_LOADS : ENG_SUITE_SWEEP;
	c->group = g;
	c->index = group_first[g] + base * block_count[g / 2] + local;
	c->n = 0;
	if (g & 1)
		c->item[c->n++] = gen_marker(ENG_JUMP);
	c->item[c->n++] = gen_access(kind, i, base, cur);
	if (g & 1)
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
	unsigned b = it->group / 2;
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
		if (block_next(b / ENG_SWEEP_GTYPES, b % ENG_SWEEP_GTYPES, &pos, &cur, &prev)) {
			it->sweep_started = pos.started;
			it->cur = pos.cur;
			it->cand = pos.cand;
			build(it->suite == ENG_SUITE_LOADS, it->group, it->base, it->local++, cur,
			      prev, c);
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
	return group_first[NBLOCKS * 2 - 1] + block_count[NBLOCKS - 1] * NBASES;
}

bool gen_sweep_case(bool loads, uint64_t index, eng_case *c)
{
	uint64_t start = 0;

	count_blocks();
	for (unsigned g = 0; g < NBLOCKS * 2; g++) {
		uint64_t per_base = block_count[g / 2];
		uint64_t size = per_base * NBASES;

		if (index < start + size) {
			uint64_t rel = index - start;
			unsigned base = (unsigned)(rel / per_base);
			uint64_t local = rel % per_base;
			block_pos pos = { 0 };
			int64_t cur = 0, prev = 0;

			for (uint64_t i = 0; i <= local; i++)
				if (!block_next(g / 2 / ENG_SWEEP_GTYPES, g / 2 % ENG_SWEEP_GTYPES,
						&pos, &cur, &prev))
					return false;
			build(loads, g, base, local, cur, prev, c);
			return true;
		}
		start += size;
	}
	return false;
}
