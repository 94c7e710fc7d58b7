/*
 * How suites and option tables join the firmware without editing a shared
 * list: each module registers its own in its own file,
 *
 *   static void run(report *r) { ... }
 *   static unsigned plan(void) { return 3; }
 *   static const suite my_suite = {
 *           .name = "sweep", .summary = "...", .order = 30, .in_default = true,
 *           .plan = plan, .run = run,
 *   };
 *   SUITE_REGISTER(my_suite);
 *
 *   static const opt_spec my_specs[] = { { .key = "seed", ... }, ... };
 *   static const opt_table my_opts = { my_specs, 2 };
 *   OPTS_REGISTER(my_opts);
 *
 * The linker script gathers the pointers (sections pg_suites, pg_opts);
 * src/fw/main.c reads them.  Every C file in src/fw/ is built in.
 */
#ifndef PG_FW_REGISTRY_H
#define PG_FW_REGISTRY_H

#include <stdbool.h>

#include "lib/opts.h"
#include "lib/report.h"

typedef struct suite {
	const char *name;    /* the suite= value and the test point prefix */
	const char *summary; /* one line, for people */
	unsigned order;	     /* run and listing order, lower first */
	bool in_default;     /* run when the bootargs name no suite */
	/* The number of test points run() prints, called after the options are
	 * parsed (so it may depend on them). */
	unsigned (*plan)(void);
	/* Print exactly plan() test points through r. */
	void (*run)(report *r);
} suite;

#define SUITE_REGISTER(s)                                                                          \
	static const suite *const pg_suite_ref_##s __attribute__((used, section("pg_suites"))) =   \
		&(s)

#define OPTS_REGISTER(t)                                                                           \
	static const opt_table *const pg_opts_ref_##t __attribute__((used, section("pg_opts"))) =  \
		&(t)

#endif
