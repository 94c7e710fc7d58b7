/*
 * What the engine tells the report: records, never text.  The driver
 * (run.c) hands each record to the one sink registered with its session;
 * src/lib/report_engine.c renders them as tools/REPORT-FORMAT.md says (TAP
 * test points, YAML diagnostics, `# fail:` and `# progress:` lines), and the
 * host tests collect them as they are.
 */
#ifndef PG_ENGINE_RECORD_H
#define PG_ENGINE_RECORD_H

#include "engine/engine.h"
#include "engine/fingerprint.h"

/* Everything a report needs about one failed case. */
typedef struct eng_failure {
	eng_case c;
	uint64_t seed;
	eng_class cls;
	a64_err emit_err; /* the emitter refused the case */
	unsigned nwords;
	uint32_t words[ENG_MAX_WORDS]; /* as the emitter produced them */
	bool injected;		       /* test hook: a word changed after emission */
	unsigned inj_at;
	uint32_t inj_word;	 /* the word that ran instead */
	eng_pred_stop pred_stop; /* the decoder's view of the words */
	unsigned pred_at;
	eng_fault fault;
	unsigned fault_word; /* index of the faulting word, if inside */
	bool fault_in_case;
	uint64_t base_addr[ENG_MAX_BASES];
	eng_regs regs; /* the values the case ran with */
	eng_verdict verdict;
	bool open; /* an open case whose outcome is none of the permitted ones */
} eng_failure;

/* How many open cases of a point showed one permitted behaviour. */
typedef struct eng_choice_count {
	const char *name; /* the behaviour (eng_open_model's name for it) */
	uint64_t cases;
	uint8_t suite; /* the first such case: <suite>/<first> */
	uint64_t first;
} eng_choice_count;

#define ENG_MAX_CHOICES 8 /* behaviours counted per point; more are counted as `other` */

/* A finished test point: its counts and the first failures, kept for its
 * diagnostics (shown <= failed). */
typedef struct eng_point_rec {
	const char *name; /* <suite>/<group>[/<subgroup>] */
	uint64_t cases, failed;
	unsigned shown;
	const eng_failure *failures; /* shown entries */
	/* Fingerprints (engine/fingerprint.h): the architecturally fixed
	 * cases' and the open ones', with how each open case came out. */
	eng_fp fixed, open;
	unsigned nchoices;
	const eng_choice_count *choices;
	uint64_t other_choices; /* open cases past the table's ENG_MAX_CHOICES names */
} eng_point_rec;

/* Progress of a suite: `added` more cases done, `done` of `total` now
 * (total is 0 when the run is not a whole suite). */
typedef struct eng_progress_rec {
	eng_suite_id suite;
	uint64_t done, added, total;
} eng_progress_rec;

/*
 * Where the records go.  `point` is required; the others may be NULL.
 * `failure` sees every failed case as it is judged (before its point ends);
 * `stray_fault` a fault that hit outside every case's code (the batch's
 * cases that did not run then fail as missed).
 */
typedef struct eng_sink {
	void (*point)(void *ctx, const eng_point_rec *p);
	void (*failure)(void *ctx, const eng_failure *f);
	void (*progress)(void *ctx, const eng_progress_rec *p);
	void (*stray_fault)(void *ctx, const eng_fault *f);
	void *ctx;
} eng_sink;

#endif
