/* Per-core runs on the firmware (cores.c). */
#ifndef PG_FW_CORES_H
#define PG_FW_CORES_H

#include "engine/options.h"
#include "lib/suites.h"
#include "sys/boot.h"

/*
 * Find the cores, check o's cpus= against them, start the chosen ones and
 * say so in r (a comment line per core); fill out for suites_run_cores.
 * False after a Bail out (cpus= names a CPU that is not there).
 */
bool fw_cores_setup(report *r, const boot_info *b, const eng_options *o, suite_cores *out);

/* Which of the cores running at once (parallel=1) the caller is, 0..; -1
 * when the cores do not run at once. */
int fw_cores_part(void);

/* engine_suites.c: the engine state of n cores running at once, set up
 * before they start; false with err when pages ran out. */
bool fw_engine_parts(unsigned n, char *err, size_t len);

/* suite_cores.run_on: run fn(arg) on the i-th chosen core. */
bool fw_cores_run_on(void *ctx, unsigned i, void (*fn)(void *), void *arg, const char **why);

#endif
