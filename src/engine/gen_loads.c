/*
 * The loads suite: the sweep's whole fusion domain with LDR/LDUR of W, X, S
 * and D (its 40 groups, gen_sweep.c, named LDRw/prev-below ...), then the
 * load hazards and MISSION.md's pairs as loads:
 *   same-reg   two loads into one register at adjacent offsets (an LDP
 *              with Rt == Rt2 would be CONSTRAINED UNPREDICTABLE): for
 *              W, X, S, D, every current offset whose neighbour pair lies
 *              within one step of the imm7 range, prev below and above;
 *   base       the same offsets, the later load (prev) into the base
 *              register itself (W and X; none at sp): fusing it is right,
 *              and the base must end up holding the loaded value;
 *   kong, dotnet85765, same-x0   the story's pair (ldr x30,[x19,#488]
 *              then ldur x0,[x19,#-16]; X and D), .NET #85765's (ldur
 *              [x1,#0x1A] then [x1,#0x1B]; X and W) and ldr x0,[x19,#8]
 *              then ldr x0,[x19,#16], each in both orders.
 *   random/plain, random/labels   the random suite's streams (gen_random.c,
 *              the same seeds) with every store made the load of its size:
 *              loads only, W, X, S, D, B, H, one to three bases, labels and
 *              jumps (the random suite itself mixes loads and stores).
 * A load into the base that runs FIRST is left out: the load after it then
 * addresses through the loaded value, outside every mapping (rule 2 is
 * proven on the host, tests/host/test_fuse_guards.c).
 * Index space: the sweep's indices (every base), then each hazard group's
 * cases of every base in turn, then the pairs (pair * 2 + order), then the
 * random streams (the random suite's index; even plain, odd labels).
 */
#include <stdio.h>

#include "engine/gen.h"

enum { E_SAME, E_BASE };

typedef struct hazard_group {
	const char *name;
	uint8_t kind, type;
} hazard_group;

static const hazard_group hazards[] = {
	{ "LDRw/same-reg", A64_LDR_W, E_SAME }, { "LDRx/same-reg", A64_LDR_X, E_SAME },
	{ "LDRs/same-reg", A64_LDR_S, E_SAME }, { "LDRd/same-reg", A64_LDR_D, E_SAME },
	{ "LDRw/base", A64_LDR_W, E_BASE },	{ "LDRx/base", A64_LDR_X, E_BASE },
};
#define NHAZ (sizeof(hazards) / sizeof(hazards[0]))

typedef struct load_pair {
	const char *name;
	uint8_t kind, rn, rt1, rt2;
	int16_t off1, off2;
} load_pair;

static const load_pair pairs[] = {
	{ "LDRx/kong", A64_LDR_X, 19, 30, 0, 488, -16 },
	{ "LDRd/kong", A64_LDR_D, 19, 30, 0, 488, -16 },
	{ "LDRx/dotnet85765", A64_LDR_X, 1, 0, 2, 0x1A, 0x1B },
	{ "LDRw/dotnet85765", A64_LDR_W, 1, 0, 2, 0x1A, 0x1B },
	/* Issue 13's: LuaJIT v2.1 makes ldp x0, x0, [x19, #8] of these. */
	{ "LDRx/same-x0", A64_LDR_X, 19, 0, 0, 8, 16 },
};
#define NPAIRS (sizeof(pairs) / sizeof(pairs[0]))
#define NBASES 32

/* The next (current, previous) offsets of a hazard group: current offsets
 * ascending in [-65*size, 65*size], each with prev at -size then +size,
 * both accepted by the standalone rule. */
static bool hazard_next(unsigned kind, int64_t *cur, unsigned *cand, int64_t *o, int64_t *p)
{
	int64_t s = eng_kind_size(kind);

	for (; *cur <= 65 * s; (*cur)++, *cand = 0) {
		while (*cand < 2) {
			int64_t prev = *cand == 0 ? *cur - s : *cur + s;

			(*cand)++;
			if (eng_standalone_ok(kind, *cur) && eng_standalone_ok(kind, prev)) {
				*o = *cur;
				*p = prev;
				return true;
			}
		}
	}
	return false;
}

/* Filled once, by the first count (a run's plan, before any core runs:
 * parallel=1 reads it on every core, as the sweep's block counts). */
static uint64_t hazard_count[NHAZ];

static uint64_t per_base(unsigned h)
{
	if (!hazard_count[h]) {
		int64_t cur = -65 * (int64_t)eng_kind_size(hazards[h].kind), o, p;
		unsigned cand = 0;
		uint64_t n = 0;

		while (hazard_next(hazards[h].kind, &cur, &cand, &o, &p))
			n++;
		hazard_count[h] = n;
	}
	return hazard_count[h];
}

static bool base_ok(unsigned h, unsigned base)
{
	return hazards[h].type != E_BASE || base < 31;
}

#define NRANDOM 2

unsigned gen_loads_groups(void)
{
	return gen_sweep_groups(true) + NHAZ + NPAIRS + NRANDOM;
}

void gen_loads_group_name(unsigned g, char *buf, size_t n)
{
	unsigned sweep = gen_sweep_groups(true);

	if (g < sweep)
		gen_sweep_group_name(true, g, buf, n);
	else if (g < sweep + NHAZ)
		snprintf(buf, n, "%s", hazards[g - sweep].name);
	else if (g < sweep + NHAZ + NPAIRS)
		snprintf(buf, n, "%s", pairs[g - sweep - NHAZ].name);
	else if (g < sweep + NHAZ + NPAIRS + NRANDOM)
		snprintf(buf, n, "random/%s", g == sweep + NHAZ + NPAIRS ? "plain" : "labels");
	else
		snprintf(buf, n, "?");
}

uint64_t gen_loads_group_cases(const eng_params *p, unsigned g)
{
	unsigned sweep = gen_sweep_groups(true);

	if (g < sweep)
		return gen_sweep_group_cases(p, g);
	if (g < sweep + NHAZ) {
		unsigned h = g - sweep;
		uint32_t bases =
			hazards[h].type == E_BASE ? p->bases & ~ENG_BASE_BIT(31) : p->bases;

		return per_base(h) * (unsigned)__builtin_popcount(bases);
	}
	if (g < sweep + NHAZ + NPAIRS)
		return 2;
	if (g < sweep + NHAZ + NPAIRS + NRANDOM)
		return gen_random_group_cases(p, g - sweep - NHAZ - NPAIRS);
	return 0;
}

static uint64_t hazard_first(unsigned h)
{
	uint64_t first = gen_sweep_total();

	for (unsigned k = 0; k < h; k++)
		first += per_base(k) * NBASES;
	return first;
}

static void build_hazard(unsigned h, unsigned base, uint64_t local, int64_t cur, int64_t prev,
			 eng_case *c)
{
	unsigned kind = hazards[h].kind, i, j;

	gen_rotate_regs(kind, base, local, &i, &j);
	c->suite = ENG_SUITE_LOADS;
	c->group = gen_sweep_groups(true) + h;
	c->index = hazard_first(h) + base * per_base(h) + local;
	c->n = 2;
	c->item[0] = gen_access(kind, i, base, cur);
	c->item[1] = gen_access(kind, hazards[h].type == E_BASE ? base : i, base, prev);
}

static void build_pair(unsigned k, unsigned order, eng_case *c)
{
	const load_pair *p = &pairs[k];
	eng_item a = gen_access(p->kind, p->rt1, p->rn, p->off1);
	eng_item b = gen_access(p->kind, p->rt2, p->rn, p->off2);

	c->suite = ENG_SUITE_LOADS;
	c->group = gen_sweep_groups(true) + NHAZ + k;
	c->index = hazard_first(NHAZ) + 2 * k + order;
	c->n = 2;
	c->item[0] = order ? b : a;
	c->item[1] = order ? a : b;
}

/* A random stream (gen_random.c) as loads: each store kind the load of
 * its size (its loads stay). */
_Static_assert(A64_LDR_W == A64_STR_W + 1 && A64_LDR_B == A64_STR_B + 1 &&
		       A64_LDR_H == A64_STR_H + 1 && A64_LDR_D == A64_STR_D + 1,
	       "each load kind follows its store kind");

static bool build_random(const eng_params *p, uint64_t k, eng_case *c)
{
	if (!gen_random_case(p, k, c))
		return false;
	for (unsigned i = 0; i < c->n; i++)
		if (c->item[i].type == ENG_ACCESS && !eng_kind_load(c->item[i].kind))
			c->item[i].kind = (uint8_t)(c->item[i].kind + 1); /* STRx -> LDRx, ... */
	c->suite = ENG_SUITE_LOADS;
	c->mixed = 0;
	c->group = gen_sweep_groups(true) + NHAZ + NPAIRS + (unsigned)(k & 1);
	c->index = hazard_first(NHAZ) + 2 * NPAIRS + k;
	return true;
}

static bool next_base(unsigned h, uint32_t mask, unsigned from, unsigned *base)
{
	for (unsigned b = from; b < NBASES; b++) {
		if ((mask >> b & 1) && base_ok(h, b)) {
			*base = b;
			return true;
		}
	}
	return false;
}

bool gen_loads_next(eng_iter *it, eng_case *c)
{
	unsigned sweep = gen_sweep_groups(true), h = it->group - sweep;
	int64_t o, p;

	if (it->group < sweep)
		return gen_sweep_next(it, c);
	if (h >= NHAZ + NPAIRS)
		return build_random(it->p, it->done * 2 + (h - NHAZ - NPAIRS), c);
	if (h >= NHAZ) {
		build_pair(h - NHAZ, (unsigned)it->done, c);
		return true;
	}
	if (!it->started) {
		if (!next_base(h, it->p->bases, 0, &it->base))
			return false;
		it->started = true;
		it->cur = -65 * (int64_t)eng_kind_size(hazards[h].kind);
		it->cand = 0;
		it->local = 0;
	}
	for (;;) {
		if (hazard_next(hazards[h].kind, &it->cur, &it->cand, &o, &p)) {
			build_hazard(h, it->base, it->local++, o, p, c);
			return true;
		}
		if (!next_base(h, it->p->bases, it->base + 1, &it->base))
			return false;
		it->cur = -65 * (int64_t)eng_kind_size(hazards[h].kind);
		it->cand = 0;
		it->local = 0;
	}
}

bool gen_loads_case(const eng_params *prm, uint64_t index, eng_case *c)
{
	uint64_t at;

	if (index < gen_sweep_total())
		return gen_sweep_case(true, index, c);
	for (unsigned h = 0; h < NHAZ; h++) {
		uint64_t n = per_base(h), rel, local;
		unsigned base;
		int64_t cur, o = 0, p = 0;
		unsigned cand = 0;

		at = hazard_first(h);
		if (index >= at + n * NBASES)
			continue;
		rel = index - at;
		base = (unsigned)(rel / n);
		local = rel % n;
		if (!base_ok(h, base))
			return false;
		cur = -65 * (int64_t)eng_kind_size(hazards[h].kind);
		for (uint64_t i = 0; i <= local; i++)
			hazard_next(hazards[h].kind, &cur, &cand, &o, &p);
		build_hazard(h, base, local, o, p, c);
		return true;
	}
	at = hazard_first(NHAZ);
	if (index >= at + 2 * NPAIRS)
		return build_random(prm, index - at - 2 * NPAIRS, c);
	build_pair((unsigned)((index - at) / 2), (unsigned)((index - at) % 2), c);
	return true;
}
