/*
 * The bench's floor (src/fw/replay.c): the batched code recorded as it
 * runs, then run again alone; the page checks alone.
 */
#ifndef PG_FW_REPLAY_H
#define PG_FW_REPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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
