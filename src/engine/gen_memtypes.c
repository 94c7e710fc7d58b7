/*
 * The memtypes suite: a small set of the store sweep's and the loads
 * suite's shapes, run with the arena mapped as each memory type and with
 * SCTLR_EL1.A off and on (the firmware sets both up around each group,
 * src/fw/memtypes.c).  Its expected outcomes come from the architecture
 * (eng_align_must_fault): a misaligned access to Device memory, or any
 * misaligned access with A=1, takes an alignment fault (data abort, DFSC
 * 0b100001) whose FAR is the access's first byte; an aligned one runs and
 * is checked as usual.
 *
 * Stores and loads alike (case k of a loads group is the load of case k
 * of the stores group), per kind (W, X, S, D and Q: a Q load's register
 * is captured whole, its upper half judged) and per base skew (the base
 * placed 0..size-1 bytes past its usual 64-byte alignment, so every shape
 * is aligned once and misaligned size-1 times):
 *   single      one access at +2*size (the scaled form: STR/LDR);
 *   single-neg  one access at -size (the unscaled form: STUR/LDUR);
 *   fused       two accesses at 0 and +size: the policy under test fuses
 *               them into one pair (W, X, S, D; Q is never fused);
 *   pair        an STP or LDP at -2*size, emitted as it is;
 * and, with the base aligned, the misaligned neighbours at +1 and
 * +1+size (W, X, S, D), which a correct policy never fuses (MISSION.md
 * rule 5; LuaJIT before #1056 fused them into an aligned pair, which then
 * does not fault where the requests must).
 * Groups: memory type (normal-wb, normal-nc, device-ngnre, device-ngnrne)
 * x A (A0, A1) x direction (stores, loads); case id = group * STRIDE +
 * the case's number in its group.
 */
#include <stdio.h>

#include "engine/gen.h"

#define MT_KINDS  5
#define MT_BASE	  19u
#define MT_STRIDE 256u

enum { SH_SINGLE, SH_SINGLE_NEG, SH_FUSED, SH_PAIR, SH_SHAPES };

static const uint8_t store_kinds[MT_KINDS] = { A64_STR_W, A64_STR_X, A64_STR_S, A64_STR_D,
					       A64_STR_Q };
static const uint8_t load_kinds[MT_KINDS] = { A64_LDR_W, A64_LDR_X, A64_LDR_S, A64_LDR_D,
					      A64_LDR_Q };

static const char *const mem_names[ENG_MEM_COUNT] = {
	[ENG_MEM_NORMAL_WB] = "normal-wb",
	[ENG_MEM_NORMAL_NC] = "normal-nc",
	[ENG_MEM_DEVICE_nGnRE] = "device-ngnre",
	[ENG_MEM_DEVICE_nGnRnE] = "device-ngnrne",
};

const char *eng_memtype_name(eng_memtype m)
{
	return m < ENG_MEM_COUNT ? mem_names[m] : "?";
}

bool eng_align_must_fault(eng_memenv env, uint64_t addr, unsigned size)
{
	bool device = env.mem == ENG_MEM_DEVICE_nGnRE || env.mem == ENG_MEM_DEVICE_nGnRnE;

	return size > 1 && addr % size != 0 && (env.align_check || device);
}

unsigned gen_memtypes_groups(void)
{
	return ENG_MEM_COUNT * 2 * 2;
}

eng_memenv eng_memtypes_env(unsigned g)
{
	eng_memenv e = { (eng_memtype)(g / 4 % ENG_MEM_COUNT), (g / 2) % 2 != 0 };

	return e;
}

static bool group_loads(unsigned g)
{
	return g % 2 != 0;
}

void gen_memtypes_group_name(unsigned g, char *buf, size_t n)
{
	eng_memenv e = eng_memtypes_env(g);

	snprintf(buf, n, "%s/A%u/%s", eng_memtype_name(e.mem), e.align_check ? 1u : 0u,
		 group_loads(g) ? "loads" : "stores");
}

/* The shape and skew of case `local` of a group: walks kinds, then skews,
 * then shapes, then the misaligned neighbours.  False past the end. */
typedef struct mt_pos {
	unsigned kind, skew, shape;
	bool neighbours;
} mt_pos;

static bool locate(bool loads, unsigned local, mt_pos *p)
{
	const uint8_t *kinds = loads ? load_kinds : store_kinds;

	for (unsigned k = 0; k < MT_KINDS; k++) {
		unsigned size = eng_kind_size(kinds[k]);

		if (local < size * SH_SHAPES) {
			*p = (mt_pos){ kinds[k], local / SH_SHAPES, local % SH_SHAPES, false };
			return true;
		}
		local -= size * SH_SHAPES;
	}
	for (unsigned k = 0; k < MT_KINDS; k++) {
		if (eng_kind_size(kinds[k]) == 16)
			continue;
		if (local == 0) {
			*p = (mt_pos){ kinds[k], 0, SH_FUSED, true };
			return true;
		}
		local--;
	}
	return false;
}

uint64_t gen_memtypes_group_cases(unsigned g)
{
	mt_pos p;
	uint64_t n = 0;

	if (g >= gen_memtypes_groups())
		return 0;
	while (locate(group_loads(g), (unsigned)n, &p))
		n++;
	return n;
}

uint64_t gen_memtypes_index(unsigned g, uint64_t local)
{
	return (uint64_t)g * MT_STRIDE + local;
}

/* Value registers: never the base; for a load pair two different ones. */
static eng_item access(unsigned kind, unsigned k, int64_t off)
{
	return gen_access(kind, eng_kind_fp(kind) ? k : 2 * k, MT_BASE, off);
}

bool gen_memtypes_case(uint64_t index, eng_case *c)
{
	unsigned g = (unsigned)(index / MT_STRIDE), local = (unsigned)(index % MT_STRIDE);
	eng_memenv env = eng_memtypes_env(g);
	unsigned size;
	mt_pos p;

	/* Sizes 4+8+4+8+16 bytes, a case per skew and shape, 4 neighbours. */
	_Static_assert(MT_STRIDE >= 40 * SH_SHAPES + 4, "a group's cases fit its stride");
	if (g >= gen_memtypes_groups() || !locate(group_loads(g), local, &p))
		return false;
	size = eng_kind_size(p.kind);
	c->suite = ENG_SUITE_MEMTYPES;
	c->group = g;
	c->index = index;
	c->n = 0;
	c->base_skew = (uint8_t)p.skew;
	switch (p.shape) {
	case SH_SINGLE:
		c->item[c->n++] = access(p.kind, 0, 2 * (int64_t)size);
		break;
	case SH_SINGLE_NEG:
		c->item[c->n++] = access(p.kind, 0, -(int64_t)size);
		break;
	case SH_FUSED: {
		int64_t lo = p.neighbours ? 1 : 0;

		c->item[c->n++] = access(p.kind, 0, lo);
		c->item[c->n++] = access(p.kind, 1, lo + size);
		break;
	}
	default: {
		eng_item pair = access(p.kind, 0, -2 * (int64_t)size);

		pair.form = ENG_FORM_PAIR;
		pair.rt2 = (uint8_t)(eng_kind_fp(p.kind) ? 1 : 2);
		c->item[c->n++] = pair;
		break;
	}
	}
	/* The first access in execution order that must fault (every access
	 * of these shapes shares its alignment: item 0). */
	for (unsigned i = 0; i < c->n; i++) {
		uint64_t addr = p.skew + (uint64_t)eng_item_addr(&c->item[i]);

		if (eng_align_must_fault(env, addr, size)) {
			c->fault_ec = ENG_EC_DABT_CUR;
			c->fault_dfsc = ENG_DFSC_ALIGN;
			c->fault_item = (uint8_t)i;
			break;
		}
	}
	return true;
}
