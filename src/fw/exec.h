/*
 * The engine's execution backend on the firmware (src/fw/exec.c): MMU
 * mappings for the arena, the JIT region, jit_sync, the recovery API.
 */
#ifndef PG_FW_EXEC_H
#define PG_FW_EXEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/run.h"

/* Set up the backend and its target: map and guard-fill the arena (once;
 * later calls return at once).  False with a message when pages or
 * mappings run out. */
bool exec_init(char *err, size_t n);

/* The backend's call() and now() on a core (exec_call.c): the code run
 * under the recovery API, its fault as the engine's record; the generic
 * timer. */
bool exec_call_code(void *ctx, uint64_t rx, eng_fault *f);
uint64_t exec_clock(void *ctx);

/* The target the engine's sessions run on (valid after exec_init). */
eng_target *exec_target(void);

/*
 * For cores running at once (parallel=1): target k of n (n <= EXEC_PARTS),
 * each with its own arena (placed after the others) and its own 1/8 of the
 * JIT region as its code ring.  Set up by the boot core before the cores
 * start (mapping is not safe on several cores at once); a parallel run uses
 * these and never exec_init's.
 */
#define EXEC_PARTS 7
bool exec_init_part(unsigned k, char *err, size_t n);
eng_target *exec_target_part(unsigned k);

/*
 * Cross-core runs (suite=xpub): the target of exec_init writes code on the
 * calling core but publishes (sync) and runs (call) it through these
 * (engine/backend.h's contract; ctx passed to both), until
 * exec_set_runner(NULL, NULL, NULL) restores its own.
 */
void exec_set_runner(void (*sync)(void *ctx, const uint32_t *rw, uint64_t rx, size_t bytes),
		     bool (*call)(void *ctx, uint64_t rx, eng_fault *f), void *ctx);

/* Counters since boot (timer ticks), for the bench and for people. */
typedef eng_exec_stats exec_stats;
const exec_stats *exec_get_stats(void);

#endif
