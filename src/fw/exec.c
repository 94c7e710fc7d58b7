/*
 * The engine's execution backend on the firmware.
 *
 * Arena (guard pages).  Every base register of a case gets its own 132 KiB
 * slice of virtual memory, and the whole window a base can reach with the
 * tested forms ([base-512, base+32768)) lies inside its slice.  Only part of
 * a slice is mapped:
 *   narrow slices   one 4 KiB page in the middle; the base is placed so the
 *                   case's slots sit centred in that page (clobbers near the
 *                   slots land in it too), and the rest of the window faults;
 *   wide slices     the pages [slice+60K, slice+96K) with the base at
 *                   slice+64K: the whole window is mapped (random streams
 *                   whose slots do not fit one page).
 * So every byte of every window is either checked or unmapped: a stray
 * store elsewhere in the window is a data abort whose FAR names the byte.
 * The mappings are made once; a case leaves its pages all guard again.
 *
 * Batches.  A batch's cases go into the JIT region one after the other,
 * each as set-up words (its registers by MOVZ/MOVK, FMOV, MOV SP) and the
 * emitted words; a `b .+4` ends a QEMU translation block every 32 cases (or
 * 256 words); the batch ends with a return through recover_return.  One
 * coherency pass (jit_sync) and one recover_call per batch, plus one per
 * fault: a fault inside case j is recorded for case j and the batch goes on
 * at case j+1.
 *
 * The JIT region is a ring.  QEMU keeps the translations of a code page
 * until that page is written; while any is left there, every store to the
 * page takes its slow path, and each translation it drops costs a flush of
 * its jump cache.  So a batch does not overwrite the previous one: it goes
 * right after it (on a fresh page unless it fits in the rest of the last
 * one), and pages are written again only when the ring wraps (64 MiB: the
 * sweep at one base writes about 7 MiB batched and 30 MiB with batch=1, and
 * the bench's replay needs its batched half still there).  Before pages
 * that held code are rewritten, every word where a translation block may have started there
 * (marked as the code was written) is stored to once ("poked"), so QEMU
 * drops them all at once.  Correctness does not rest on this: QEMU drops a
 * translation whenever its code is written, and jit_sync is still done for
 * every batch as the architecture requires; ring and pokes only avoid the
 * slow paths.
 *
 * Checking.  After the batch: per case, its slots must hold their values;
 * they get their guard back; then a NEON OR of (page XOR guard) over every
 * mapped page of its slices must be zero.  Anything else (or a fault) sends
 * the case to the engine's byte-wise judge, which reads the live pages; the
 * pages are then refilled with guard.
 */
#include <stdio.h>
#include <string.h>

#include "arch/cache.h"
#include "arch/cpu.h"
#include "arch/mmu.h"
#include "arch/page.h"
#include "arch/recover.h"
#include "arch/timer.h"
#include "engine/setup.h"
#include "fw/exec.h"
#include "lib/esr.h"

/* 33 pages: consecutive slices' pages fall on different entries of a
 * direct-mapped TLB of any power-of-two size (see grow_qemu_tlb). */
#define SLICE	    (132u * 1024u)
#define NARROW	    512u	  /* slices with one page */
#define NARROW_PAGE (64u * 1024u) /* its offset in the slice */
#define WIDE	    48u		  /* slices mapping the whole window */
#define WIDE_LO	    (60u * 1024u)
#define WIDE_PAGES  9u
#define WIDE_BASE   (64u * 1024u)
/* The upper half of the firmware's arena (its selftest uses the lower). */
#define ARENA_VA     (MMU_ARENA_VA + MMU_ARENA_SIZE / 2)
#define BLOCK_CASES  32u
#define BLOCK_WORDS  256u
#define EXIT_WORDS   5u /* MOVZ/MOVK x30 (4), RET */
#define PLACE_MARGIN 64 /* slots at least this far inside a page */
/* Batches go round the ring [0, STUB_AT) (words); re-entry stubs after
 * faults above it.  A batch's code takes at most BATCH_WORDS. */
#define PAGE_WORDS  (PAGE_SIZE / 4u)
#define STUB_AT	    ((MMU_JIT_SIZE - 64u * 1024u) / 4u)
#define STUB_END    (MMU_JIT_SIZE / 4u)
#define BATCH_WORDS (256u * 1024u)
#define MAX_BATCH   256u
#define REPLAY_MAX  4096u

_Static_assert(STUB_AT % PAGE_WORDS == 0 && BATCH_WORDS <= STUB_AT, "JIT ring");

_Static_assert((NARROW + WIDE) * (uint64_t)SLICE <= MMU_ARENA_SIZE / 2, "arena too small");
_Static_assert(WIDE_LO + WIDE_PAGES * PAGE_SIZE >= WIDE_BASE + ENG_WIN_HI, "wide slice window");
_Static_assert(WIDE_LO <= WIDE_BASE + ENG_WIN_LO, "wide slice window");
/* A narrow slice holds the window of any base placed around its page: the
 * base lies within ENG_WIN_HI below the page or -ENG_WIN_LO above its end. */
_Static_assert(NARROW_PAGE >= ENG_WIN_HI - ENG_WIN_LO, "narrow slice: window below");
_Static_assert(NARROW_PAGE + PAGE_SIZE - ENG_WIN_LO + ENG_WIN_HI <= SLICE, "narrow slice: above");

/* pg_guard_diff (guard.S): OR of (p XOR guard) over n bytes. */
uint64_t pg_guard_diff(const void *p, const void *guard, size_t n);

typedef struct place_rec {
	uint64_t lo[ENG_MAX_BASES];   /* first mapped address of each base's slice */
	uint32_t size[ENG_MAX_BASES]; /* mapped bytes there */
} place_rec;

static struct {
	bool ready;
	uint8_t guard[PAGE_SIZE] __attribute__((aligned(64)));
	uint8_t guard2[2 * ENG_GUARD_PERIOD]; /* two periods: 8 bytes never wrap */
	/* The batch being built. */
	place_rec place[MAX_BATCH];
	uint32_t prev_bases; /* the previous case's base registers */
	uint64_t prev_base[32];
	unsigned narrow_used, wide_used;
	size_t words_reserved;
	/* Code positions (words from the region's start). */
	uint32_t case_at[MAX_BATCH + 1]; /* set-up start; [n] = the exit */
	uint32_t words_at[MAX_BATCH];	 /* first emitted word */
	/* The ring: where the next batch goes, and every word where a
	 * translation block may start. */
	uint32_t next;
	uint64_t tb_mark[STUB_END / 64];
	eng_chain chain;	    /* registers as the set-ups leave them */
	uint32_t stub_pos, stub_hi; /* next re-entry stub; highest word used */
	int stub_case;		    /* the case the last stub enters */
	exec_stats stats;
	uint64_t t_last; /* end of the last batch */
	/* Batches recorded for exec_replay (see there). */
	struct {
		bool on, broken;
		bool prev; /* the last batch was recorded */
		unsigned n;
		uint32_t start[REPLAY_MAX], len[REPLAY_MAX];
		uint64_t cases;
	} rec;
	eng_backend be;
} ex;

static uint64_t narrow_slice(unsigned k)
{
	return ARENA_VA + (uint64_t)k * SLICE;
}

static uint64_t wide_slice(unsigned k)
{
	return ARENA_VA + (uint64_t)(NARROW + k) * SLICE;
}

static bool map_guarded(uint64_t va, unsigned pages, char *err, size_t n)
{
	for (unsigned i = 0; i < pages; i++) {
		void *pa = page_alloc();
		int rc;

		if (!pa) {
			snprintf(err, n, "engine arena: out of pages (%u slices need %u pages)",
				 NARROW + WIDE, NARROW + WIDE * WIDE_PAGES);
			return false;
		}
		rc = mmu_map(va + (uint64_t)i * PAGE_SIZE, (uint64_t)(uintptr_t)pa, PAGE_SIZE,
			     MMU_DATA);
		if (rc != MMU_OK) {
			snprintf(err, n, "engine arena: mmu_map of 0x%lx failed: %s",
				 (unsigned long)(va + (uint64_t)i * PAGE_SIZE), mmu_strerror(rc));
			return false;
		}
		memcpy((void *)(uintptr_t)(va + (uint64_t)i * PAGE_SIZE), ex.guard, PAGE_SIZE);
	}
	return true;
}

static void refill(uint64_t lo, uint32_t size)
{
	for (uint32_t o = 0; o < size; o += PAGE_SIZE)
		memcpy((void *)(uintptr_t)(lo + o), ex.guard, PAGE_SIZE);
}

/* Upper bound of the words a case takes in the region. */
static size_t words_needed(const eng_bcase *bc)
{
	/* A block break, the pattern; 4 words per GPR, 5 for SP and FP. */
	uint64_t five = bc->regs.set & 0xffffffff80000000ull;

	return bc->nwords + 1 + 4 + 4 * (size_t)__builtin_popcountll(bc->regs.set) +
	       (size_t)__builtin_popcountll(five) + 4 * ENG_MAX_BASES;
}

/*
 * A base's offset in its page: 4 KiB-congruent with the same register's
 * base in the previous case when the slots then still sit at least
 * PLACE_MARGIN bytes inside the page (the set-up moves the register on with
 * one ADD), else centred.
 */
static bool place_narrow(const eng_bcase *bc, unsigned b, int64_t *rel)
{
	unsigned rn = bc->bases[b];
	int64_t lo = bc->span_lo[b], hi = bc->span_hi[b];

	if (ex.prev_bases >> rn & 1) {
		int64_t at = (int64_t)((ex.prev_base[rn] + (uint64_t)lo) & (PAGE_SIZE - 1));

		if (at >= PLACE_MARGIN && at + (hi - lo) <= PAGE_SIZE - PLACE_MARGIN) {
			*rel = at - lo;
			return true;
		}
	}
	return eng_place_centred(bc->span_lo[b], bc->span_hi[b], PAGE_SIZE, rel);
}

static bool ex_place(void *ctx, unsigned i, eng_bcase *bc)
{
	unsigned need_narrow = 0, need_wide = 0;
	bool fits[ENG_MAX_BASES];
	int64_t rel[ENG_MAX_BASES];
	size_t words = words_needed(bc);

	(void)ctx;
	if (i == 0) {
		ex.narrow_used = 0;
		ex.wide_used = 0;
		ex.words_reserved = EXIT_WORDS;
		ex.prev_bases = 0;
	}
	for (unsigned b = 0; b < bc->nb; b++) {
		fits[b] = place_narrow(bc, b, &rel[b]);
		if (fits[b])
			need_narrow++;
		else
			need_wide++;
	}
	if (ex.narrow_used + need_narrow > NARROW || ex.wide_used + need_wide > WIDE ||
	    ex.words_reserved + words > BATCH_WORDS || i >= MAX_BATCH)
		return false;
	ex.prev_bases = 0;
	for (unsigned b = 0; b < bc->nb; b++) {
		if (fits[b]) {
			uint64_t page = narrow_slice(ex.narrow_used++) + NARROW_PAGE;

			ex.place[i].lo[b] = page;
			ex.place[i].size[b] = PAGE_SIZE;
			bc->base_addr[b] = page + (uint64_t)rel[b];
		} else {
			uint64_t s = wide_slice(ex.wide_used++);

			ex.place[i].lo[b] = s + WIDE_LO;
			ex.place[i].size[b] = WIDE_PAGES * PAGE_SIZE;
			bc->base_addr[b] = s + WIDE_BASE;
		}
		ex.prev_bases |= 1u << bc->bases[b];
		ex.prev_base[bc->bases[b]] = bc->base_addr[b];
	}
	ex.words_reserved += words;
	return true;
}

/* A word where a translation block may start (poked before rewriting). */
static void note_tb(uint32_t w)
{
	ex.tb_mark[w / 64] |= 1ull << (w % 64);
}

static uint32_t page_up(uint32_t w)
{
	return (w + PAGE_WORDS - 1) & ~(PAGE_WORDS - 1);
}

/*
 * Before pages [lo, hi) (words, page-aligned) are rewritten, store once to
 * each page start (an A64 block never crosses a page) and to each marked
 * block start, so QEMU drops their old translations at once instead of
 * taking its slow path on every store while any is left on the page.
 */
static void drop_old(uint32_t lo, uint32_t hi)
{
	uint32_t *rw = mmu_jit_rw();

	for (uint32_t w = lo; w < hi; w += PAGE_WORDS)
		rw[w] = A64_POISON;
	for (uint32_t i = lo / 64; i < hi / 64; i++) {
		for (uint64_t m = ex.tb_mark[i]; m; m &= m - 1)
			rw[i * 64 + (unsigned)__builtin_ctzll(m)] = A64_POISON;
		ex.tb_mark[i] = 0;
	}
}

/* Write the batch's code at its place in the ring; returns its first word
 * and sets *len to its length in words. */
static uint32_t write_code(const eng_batch *b, uint32_t *len)
{
	uint32_t *rw = mmu_jit_rw();
	uint32_t start, pos, in_block = 0, block;
	uint64_t ret_to = (uint64_t)(uintptr_t)recover_return;
	a64_err err;
	uint64_t t_start = timer_ticks();

	/* A batch goes after the previous one, on a page of its own unless it
	 * fits in the rest of the previous one's last page; pages are reused
	 * only when the ring wraps (see the file header). */
	start = ex.next;
	if (start % PAGE_WORDS + ex.words_reserved > PAGE_WORDS || ex.rec.prev)
		start = page_up(start); /* (the pokes would spoil recorded code) */
	if (start + ex.words_reserved > STUB_AT) {
		start = 0;
		ex.rec.broken |= ex.rec.n > 0; /* recorded code may be overwritten */
	}
	drop_old(STUB_AT, page_up(ex.stub_hi));
	drop_old(start & ~(PAGE_WORDS - 1), page_up(start + (uint32_t)ex.words_reserved));
	ex.stub_pos = STUB_AT;
	ex.stub_hi = STUB_AT;
	ex.stats.t_poke += timer_ticks() - t_start;
	pos = block = start;
	note_tb(start);
	eng_chain_reset(&ex.chain);
	for (unsigned i = 0; i < b->n; i++) {
		const eng_bcase *bc = &b->cs[i];

		if (in_block >= BLOCK_CASES || pos - block >= BLOCK_WORDS) {
			rw[pos++] = a64_enc_b(4, &err); /* b .+4: end the translation block */
			block = pos;
			in_block = 0;
			note_tb(pos);
		}
		ex.case_at[i] = pos;
		pos += eng_setup_words(&bc->regs, &ex.chain, rw + pos, ENG_MAX_SETUP_WORDS);
		ex.words_at[i] = pos;
		/* A jump's target starts a translation block too (B: bits 31:26
		 * 000101, imm26 in words; a target outside the case is the
		 * emitter's error, poked as a page start if anywhere). */
		for (unsigned k = 0; k < bc->nwords; k++) {
			uint32_t w = bc->run_words[k];
			int64_t to = (int64_t)k + ((int64_t)(w << 6) >> 6);

			rw[pos + k] = w;
			if ((w & 0xfc000000u) == 0x14000000u && to >= 0 &&
			    to <= (int64_t)bc->nwords)
				note_tb(pos + (uint32_t)to);
		}
		pos += bc->nwords;
		in_block++;
	}
	ex.case_at[b->n] = pos;
	/* No register survives the cases: load the way back, then return. */
	rw[pos++] = a64_enc_movz(30, (uint16_t)ret_to, 0, true, &err);
	rw[pos++] = a64_enc_movk(30, (uint16_t)(ret_to >> 16), 16, true, &err);
	rw[pos++] = a64_enc_movk(30, (uint16_t)(ret_to >> 32), 32, true, &err);
	rw[pos++] = a64_enc_movk(30, (uint16_t)(ret_to >> 48), 48, true, &err);
	rw[pos++] = a64_enc_ret(30);
	ex.next = (pos + 15) & ~15u; /* 64 bytes */
	*len = pos - start;
	return start;
}

/* The case whose code holds word index w (set-up included), or -1. */
static int case_of(const eng_batch *b, uint64_t w)
{
	unsigned lo = 0, hi = b->n;

	if (b->n == 0 || w < ex.case_at[0] || w >= ex.case_at[b->n])
		return -1;
	while (hi - lo > 1) {
		unsigned mid = (lo + hi) / 2;

		if (ex.case_at[mid] <= w)
			lo = mid;
		else
			hi = mid;
	}
	return (int)lo;
}

/*
 * A re-entry stub for case j: its complete set-up (the chain broke with the
 * fault), then a branch to its emitted words.  Returns the stub's word.
 */
static uint32_t write_stub(const eng_batch *b, unsigned j)
{
	uint32_t *rw = mmu_jit_rw();
	const uint8_t *rx = mmu_jit_rx();
	uint32_t at, n;
	eng_chain fresh;
	a64_err err;

	if (ex.stub_pos + ENG_MAX_SETUP_WORDS + 1 > STUB_END)
		ex.stub_pos = STUB_AT; /* rewriting old stubs: correct, just slower */
	at = ex.stub_pos;
	eng_chain_reset(&fresh);
	n = eng_setup_words(&b->cs[j].regs, &fresh, rw + at, ENG_MAX_SETUP_WORDS);
	rw[at + n] = a64_enc_b(((int64_t)ex.words_at[j] - (int64_t)(at + n)) * 4, &err);
	jit_sync(rw + at, rx + (size_t)at * 4, (size_t)(n + 1) * 4);
	ex.stub_pos = at + n + 1;
	if (ex.stub_pos > ex.stub_hi)
		ex.stub_hi = ex.stub_pos;
	ex.stub_case = (int)j;
	note_tb(at);
	return at;
}

static void execute(eng_session *s, eng_batch *b, uint32_t start, uint32_t len)
{
	const uint8_t *rx = mmu_jit_rx();
	uint32_t entry = start;
	uint64_t t0 = timer_ticks();

	jit_sync((uint32_t *)mmu_jit_rw() + start, rx + (size_t)start * 4, (size_t)len * 4);
	ex.stats.t_sync += timer_ticks() - t0;
	ex.stub_case = -1;
	for (;;) {
		recover_fault f;
		uint64_t w;
		int j;

		if (recover_call_code(rx + (size_t)entry * 4, 0, NULL, &f))
			return;
		ex.stats.faults++;
		w = (f.elr - (uint64_t)(uintptr_t)rx) / 4;
		if (f.elr < (uint64_t)(uintptr_t)rx)
			j = -1;
		else if (w >= STUB_AT && w < STUB_END)
			j = ex.stub_case; /* in a stub: the set-up of the case it enters */
		else
			j = case_of(b, w);
		if (j < 0) {
			/* Not inside any case: nothing to resume.  The cases that
			 * did not run fail as missed; say why. */
			eng_fault stray = { true, f.esr, f.far, f.elr };

			eng_stray_fault(s, &stray);
			return;
		}
		b->cs[j].fault.taken = true;
		b->cs[j].fault.esr = f.esr;
		b->cs[j].fault.far = f.far_valid ? f.far : 0;
		b->cs[j].fault.elr = f.elr;
		b->cs[j].fault_in_case = w >= ex.words_at[j] && w < ex.case_at[j + 1];
		b->cs[j].fault_word = b->cs[j].fault_in_case ? (unsigned)(w - ex.words_at[j]) : 0;
		if ((unsigned)j + 1 >= b->n) {
			entry = ex.case_at[b->n]; /* the exit: nothing to set up */
			note_tb(entry);
		} else {
			entry = write_stub(b, (unsigned)j + 1);
		}
	}
}

/* 8 when slots k..k+7 are consecutive bytes of one base, else 1. */
static unsigned slot_run(const eng_byte *sl, unsigned n, unsigned k)
{
	if (k + 8 > n || sl[k + 7].base != sl[k].base || sl[k + 7].off != sl[k].off + 7)
		return 1; /* sorted and unique: the ends decide */
	return 8;
}

/* Put slots [0, upto) back to their (right) values, for the judge. */
static void slots_back(const eng_bcase *bc, const eng_byte *slots, unsigned upto)
{
	for (unsigned k = 0; k < upto; k++) {
		uint64_t a = bc->base_addr[slots[k].base] + (uint64_t)(int64_t)slots[k].off;

		*(uint8_t *)(uintptr_t)a = slots[k].val;
	}
}

/*
 * Slots right (each gets its guard back once checked), then guard
 * everywhere: true when the case is proven right.  False leaves the page as
 * the case left it, for the judge.
 */
static bool fast_check(const eng_batch *b, unsigned i)
{
	const eng_bcase *bc = &b->cs[i];
	const eng_byte *slots = eng_bcase_slots(b, bc);
	const place_rec *pl = &ex.place[i];
	uint64_t diff = 0;
	unsigned k, run;

	/* Slots 8 at a time where they run on (a store's bytes do). */
	for (k = 0; k < bc->nslots; k += run) {
		uint64_t a = bc->base_addr[slots[k].base] + (uint64_t)(int64_t)slots[k].off;

		run = slot_run(slots, bc->nslots, k);
		if (run == 8) {
			uint64_t want = 0, got;

			for (unsigned j = 0; j < 8; j++)
				want |= (uint64_t)slots[k + j].val << (8 * j);
			memcpy(&got, (const void *)(uintptr_t)a, 8);
			if (got != want)
				break;
			memcpy((void *)(uintptr_t)a, &ex.guard2[a & (ENG_GUARD_PERIOD - 1)], 8);
		} else {
			if (*(const uint8_t *)(uintptr_t)a != slots[k].val)
				break;
			*(uint8_t *)(uintptr_t)a = ex.guard2[a & (ENG_GUARD_PERIOD - 1)];
		}
	}
	if (k < bc->nslots) {
		slots_back(bc, slots, k);
		return false;
	}
	for (k = 0; k < bc->nb; k++)
		for (uint32_t o = 0; o < pl->size[k]; o += PAGE_SIZE)
			diff |= pg_guard_diff((const void *)(uintptr_t)(pl->lo[k] + o), ex.guard,
					      PAGE_SIZE);
	if (diff == 0)
		return true;
	slots_back(bc, slots, bc->nslots);
	return false;
}

static void ex_run(void *ctx, eng_session *s, eng_batch *b)
{
	uint32_t start, len;
	uint64_t t0 = timer_ticks(), t1, t2;

	(void)ctx;
	if (b->n == 0)
		return;
	if (ex.t_last)
		ex.stats.t_prepare += t0 - ex.t_last;
	start = write_code(b, &len);
	t1 = timer_ticks();
	ex.stats.t_write += t1 - t0;
	ex.stats.batches++;
	ex.stats.cases += b->n;
	ex.stats.code_words += len;
	ex.rec.prev = ex.rec.on;
	if (ex.rec.on) {
		if (ex.rec.n == REPLAY_MAX)
			ex.rec.broken = true;
		else {
			ex.rec.start[ex.rec.n] = start;
			ex.rec.len[ex.rec.n++] = len;
			ex.rec.cases += b->n;
		}
	}
	execute(s, b, start, len);
	t2 = timer_ticks();
	for (unsigned i = 0; i < b->n; i++) {
		const place_rec *pl = &ex.place[i];
		eng_bcase *bc = &b->cs[i];
		eng_view views[ENG_MAX_BASES];

		if (!bc->fault.taken && fast_check(b, i)) {
			eng_pass(s, i);
			continue;
		}
		ex.stats.slow_checks++;
		for (unsigned k = 0; k < bc->nb; k++) {
			views[k].base_addr = bc->base_addr[k];
			views[k].lo = (int32_t)(int64_t)(pl->lo[k] - bc->base_addr[k]);
			views[k].hi = views[k].lo + (int32_t)pl->size[k];
			views[k].bytes = (const uint8_t *)(uintptr_t)pl->lo[k];
		}
		eng_judge(s, i, bc->nb, views);
		for (unsigned k = 0; k < bc->nb; k++)
			refill(pl->lo[k], pl->size[k]);
	}
	ex.t_last = timer_ticks();
	ex.stats.t_check += ex.t_last - t2;
	ex.stats.t_run += t2 - t1;
}

/*
 * QEMU's TCG keeps a direct-mapped software TLB per translation regime that
 * starts at 256 entries and is resized only when it is flushed whole: it
 * doubles when more than 70% of its entries were in use.  A batch touches
 * 256 arena pages (which SLICE, 33 pages, spreads over distinct entries)
 * besides the firmware's own, so with 256 entries nearly every store and
 * check missed.  Reading every arena page and then invalidating the whole
 * TLB a few times lets it grow to 1024 entries: the sweep at one base went
 * from 567k to 186k TLB fills (QEMU 7.2; 10% of QEMU's instructions).  On a
 * real core this is a handful of harmless TLB invalidations at start-up.
 * TLBI VMALLE1 between DSB ISHST and DSB ISH; ISB (Arm ARM DDI0487 D8.13,
 * TLB maintenance instructions).
 */
static void grow_qemu_tlb(void)
{
	for (unsigned round = 0; round < 4; round++) {
		for (unsigned k = 0; k < NARROW; k++)
			(void)*(volatile const uint8_t *)(uintptr_t)(narrow_slice(k) + NARROW_PAGE);
		for (unsigned k = 0; k < WIDE; k++)
			for (unsigned p = 0; p < WIDE_PAGES; p++)
				(void)*(volatile const uint8_t *)(uintptr_t)(wide_slice(k) +
									     WIDE_LO +
									     p * PAGE_SIZE);
		dsb_ishst();
		__asm__ volatile("tlbi vmalle1" : : : "memory");
		dsb_ish();
		isb();
	}
}

bool exec_init(char *err, size_t n)
{
	if (ex.ready)
		return true;
	eng_guard_fill(ex.guard, 0, PAGE_SIZE);
	eng_guard_fill(ex.guard2, 0, sizeof(ex.guard2));
	for (unsigned k = 0; k < NARROW; k++)
		if (!map_guarded(narrow_slice(k) + NARROW_PAGE, 1, err, n))
			return false;
	for (unsigned k = 0; k < WIDE; k++)
		if (!map_guarded(wide_slice(k) + WIDE_LO, WIDE_PAGES, err, n))
			return false;
	grow_qemu_tlb();
	ex.be.ctx = NULL;
	ex.be.max_batch = MAX_BATCH;
	ex.be.place = ex_place;
	ex.be.run = ex_run;
	ex.ready = true;
	return true;
}

const eng_backend *exec_backend(void)
{
	return &ex.be;
}

const exec_stats *exec_get_stats(void)
{
	return &ex.stats;
}

void exec_record_reset(void)
{
	ex.rec.broken = false;
	ex.rec.n = 0;
	ex.rec.cases = 0;
}

void exec_record(bool on)
{
	ex.rec.on = on;
}

/* A word stored to with its own value. */
static void rewrite(volatile uint32_t *w)
{
	uint32_t v = *w;

	*w = v;
}

/*
 * The recorded batches' code run again, as it stands in the ring, with
 * nothing between the calls: no generation, emission, placement or check.
 * Each word where a block starts is first stored to with its own value, so
 * QEMU drops the old translations and translates the code afresh (on a core
 * the stores change nothing).  What the stores write into the arena is
 * thrown away: every arena page gets its guard back afterwards.
 */
bool exec_replay(uint64_t *ticks, uint64_t *cases, char *err, size_t n)
{
	volatile uint32_t *rw = mmu_jit_rw();
	const uint8_t *rx = mmu_jit_rx();
	uint64_t t0;
	bool ok = true;

	if (ex.rec.broken || ex.rec.n == 0) {
		snprintf(err, n, "replay: %s",
			 ex.rec.n ? "more batches than it keeps, or the ring wrapped over them"
				  : "no batches recorded");
		return false;
	}
	for (unsigned i = 0; i < ex.rec.n; i++) {
		uint32_t lo = ex.rec.start[i], hi = lo + ex.rec.len[i];

		for (uint32_t w = page_up(lo); w < hi; w += PAGE_WORDS)
			rewrite(rw + w);
		for (uint32_t w = lo; w < hi; w++)
			if (ex.tb_mark[w / 64] >> (w % 64) & 1)
				rewrite(rw + w);
		jit_sync((const uint32_t *)rw + lo, rx + (size_t)lo * 4, (size_t)(hi - lo) * 4);
	}
	t0 = timer_ticks();
	for (unsigned i = 0; i < ex.rec.n && ok; i++) {
		recover_fault f;

		if (!recover_call_code(rx + (size_t)ex.rec.start[i] * 4, 0, NULL, &f)) {
			snprintf(err, n, "replay: batch %u faulted: %s, esr 0x%lx, elr 0x%lx", i,
				 esr_class_name(f.ec), (unsigned long)f.esr, (unsigned long)f.elr);
			ok = false;
		}
	}
	*ticks = timer_ticks() - t0;
	*cases = ex.rec.cases;
	for (unsigned k = 0; k < NARROW; k++)
		refill(narrow_slice(k) + NARROW_PAGE, PAGE_SIZE);
	for (unsigned k = 0; k < WIDE; k++)
		refill(wide_slice(k) + WIDE_LO, WIDE_PAGES * PAGE_SIZE);
	ex.t_last = 0;
	return ok;
}

/* The page check alone: pg_guard_diff over one guarded arena page per case,
 * cases times; returns the ticks taken. */
uint64_t exec_check_floor(uint64_t cases, uint64_t *diff)
{
	uint64_t t0 = timer_ticks(), d = 0;

	for (uint64_t i = 0; i < cases; i++)
		d |= pg_guard_diff((const void *)(uintptr_t)(narrow_slice((unsigned)(i % NARROW)) +
							     NARROW_PAGE),
				   ex.guard, PAGE_SIZE);
	*diff = d;
	return timer_ticks() - t0;
}
