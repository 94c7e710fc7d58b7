/*
 * Small self-checks reported as one TAP test point: each check is a case;
 * the failures (the first CHECK_SHOWN) go into the YAML block.  Used by the
 * firmware's selftest and canary suites.
 */
#ifndef PG_LIB_CHECK_H
#define PG_LIB_CHECK_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/report.h"

#define CHECK_SHOWN 8

typedef struct check_failure {
	unsigned index;
	char what[112];
	char expected[48];
	char actual[48];
} check_failure;

typedef struct checks {
	const char *group; /* test point name, "suite/group" */
	unsigned cases;
	unsigned failed;
	unsigned shown;
	check_failure fail[CHECK_SHOWN];
} checks;

void check_begin(checks *c, const char *group);

/* Each returns whether the check passed. */
bool check_true(checks *c, const char *what, bool ok);
bool check_u64(checks *c, const char *what, uint64_t expected, uint64_t actual);
/* Passes when lo <= actual <= hi. */
bool check_range(checks *c, const char *what, uint64_t lo, uint64_t hi, uint64_t actual);

/* Print the test point and, after a failure, its YAML block. */
void check_end(checks *c, report *r);

#endif
