/*
 * The engine's execution backend on the firmware: the guard-page arena, the
 * JIT region's batches, the recovery of faults, the fast check (src/fw/exec.c).
 */
#ifndef PG_FW_EXEC_H
#define PG_FW_EXEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/run.h"

/* Map and guard-fill the arena (once; later calls return at once).  False
 * with a message when pages or mappings run out. */
bool exec_init(char *err, size_t n);

/* The backend (valid after exec_init). */
const eng_backend *exec_backend(void);

/* Counters since boot, for the bench and for people. */
typedef struct exec_stats {
	uint64_t batches, cases, faults, slow_checks;
	uint64_t code_words;
	/* Generic-timer ticks spent: preparing cases (between batches),
	 * writing code, cache maintenance, running, checking. */
	uint64_t t_prepare, t_write, t_sync, t_run, t_check, t_poke;
} exec_stats;

const exec_stats *exec_get_stats(void);

/* Forget the batches recorded; record the batches run while on. */
void exec_record_reset(void);
void exec_record(bool on);
/* Run the recorded batches' code again, translated afresh, with nothing in
 * between; *ticks is the time taken.  False with a message if they could
 * not be replayed (the ring wrapped, or a batch faulted). */
bool exec_replay(uint64_t *ticks, uint64_t *cases, char *err, size_t n);
/* The page check alone over cases arena pages: ticks taken; *diff is the
 * OR of the checks (0: every page holds its guard). */
uint64_t exec_check_floor(uint64_t cases, uint64_t *diff);

#endif
