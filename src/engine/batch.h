/*
 * A batch's code and its run on a backend (backend.h).  Portable.
 *
 * Layout.  A batch's cases go into the backend's code region one after the
 * other, each as its set-up words (setup.h: the registers it reads, chained
 * from the previous case) and its emitted words; a `b .+4` ends a QEMU
 * translation block every ENG_BLOCK_CASES cases (or ENG_BLOCK_WORDS words);
 * the batch ends by loading the backend's exit_to into x30 and RET.  A load
 * case's emitted words are followed by its capture (setup.h): its
 * registers stored to its slot of the arena's capture area.  The
 * code map (case_at, words_at) says which case a word belongs to.  One
 * sync() and one call() per batch, plus one per fault: a fault inside case
 * j is recorded for case j and the batch goes on at case j+1 through a
 * re-entry stub (its complete set-up, then a B to its emitted words).
 *
 * The region is a ring.  QEMU keeps the translations of a code page until
 * that page is written; while any is left there, every store to the page
 * takes its slow path, and each translation it drops costs a flush of its
 * jump cache.  So a batch does not overwrite the previous one: it goes
 * right after it (on a fresh page unless it fits in the rest of the last
 * one), and pages are written again only when the ring wraps.  Before pages
 * that held code are rewritten, every word where a translation block may
 * have started there (marked as the code was written) is stored to once
 * ("poked"), so QEMU drops them all at once.  Correctness does not rest on
 * this: QEMU drops a translation whenever its code is written, and sync() is
 * still done for every batch as the architecture requires; ring and pokes
 * only avoid the slow paths.
 */
#ifndef PG_ENGINE_BATCH_H
#define PG_ENGINE_BATCH_H

#include "engine/arena.h"
#include "engine/setup.h"

#define ENG_BLOCK_CASES 32u
#define ENG_BLOCK_WORDS 256u
#define ENG_EXIT_WORDS	5u	       /* MOVZ/MOVK x30 (4), RET */
#define ENG_BATCH_WORDS (256u * 1024u) /* a batch's code at most */
#define ENG_STUB_WORDS	(16u * 1024u)  /* re-entry stubs, above the ring */
#define ENG_CODE_PAGE_W (ENG_PAGE / 4u)
#define ENG_REC_MAX	4096u /* batches kept by the recorder */

struct eng_bcase;

/* Counters since the target was set up, for the bench and for people. */
typedef struct eng_exec_stats {
	uint64_t batches, cases, faults, slow_checks;
	uint64_t judged; /* cases judged (a running core's heartbeat too) */
	uint64_t code_words;
	/* Backend clock ticks spent: preparing cases (between batches),
	 * writing code, cache maintenance, running, checking; poking (part of
	 * writing). */
	uint64_t t_prepare, t_write, t_sync, t_run, t_check, t_poke;
} eng_exec_stats;

typedef struct eng_code {
	uint32_t ring_end;		       /* batches go round [0, ring_end) (words) */
	uint32_t stub_end;		       /* re-entry stubs in [ring_end, stub_end) */
	uint32_t next;			       /* where the next batch may start */
	size_t reserved;		       /* words the batch being built may take */
	uint32_t case_at[ENG_BATCH_CASES + 1]; /* set-up start; [n] = the exit */
	uint32_t words_at[ENG_BATCH_CASES];    /* first emitted word */
	uint32_t cap_at[ENG_BATCH_CASES];      /* first capture word (after the emitted) */
	int8_t cap_reg[ENG_BATCH_CASES];       /* a load case's capture register */
	uint64_t cap_from[ENG_BATCH_CASES];    /* what it must hold first (0: nothing) */
	eng_chain chain;		       /* registers as the set-ups leave them */
	uint32_t stub_pos, stub_hi;	       /* next re-entry stub; highest word used */
	int stub_case;			       /* the case the last stub enters */
	/* Batches recorded (for a replay of their code alone, the bench). */
	struct {
		bool on, broken;
		bool prev; /* the last batch was recorded */
		unsigned n;
		uint32_t start[ENG_REC_MAX], len[ENG_REC_MAX];
		uint64_t cases;
	} rec;
} eng_code;

/* What the engine keeps for one backend: the arena, the code ring, the
 * counters.  Set up once (it maps the arena); sessions share it. */
typedef struct eng_target {
	const eng_backend *be;
	eng_arena arena;
	eng_code code;
	eng_exec_stats stats;
	uint64_t t_last; /* end of the last batch's checks */
} eng_target;

bool eng_target_init(eng_target *t, const eng_backend *be, char *err, size_t n);

/* The backend's clock (0 without one). */
static inline uint64_t eng_now(const eng_target *t)
{
	return t->be->now ? t->be->now(t->be->ctx) : 0;
}

/* Start a batch / reserve the code of case bc in it: false when the batch
 * has no code room left for it. */
void eng_code_begin(eng_target *t);
bool eng_code_reserve(eng_target *t, const struct eng_bcase *bc);

/*
 * Write cases cs[0..n) as one batch, sync and run it, recovering from
 * faults (each sets its case's fault record).  False when a fault hit code
 * outside every case (nothing to resume: the cases not run show as missed);
 * *outside is then that fault.
 */
bool eng_code_run(eng_target *t, struct eng_bcase *cs, unsigned n, eng_fault *outside);

/* Is word w of the region where a translation block may start? */
static inline bool eng_code_tb(const eng_target *t, uint32_t w)
{
	return t->be->code_marks[w / 64] >> (w % 64) & 1;
}

/* Write the next batch at the start of the ring again (as when the ring
 * wraps: the old blocks are poked first), so it replaces code that may
 * still sit in an instruction cache (suite=xpub). */
void eng_code_rewind(eng_target *t);

/* Recording: forget the batches recorded; record the batches run while on. */
void eng_code_record_reset(eng_target *t);
void eng_code_record(eng_target *t, bool on);

#endif
