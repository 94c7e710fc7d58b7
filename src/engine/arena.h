/*
 * The arena: where the bases of a batch's cases point, and the checks of
 * the bytes around them.  Portable: every backend gets this geometry
 * (backend.h), so the host tests exercise the arena that ships.
 *
 * Every base register of a case gets its own slice of ENG_SLICE bytes
 * (132 KiB, 33 pages, so consecutive slices use different entries of a
 * direct-mapped TLB of any power-of-two size), and the whole window a base
 * can reach with the tested forms ([base-512, base+32768)) lies inside its
 * slice.  Only part of a slice is mapped:
 *   narrow slices   one 4 KiB page (at ENG_NARROW_PAGE in the slice); the
 *                   base is placed so the case's slots sit in that page, at
 *                   least ENG_PLACE_MARGIN bytes from its edges, and the rest
 *                   of the window faults;
 *   wide slices     the pages [slice+ENG_WIDE_LO, +ENG_WIDE_PAGES pages)
 *                   with the base at slice+ENG_WIDE_BASE: the whole window
 *                   is mapped (random streams whose slots do not fit one
 *                   page).
 * So every byte of every window is either checked or unmapped: a stray
 * store elsewhere in the window is a fault whose FAR names the byte.
 * Mapped bytes hold the guard (engine.h) except while a case runs; the
 * checks leave them all guard again.  A load case's slices hold the load
 * fill instead (engine.h: every halfword its own address), which a load
 * case leaves unchanged: a slice is refilled when it passes from store
 * cases to load cases or back (the loads suite refills none after its
 * first batch).
 *
 * After the slices, the capture area: a slot of ENG_CAP_SLOT bytes per case
 * of a batch, where the harness stores a load case's registers after its
 * code (batch.h): x0..x30 at 8 * id, each v register whole (engine.h
 * eng_cap_off).
 */
#ifndef PG_ENGINE_ARENA_H
#define PG_ENGINE_ARENA_H

#include "engine/backend.h"
#include "engine/engine.h"

#define ENG_PAGE	 4096u
#define ENG_SLICE	 (132u * 1024u)
#define ENG_NARROW	 512u	       /* slices with one page */
#define ENG_NARROW_PAGE	 (64u * 1024u) /* its offset in the slice */
#define ENG_WIDE	 48u	       /* slices mapping the whole window */
#define ENG_WIDE_LO	 (60u * 1024u) /* first mapped byte of a wide slice */
#define ENG_WIDE_PAGES	 9u
#define ENG_WIDE_BASE	 (64u * 1024u) /* a wide slice's base */
#define ENG_PLACE_MARGIN 64	       /* slots at least this far inside a page */
#define ENG_SLICES	 (ENG_NARROW + ENG_WIDE)
#define ENG_BATCH_CASES	 256u	       /* cases per batch at most */
#define ENG_CAP_SLOT	 ENG_CAP_BYTES /* 32 x of 8 bytes, 32 v of 16 */
#define ENG_CAP_SIZE	 (ENG_BATCH_CASES * ENG_CAP_SLOT)
#define ENG_CAP_VA_OFF	 ((uint64_t)ENG_SLICES * ENG_SLICE) /* from the arena's start */
#define ENG_ARENA_SIZE	 (ENG_CAP_VA_OFF + ENG_CAP_SIZE)
#define ENG_ARENA_PAGES	 (ENG_NARROW + ENG_WIDE * ENG_WIDE_PAGES + ENG_CAP_SIZE / ENG_PAGE)
#define ENG_FILLREF	 (ENG_FILL_PERIOD + ENG_WIDE_PAGES * ENG_PAGE)

_Static_assert(ENG_CAP_SIZE % ENG_PAGE == 0, "capture area: whole pages");
_Static_assert(ENG_CAP_SLOT % 16 == 0, "capture slot: STR Q offsets");
_Static_assert(ENG_WIDE_LO + ENG_WIDE_PAGES * ENG_PAGE >= ENG_WIDE_BASE + ENG_WIN_HI,
	       "wide slice window");
_Static_assert(ENG_WIDE_LO <= ENG_WIDE_BASE + ENG_WIN_LO, "wide slice window");
/* A narrow slice holds the window of any base placed around its page: the
 * base lies within ENG_WIN_HI below the page or -ENG_WIN_LO above its end. */
_Static_assert(ENG_NARROW_PAGE >= ENG_WIN_HI - ENG_WIN_LO, "narrow slice: window below");
_Static_assert(ENG_NARROW_PAGE + ENG_PAGE - ENG_WIN_LO + ENG_WIN_HI <= ENG_SLICE,
	       "narrow slice: above");

/* The mapped bytes of one slice. */
typedef struct eng_range {
	uint64_t lo; /* first mapped address */
	uint32_t size;
	uint16_t k;    /* the slice's number */
	uint8_t *host; /* the engine's pointer to lo (backend map()) */
} eng_range;

/* What a slice's mapped bytes hold between cases: guard, or the load fill
 * of one mix (ENG_FILLED | mix). */
#define ENG_FILLED 0x8000u

typedef struct eng_arena {
	const eng_backend *be;
	eng_range slice[ENG_SLICES]; /* narrow ones first */
	uint8_t guard[ENG_PAGE] __attribute__((aligned(64)));
	uint8_t guard2[2 * ENG_GUARD_PERIOD]; /* two periods: 8 bytes never wrap */
	uint16_t state[ENG_SLICES];	      /* 0: guard; ENG_FILLED | mix */
	/* The load fill of fill_mix from address 0 (it repeats every
	 * ENG_FILL_PERIOD bytes), to fill and compare slices with. */
	uint16_t fill_mix;
	bool fill_ready;
	uint8_t fillref[ENG_FILLREF] __attribute__((aligned(64)));
	eng_range cap; /* the capture area */
	/* Slices a batch may use (ENG_NARROW, ENG_WIDE unless lowered, as a
	 * smaller backend or a test does).  narrow_max 0: every base goes in
	 * a wide slice, for a backend that cannot leave the rest of a narrow
	 * slice's window unmapped (pages larger than ENG_PAGE). */
	unsigned narrow_max, wide_max;
	/* The batch being placed. */
	unsigned narrow_used, wide_used;
	uint32_t prev_bases; /* the previous case's base registers */
	uint64_t prev_base[32];
	eng_range place[ENG_BATCH_CASES][ENG_MAX_BASES];
} eng_arena;

/* Map every slice's range through be->map() and fill it with guard. */
bool eng_arena_init(eng_arena *a, const eng_backend *be, char *err, size_t n);

/* The mapped range of slice k (k < ENG_SLICES; narrow ones first). */
static inline const eng_range *eng_arena_slice(const eng_arena *a, unsigned k)
{
	return &a->slice[k];
}

/* The engine's pointer to address va, or NULL when va is not mapped. */
uint8_t *eng_arena_host(const eng_arena *a, uint64_t va);

/*
 * Place the bases of a case as case i of the batch (i = 0 starts a batch):
 * nb bases, base b's slots in [lo[b], hi[b]).  A base goes in a narrow
 * slice, 4 KiB-congruent with the same register's base in the previous
 * case when its slots then still sit ENG_PLACE_MARGIN inside the page (the
 * set-up moves the register with one ADD), else centred; in a wide slice
 * when its slots do not fit one page.  Sets addr[b].  False when the
 * batch has no slice left for it.
 */
bool eng_arena_place(eng_arena *a, unsigned i, unsigned nb, const uint8_t *regs, const int32_t *lo,
		     const int32_t *hi, uint64_t *addr);

/*
 * The fast check of case i: its slots (sorted by base, offset) hold their
 * values (compared 8 bytes at a time where they run on), then get their
 * guard back, then every mapped page of its slices equals the guard.  True
 * when the case is proven right (its pages all guard again); false leaves
 * the bytes as the case left them, for the judge.
 */
bool eng_arena_fast_check(eng_arena *a, unsigned i, unsigned nb, const uint64_t *addr,
			  const eng_byte *slots, unsigned nslots);

/* Make case i's slices hold what its kind of case needs: the load fill of
 * mix (load) or guard. */
void eng_arena_prepare(eng_arena *a, unsigned i, unsigned nb, bool load, uint16_t mix);

/* The fast check of load case i: every slot (a mixed case's stores) holds
 * its value and every other mapped byte of its slices the load fill.  True
 * when so (the slices then hold the fill again); false leaves the bytes as
 * the case left them, for the judge. */
bool eng_arena_fast_check_fill(eng_arena *a, unsigned i, unsigned nb, const uint64_t *addr,
			       const eng_byte *slots, unsigned nslots);

/* Case i's capture slot: its address, and the engine's pointer to it. */
static inline uint64_t eng_arena_cap_va(const eng_arena *a, unsigned i)
{
	return a->cap.lo + (uint64_t)i * ENG_CAP_SLOT;
}
static inline uint64_t *eng_arena_cap(const eng_arena *a, unsigned i)
{
	return (uint64_t *)(void *)(a->cap.host + (size_t)i * ENG_CAP_SLOT);
}

/* The views of case i's mapped bytes, for the judge (eng_check). */
void eng_arena_views(const eng_arena *a, unsigned i, unsigned nb, const uint64_t *addr,
		     eng_view *views);

/* What each slice holds back into case i's pages; guard into every mapped
 * page (every slice a store slice again: the bench's replay of store code
 * and its page check need that). */
void eng_arena_refill(eng_arena *a, unsigned i, unsigned nb);
void eng_arena_refill_all(eng_arena *a);

/* OR of (p XOR guard) over n bytes, in C (backend.h's page_diff). */
uint64_t eng_guard_diff_c(const void *p, const void *guard, size_t n);

/*
 * Base placement helper: an offset for a base inside a mapped range of
 * `size` bytes such that the span [lo, hi) sits inside it, centred.  The
 * base is a multiple of ENG_GUARD_PERIOD (64) from the range's start: SP
 * needs 16, and with every base at the same place in the guard's period,
 * the guard bytes around a slot are the same wherever a case runs (a replay
 * shows the very bytes of the report it replays).  *rel is the base's
 * offset from the range's start (negative when the span lies far above the
 * base).  False if the span does not fit.
 */
bool eng_place_centred(int32_t lo, int32_t hi, uint32_t size, int64_t *rel);

#endif
