/*
 * The engine's driver: runs a group of cases in batches through an execution
 * backend and hands the group, as one test point record, to the session's
 * sink (engine/record.h; src/lib/report_engine.c renders it).
 *
 * Portable: the driver prepares each case (emission through the emitter
 * under test, register values, the reference slots, the decoder's
 * prediction), the backend places the bases, writes and runs the code and
 * reads memory back, and hands every case to eng_judge() (or eng_pass() when
 * its own fast check has proven every byte of the window).  The firmware's
 * backend runs the words on the core (src/fw/exec.c); the host tests' backend
 * is a simulated core.
 */
#ifndef PG_ENGINE_RUN_H
#define PG_ENGINE_RUN_H

#include "engine/engine.h"
#include "engine/record.h"
#include "engine/suite.h"

struct fuse_policy;

#define ENG_MAX_SHOWN 64

typedef struct eng_config {
	eng_params params;
	const struct fuse_policy *policy;
	unsigned batch;	  /* cases per coherency pass (1 = naive) */
	unsigned cap;	  /* failures shown in full per group (<= ENG_MAX_SHOWN) */
	unsigned verbose; /* 1: a `# fail:` line per failed case */
	bool inject_flip; /* test hook: flip an offset bit after emission */
} eng_config;

/* One case of a batch, prepared for the backend. */
typedef struct eng_bcase {
	eng_case c;
	eng_regs regs; /* values and bases as set up */
	unsigned nb;
	uint8_t bases[ENG_MAX_BASES];
	uint64_t base_addr[ENG_MAX_BASES];
	int32_t span_lo[ENG_MAX_BASES], span_hi[ENG_MAX_BASES]; /* the slots, per base */
	a64_err emit_err;					/* not run when set */
	unsigned nwords;
	uint32_t words[ENG_MAX_WORDS];	   /* as emitted */
	uint32_t run_words[ENG_MAX_WORDS]; /* as run (differs only by injection) */
	bool injected;
	unsigned inj_at;
	unsigned slot_at, nslots; /* expected slots: batch pool [slot_at, +nslots) */
	eng_pred_stop pred_stop;
	unsigned pred_at;
	bool pred_matches; /* decoder prediction == reference */
	bool pred_done;	   /* the three above are known */
	/* Filled by the backend. */
	eng_fault fault;
	bool fault_in_case;
	unsigned fault_word;
	void *be_data; /* backend's per-case placement */
} eng_bcase;

#define ENG_POOL_BYTES (1u << 16)

typedef struct eng_batch {
	unsigned n;
	eng_bcase *cs;
	eng_byte *pool;
	unsigned pool_used;
} eng_batch;

struct eng_session;

typedef struct eng_backend {
	void *ctx;
	unsigned max_batch;
	/*
	 * Choose base addresses for bc (bc->nb bases; each base's slots lie in
	 * [span_lo, span_hi)) as case number i of the
	 * batch; set bc->base_addr[].  False when the batch has no room left
	 * for it (arena slices, code space): the driver runs the batch and
	 * asks again with i = 0; false then fails the case.
	 */
	bool (*place)(void *ctx, unsigned i, eng_bcase *bc);
	/* Run b->cs[0..n) and judge each (eng_judge / eng_pass). */
	void (*run)(void *ctx, struct eng_session *s, eng_batch *b);
} eng_backend;

/* A test point being filled: its cases, its failed ones, the first
 * failures kept for its diagnostics. */
typedef struct eng_point_state {
	uint64_t cases, failed;
	unsigned kept;
	eng_failure *fail; /* cfg.cap entries */
} eng_point_state;

typedef struct eng_session {
	eng_config cfg;
	const eng_backend *be;
	eng_sink sink; /* where the records go; the sink numbers and totals the points */
	eng_batch batch;
	/* The test point being filled. */
	eng_point_state g;
	/* Progress of the suite being run. */
	uint64_t suite_done, suite_total;
	eng_suite_id suite;
} eng_session;

/*
 * Set up a session.  The caller provides storage: `cases` of be->max_batch
 * entries, `pool` of ENG_POOL_BYTES entries, `fail` of cfg->cap entries.
 */
void eng_session_init(eng_session *s, const eng_config *cfg, const eng_backend *be, eng_sink sink,
		      eng_bcase *cases, eng_byte *pool, eng_failure *fail);

/* Announce a suite (for progress lines) before running its groups. */
void eng_suite_begin(eng_session *s, eng_suite_id suite);
/* Run every case of one group and hand its test point to the sink.
 * Returns true when every case passed. */
bool eng_run_group(eng_session *s, eng_suite_id suite, unsigned group);
/*
 * Groups as one test point (the bench): eng_point_begin() empties the point
 * being filled, eng_point_add() runs a group's cases into it (ending with
 * its last batch, so the next call may use another batch size), and
 * eng_point_end() hands it to the sink.  eng_point_swap() parks the point being filled
 * in *other and takes up the one parked there, so two points can be filled
 * in turns (a fresh one: zero counts, its own store of cfg.cap failures).
 */
void eng_point_begin(eng_session *s);
void eng_point_add(eng_session *s, eng_suite_id suite, unsigned group);
void eng_point_swap(eng_session *s, eng_point_state *other);
bool eng_point_end(eng_session *s, const char *name);
/* Replay one case id as its own test point (the id must exist). */
bool eng_run_case(eng_session *s, eng_suite_id suite, uint64_t index);

/* Called by the backend for each case of a batch. */
void eng_judge(eng_session *s, unsigned i, unsigned nviews, const eng_view *views);
void eng_pass(eng_session *s, unsigned i);
/* Called by the backend for a fault outside every case's code. */
void eng_stray_fault(eng_session *s, const eng_fault *f);

/* The slots of case i, for the backend's fast check. */
static inline const eng_byte *eng_bcase_slots(const eng_batch *b, const eng_bcase *bc)
{
	return &b->pool[bc->slot_at];
}

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

/* The offset field bit the injection hook flips in a store word, or -1. */
int eng_inject_bit(uint32_t word);

#endif
