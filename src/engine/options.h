/*
 * The engine's bootargs (portable): `policy= seed= count= case= verbose=
 * batch= bases= inject= cpus= parallel=` as one table for the option parser (lib/opts.h),
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
	const char *cpus;   /* "boot", "all", "0,2" */
	unsigned parallel;  /* index into eng_parallel_names */
} eng_bootargs;

/* CPU numbers cpus= can name: the firmware's are the device tree's /cpus
 * order, a Linux process's the kernel's CPU numbers. */
#define ENG_CPUS_MAX 64

extern const char *const eng_inject_names[];
/* parallel=: 0 (the cores in turn), 1 (every core runs every suite, at
 * once), share (the cores share one run's test points). */
extern const char *const eng_parallel_names[];

/* The engine's option table; opts_parse() writes into eng_args. */
extern const opt_table eng_opt_table;
extern eng_bootargs eng_args;

/* Put eng_args back to the defaults (before parsing again). */
void eng_args_reset(void);

typedef struct eng_options {
	eng_config cfg;
	/* cpus=: per_core false (cpus=boot, the default) runs on the boot core
	 * alone with unprefixed test points; else the cores of cpus (bit N: CPU
	 * N; all: every core there is) run in turn, or at once with parallel=1,
	 * their test points named cpuN/<group>; with parallel=share (share) the
	 * chosen cores divide one run's test points among them, which keep
	 * their plain names. */
	bool per_core;
	bool cpus_all;
	uint64_t cpus;
	bool parallel;
	bool share;
	bool replay;	    /* case= given */
	const char *inject; /* the inject= value (xpub-*: suite=xpub's test-only omissions) */
	eng_suite_id replay_suite;
	uint64_t replay_index;
} eng_options;

/* The configuration the values in a give (already checked by the table). */
void eng_options_from(const eng_bootargs *a, eng_options *o);

/*
 * A cpus= value: "boot" (*per_core false), "all" (*all true) or CPU numbers
 * 0..ENG_CPUS_MAX-1, comma-separated, each once (*mask).  False when
 * malformed, with why (naming the bad item) in err.
 */
bool eng_cpus_parse(const char *v, bool *per_core, bool *all, uint64_t *mask, char *err, size_t n);

/*
 * The CPUs options o choose among those present (bit N: CPU N is there):
 * the boot CPU's bit for cpus=boot.  False when cpus= names a CPU that is
 * not present, with err naming it and the present ones ("cpus= names CPU
 * 5, which is not here; present: 0,1,2,3").
 */
bool eng_cpus_choose(const eng_options *o, uint64_t present, unsigned boot_cpu, uint64_t *chosen,
		     char *err, size_t n);

/* A bases= value as a mask of ENG_BASE_BIT; false when malformed. */
bool eng_bases_parse(const char *v, uint32_t *mask);

#endif
