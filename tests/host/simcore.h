/*
 * A simulated core for the engine's host tests: an execution backend that
 * "runs" a batch's words by the decoder's reading of them over a byte array
 * laid out like the firmware's arena (a 128 KiB slice per base, one mapped
 * 4 KiB page in its middle, or the whole window for wide cases), faulting on
 * stores outside the mapped bytes and on words it cannot decode.  It gives
 * the host a fast, independent complement to the firmware runs.
 */
#ifndef PG_TESTS_SIMCORE_H
#define PG_TESTS_SIMCORE_H

#include "engine/run.h"
#include "lib/report_engine.h"

#define SIM_MAX_BATCH 64

typedef struct simcore {
	eng_backend be;
	uint64_t batches, cases;
	/* A faulty core: when set, every case's last store word runs with
	 * this bit flipped (the emitter's words and the prediction untouched). */
	int corrupt_bit;
	/* When non-zero: at most this many bases per batch, as a backend
	 * running out of arena slices says (place() returns false). */
	unsigned max_bases;
	unsigned bases_used;
} simcore;

void simcore_init(simcore *sc);

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
} simrun;

void simrun_init(simrun *r, const eng_config *cfg);
void simrun_free(simrun *r);
/* Run every group of a suite; returns the failed case count (from the
 * point records). */
uint64_t simrun_suite(simrun *r, eng_suite_id suite);

/* A config: policy by name, defaults otherwise. */
eng_config sim_config(const char *policy);

#endif
