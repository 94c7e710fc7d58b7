/*
 * The random suite: seeded streams of loads and stores as a JIT produces
 * them, each stream one case run as one block.  A stream mixes kinds and
 * sizes (STR/STUR of W, X, S, D and the never-fused B and H; LDR/LDUR of W,
 * X, S, D), uses one to three base registers (sp among them at times), and
 * draws offsets the way stack-slot code does:
 * mostly next to the previous access through the same base, sometimes the
 * same slot again, the imm9 alias of a neighbour, a misaligned neighbour, a
 * far imm12 slot.  Odd indices add labels: fall-through fusion barriers and
 * jumps over the accesses before a label (`b L; ...; L: ...`), with the
 * access after the label mostly adjacent to the skipped one, so fusing
 * across the label writes a slot that must stay guard.
 *
 * A stream is a mixed case (engine.h): its slices hold the load fill (any
 * two same-size loads from different addresses read different values),
 * every register it names holds a canary and is captured afterwards, and
 * loads and stores share the slots, so a load often reads what an earlier
 * store wrote there: the reference model (ref.c) gives the architectural
 * result of any order.  Loads and stores draw from separate value
 * registers: a store never stores a loaded value, so every byte a stream
 * writes is a canary's and a failure's bytes read the same wherever the
 * case ran (the load fill depends on the address; the reference model
 * handles a loaded register stored all the same, tests/host).  The loaded
 * registers are never bases (the loads suite has the load into the base).
 */
#include <stdio.h>
#include <string.h>

#include "engine/gen.h"
#include "engine/rng.h"

#define RANDOM_STREAM_TAG 0x52414e444f4d0000ull /* "RANDOM" */
#define POOL		  6

unsigned gen_random_groups(void)
{
	return 2;
}

void gen_random_group_name(unsigned g, char *buf, size_t n)
{
	snprintf(buf, n, "%s", g == 0 ? "plain" : "labels");
}

uint64_t gen_random_group_cases(const eng_params *p, unsigned g)
{
	return g == 0 ? (p->count + 1) / 2 : p->count / 2;
}

static unsigned pick_kind(eng_rng *r)
{
	static const struct {
		uint8_t kind, weight;
	} table[] = {
		{ A64_STR_W, 16 }, { A64_STR_X, 19 }, { A64_STR_S, 9 },	 { A64_STR_D, 9 },
		{ A64_STR_B, 6 },  { A64_STR_H, 5 },  { A64_LDR_W, 12 }, { A64_LDR_X, 12 },
		{ A64_LDR_S, 6 },  { A64_LDR_D, 6 },
	};
	_Static_assert(16 + 19 + 9 + 9 + 6 + 5 + 12 + 12 + 6 + 6 == 100, "weights in percent");
	unsigned x = (unsigned)eng_rng_below(r, 100);

	for (unsigned i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		if (x < table[i].weight)
			return table[i].kind;
		x -= table[i].weight;
	}
	return A64_STR_X;
}

/* A stack-slot-like offset: aligned, inside the pair range, sometimes
 * negative (then within imm9). */
static int64_t slot_offset(eng_rng *r, unsigned size)
{
	if (eng_rng_chance(r, 1, 4))
		return -(int64_t)size * (int64_t)(1 + eng_rng_below(r, 256 / size));
	return (int64_t)size * (int64_t)eng_rng_below(r, 64);
}

static int64_t pick_offset(eng_rng *r, unsigned kind, bool have_anchor, int64_t anchor)
{
	unsigned size = eng_kind_size(kind);
	int64_t s = size, off;
	unsigned x = (unsigned)eng_rng_below(r, 100);

	if (!have_anchor)
		x = 70; /* start from a stack slot */
	if (x < 35)
		off = anchor + (eng_rng_chance(r, 1, 2) ? s : -s);
	else if (x < 48)
		off = anchor; /* the same slot again, maybe in another size */
	else if (x < 58)
		off = anchor + (eng_rng_chance(r, 1, 2) ? s : -s) +
		      (eng_rng_chance(r, 1, 2) ? 512 : -512);
	else if (x < 66)
		off = anchor + (int64_t)(1 + eng_rng_below(r, 2 * size - 1)) - s;
	else if (x < 90)
		off = slot_offset(r, size);
	else
		off = s * (int64_t)eng_rng_below(r, 4096);
	if (!eng_standalone_ok(kind, off))
		off = slot_offset(r, size);
	return off;
}

static void pick_distinct(eng_rng *r, const uint8_t *from, unsigned nfrom, uint8_t *out,
			  unsigned nout)
{
	uint8_t tmp[32];

	memcpy(tmp, from, nfrom);
	for (unsigned i = 0; i < nout; i++) {
		unsigned j = i + (unsigned)eng_rng_below(r, nfrom - i);
		uint8_t t = tmp[i];

		tmp[i] = tmp[j];
		tmp[j] = t;
		out[i] = tmp[i];
	}
}

bool gen_random_case(const eng_params *p, uint64_t index, eng_case *c)
{
	eng_rng r;
	bool labels = index & 1;
	unsigned maxlen = p->maxlen < 2 ? 2 : p->maxlen;
	unsigned n, nb;
	/* Value registers: POOL for the stores, then POOL for the loads. */
	uint8_t all[32], bases[3] = { 0 }, gpr[2 * POOL], fpr[2 * POOL], free_gpr[31] = { 0 };
	unsigned nfree = 0;
	bool label_before[ENG_MAX_ITEMS] = { false }, jump_before[ENG_MAX_ITEMS] = { false };
	bool after_jump[ENG_MAX_ITEMS] = { false };
	eng_item acc[ENG_MAX_ITEMS];

	/* Up to 3 items per access (jump, label, access). */
	if (maxlen > ENG_MAX_ITEMS / 3)
		maxlen = ENG_MAX_ITEMS / 3;
	eng_rng_init(&r, p->seed, RANDOM_STREAM_TAG ^ index);
	n = 2 + (unsigned)eng_rng_below(&r, maxlen - 1);

	/* Base registers: any of x0..x30 and sp. */
	for (unsigned i = 0; i < 32; i++)
		all[i] = (uint8_t)i;
	nb = 1 + (unsigned)eng_rng_below(&r, 3);
	pick_distinct(&r, all, 32, bases, nb);
	/* Value registers: GPRs the bases leave free, any FP register. */
	for (unsigned i = 0; i < 31; i++) {
		bool used = false;

		for (unsigned b = 0; b < nb; b++)
			used |= bases[b] == i;
		if (!used)
			free_gpr[nfree++] = (uint8_t)i;
	}
	pick_distinct(&r, free_gpr, nfree, gpr, 2 * POOL);
	pick_distinct(&r, all, 32, fpr, 2 * POOL);

	/* Labels first, so the access after a jumped-to label can be made a
	 * fusion candidate of the skipped access before it. */
	if (labels) {
		int last = -1, first = -1; /* access indices of labels */
		bool any_jump = false;

		for (unsigned i = 1; i < n; i++) {
			unsigned avail = (unsigned)((int)i - (last + 1));

			if (!eng_rng_chance(&r, 1, 5))
				continue;
			label_before[i] = true;
			if (avail >= 1 && eng_rng_chance(&r, 2, 3)) {
				unsigned k = 1 + (unsigned)eng_rng_below(&r, avail < 3 ? avail : 3);

				jump_before[i - k] = true;
				after_jump[i] = true;
				any_jump = true;
			}
			if (first < 0)
				first = (int)i;
			last = (int)i;
		}
		/* Every label case has at least one jumped-to label: the first
		 * label (no label before it, so nothing can be in the way). */
		if (first < 0) {
			first = (int)n - 1;
			label_before[first] = true;
		}
		if (!any_jump) {
			jump_before[first - 1] = true;
			after_jump[first] = true;
		}
	}

	for (unsigned i = 0; i < n; i++) {
		unsigned kind, rn, rt;
		int64_t off;

		if (after_jump[i] && eng_rng_chance(&r, 3, 4) &&
		    a64_kind_fusable((a64_kind)acc[i - 1].kind)) {
			/* Adjacent to the skipped access: same kind and base. */
			kind = acc[i - 1].kind;
			rn = acc[i - 1].rn;
			off = acc[i - 1].off +
			      (eng_rng_chance(&r, 1, 2) ? 1 : -1) * (int64_t)eng_kind_size(kind);
			if (!eng_standalone_ok(kind, off))
				off = acc[i - 1].off - (off - acc[i - 1].off);
			if (!eng_standalone_ok(kind, off))
				off = slot_offset(&r, eng_kind_size(kind));
		} else {
			bool have_anchor = false;
			int64_t anchor = 0;

			kind = pick_kind(&r);
			/* The first base is the busiest, as a stack base is. */
			rn = bases[eng_rng_chance(&r, 1, 2) ? 0 : eng_rng_below(&r, nb)];
			for (unsigned j = i; j-- > 0;) {
				if (acc[j].rn == rn) {
					have_anchor = true;
					anchor = acc[j].off;
					break;
				}
			}
			off = pick_offset(&r, kind, have_anchor, anchor);
		}
		{
			const uint8_t *pool =
				(eng_kind_fp(kind) ? fpr : gpr) + (eng_kind_load(kind) ? POOL : 0);
			unsigned k = (unsigned)eng_rng_below(&r, POOL);

			rt = pool[k];
			/* Never a load into the register the access before it
			 * loaded (a dead load): fused by LuaJIT's rules it is
			 * LDP Rt == Rt2, CONSTRAINED UNPREDICTABLE, and the
			 * loads suite's same-reg groups have that shape. */
			if (eng_kind_load(kind) && i > 0 && eng_kind_load(acc[i - 1].kind) &&
			    eng_kind_fp(acc[i - 1].kind) == eng_kind_fp(kind) &&
			    acc[i - 1].rt == rt)
				rt = pool[(k + 1) % POOL];
		}
		acc[i] = gen_access(kind, rt, rn, off);
	}

	c->suite = ENG_SUITE_RANDOM;
	c->mixed = 1;
	c->group = labels ? 1 : 0;
	c->index = index;
	c->n = 0;
	for (unsigned i = 0; i < n; i++) {
		if (jump_before[i])
			c->item[c->n++] = gen_marker(ENG_JUMP);
		if (label_before[i])
			c->item[c->n++] = gen_marker(ENG_LABEL);
		c->item[c->n++] = acc[i];
	}
	return true;
}
