/*
 * Models of board devices for the host tests of src/plat/drivers/, which
 * the Makefile builds with PG_HW_FAKE: their register reads and writes, the
 * generic counter and the cache maintenance come here (see
 * plat/drivers/hw.h).
 *
 * A test attaches devices (a register window and two callbacks), runs the
 * driver through hwfake_run with an access budget, and reads the event log.
 * A driver that polls forever uses up the budget: hwfake_run then returns
 * false instead of hanging the test.  The counter advances one tick per
 * read of it and hwfake_access_ticks per register access; nothing else
 * passes time, so a delay loop that never reads the counter takes none.
 */
#ifndef PG_TESTS_HWFAKE_H
#define PG_TESTS_HWFAKE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The drivers' view (plat/drivers/hw.h) in its host form. */
#define PG_HW_FAKE 1
#include "plat/drivers/hw.h"

typedef struct hwfake_dev hwfake_dev;
struct hwfake_dev {
	const char *name;
	uint64_t base, size;
	uint32_t (*read)(hwfake_dev *d, uint32_t off);
	void (*write)(hwfake_dev *d, uint32_t off, uint32_t v);
	void *state;
};

typedef struct hwfake_event {
	char op; /* 'r' read, 'w' write, 'c' clean+invalidate, 'i' invalidate,
		    'e' SEV */
	uint64_t addr;
	uint64_t len; /* 'c' only */
	uint32_t v;
	uint64_t tick; /* the counter when it happened */
} hwfake_event;

#define HWFAKE_LOG_MAX 4096

extern uint64_t hwfake_freq;	     /* counter frequency, Hz (default 19.2 MHz) */
extern uint64_t hwfake_now;	     /* the counter */
extern uint64_t hwfake_access_ticks; /* ticks per register access (default 0) */
extern uint64_t hwfake_accesses;     /* register accesses so far */
extern hwfake_event hwfake_log[HWFAKE_LOG_MAX];
extern size_t hwfake_nlog; /* events logged (the log keeps the first HWFAKE_LOG_MAX) */

/* A clean+invalidate by the driver, after the log entry is made. */
extern void (*hwfake_on_cache)(const void *p, size_t len);
/* An invalidate with the MMU off (arch/cache.h, from arch/page.c), logged
 * as 'i'. */
extern void (*hwfake_on_inval)(const void *p, size_t len);

/* Forget devices, log, time and hooks. */
void hwfake_reset(void);
void hwfake_attach(hwfake_dev *d);

/* Run fn(arg); false when it used up budget register accesses first. */
bool hwfake_run(void (*fn)(void *), void *arg, uint64_t budget);

#endif
