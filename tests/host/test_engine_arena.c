/*
 * The detector's own controls, through the code that ships: the engine's
 * arena, batch layout, fast check and judge, run by the simulated core
 * (simcore.c) as the firmware's backend runs them.  A core with a stray
 * write plants one byte at a chosen offset from the base in every region of
 * a window (below the base, the window's edges, each page edge, the slots
 * and their neighbours), in a narrow slice and in a wide one; each must be
 * flagged with its exact offset: a clobbered or wrong byte where the byte
 * is mapped, a data abort whose FAR names it where it is not.  The guard
 * refill between batches and the arena geometry are checked too.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine/gen.h"
#include "simcore.h"

#define STRAY 0x00 /* a value byte: never the guard (every guard byte >= 0x80) */

static eng_case make(unsigned n, const eng_item *items)
{
	return sim_case(n, items, 7);
}

/* Narrow: str x0, [x19, #488]; str x1, [x19, #496] (fused into an STP). */
static eng_case narrow_case(void)
{
	eng_item it[2] = { gen_access(A64_STR_X, 0, 19, 488), gen_access(A64_STR_X, 1, 19, 496) };
	return make(2, it);
}

/* Wide: stur x0, [x19, #-256]; str x1, [x19, #32760] (the imm12 4095*8 slot). */
static eng_case wide_case(void)
{
	eng_item it[2] = { gen_access(A64_STR_X, 0, 19, -256),
			   gen_access(A64_STR_X, 1, 19, 32760) };
	return make(2, it);
}

/* Narrow, 4-byte slots (checked byte by byte): str w0, [x19, #100]. */
static eng_case word_case(void)
{
	eng_item it[1] = { gen_access(A64_STR_W, 0, 19, 100) };
	return make(1, it);
}

static bool is_slot(const eng_case *c, int64_t off)
{
	for (unsigned i = 0; i < c->n; i++)
		if (off >= c->item[i].off &&
		    off < c->item[i].off + (int64_t)eng_kind_size(c->item[i].kind))
			return true;
	return false;
}

/* Every mapped byte of the arena holds the guard. */
static void arena_all_guard(const simrun *r)
{
	for (unsigned k = 0; k < ENG_SLICES; k++) {
		const eng_range *g = eng_arena_slice(&r->t->arena, k);

		for (uint32_t o = 0; o < g->size; o += ENG_PAGE)
			assert_memory_equal(g->host + o, r->t->arena.guard, ENG_PAGE);
	}
}

/* The base the case runs with (a clean run; the placement is the same for
 * every run of it as the first case of a batch). */
static uint64_t base_of(simrun *r, const eng_case *c)
{
	assert_true(eng_run_one(&r->s, c, "clean"));
	return r->cases[0].base_addr[0];
}

/* Plant a stray byte at base+off; the case must fail with that byte named. */
static void expect_flagged(simrun *r, const eng_case *c, uint64_t base, int64_t off)
{
	uint64_t before = r->nfailed, va = base + (uint64_t)off;
	bool mapped = simcore_mem(&r->core, va) != NULL;
	const eng_failure *f;

	r->core.stray = true;
	r->core.stray_at = off;
	r->core.stray_val = STRAY;
	r->nall = 0;
	eng_run_one(&r->s, c, "stray");
	r->core.stray = false;
	if (r->nfailed != before + 1 || r->nall != 1)
		fail_msg("stray at %+ld (%s): %lu failures, want 1", (long)off,
			 mapped ? "mapped" : "unmapped", (unsigned long)(r->nfailed - before));
	f = &r->all[0];
	assert_int_equal(f->base_addr[0], base);
	if (mapped) {
		const eng_run *run = &f->verdict.run[0];

		if (f->fault.taken || f->verdict.nbad != 1 || run->from != off)
			fail_msg("stray at %+ld: fault %d, %u bad bytes, first at %+d", (long)off,
				 f->fault.taken, f->verdict.nbad, (int)run->from);
		assert_int_equal(run->len, 1);
		assert_int_equal(run->what, is_slot(c, off) ? ENG_WRONG : ENG_CLOBBERED);
		assert_int_equal(run->actual[0], STRAY);
	} else {
		if (!f->fault.taken || f->fault.far != va)
			fail_msg("stray at %+ld (unmapped): fault %d, far 0x%lx, want 0x%lx",
				 (long)off, f->fault.taken, (unsigned long)f->fault.far,
				 (unsigned long)va);
		assert_int_equal(f->fault.esr >> 26, 0x25); /* data abort */
		assert_true(f->fault_in_case);
	}
	arena_all_guard(r);
}

static void test_narrow_window_every_region(void **state)
{
	eng_case c = narrow_case();
	eng_config cfg = sim_config("fixed");
	simrun r;
	uint64_t base;
	int64_t page_lo, page_hi; /* the mapped page, as offsets from the base */

	(void)state;
	simrun_init(&r, &cfg);
	base = base_of(&r, &c);
	page_lo = (int64_t)((base & ~(uint64_t)(ENG_PAGE - 1)) - base);
	page_hi = page_lo + ENG_PAGE;
	/* The slots sit in one page, ENG_PLACE_MARGIN or more from its edges;
	 * the page lies inside the window. */
	assert_true(page_lo <= 488 - ENG_PLACE_MARGIN && page_hi >= 504 + ENG_PLACE_MARGIN);
	assert_non_null(simcore_mem(&r.core, base + (uint64_t)page_lo));
	assert_null(simcore_mem(&r.core, base + (uint64_t)page_lo - 1));
	assert_null(simcore_mem(&r.core, base + (uint64_t)page_hi));
	{
		/* Below the base, the slots and their neighbours, the page's
		 * edges (each side), the window's top. */
		const int64_t offs[] = { ENG_WIN_LO,
					 ENG_WIN_LO + 1,
					 -1,
					 0,
					 487,
					 488,
					 495,
					 496,
					 503,
					 504,
					 page_lo - 1,
					 page_lo,
					 page_lo + 1,
					 page_hi - 8,
					 page_hi - 1,
					 page_hi,
					 ENG_WIN_HI - 8,
					 ENG_WIN_HI - 1 };

		for (unsigned i = 0; i < sizeof(offs) / sizeof(offs[0]); i++)
			if (offs[i] >= ENG_WIN_LO && offs[i] < ENG_WIN_HI)
				expect_flagged(&r, &c, base, offs[i]);
	}
	/* A W slot: its bytes and neighbours. */
	c = word_case();
	base = base_of(&r, &c);
	for (int64_t o = 99; o <= 104; o++)
		expect_flagged(&r, &c, base, o);
	simrun_free(&r);
}

static void test_wide_window_every_region(void **state)
{
	eng_case c = wide_case();
	eng_config cfg = sim_config("fixed");
	simrun r;
	uint64_t base;

	(void)state;
	simrun_init(&r, &cfg);
	base = base_of(&r, &c);
	/* The whole window is mapped: the judge sees every byte of it. */
	for (int64_t o = ENG_WIN_LO; o < ENG_WIN_HI; o += 64)
		assert_non_null(simcore_mem(&r.core, base + (uint64_t)o));
	assert_non_null(simcore_mem(&r.core, base + ENG_WIN_HI - 1));
	{
		/* The window's low edge, the STUR slot and its neighbours,
		 * the base, the X slot at imm12 4095*8 (the window's last 8
		 * bytes) and its neighbours, past the window's top. */
		const int64_t offs[] = { ENG_WIN_LO - 1, ENG_WIN_LO, ENG_WIN_LO + 1,
					 -257,		 -256,	     -249,
					 -248,		 -1,	     0,
					 32759,		 32760,	     32763,
					 32766,		 32767,	     ENG_WIN_HI - 9,
					 ENG_WIN_HI };

		for (unsigned i = 0; i < sizeof(offs) / sizeof(offs[0]); i++)
			expect_flagged(&r, &c, base, offs[i]);
		/* Each page edge of the mapped range. */
		for (int64_t p = -(int64_t)ENG_PAGE; p < ENG_WIN_HI; p += ENG_PAGE) {
			expect_flagged(&r, &c, base, p);
			expect_flagged(&r, &c, base, p + ENG_PAGE - 1);
			if (p > -(int64_t)ENG_PAGE)
				expect_flagged(&r, &c, base, p - 1);
		}
		expect_flagged(&r, &c, base, -(int64_t)ENG_PAGE - 1); /* below the range */
	}
	simrun_free(&r);
}

/*
 * The guard goes back between batches: a case that clobbered its page is
 * followed, in the same slice, by clean runs that must pass (without the
 * refill they would see the old clobber), for a narrow and a wide slice.
 */
static void test_refill_between_batches(void **state)
{
	const eng_case cases[2] = { narrow_case(), wide_case() };
	eng_config cfg = sim_config("fixed");
	simrun r;

	(void)state;
	simrun_init(&r, &cfg);
	for (unsigned i = 0; i < 2; i++) {
		uint64_t base = base_of(&r, &cases[i]);
		int64_t off = i ? 4096 + 100 : -200;

		r.core.stray = true;
		r.core.stray_at = off;
		assert_false(eng_run_one(&r.s, &cases[i], "stray"));
		r.core.stray = false;
		assert_true(eng_run_one(&r.s, &cases[i], "after"));
		assert_int_equal(r.cases[0].base_addr[0], base); /* the same slice */
		arena_all_guard(&r);
	}
	simrun_free(&r);
}

/*
 * Every slice is where the geometry says and maps what it says: narrow
 * slices one page at ENG_NARROW_PAGE, wide ones ENG_WIDE_PAGES pages from
 * ENG_WIDE_LO, consecutive slices ENG_SLICE (33 pages) apart, and the core
 * has nothing else mapped in between.
 */
static void test_arena_geometry(void **state)
{
	eng_config cfg = sim_config("fixed");
	simrun r;

	(void)state;
	simrun_init(&r, &cfg);
	assert_int_equal(ENG_SLICE % ENG_PAGE, 0);
	assert_int_equal(ENG_SLICE / ENG_PAGE % 2, 1); /* odd: distinct TLB sets */
	for (unsigned k = 0; k < ENG_SLICES; k++) {
		const eng_range *g = eng_arena_slice(&r.t->arena, k);
		uint64_t s = SIM_ARENA_VA + (uint64_t)k * ENG_SLICE;

		if (k < ENG_NARROW) {
			assert_int_equal(g->lo, s + ENG_NARROW_PAGE);
			assert_int_equal(g->size, ENG_PAGE);
		} else {
			assert_int_equal(g->lo, s + ENG_WIDE_LO);
			assert_int_equal(g->size, ENG_WIDE_PAGES * ENG_PAGE);
		}
		assert_ptr_equal(simcore_mem(&r.core, g->lo), g->host);
		assert_null(simcore_mem(&r.core, g->lo - 1));
		assert_null(simcore_mem(&r.core, g->lo + g->size));
	}
	/* And the capture area after the slices. */
	assert_int_equal(r.core.nmaps, ENG_SLICES + 1);
	assert_int_equal(r.t->arena.cap.lo, SIM_ARENA_VA + ENG_CAP_VA_OFF);
	assert_ptr_equal(simcore_mem(&r.core, r.t->arena.cap.lo), r.t->arena.cap.host);
	simrun_free(&r);
}

/*
 * A load case's slices hold the load fill; its fast check finds one wrong
 * byte wherever it is in a narrow or a wide slice (the whole-slice compare
 * runs 64 bytes a round in lanes: every lane, every round, the last byte).
 */
static void test_fill_check_every_byte(void **state)
{
	eng_config cfg = sim_config("fixed");
	const uint8_t regs[1] = { 19 };
	simrun r;

	(void)state;
	simrun_init(&r, &cfg);
	for (unsigned wide = 0; wide < 2; wide++) {
		eng_arena *a = &r.t->arena;
		int32_t lo = 0, hi = wide ? ENG_WIN_HI : 16;
		uint64_t addr[ENG_MAX_BASES];
		const eng_range *p;
		unsigned found = 0;

		assert_true(eng_arena_place(a, 0, 1, regs, &lo, &hi, addr));
		eng_arena_prepare(a, 0, 1, true, 0x1234);
		p = &a->place[0][0];
		assert_int_equal(p->size, wide ? ENG_WIDE_PAGES * ENG_PAGE : ENG_PAGE);
		assert_true(eng_arena_fast_check_fill(a, 0, 1, addr, NULL, 0));
		for (uint32_t o = 0; o < p->size; o++) {
			p->host[o] ^= 0x01;
			found += !eng_arena_fast_check_fill(a, 0, 1, addr, NULL, 0);
			p->host[o] ^= 0x01;
		}
		assert_int_equal(found, p->size);
		assert_true(eng_arena_fast_check_fill(a, 0, 1, addr, NULL, 0));
	}
	simrun_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arena_geometry),
		cmocka_unit_test(test_narrow_window_every_region),
		cmocka_unit_test(test_wide_window_every_region),
		cmocka_unit_test(test_refill_between_batches),
		cmocka_unit_test(test_fill_check_every_byte),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
