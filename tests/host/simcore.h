/*
 * A simulated core for the engine's host tests: an execution backend
 * (engine/backend.h) whose call() interprets the batch's code word by word
 * as the decoder reads it (the set-up chain, the translation-block breaks,
 * the re-entry stubs and the exit included), over host memory mapped where
 * the engine's arena asks (the geometry the firmware uses), faulting like a
 * core: a data abort with its FAR on a store to an unmapped byte, an
 * alignment fault on a misaligned SP base, undefined instruction on a word
 * it does not know, a breakpoint on BRK.  So the host tests run the very
 * arena, layout, checks and judge that ship.
 */
#ifndef PG_TESTS_SIMCORE_H
#define PG_TESTS_SIMCORE_H

#include "engine/run.h"
#include "lib/report_engine.h"

#define SIM_CODE_WORDS (512u * 1024u) /* a 2 MiB code region: the ring wraps */
#define SIM_CODE_RX    0x0000000080000000ull
#define SIM_EXIT_TO    0x00000000e0000000ull
#define SIM_ARENA_VA   0x0000004000000000ull

typedef struct sim_map {
	uint64_t lo;
	size_t len;
	uint8_t *bytes;
} sim_map;

typedef struct simcore {
	eng_backend be;
	uint64_t calls, syncs, steps;
	/* A faulty core: when >= 0, every STR (immediate, unsigned offset) it
	 * runs has this bit of its word flipped (the emitted words and the
	 * prediction untouched). */
	int corrupt_bit;
	/* Test hook: a store it runs at this address also writes `stray_val`
	 * at `stray_at` (when mapped), as a core with a stray write would. */
	int64_t stray_at;
	/* A faulty core: a W load leaves bits 63:32 of its register alone. */
	bool load_w_keeps_upper;
	/* A faulty core: a Q load reads only its low 8 bytes (as LDR D would)
	 * and zeroes the register's upper half. */
	bool load_q_low_only;
	uint8_t stray_val;
	bool stray;
	/* A faulty core: pair writeback (pre- and post-index) leaves the base
	 * unchanged. */
	bool no_writeback;
	/* A writeback whose base (not SP) is a transfer register (CONSTRAINED
	 * UNPREDICTABLE): SIM_WB_OLD stores the old base and lets the
	 * writeback win over a load (as QEMU 7.2); SIM_WB_OTHER stores the
	 * written-back address (an UNKNOWN value) and suppresses a load's
	 * writeback (Rn keeps the loaded value); SIM_WB_W_AS_X, a faulty core,
	 * is SIM_WB_OLD but a W store of its base stores all 64 bits. */
	enum { SIM_WB_OLD, SIM_WB_OTHER, SIM_WB_W_AS_X } wb_overlap;
	/* A faulty core: no SP alignment check (sp_check 1), or the check
	 * reported as a data abort (2); 0 as the architecture says. */
	int sp_check;
	/* Alignment checking (SCTLR_EL1.A, or Device memory): a load or store
	 * element misaligned to its size takes a data abort, DFSC alignment
	 * fault, FAR its address (the pair's lower element first); faulty
	 * cores: 2 FAR one byte off, 3 DFSC a permission fault. */
	int align_check;
	unsigned nmaps;
	sim_map map[ENG_SLICES + 1]; /* the slices and the capture area */
	uint32_t *code;
	uint64_t *marks;
	uint64_t x[32];		  /* x[31] = SP */
	uint64_t v[32], v_hi[32]; /* v_hi: bits 127:64 */
} simcore;

/* Set up the core (host memory for its code region); simcore_free frees it. */
void simcore_init(simcore *sc);
void simcore_free(simcore *sc);
/* The engine's pointer to va if the core has it mapped, else NULL. */
uint8_t *simcore_mem(simcore *sc, uint64_t va);

/* Collects a report's text into one string (for comparisons). */
typedef struct textbuf {
	char *text;
	size_t len, cap;
	unsigned lines;
	bool echo;
} textbuf;

void textbuf_write(void *ctx, const char *s, size_t n); /* a report_out_fn */
void textbuf_free(textbuf *t);

/* A test point record as the session's sink received it. */
typedef struct sim_point {
	char name[96];
	uint64_t cases, failed;
	unsigned shown;
	eng_fp fixed, open; /* its fingerprints */
} sim_point;

#define SIM_MAX_FAILURES 8192
#define SIM_MAX_POINTS	 256

/*
 * A session over the simulated core with storage owned by the helper.  Its
 * sink keeps the records (points, every failure, progress) and hands them
 * on to the shipped renderer (lib/report_engine.c) into `rep`, whose text
 * is `out`.
 */
typedef struct simrun {
	simcore core;
	eng_target *t;
	eng_session s;
	eng_bcase *cases;
	eng_byte *pool;
	eng_failure *fail;
	/* The records. */
	sim_point *points;
	unsigned npoints;    /* every point (the first SIM_MAX_POINTS kept) */
	uint64_t ncases;     /* summed over the point records */
	uint64_t nfailed;    /* summed over the point records */
	eng_failure *all;    /* every failure judged (the first SIM_MAX_FAILURES kept) */
	unsigned nall;	     /* kept */
	uint64_t progressed; /* the sum of the progress records' `added` */
	unsigned nstray;     /* stray fault records */
	/* The same records rendered. */
	report rep;
	report_engine rendering;
	eng_sink render;
	textbuf out;
	/* Suite memtypes: the core's align_check in the groups whose memory
	 * and SCTLR_EL1.A require alignment (0: 1, as the architecture says;
	 * -1: none) */
	int memtypes_align;
} simrun;

void simrun_init(simrun *r, const eng_config *cfg);
void simrun_free(simrun *r);
/* Run every group of a suite; returns the failed case count (from the
 * point records).  Suite memtypes: each group with the core's alignment
 * checking as its environment says (memtypes_align). */
uint64_t simrun_suite(simrun *r, eng_suite_id suite);

/* A case of the given requests (a test's own), as random/<index>. */
eng_case sim_case(unsigned n, const eng_item *items, uint64_t index);

/* A config: policy by name, defaults otherwise. */
eng_config sim_config(const char *policy);

#endif
