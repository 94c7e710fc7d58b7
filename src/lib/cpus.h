/*
 * The cpus= option (portable): which CPUs run the suites, each in turn,
 * its test points named `cpuN/<group>` (report_set_scope).  The value is
 * `all` (every online CPU) or a comma-separated list of CPU numbers and
 * ranges (`2,5`, `0-3`); whether a named CPU exists is the program's
 * question (it knows which are online).
 */
#ifndef PG_LIB_CPUS_H
#define PG_LIB_CPUS_H

#include <stdbool.h>

#include "lib/opts.h"

#define CPUS_LIST_MAX 1024 /* CPU numbers 0..CPUS_LIST_MAX-1 */

typedef struct cpus_sel {
	bool given; /* cpus= was given */
	bool all;
	unsigned n; /* the listed CPUs, ascending, no repeats */
	unsigned cpu[CPUS_LIST_MAX];
} cpus_sel;

/* v into s (given set); false when malformed. */
bool cpus_parse(const char *v, cpus_sel *s);

/* The options' table: cpus= (opts_parse() leaves its value in cpus_arg,
 * NULL when not given) and parallel= (the CPUs' rounds at once, each
 * with its own arena; the report as if they ran in turn). */
extern const opt_table cpus_opt_table;
extern const char *cpus_arg;
extern bool cpus_parallel;

#endif
