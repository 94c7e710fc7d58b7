/*
 * Per-core runs (cpus=, issue 14): the cores the device tree lists (or the
 * board's spin table when it lists none), the chosen ones started
 * (arch/smp.h), listed in the report, and the suites run on each in turn
 * through lib/suites.h.  The test hook nostart=N never starts CPU N, to
 * show that a core that does not come up is reported and fails its
 * cpuN/online point instead of hanging the run.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "arch/cpu.h"
#include "arch/gic.h"
#include "arch/page.h"
#include "arch/smp.h"
#include "arch/sysreg.h"
#include "arch/timer.h"
#include "dt/discover.h"
#include "engine/suite.h"
#include "fw/cores.h"
#include "fw/exec.h"
#include "fw/registry.h"
#include "plat/plat.h"

#define START_TIMEOUT_MS 1000
/* A suite on one core: the longest (the sweep at all 32 bases on a slow
 * host) stays far below. */
#define RUN_TIMEOUT_MS 1800000u

static uint64_t nostart = UINT64_MAX;
static bool nogic;

static const opt_spec core_specs[] = {
	{ .key = "nostart",
	  .type = OPT_UINT,
	  .dest = &nostart,
	  .min = 0,
	  .max = ENG_CPUS_MAX - 1,
	  .help = "test hook: never start this CPU (a per-core run then reports it down)" },
	{ .key = "nogic",
	  .type = OPT_BOOL,
	  .dest = &nogic,
	  .help = "test hook: leave the interrupt controller unused (no watchdog, as on a board "
		  "without one)" },
};
static const opt_table core_opts = { core_specs, sizeof(core_specs) / sizeof(core_specs[0]) };
OPTS_REGISTER(core_opts);

static dt_board board;
static smp_core slots[SMP_MAX];
static report_core ids[ENG_CPUS_MAX];
static const char *down[ENG_CPUS_MAX];
static smp_core *slot_of[ENG_CPUS_MAX]; /* NULL: the boot core */
static unsigned nchosen;
static volatile bool at_once;
/* The boot core's own function in a parallel run, run by wait_on. */
static void (*boot_fn)(void *);
static void *boot_arg;
/* Test hook inject=core-late: the last chosen core returns LATE_MS after its
 * job ends, so the boot core waits for it through several wait rounds. */
#define LATE_MS 3000u
static bool late;
static unsigned late_core;
static void (*late_fn)(void *);

static void late_job(void *arg)
{
	uint64_t end;

	late_fn(arg);
	end = timer_ticks() + timer_freq() / 1000 * LATE_MS;
	while (timer_ticks() < end)
		;
}

#define PAR_BUF_PAGES	64  /* 256 KiB of report per core */
#define SHARE_BUF_PAGES 256 /* parallel=share: 1 MiB per core */

typedef struct found {
	unsigned n;
	uint64_t mpidr[ENG_CPUS_MAX]; /* affinity fields */
	uint64_t release[ENG_CPUS_MAX];
	smp_method method;
	const char *source;
} found;

/* board from the device tree, read once (fw_cores_gic at start, then
 * find_cores); false without a DTB or when it cannot be read. */
static bool discover(const boot_info *b)
{
	static const void *done_for;
	static bool ok;

	if (b->dtb && done_for != b->dtb) {
		char why[DT_WHY_MAX];

		ok = dt_discover(b->dtb, &board, why, sizeof(why));
		done_for = b->dtb;
	}
	return b->dtb && ok;
}

/* The cores there are, in CPU-number order. */
static void find_cores(const boot_info *b, found *f)
{
	f->n = 0;
	f->method = SMP_NONE;
	if (discover(b) && board.ncpus) {
		f->source = "DTB /cpus";
		f->method = board.enable == DT_ENABLE_PSCI	   ? SMP_PSCI
			    : board.enable == DT_ENABLE_SPIN_TABLE ? SMP_SPIN_TABLE
								   : SMP_NONE;
		if (f->method == SMP_PSCI && b->psci == PSCI_NONE)
			f->method = SMP_NONE;
		for (unsigned i = 0; i < board.ncpus && f->n < ENG_CPUS_MAX; i++, f->n++) {
			f->mpidr[f->n] = board.cpus[i].mpidr;
			f->release[f->n] = board.cpus[i].release_addr;
		}
		return;
	}
	if (plat.spin_cores) {
		f->source = "the board's spin table (the DTB lists no CPUs)";
		f->method = SMP_SPIN_TABLE;
		for (; f->n < plat.spin_cores && f->n < ENG_CPUS_MAX; f->n++) {
			f->mpidr[f->n] = f->n;
			f->release[f->n] = plat.spin_table + 8u * f->n;
		}
		return;
	}
	f->source = "this core alone (no DTB /cpus)";
	f->mpidr[0] = cpu_mpidr() & MPIDR_AFF_MASK;
	f->n = 1;
}

static const char *method_name(smp_method m)
{
	return m == SMP_PSCI ? "psci" : m == SMP_SPIN_TABLE ? "spin-table" : "none";
}

/* The interrupt controller: the device tree's, else the board's
 * ARM-local one (a Pi 3 whose tree names none, as the runner's minimal
 * one). */
static gic_desc gic;

bool fw_cores_gic(report *r, const boot_info *b)
{
	static char none[160];
	const char *why = NULL;

	memset(&gic, 0, sizeof gic);
	if (discover(b)) {
		gic = board.gic;
	} else {
		snprintf(none, sizeof none, "unknown: no device tree (%s)",
			 b->dtb_problem ? b->dtb_problem : "none passed");
		gic.why = none;
	}
	if (gic.kind == GIC_NONE && !gic.why && plat.arm_local) {
		gic.kind = GIC_BCM_LOCAL;
		gic.local = plat.arm_local;
	}
	if (nogic) {
		memset(&gic, 0, sizeof gic);
		gic.why = "left unused: the test hook nogic";
	}
	if (gic.kind == GIC_NONE && !gic.why)
		gic.why = "none in the device tree (known: arm,cortex-a15-gic, arm,gic-400, "
			  "arm,gic-v3, brcm,bcm2836-l1-intc; a tree made from ACPI has one when "
			  "the MADT describes a GICv2 or GICv3: see the EFI phase's line)";
	if (gic_init(&gic, &why))
		return true;
	/* Said once, before any suite: a plug-in that never returns then
	 * hangs the run (engine_suites.c refuses policy-timeout=). */
	report_comment(r,
		       "watchdog: none (interrupt controller: %s): a plug-in policy that never "
		       "returns hangs the run",
		       why);
	return false;
}

static bool fw_cores_start_on(void *ctx, unsigned i, void (*fn)(void *), void *arg,
			      const char **why);
static bool fw_cores_wait_on(void *ctx, unsigned i, const char **why);

bool fw_cores_setup(report *r, const boot_info *b, const eng_options *o, suite_cores *out)
{
	static found f;
	uint64_t present, chosen;
	unsigned boot_cpu = 0, n = 0, nslots = 0;
	char err[256];

	find_cores(b, &f);
	if (f.method == SMP_PSCI && gic.kind != GIC_NONE)
		smp_wake_source(&gic);
	for (unsigned i = 0; i < f.n; i++)
		if (f.mpidr[i] == (cpu_mpidr() & MPIDR_AFF_MASK))
			boot_cpu = i;
	present = f.n >= 64 ? UINT64_MAX : (1ull << f.n) - 1;
	if (!eng_cpus_choose(o, present, boot_cpu, &chosen, err, sizeof(err))) {
		report_bail(r, "%s", err);
		return false;
	}
	report_comment(r, "cores: %u from %s, started by %s; boot core cpu%u", f.n, f.source,
		       method_name(f.method), boot_cpu);
	for (unsigned i = 0; i < f.n; i++) {
		report_core *id = &ids[n];

		if (!(chosen >> i & 1)) {
			report_comment(r, "cpu%u: mpidr affinity 0x%lx, not chosen", i,
				       (unsigned long)f.mpidr[i]);
			continue;
		}
		id->cpu = i;
		down[n] = NULL;
		slot_of[n] = NULL;
		if (i == boot_cpu) {
			id->mpidr = cpu_mpidr();
			id->midr = cpu_midr();
			id->revidr = read_sysreg(revidr_el1);
		} else if (nslots == SMP_MAX) {
			id->mpidr = f.mpidr[i];
			down[n] = "not started: pairguard starts at most 8 other cores";
		} else {
			smp_core *c = &slots[nslots++];

			c->hw_mpidr = f.mpidr[i];
			c->release = f.release[i];
			c->method = f.method;
			c->skip_start = nostart == i;
			c->cpu = i;
			if (smp_start(c, START_TIMEOUT_MS, &down[n])) {
				id->mpidr = c->mpidr;
				id->midr = c->midr;
				id->revidr = c->revidr;
				slot_of[n] = c;
			} else {
				id->mpidr = f.mpidr[i];
			}
		}
		if (down[n])
			report_comment(r, "cpu%u: mpidr affinity 0x%lx: down: %s", i,
				       (unsigned long)f.mpidr[i], down[n]);
		else
			report_comment(r, "cpu%u: mpidr 0x%lx midr 0x%08lx revidr 0x%lx%s", i,
				       (unsigned long)id->mpidr, (unsigned long)id->midr,
				       (unsigned long)id->revidr,
				       i == boot_cpu ? " (boot core)" : "");
		n++;
	}
	out->core = ids;
	out->n = nchosen = n;
	out->down = down;
	out->run_on = fw_cores_run_on;
	out->ctx = NULL;
	if (o->parallel || o->share) {
		const char *mode = o->share ? "parallel=share" : "parallel=1";

		if (n > EXEC_PARTS) {
			report_bail(r,
				    "%s: %u cores chosen, at most %u run at once; choose "
				    "fewer with cpus=",
				    mode, n, EXEC_PARTS);
			return false;
		}
		/* The sweep's block counts, computed lazily: once here, before
		 * the cores read them. */
		(void)eng_sweep_block_cases(0, 0);
		/* Each core's arena and code ring, mapped here: mapping is not
		 * safe on several cores at once. */
		if (!fw_engine_parts(n, err, sizeof(err))) {
			report_bail(r, "%s", err);
			return false;
		}
		for (unsigned i = 0; i < n; i++)
			if (!down[i] && !exec_init_part(i, err, sizeof(err))) {
				report_bail(r, "%s", err);
				return false;
			}
		/* Sharing: any one core may run the whole report. */
		out->buf_size = (size_t)(o->share ? SHARE_BUF_PAGES : PAR_BUF_PAGES) * PAGE_SIZE;
		out->bufs = page_alloc_contig(out->buf_size / PAGE_SIZE * n);
		if (!out->bufs) {
			report_bail(r, "%s: no pages for the cores' reports", mode);
			return false;
		}
		out->share_skip = strcmp(o->inject, "share-skip") == 0;
		out->share_stall = strcmp(o->inject, "share-stall") == 0;
		late = strcmp(o->inject, "core-late") == 0;
		for (unsigned i = 0; i < n; i++)
			if (!down[i])
				late_core = i;
		out->start_on = fw_cores_start_on;
		out->wait_on = fw_cores_wait_on;
		at_once = true;
	}
	return true;
}

int fw_cores_part(void)
{
	uint64_t me;

	/* Asked for every fusion query (fuse_cpu): under QEMU an MPIDR read
	 * is a helper call, so only when cores run at once. */
	if (!at_once)
		return -1;
	me = cpu_mpidr();
	for (unsigned i = 0; i < nchosen; i++)
		if (ids[i].mpidr == me)
			return (int)i;
	return -1;
}

static bool fw_cores_start_on(void *ctx, unsigned i, void (*fn)(void *), void *arg,
			      const char **why)
{
	(void)ctx;
	if (!slot_of[i]) {
		boot_fn = fn;
		boot_arg = arg;
		return true;
	}
	if (late && i == late_core) {
		late_fn = fn;
		fn = late_job;
	}
	return smp_post(slot_of[i], fn, arg, why);
}

/*
 * A core running at once (parallel=1 or share) has stopped answering when
 * its engine has neither run a batch nor judged a case for STALL_MS (either
 * takes milliseconds), not only after RUN_TIMEOUT_MS: the run then fails in
 * seconds, naming it.  *why is written only when it fails: a core that
 * simply takes longer than one wait round has not stopped answering.
 */
#define STALL_MS 20000u

static uint64_t heartbeat(unsigned i)
{
	const volatile eng_exec_stats *st = &exec_target_part(i)->stats;

	return st->cases + st->judged;
}

static bool fw_cores_wait_on(void *ctx, unsigned i, const char **why)
{
	uint64_t seen;
	unsigned quiet = 0, waited = 0;
	const char *round = NULL;

	(void)ctx;
	if (!slot_of[i]) {
		if (boot_fn)
			boot_fn(boot_arg);
		boot_fn = NULL;
		return true;
	}
	seen = heartbeat(i);
	while (!smp_wait(slot_of[i], 1000, &round)) {
		uint64_t now = heartbeat(i);

		waited += 1000;
		quiet = now == seen ? quiet + 1000 : 0;
		seen = now;
		if (quiet >= STALL_MS) {
			*why = "it ran no batch and judged no case for 20 s";
			return false;
		}
		if (waited >= RUN_TIMEOUT_MS) {
			*why = round;
			return false;
		}
	}
	return true;
}

bool fw_cores_run_on(void *ctx, unsigned i, void (*fn)(void *), void *arg, const char **why)
{
	(void)ctx;
	if (!slot_of[i]) {
		fn(arg);
		return true;
	}
	return smp_run_on(slot_of[i], fn, arg, RUN_TIMEOUT_MS, why);
}

unsigned fw_cores_up(unsigned *idx, unsigned max)
{
	unsigned k = 0;

	for (unsigned i = 0; i < nchosen && k < max; i++)
		if (!down[i])
			idx[k++] = i;
	return k;
}

const report_core *fw_cores_id(unsigned i)
{
	return &ids[i];
}

bool fw_cores_pair_run(unsigned a, void (*fa)(void *), void *aa, unsigned b, void (*fb)(void *),
		       void *ab, const char **why)
{
	unsigned who[2] = { a, b };
	void (*fn[2])(void *) = { fa, fb };
	void *arg[2] = { aa, ab };
	bool posted[2] = { false, false }, ok = true;

	for (unsigned k = 0; k < 2 && ok; k++)
		if (slot_of[who[k]])
			ok = posted[k] = smp_post(slot_of[who[k]], fn[k], arg[k], why);
	for (unsigned k = 0; k < 2 && ok; k++)
		if (!slot_of[who[k]])
			fn[k](arg[k]);
	for (unsigned k = 0; k < 2; k++)
		if (posted[k] && !smp_wait(slot_of[who[k]], RUN_TIMEOUT_MS, why))
			ok = false;
	return ok;
}
