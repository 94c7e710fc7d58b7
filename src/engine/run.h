/*
 * The engine's driver: runs a group of cases in batches through an execution
 * backend and hands the group, as one test point record, to the session's
 * sink (engine/record.h; src/lib/report_engine.c renders it).
 *
 * Portable: the driver prepares each case (emission through the emitter
 * under test, register values, the reference slots), places its bases in
 * the arena (arena.h), has the batch's code written and run on the backend
 * (batch.h, backend.h), then judges every case from what the backend
 * observed: its fault record and the bytes of its slices (the fast check,
 * else the byte-wise judge and the decoder's prediction for the
 * classification).  The firmware's backend runs the words on the core
 * (src/fw/exec.c); the host tests' backend is a simulated core
 * (tests/host/simcore.c).
 */
#ifndef PG_ENGINE_RUN_H
#define PG_ENGINE_RUN_H

#include "engine/batch.h"
#include "engine/engine.h"
#include "engine/record.h"
#include "engine/suite.h"

struct fuse_policy;

#define ENG_MAX_SHOWN 64

/*
 * Cases whose outcome the architecture leaves open (CONSTRAINED
 * UNPREDICTABLE, IMPLEMENTATION DEFINED): which they are, and which of the
 * permitted behaviours a run shows.  The judge still checks such a case
 * against the engine's reference (eng_ref), then asks choice() to name
 * the behaviour from that verdict and the fault: a short name
 * ([a-z0-9-], e.g. "lower-value", "undef", "nop"), or NULL when the
 * observation is none of the permitted ones (the case fails).  An open
 * case goes into the point's `open` fingerprint with its choice, and the
 * report's characterisation lists the choices.
 */
typedef struct eng_open_model {
	bool (*is_open)(const eng_case *c);
	const char *(*choice)(const eng_case *c, const eng_regs *r, const eng_verdict *v,
			      const eng_fault *f);
} eng_open_model;

typedef struct eng_config {
	eng_params params;
	const struct fuse_policy *policy;
	unsigned batch;		    /* cases per coherency pass (1 = naive) */
	unsigned cap;		    /* failures shown in full per group (<= ENG_MAX_SHOWN) */
	unsigned verbose;	    /* 1: a `# fail:` line per failed case */
	bool inject_flip;	    /* test hook: flip an offset bit after emission */
	const eng_open_model *open; /* NULL: every case architecturally fixed */
	const char *prefix;	    /* put before every test point's name (NULL: none) */
	/* test hook: each pre-/post-index pair runs as its signed-offset form,
	 * as a core that ignored the writeback would */
	bool inject_no_writeback;
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
	bool load;		  /* a load case: its registers are captured and judged */
	bool unpredictable;	  /* its words hold a CONSTRAINED UNPREDICTABLE pair */
	eng_regs_exp exp;	  /* a load case's expected registers */
	eng_pred_stop pred_stop;
	unsigned pred_at;
	eng_class cls;	/* eng_classify() of the prediction */
	bool pred_done; /* the three above are known */
	/* Observed by the run (batch.h). */
	eng_fault fault;
	bool fault_in_case;
	unsigned fault_word;
} eng_bcase;

#define ENG_POOL_BYTES (1u << 16)

typedef struct eng_batch {
	unsigned n;
	eng_bcase *cs;
	eng_byte *pool;
	unsigned pool_used;
} eng_batch;

/* A test point being filled: its cases, its failed ones, the first
 * failures kept for its diagnostics. */
typedef struct eng_point_state {
	uint64_t cases, failed;
	unsigned kept;
	eng_failure *fail; /* cfg.cap entries */
	eng_fp fixed, open;
	unsigned nchoices;
	eng_choice_count choice[ENG_MAX_CHOICES];
	uint64_t other_choices;
} eng_point_state;

/* The captured registers of a load case that do not hold their expected
 * values, as the fingerprint takes them (fingerprint.h, REGS): where each
 * value came from, not the value itself (the load fill depends on the
 * address). */
typedef struct eng_reg_devs {
	unsigned n;
	uint8_t id[96], src[96]; /* 64 + v: v's upper 64 bits */
	uint64_t val[96];
} eng_reg_devs;

typedef struct eng_session {
	eng_config cfg;
	eng_target *t;
	eng_sink sink; /* where the records go; the sink numbers and totals the points */
	eng_batch batch;
	/* The test point being filled. */
	eng_point_state g;
	/* Progress of the suite being run. */
	uint64_t suite_done, suite_total;
	eng_suite_id suite;
	/* Working storage of the driver (in the session: sessions on cores
	 * that run at once share nothing). */
	struct {
		eng_mem ref;
		eng_pred pred;
		eng_verdict verdict;
		eng_failure failure;
		eng_case pending, replay;
		eng_reg_devs devs;
	} scratch;
	/* The values' part that depends on the seed alone, for values.seed
	 * (made again when cfg.params.seed changes). */
	eng_run_values values;
	bool values_ready;
} eng_session;

/*
 * Set up a session on a target (batch.h: a backend with its arena, set up
 * once).  The caller provides storage: `cases` of cfg->batch entries (at
 * most ENG_BATCH_CASES), `pool` of ENG_POOL_BYTES entries, `fail` of
 * cfg->cap entries.
 */
void eng_session_init(eng_session *s, const eng_config *cfg, eng_target *t, eng_sink sink,
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
/* Run one given case (any requests, e.g. a test's own) as a test point. */
bool eng_run_one(eng_session *s, const eng_case *c, const char *name);

/* The expected slots of a case of the batch. */
static inline const eng_byte *eng_bcase_slots(const eng_batch *b, const eng_bcase *bc)
{
	return &b->pool[bc->slot_at];
}

/* The offset field bit the injection hook flips in a store word, or -1. */
int eng_inject_bit(uint32_t word);

#endif
