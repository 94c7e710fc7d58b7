/*
 * pairguard as a Linux process: the firmware's bootargs as arguments, the
 * same suites (src/fw/engine_suites.c, registered as on the firmware) on
 * the same portable engine through the Linux backend (exec.c), the same
 * report stream on stdout and the same exit status (0 pass, 1 a test
 * failed, 2 the run could not complete).
 */
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "arch/cpu.h"
#include "arch/recover.h"
#include "arch/timer.h"
#include "engine/fingerprint.h"
#include "engine/options.h"
#include "fw/registry.h"
#include "lib/cpuid.h"
#include "linux/linux.h"

#define SUITES_MAX 32
#define ARGS_MAX   4096

static report rep;
/* Where notes, fatal errors and CPU rounds go: rep, or in a child of
 * parallel=1 its own part (in memory the parent reads). */
static report *cur = &rep;
static bool in_child;
static const suite *suites[SUITES_MAX];
static const char *suite_names[SUITES_MAX + 1];
static size_t nsuites;
static opt_list selected;
static unsigned jit_mode;
static char args[ARGS_MAX], cmdline[ARGS_MAX];

const char *const lx_jit_names[] = { "auto", "memfd", "mprotect", NULL };

static const opt_spec lx_specs[] = {
	{
		.key = "suite",
		.type = OPT_ENUM_LIST,
		.dest = &selected,
		.names = suite_names,
		.help = "the suites to run, in this order",
		.header = "suites",
	},
	{
		.key = "jit",
		.type = OPT_ENUM,
		.dest = &jit_mode,
		.names = lx_jit_names,
		.help = "W^X code memory: memfd (an RW and an RX mapping), mprotect (flips), auto "
			"(memfd, else mprotect)",
		.header = "jit",
	},
};
static const opt_table lx_opts = { lx_specs, sizeof(lx_specs) / sizeof(lx_specs[0]) };
OPTS_REGISTER(lx_opts);

/* The CPUs of a per-core run (cpus=), in run order, with their identity. */
static struct {
	bool per_core, parallel;
	unsigned n;
	report_core core[ENG_CPUS_MAX];
	const char *down[ENG_CPUS_MAX]; /* all NULL: a Linux CPU is online or refused */
	char err[256];
} plan;

static void out_stdout(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	fwrite(s, 1, n, stdout);
	/* Line by line, as a UART: a runner sees progress, a crash loses nothing. */
	if (n && s[n - 1] == '\n')
		fflush(stdout);
}

void lx_note(const char *fmt, ...)
{
	char buf[REPORT_LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	report_comment(cur, "%s", buf);
}

void lx_die(const char *fmt, ...)
{
	char buf[REPORT_LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	report_bail(cur, "%s", buf);
	if (!in_child)
		report_finish(cur);
	fflush(stdout);
	_exit(2);
}

/* A fault outside every recover_call: pairguard's own bug or the system's,
 * never a test result. */
static void fatal_signal(void *ctx, int sig, uint64_t pc, uint64_t addr)
{
	(void)ctx;
	report_bail(cur,
		    "unexpected signal %d (%s) outside generated code: pc 0x%llx, address 0x%llx",
		    sig, strsignal(sig), (unsigned long long)pc, (unsigned long long)addr);
	if (!in_child)
		report_finish(cur);
	fflush(stdout);
}

static void usage(const opts *o)
{
	char val[384];

	printf("usage: pairguard [key=value ...]\n"
	       "pairguard %s for Linux: JIT-emits load/store pairs through a fusion policy, runs\n"
	       "them against guarded memory and reports every clobbered byte (TAP 13 on stdout).\n"
	       "The options are the firmware's bootargs; exit status 0 pass, 1 a test failed, 2 "
	       "the\n"
	       "run could not complete.\n\noptions:\n",
	       PG_VERSION);
	for (size_t t = 0; t < o->ntables; t++)
		for (size_t i = 0; i < o->tables[t]->n; i++) {
			const opt_spec *s = &o->tables[t]->specs[i];

			printf("  %-8s %s (default: %s)\n", s->key, s->help,
			       opts_format(s, val, sizeof(val))[0] ? val : "none");
		}
	printf("\nsuites:\n");
	for (size_t i = 0; i < nsuites; i++)
		printf("  %-10s %s%s\n", suites[i]->name, suites[i]->summary,
		       suites[i]->in_default ? " (default)" : "");
}

static void passed_over(void *ctx, const char *token)
{
	report_comment(ctx, "args: passed over '%s' (not pairguard's)", token);
}

/* argv as one bootargs line; false (message in err) for an argument the
 * firmware's syntax cannot carry. */
static bool join_args(int argc, char **argv, char *err, size_t n)
{
	size_t o = 0;

	for (int i = 1; i < argc; i++) {
		size_t len = strlen(argv[i]);

		if (strpbrk(argv[i], " \t\r\n") || len == 0) {
			snprintf(err, n,
				 "argument '%s': one key=value per argument, without blanks",
				 argv[i]);
			return false;
		}
		if (o + len + 2 > sizeof(args)) {
			snprintf(err, n, "arguments longer than %d bytes", ARGS_MAX - 1);
			return false;
		}
		if (o)
			args[o++] = ' ';
		memcpy(args + o, argv[i], len);
		o += len;
	}
	args[o] = '\0';
	return true;
}

static uint64_t read_mpidr(uint64_t arg)
{
	(void)arg;
	return cpu_mpidr(); /* emulated by Linux at EL0 (HWCAP_CPUID) */
}

/*
 * cpus= against the online CPUs (engine/options.h's rule and message);
 * cpus=boot, the default: the CPU we run on, unpinned, unprefixed points.
 * Each chosen CPU's MIDR, REVIDR and MPIDR are read on it (pinned).
 */
static bool resolve_cpus(void)
{
	static unsigned online[LX_CPUS_MAX];
	unsigned non = lx_online_cpus(online, LX_CPUS_MAX);
	uint64_t present = 0, chosen;
	eng_options o;

	eng_options_from(&eng_args, &o);
	plan.per_core = o.per_core;
	plan.parallel = o.parallel;
	plan.n = 0;
	if (o.share) {
		snprintf(plan.err, sizeof(plan.err),
			 "parallel=share: the Linux process does not divide a run among CPUs "
			 "(the firmware does); accepted here: parallel=0, parallel=1");
		return false;
	}
	if (!o.per_core)
		return true;
	for (unsigned k = 0; k < non; k++)
		if (online[k] < ENG_CPUS_MAX)
			present |= 1ull << online[k];
	if (!eng_cpus_choose(&o, present, (unsigned)sched_getcpu(), &chosen, plan.err,
			     sizeof(plan.err)))
		return false;
	for (unsigned cpu = 0; cpu < ENG_CPUS_MAX; cpu++) {
		report_core *c = &plan.core[plan.n];
		const char *src;
		uint64_t mpidr = 0;

		if (!(chosen >> cpu & 1))
			continue;
		if (!lx_pin(cpu, plan.err, sizeof(plan.err)))
			return false;
		c->cpu = cpu;
		c->midr = lx_midr(cpu, &src);
		c->revidr = lx_revidr(cpu, &src);
		c->mpidr = recover_call(read_mpidr, 0, &mpidr, NULL) ? mpidr : 0;
		plan.down[plan.n++] = NULL;
	}
	return true;
}

/* suite_cores.run_on: fn on CPU i, this thread pinned there. */
static bool run_on_cpu(void *ctx, unsigned i, void (*fn)(void *arg), void *arg, const char **why)
{
	static char err[160];

	(void)ctx;
	if (!lx_pin(plan.core[i].cpu, err, sizeof(err))) {
		*why = err;
		return false;
	}
	fn(arg);
	return true;
}

/* parallel=1 runs a process per CPU (run_parallel), not start_on. */
static suite_cores the_cores(void)
{
	suite_cores c = { .core = plan.core, .n = plan.n, .down = plan.down, .run_on = run_on_cpu };

	return c;
}

static bool parse(int argc, char **argv)
{
	static const opt_table *tables[OPTS_MAX];
	size_t k, nreg = registry_nsuites();
	char err[256];
	opts o;

	memset(&o, 0, sizeof(o));
	for (k = 0; k < registry_nopts() && o.ntables < OPTS_MAX; k++)
		tables[o.ntables++] = __start_pg_opts[k];
	o.tables = tables;
	o.passed_over = passed_over;
	o.ctx = &rep;
	if (!suites_gather(__start_pg_suites, nreg, suites, suite_names, SUITES_MAX, &nsuites,
			   &selected, err, sizeof(err))) {
		report_bail(&rep, "%s", err);
		return false;
	}
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(&o);
			exit(0);
		}
	if (!join_args(argc, argv, err, sizeof(err))) {
		report_bail(&rep, "args: %s", err);
		return false;
	}
	memcpy(cmdline, args, sizeof(cmdline)); /* opts_parse cuts args up */
	if (!opts_parse(&o, args)) {
		report_bail(&rep, "args: %s", o.err);
		return false;
	}
	return true;
}

static void header(void)
{
	const char *src;
	uint64_t midr = plan.n ? plan.core[0].midr : lx_midr((unsigned)sched_getcpu(), &src);

	report_header_begin(&rep);
	report_header_kv(&rep, "version", "%s", PG_VERSION);
	report_header_kv(&rep, "plat", "linux");
	report_header_kv(&rep, "el", "0");
	report_header_kv(&rep, "entry-el", "0");
	report_header_kv(&rep, "midr", "0x%08llx", (unsigned long long)midr);
	report_header_kv(&rep, "cpu", "%s", cpu_name(midr));
	report_header_kv(&rep, "kernel", "%s", lx_kernel_release());
	report_header_kv(&rep, "page", "%ld", sysconf(_SC_PAGESIZE));
	report_header_kv(&rep, "lse2", "%s", lx_has_uscat() ? "yes" : "no");
	registry_header_opts(&rep);
	/* The header keys that determine the fingerprints, as the firmware's. */
	report_header_kv(&rep, "fingerprint", "%s", ENG_FP_INPUTS);
	report_header_end(&rep);
}

/* What each chosen CPU is, before the plan. */
static void cpu_comments(void)
{
	for (unsigned i = 0; i < plan.n; i++) {
		const report_core *c = &plan.core[i];
		const char *src;

		(void)lx_midr(c->cpu, &src);
		report_comment(&rep,
			       "cpu%u: midr=0x%08llx (%s, from %s) revidr=0x%08llx mpidr=0x%llx",
			       c->cpu, (unsigned long long)c->midr, cpu_name(c->midr), src,
			       (unsigned long long)c->revidr, (unsigned long long)c->mpidr);
	}
}

/* A child's stream goes to its own file; the parent copies it in order. */
static void out_fd(void *ctx, const char *s, size_t n)
{
	int fd = (int)(intptr_t)ctx;

	while (n) {
		ssize_t w = write(fd, s, n);

		if (w <= 0)
			_exit(3);
		s += w;
		n -= (size_t)w;
	}
}

/* CPU k's part in a child process: its own arena and code region. */
static void child(unsigned k, report *part, int fd, const suite *const *run, unsigned n,
		  unsigned per)
{
	suite_cores c = the_cores();
	char err[512];

	in_child = true;
	cur = part;
	report_init(part, out_fd, (void *)(intptr_t)fd);
	report_start_at(part, k * per, per * plan.n); /* numbered as if in turn */
	if (!lx_exec_init(lx_exec_mode(), err, sizeof(err)))
		report_bail(part, "cpu%u: %s", plan.core[k].cpu, err);
	else
		suites_run_core(part, run, n, &c, k);
	_exit(part->bailed ? 2 : 0);
}

/*
 * parallel=1: a child process per CPU, pinned, each with its own arena
 * and code region (a fork: nothing shared but the files), all at once; the
 * parent prints one plan and each child's points in CPU order, so the
 * report is the one suites_run_cores prints when they run in turn.
 */
static bool run_parallel(const suite *const *run, unsigned n)
{
	suite_cores c = the_cores();
	unsigned per = suites_plan_cores(run, n, &c) / plan.n;
	report *parts = mmap(NULL, plan.n * sizeof(report), PROT_READ | PROT_WRITE,
			     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	FILE *text[ENG_CPUS_MAX];
	pid_t pid[ENG_CPUS_MAX];

	if (parts == MAP_FAILED) {
		report_bail(&rep, "parallel=1: mmap of the shared counts failed");
		return false;
	}
	report_plan(&rep, per * plan.n);
	fflush(stdout);
	/* The children set up the mode the parent found, at the same places. */
	lx_exec_release();
	for (unsigned k = 0; k < plan.n; k++) {
		text[k] = tmpfile();
		pid[k] = text[k] ? fork() : -1;
		if (pid[k] == 0)
			child(k, &parts[k], fileno(text[k]), run, n, per);
		if (pid[k] < 0) {
			report_bail(&rep, "parallel=1: cpu%u: cannot start a process",
				    plan.core[k].cpu);
			plan.n = k;
		}
	}
	for (unsigned k = 0; k < plan.n; k++) {
		char buf[4096];
		size_t got;
		int st = 0;

		waitpid(pid[k], &st, 0);
		if (rep.bailed)
			continue;
		rewind(text[k]);
		while ((got = fread(buf, 1, sizeof(buf), text[k])) > 0)
			out_stdout(NULL, buf, got);
		fclose(text[k]);
		report_absorb(&rep, &parts[k]);
		if (!rep.bailed && !(WIFEXITED(st) && WEXITSTATUS(st) == 0))
			report_bail(&rep, "parallel=1: cpu%u's process ended with %s %d",
				    plan.core[k].cpu, WIFEXITED(st) ? "exit status" : "signal",
				    WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
	}
	munmap(parts, plan.n * sizeof(report));
	fflush(stdout);
	return !rep.bailed;
}

int main(int argc, char **argv)
{
	const suite *run[OPT_LIST_MAX];
	char err[512], caps[128];
	uint64_t t0;
	bool ok;

	bool help = false;

	for (int i = 1; i < argc; i++)
		help |= !strcmp(argv[i], "--help") || !strcmp(argv[i], "-h");
	report_init(&rep, out_stdout, NULL);
	lx_set_fatal(fatal_signal, NULL);
	if (!help) /* usage() prints no report */
		report_banner(&rep, PG_VERSION, "linux");
	if (!parse(argc, argv))
		return report_finish(&rep);
	if (!lx_recover_init(err, sizeof(err))) {
		report_bail(&rep, "%s", err);
		return report_finish(&rep);
	}
	if (!resolve_cpus()) {
		report_bail(&rep, "%s", plan.err);
		return report_finish(&rep);
	}
	header();
	cpu_comments();
	report_comment(&rep, "cmdline: %s", cmdline);
	report_comment(&rep, "linux: kernel %s, page %ld bytes, hwcaps %s, timer %llu Hz",
		       lx_kernel_release(), sysconf(_SC_PAGESIZE), lx_hwcaps(caps, sizeof(caps)),
		       (unsigned long long)timer_freq());
	if (!lx_exec_init((lx_jit)jit_mode, err, sizeof(err))) {
		report_bail(&rep, "%s", err);
		return report_finish(&rep);
	}
	report_comment(&rep, "linux: code W^X by %s, made visible by DC CVAU / IC IVAU at EL0",
		       lx_exec_mode() == LX_JIT_MEMFD ? "two mappings of a memfd (RW, RX)"
						      : "mprotect flips of one mapping");
	if (sysconf(_SC_PAGESIZE) > 4096)
		report_comment(&rep,
			       "linux: pages larger than 4 KiB: every base in a window that is "
			       "mapped and checked whole");
	if (!selected.n) {
		report_bail(&rep, "no suite selected (suite=...)");
		return report_finish(&rep);
	}
	for (size_t i = 0; i < selected.n; i++)
		run[i] = suites[selected.v[i]];
	t0 = timer_ticks();
	if (plan.per_core && plan.parallel) {
		ok = run_parallel(run, (unsigned)selected.n);
	} else if (plan.per_core) {
		suite_cores c = the_cores();

		ok = suites_run_cores(&rep, run, (unsigned)selected.n, &c);
	} else {
		ok = suites_run(&rep, run, (unsigned)selected.n);
	}
	report_set_core(&rep, NULL);
	if (lx_esr_source())
		report_comment(&rep, "linux: fault records' ESR: %s", lx_esr_source());
	if (ok)
		report_rate(&rep, rep.cases, timer_ticks() - t0, timer_freq());
	return report_finish(&rep);
}
