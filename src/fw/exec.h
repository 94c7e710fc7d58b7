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

/* Counters since boot (timer ticks), for the bench and for people. */
typedef eng_exec_stats exec_stats;
const exec_stats *exec_get_stats(void);

#endif
