/*
 * The engine's bootargs (portable): `policy= seed= count= case= verbose=
 * batch= bases= inject=` as one table for the option parser (lib/opts.h),
 * which checks every value and names what it accepts, and their
 * translation into an eng_config.
 */
#ifndef PG_ENGINE_OPTIONS_H
#define PG_ENGINE_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/run.h"
#include "lib/opts.h"

#define ENG_BATCH_DEFAULT 256
#define ENG_BATCH_MAX	  256
#define ENG_CAP_DEFAULT	  4
#define ENG_CAP_VERBOSE	  ENG_MAX_SHOWN

/* The values as the option parser leaves them. */
typedef struct eng_bootargs {
	unsigned policy; /* index into fuse_policy_names */
	uint64_t seed;
	uint64_t count;
	uint64_t verbose;
	uint64_t batch;
	const char *bases;  /* "x19", "all", "x0,sp" */
	const char *replay; /* case=; NULL when not given */
	unsigned inject;    /* index into eng_inject_names */
} eng_bootargs;

extern const char *const eng_inject_names[];

/* The engine's option table; opts_parse() writes into eng_args. */
extern const opt_table eng_opt_table;
extern eng_bootargs eng_args;

/* Put eng_args back to the defaults (before parsing again). */
void eng_args_reset(void);

typedef struct eng_options {
	eng_config cfg;
	bool replay; /* case= given */
	eng_suite_id replay_suite;
	uint64_t replay_index;
} eng_options;

/* The configuration the values in a give (already checked by the table). */
void eng_options_from(const eng_bootargs *a, eng_options *o);

/* A bases= value as a mask of ENG_BASE_BIT; false when malformed. */
bool eng_bases_parse(const char *v, uint32_t *mask);

#endif
