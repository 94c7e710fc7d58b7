/* The arena: slices, placement, the fast check and refill (arena.h). */
#include <stdio.h>
#include <string.h>

#include "engine/arena.h"

bool eng_arena_init(eng_arena *a, const eng_backend *be, char *err, size_t n)
{
	memset(a, 0, sizeof(*a));
	a->be = be;
	a->narrow_max = ENG_NARROW;
	a->wide_max = ENG_WIDE;
	eng_guard_fill(a->guard, 0, ENG_PAGE);
	eng_guard_fill(a->guard2, 0, sizeof(a->guard2));
	for (unsigned k = 0; k < ENG_SLICES; k++) {
		eng_range *r = &a->slice[k];
		uint64_t s = be->arena_va + (uint64_t)k * ENG_SLICE;

		r->lo = k < ENG_NARROW ? s + ENG_NARROW_PAGE : s + ENG_WIDE_LO;
		r->size = k < ENG_NARROW ? ENG_PAGE : ENG_WIDE_PAGES * ENG_PAGE;
		r->k = (uint16_t)k;
		r->host = be->map(be->ctx, r->lo, r->size, err, n);
		if (!r->host)
			return false;
		for (uint32_t o = 0; o < r->size; o += ENG_PAGE)
			memcpy(r->host + o, a->guard, ENG_PAGE);
	}
	a->cap.lo = be->arena_va + ENG_CAP_VA_OFF;
	a->cap.size = ENG_CAP_SIZE;
	a->cap.host = be->map(be->ctx, a->cap.lo, ENG_CAP_SIZE, err, n);
	return a->cap.host != NULL;
}

uint8_t *eng_arena_host(const eng_arena *a, uint64_t va)
{
	uint64_t k = (va - a->be->arena_va) / ENG_SLICE;
	const eng_range *r;

	if (va < a->be->arena_va || k >= ENG_SLICES)
		return NULL;
	r = &a->slice[k];
	return va >= r->lo && va - r->lo < r->size ? r->host + (va - r->lo) : NULL;
}

bool eng_place_centred(int32_t lo, int32_t hi, uint32_t size, int64_t *rel)
{
	const int64_t align = ENG_GUARD_PERIOD; /* a multiple of 16, as SP needs */
	int64_t span = (int64_t)hi - lo, b;

	if (span < 1)
		span = 1;
	if (span + 2 * align > (int64_t)size)
		return false;
	b = ((int64_t)size - span) / 2 - lo;
	b -= ((b % align) + align) % align; /* round down to a multiple */
	if (b + lo < 0)
		b += align;
	*rel = b;
	return true;
}

/* A base's offset in its narrow page (arena.h), or false: a wide slice. */
static bool place_narrow(const eng_arena *a, unsigned rn, int64_t lo, int64_t hi, int64_t *rel)
{
	if (a->prev_bases >> rn & 1) {
		int64_t at = (int64_t)((a->prev_base[rn] + (uint64_t)lo) & (ENG_PAGE - 1));

		if (at >= ENG_PLACE_MARGIN && at + (hi - lo) <= ENG_PAGE - ENG_PLACE_MARGIN) {
			*rel = at - lo;
			return true;
		}
	}
	return eng_place_centred((int32_t)lo, (int32_t)hi, ENG_PAGE, rel);
}

bool eng_arena_place(eng_arena *a, unsigned i, unsigned nb, const uint8_t *regs, const int32_t *lo,
		     const int32_t *hi, uint64_t *addr)
{
	unsigned need_narrow = 0, need_wide = 0;
	bool fits[ENG_MAX_BASES];
	int64_t rel[ENG_MAX_BASES];

	if (i == 0) {
		a->narrow_used = 0;
		a->wide_used = 0;
		a->prev_bases = 0;
	}
	if (i >= ENG_BATCH_CASES)
		return false;
	for (unsigned b = 0; b < nb; b++) {
		fits[b] = a->narrow_max > 0 && place_narrow(a, regs[b], lo[b], hi[b], &rel[b]);
		if (fits[b])
			need_narrow++;
		else
			need_wide++;
	}
	if (a->narrow_used + need_narrow > a->narrow_max || a->wide_used + need_wide > a->wide_max)
		return false;
	a->prev_bases = 0;
	for (unsigned b = 0; b < nb; b++) {
		eng_range *p = &a->place[i][b];

		if (fits[b]) {
			*p = a->slice[a->narrow_used++];
			addr[b] = p->lo + (uint64_t)rel[b];
		} else {
			*p = a->slice[ENG_NARROW + a->wide_used++];
			addr[b] = p->lo - ENG_WIDE_LO + ENG_WIDE_BASE;
		}
		a->prev_bases |= 1u << regs[b];
		a->prev_base[regs[b]] = addr[b];
	}
	return true;
}

uint64_t eng_guard_diff_c(const void *p, const void *guard, size_t n)
{
	const uint8_t *b = p, *g = guard;
	uint64_t d = 0;

	for (size_t o = 0; o < n; o += ENG_GUARD_PERIOD)
		for (unsigned k = 0; k < ENG_GUARD_PERIOD; k += 8) {
			uint64_t x, y;

			memcpy(&x, b + o + k, 8);
			memcpy(&y, g + k, 8);
			d |= x ^ y;
		}
	return d;
}

/* The engine's pointer to slot k of case i. */
static uint8_t *slot_host(const eng_arena *a, unsigned i, const uint64_t *addr, const eng_byte *s)
{
	const eng_range *p = &a->place[i][s->base];
	uint64_t va = addr[s->base] + (uint64_t)(int64_t)s->off;

	return p->host + (va - p->lo);
}

/* 8 when slots k..k+7 are consecutive bytes of one base, else 1. */
static unsigned slot_run(const eng_byte *sl, unsigned n, unsigned k)
{
	if (k + 8 > n || sl[k + 7].base != sl[k].base || sl[k + 7].off != sl[k].off + 7)
		return 1; /* sorted and unique: the ends decide */
	return 8;
}

/* Put slots [0, upto) back to their (right) values, for the judge. */
static void slots_back(const eng_arena *a, unsigned i, const uint64_t *addr, const eng_byte *slots,
		       unsigned upto)
{
	for (unsigned k = 0; k < upto; k++)
		*slot_host(a, i, addr, &slots[k]) = slots[k].val;
}

bool eng_arena_fast_check(eng_arena *a, unsigned i, unsigned nb, const uint64_t *addr,
			  const eng_byte *slots, unsigned nslots)
{
	uint64_t (*diff_fn)(const void *, const void *, size_t) =
		a->be->page_diff ? a->be->page_diff : eng_guard_diff_c;
	uint64_t diff = 0;
	unsigned k, run;

	/* Slots 8 at a time where they run on (a store's bytes do). */
	for (k = 0; k < nslots; k += run) {
		uint8_t *h = slot_host(a, i, addr, &slots[k]);
		uint64_t va = addr[slots[k].base] + (uint64_t)(int64_t)slots[k].off;
		const uint8_t *g = &a->guard2[va & (ENG_GUARD_PERIOD - 1)];

		run = slot_run(slots, nslots, k);
		if (run == 8) {
			uint64_t want = 0, got;

			for (unsigned j = 0; j < 8; j++)
				want |= (uint64_t)slots[k + j].val << (8 * j);
			memcpy(&got, h, 8);
			if (got != want)
				break;
			memcpy(h, g, 8);
		} else {
			if (*h != slots[k].val)
				break;
			*h = *g;
		}
	}
	if (k < nslots) {
		slots_back(a, i, addr, slots, k);
		return false;
	}
	for (k = 0; k < nb; k++) {
		const eng_range *p = &a->place[i][k];

		for (uint32_t o = 0; o < p->size; o += ENG_PAGE)
			diff |= diff_fn(p->host + o, a->guard, ENG_PAGE);
	}
	if (diff == 0)
		return true;
	slots_back(a, i, addr, slots, nslots);
	return false;
}

void eng_arena_views(const eng_arena *a, unsigned i, unsigned nb, const uint64_t *addr,
		     eng_view *views)
{
	for (unsigned k = 0; k < nb; k++) {
		const eng_range *p = &a->place[i][k];

		views[k].base_addr = addr[k];
		views[k].lo = (int32_t)(int64_t)(p->lo - addr[k]);
		views[k].hi = views[k].lo + (int32_t)p->size;
		views[k].bytes = p->host;
		views[k].fill = a->state[p->k] != 0;
		views[k].fill_mix = a->state[p->k] & ~ENG_FILLED;
	}
}

static const uint8_t *fill_at(const eng_arena *a, uint64_t lo)
{
	return &a->fillref[lo % ENG_FILL_PERIOD];
}

static void refill(const eng_arena *a, const eng_range *p)
{
	if (a->state[p->k]) {
		memcpy(p->host, fill_at(a, p->lo), p->size);
		return;
	}
	for (uint32_t o = 0; o < p->size; o += ENG_PAGE)
		memcpy(p->host + o, a->guard, ENG_PAGE);
}

void eng_arena_prepare(eng_arena *a, unsigned i, unsigned nb, bool load, uint16_t mix)
{
	uint16_t want = load ? (uint16_t)(ENG_FILLED | mix) : 0;

	if (load && (!a->fill_ready || a->fill_mix != mix)) {
		/* Another seed: the slices filled with the old mix are stale. */
		eng_fill(a->fillref, 0, sizeof(a->fillref), mix);
		a->fill_mix = mix;
		a->fill_ready = true;
	}
	for (unsigned b = 0; b < nb; b++) {
		const eng_range *p = &a->place[i][b];

		if (a->state[p->k] == want)
			continue;
		a->state[p->k] = want;
		refill(a, p);
	}
}

/* Two 64-bit lanes (GCC's and clang's vector extension): a 128-bit
 * register where the target has them. */
typedef uint64_t diff_v2 __attribute__((vector_size(16)));

/* OR of (p XOR q) over n bytes: 64 bytes a round in four independent
 * 128-bit lanes (a load case's slices are compared whole with the load
 * fill: this loop is most of its check). */
static uint64_t diff_bytes(const uint8_t *p, const uint8_t *q, size_t n)
{
	const uint8_t *end = p + (n & ~(size_t)63);
	diff_v2 d[4] = { { 0, 0 }, { 0, 0 }, { 0, 0 }, { 0, 0 } };
	uint64_t all = 0;

	for (; p < end; p += 64, q += 64) {
		for (unsigned k = 0; k < 4; k++) {
			diff_v2 x, y;

			memcpy(&x, p + 16 * k, sizeof(x));
			memcpy(&y, q + 16 * k, sizeof(y));
			d[k] |= x ^ y;
		}
	}
	for (; n & 63; n--, p++, q++)
		all |= (uint64_t)(*p ^ *q);
	d[0] |= d[1] | d[2] | d[3];
	return all | d[0][0] | d[0][1];
}

bool eng_arena_fast_check_fill(eng_arena *a, unsigned i, unsigned nb, const uint64_t *addr,
			       const eng_byte *slots, unsigned nslots)
{
	uint64_t d = 0;
	unsigned k;

	/* A mixed case's slots: each right, then back to the fill, so the
	 * slices compare with the fill as a whole. */
	for (k = 0; k < nslots; k++) {
		uint8_t *h = slot_host(a, i, addr, &slots[k]);

		if (*h != slots[k].val)
			break;
		*h = eng_fill_byte(addr[slots[k].base] + (uint64_t)(int64_t)slots[k].off,
				   a->fill_mix);
	}
	if (k < nslots) {
		slots_back(a, i, addr, slots, k);
		return false;
	}
	for (unsigned b = 0; b < nb; b++) {
		const eng_range *p = &a->place[i][b];

		d |= diff_bytes(p->host, fill_at(a, p->lo), p->size);
	}
	if (d == 0)
		return true;
	slots_back(a, i, addr, slots, nslots);
	return false;
}

void eng_arena_refill(eng_arena *a, unsigned i, unsigned nb)
{
	for (unsigned k = 0; k < nb; k++)
		refill(a, &a->place[i][k]);
}

void eng_arena_refill_all(eng_arena *a)
{
	for (unsigned k = 0; k < ENG_SLICES; k++) {
		a->state[k] = 0;
		refill(a, &a->slice[k]);
	}
}
