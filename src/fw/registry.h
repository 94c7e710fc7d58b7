/*
 * How suites and option tables join the firmware without editing a shared
 * list: each module registers its own in its own file,
 *
 *   static void t_boot(report *r, const char *name) { ... one test point ... }
 *   static const suite_point points[] = { { "my/boot", t_boot, NULL }, ... };
 *   static const suite my_suite = {
 *           .name = "my", .summary = "...", .order = 30, .in_default = true,
 *           SUITE_POINTS(points),
 *   };
 *   SUITE_REGISTER(my_suite);
 *
 * (or .plan and .run computed from the same tables: lib/suites.h), and
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

#include "lib/opts.h"
#include "lib/report.h"
#include "lib/suites.h"

#define SUITE_REGISTER(s)                                                                          \
	static const suite *const pg_suite_ref_##s __attribute__((used, section("pg_suites"))) =   \
		&(s)

#define OPTS_REGISTER(t)                                                                           \
	static const opt_table *const pg_opts_ref_##t __attribute__((used, section("pg_opts"))) =  \
		&(t)

#endif
