/* The engine's bootargs (see options.h). */
#include <stdio.h>
#include <string.h>

#include "engine/options.h"
#include "jit/policy.h"

const char *const eng_inject_names[] = { "none",
					 "flip",
					 "no-writeback",
					 "xpub-no-isb",
					 "xpub-no-ic",
					 "xpub-late-write",
					 "share-skip",
					 "share-stall",
					 "core-late",
					 "memtypes-no-a",
					 "memtypes-device-as-normal",
					 NULL };

const char *const eng_parallel_names[] = { "0", "1", "share", NULL };

/* Spelled once as a macro: a static initializer must be a constant
 * expression (C11 6.7.9p4), which a const object is not (GCC accepts it,
 * clang does not).  Policy 0 is fuse_policy_names[0], "fixed". */
#define ENG_ARGS_DEFAULTS                                                                          \
	{                                                                                          \
		.policy = 0, .seed = 1, .count = 256, .verbose = 0, .batch = ENG_BATCH_DEFAULT,    \
		.bases = "x19", .replay = NULL, .inject = 0, .cpus = "boot", .parallel = 0         \
	}

static const eng_bootargs defaults = ENG_ARGS_DEFAULTS;

eng_bootargs eng_args = ENG_ARGS_DEFAULTS;

void eng_args_reset(void)
{
	eng_args = defaults;
}

bool eng_bases_parse(const char *v, uint32_t *mask)
{
	uint32_t m = 0;

	if (strcmp(v, "all") == 0) {
		*mask = ENG_BASE_ALL;
		return true;
	}
	while (*v) {
		char name[8];
		size_t len = strcspn(v, ",");
		int r;

		if (len == 0 || len >= sizeof(name))
			return false;
		memcpy(name, v, len);
		name[len] = '\0';
		r = eng_base_parse(name);
		if (r < 0)
			return false;
		m |= ENG_BASE_BIT((unsigned)r);
		v += len;
		if (*v == ',' && *++v == '\0')
			return false;
	}
	*mask = m;
	return m != 0;
}

#define CPUS_ACCEPTED                                                                              \
	"boot (the boot core alone), all, or CPU numbers 0..63 separated by commas, each once"
_Static_assert(ENG_CPUS_MAX == 64, "CPUS_ACCEPTED names the range");

bool eng_cpus_parse(const char *v, bool *per_core, bool *all, uint64_t *mask, char *err, size_t n)
{
	uint64_t m = 0;

	*per_core = strcmp(v, "boot") != 0;
	*all = strcmp(v, "all") == 0;
	*mask = 0;
	if (!*per_core || *all)
		return true;
	for (const char *p = v;;) {
		size_t len = strcspn(p, ",");
		unsigned cpu = 0;
		size_t i;

		for (i = 0; i < len && p[i] >= '0' && p[i] <= '9' && cpu < ENG_CPUS_MAX; i++)
			cpu = cpu * 10 + (unsigned)(p[i] - '0');
		if (len == 0 || i < len || cpu >= ENG_CPUS_MAX || (len > 1 && p[0] == '0')) {
			snprintf(err, n, "%s ('%.*s' is not a CPU number 0..%u)", CPUS_ACCEPTED,
				 (int)len, p, (unsigned)ENG_CPUS_MAX - 1);
			return false;
		}
		if (m >> cpu & 1) {
			snprintf(err, n, "%s (CPU %u is listed twice)", CPUS_ACCEPTED, cpu);
			return false;
		}
		m |= 1ull << cpu;
		p += len;
		if (!*p++)
			break;
	}
	*mask = m;
	return true;
}

static const char *check_cpus(const char *v)
{
	static char why[192];
	bool per_core, all;
	uint64_t mask;

	return eng_cpus_parse(v, &per_core, &all, &mask, why, sizeof(why)) ? NULL : why;
}

/* "0,1,2,3" into buf */
static void cpu_list(uint64_t m, char *buf, size_t n)
{
	size_t len = 0;

	buf[0] = '\0';
	for (unsigned c = 0; c < ENG_CPUS_MAX && len + 4 < n; c++)
		if (m >> c & 1)
			len += (size_t)snprintf(buf + len, n - len, "%s%u", len ? "," : "", c);
}

bool eng_cpus_choose(const eng_options *o, uint64_t present, unsigned boot_cpu, uint64_t *chosen,
		     char *err, size_t n)
{
	uint64_t missing = o->cpus & ~present;

	if (!o->per_core) {
		*chosen = boot_cpu < ENG_CPUS_MAX ? 1ull << boot_cpu : 0;
		return true;
	}
	if (o->cpus_all) {
		*chosen = present;
		return true;
	}
	if (missing) {
		unsigned c = (unsigned)__builtin_ctzll(missing);
		char have[200];

		cpu_list(present, have, sizeof(have));
		snprintf(err, n, "cpus= names CPU %u, which is not here; present: %s", c, have);
		return false;
	}
	*chosen = o->cpus;
	return true;
}

static const char *check_bases(const char *v)
{
	uint32_t mask;

	return eng_bases_parse(v, &mask) ? NULL : "all, or a comma-separated list of x0..x30, sp";
}

/* An id names a case whatever the other options say (bases=, count=). */
static const char *check_case(const char *v)
{
	eng_params all;
	eng_suite_id s;
	uint64_t index;
	eng_case c;

	eng_params_default(&all);
	all.bases = ENG_BASE_ALL;
	if (eng_case_id_parse(v, &s, &index) && eng_case_get(&all, s, index, &c))
		return NULL;
	return "<suite>/<index> naming an existing case of regression, sweep or random, as a "
	       "report's `case:` says";
}

static const opt_spec specs[] = {
	{ .key = "policy",
	  .type = OPT_ENUM,
	  .dest = &eng_args.policy,
	  .names_fn = fuse_policy_name_list,
	  .help = "the fusion logic under test (known-bad controls: luajit-*, no-barrier, "
		  "ryujit-pre85765)",
	  .header = "policy" },
	{ .key = "seed",
	  .type = OPT_UINT,
	  .dest = &eng_args.seed,
	  .min = 0,
	  .max = UINT64_MAX,
	  .help = "the run's seed: register values and random streams",
	  .header = "seed",
	  .flags = OPT_HEX },
	{ .key = "count",
	  .type = OPT_UINT,
	  .dest = &eng_args.count,
	  .min = 1,
	  .max = 100000000,
	  .help = "random streams in the random suite",
	  .header = "count" },
	{ .key = "case",
	  .type = OPT_STRING,
	  .dest = &eng_args.replay,
	  .help = "replay one case id from a report (with the same seed= and policy=)",
	  .check = check_case },
	{ .key = "verbose",
	  .type = OPT_UINT,
	  .dest = &eng_args.verbose,
	  .min = 0,
	  .max = 2,
	  .help = "1: a line per failed case; 2: also up to 64 failures in full per group" },
	{ .key = "batch",
	  .type = OPT_UINT,
	  .dest = &eng_args.batch,
	  .min = 1,
	  .max = ENG_BATCH_MAX,
	  .help = "cases per coherency pass and call (1: the naive mode)",
	  .header = "batch" },
	{ .key = "bases",
	  .type = OPT_STRING,
	  .dest = &eng_args.bases,
	  .help = "sweep base registers: x0..x30, sp, comma-separated, or all",
	  .header = "bases",
	  .check = check_bases },
	{ .key = "inject",
	  .type = OPT_ENUM,
	  .dest = &eng_args.inject,
	  .names = eng_inject_names,
	  .help = "test hook: flip: an offset bit of each case's last store after emission; "
		  "no-writeback: each writeback pair runs as its signed-offset form; "
		  "xpub-no-isb, xpub-no-ic: suite=xpub without the runner's ISB or the writer's "
		  "IC IVAU (a pass under QEMU is no evidence); xpub-late-write: the writer "
		  "rewrites the stores after publishing (must fail); share-skip: with "
		  "parallel=share the last chosen core drops the first test point it takes "
		  "(must fail); share-stall: ... or stops answering after it (must fail, "
		  "in about 20 s); core-late: with parallel=1 or share the last chosen core "
		  "returns 3 s after its job ends (must pass: a slow core is no stalled one); "
		  "memtypes-no-a: "
		  "suite=memtypes leaves SCTLR_EL1.A off in its A1 groups (must fail); "
		  "memtypes-device-as-normal: its Device groups mapped Normal (must fail "
		  "where Device alignment is checked; not under QEMU 7.2)",
	  .header = "inject" },
	{ .key = "cpus",
	  .type = OPT_STRING,
	  .dest = &eng_args.cpus,
	  .help = "the cores to run on: boot (the default), all, or CPU numbers 0..63 "
		  "(test points then named cpuN/<group>)",
	  .header = "cpus",
	  .check = check_cpus },
	{ .key = "parallel",
	  .type = OPT_ENUM,
	  .dest = &eng_args.parallel,
	  .names = eng_parallel_names,
	  .help = "1: the cpus= cores all at once (with cpus=boot: every core), each running "
		  "every suite, results in CPU order; share: the cores divide the run's test "
		  "points among them (one report, as on one core)",
	  .header = "parallel" },
};

const opt_table eng_opt_table = { specs, sizeof(specs) / sizeof(specs[0]) };

void eng_options_from(const eng_bootargs *a, eng_options *o)
{
	char err[192];

	memset(o, 0, sizeof(*o));
	eng_params_default(&o->cfg.params);
	o->cfg.policy = fuse_policy_find(fuse_policy_names[a->policy]);
	o->cfg.params.seed = a->seed;
	o->cfg.params.count = a->count;
	o->cfg.verbose = (unsigned)a->verbose;
	o->cfg.cap = a->verbose >= 2 ? ENG_CAP_VERBOSE : ENG_CAP_DEFAULT;
	o->cfg.batch = (unsigned)a->batch;
	o->cfg.inject_flip = strcmp(eng_inject_names[a->inject], "flip") == 0;
	o->inject = eng_inject_names[a->inject];
	o->cfg.inject_no_writeback = strcmp(eng_inject_names[a->inject], "no-writeback") == 0;
	/* Both were checked by the table; a failed parse here keeps the defaults. */
	(void)eng_bases_parse(a->bases, &o->cfg.params.bases);
	o->replay = a->replay && eng_case_id_parse(a->replay, &o->replay_suite, &o->replay_index);
	/* Checked by the table too. */
	if (!eng_cpus_parse(a->cpus, &o->per_core, &o->cpus_all, &o->cpus, err, sizeof(err)))
		o->per_core = false;
	o->parallel = strcmp(eng_parallel_names[a->parallel], "1") == 0;
	o->share = strcmp(eng_parallel_names[a->parallel], "share") == 0;
	/* parallel=1 or share alone means every core: one core "at once" is no
	 * test, and sharing is for using every core. */
	if ((o->parallel || o->share) && !o->per_core)
		o->per_core = o->cpus_all = true;
}
