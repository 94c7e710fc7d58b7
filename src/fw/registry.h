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

#include <stddef.h>
#include <stdint.h>

#include "lib/opts.h"
#include "lib/report.h"
#include "lib/suites.h"

#define SUITE_REGISTER(s)                                                                          \
	static const suite *const pg_suite_ref_##s __attribute__((used, section("pg_suites"))) =   \
		&(s)

#define OPTS_REGISTER(t)                                                                           \
	static const opt_table *const pg_opts_ref_##t __attribute__((used, section("pg_opts"))) =  \
		&(t)

/* The registries as the linker gathered them (counted through addresses:
 * the start and stop symbols are distinct objects to C). */
extern const suite *const __start_pg_suites[], *const __stop_pg_suites[];
extern const opt_table *const __start_pg_opts[], *const __stop_pg_opts[];

static inline size_t registry_nsuites(void)
{
	return ((uintptr_t)__stop_pg_suites - (uintptr_t)__start_pg_suites) / sizeof(suite *);
}

static inline size_t registry_nopts(void)
{
	return ((uintptr_t)__stop_pg_opts - (uintptr_t)__start_pg_opts) / sizeof(opt_table *);
}

/* The header's key=value of every registered option that names one (the
 * firmware's and the Linux process's header alike). */
static inline void registry_header_opts(report *r)
{
	char val[256];

	for (size_t k = 0; k < registry_nopts(); k++) {
		const opt_table *t = __start_pg_opts[k];

		for (size_t i = 0; i < t->n; i++)
			if (t->specs[i].header)
				report_header_kv(r, t->specs[i].header, "%s",
						 opts_format(&t->specs[i], val, sizeof(val)));
	}
}

#endif
