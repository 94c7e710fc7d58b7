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

/*
 * The interrupt controller the device tree names (GICv2, GICv3, BCM2836
 * ARM-local; else the board's, plat.arm_local), set up for the boot core
 * (every run): the WFI wake-up of a waiting boot core (arch/smp.h) and the
 * watchdog of plug-in policy calls (arch/recover.h recover_call_timed).
 * False when there is none usable (no DTB, none named, not usable from
 * here), said once in r as a `# watchdog: none: ...` line naming it.
 */
bool fw_cores_gic(report *r, const boot_info *b);

/* Which of the cores running at once (parallel=1) the caller is, 0..; -1
 * when the cores do not run at once. */
int fw_cores_part(void);

/* engine_suites.c: the engine state of n cores running at once, set up
 * before they start; false with err when pages ran out. */
bool fw_engine_parts(unsigned n, char *err, size_t len);

/* suite_cores.run_on: run fn(arg) on the i-th chosen core. */
bool fw_cores_run_on(void *ctx, unsigned i, void (*fn)(void *), void *arg, const char **why);

/* After fw_cores_setup: the chosen cores that are up (indices into its
 * list, in CPU order), at most max; returns how many. */
unsigned fw_cores_up(unsigned *idx, unsigned max);
const report_core *fw_cores_id(unsigned i);

/* Run fa(aa) on chosen core a and fb(ab) on chosen core b at the same
 * time (the boot core runs its own function itself) and wait for both;
 * false with why when one did not answer. */
bool fw_cores_pair_run(unsigned a, void (*fa)(void *), void *aa, unsigned b, void (*fb)(void *),
		       void *ab, const char **why);

/* engine_suites.c: every group of suite s on this core through the
 * target of exec_init, each test point's name after prefix; false after a
 * Bail out. */
bool fw_engine_suite_run(report *r, eng_suite_id s, const char *prefix);

/* engine_suites.c: this core's session for suite s (its records rendered
 * into r, eng_suite_begin done), to run its groups one by one
 * (eng_run_group) or a case (eng_run_case); NULL after a Bail out. */
eng_session *fw_engine_session(report *r, eng_suite_id s);

#endif
