/*
 * suite=xpub: cross-core publication, the JIT-thread case (issue 14).  Core
 * A emits each batch of the regression suite, then of the store sweep (at
 * the bases= chosen), through the emitter under test and publishes it;
 * core B runs it; A judges it as usual (the engine's checks, records and
 * report).  Then the roles swap.  Test points:
 * cpuB/xpub/from-cpuA/<suite>/<group>, the runner's core in the YAML.
 *
 * The publication, Arm ARM DDI0487 B2.2.5 "Concurrent modification and
 * execution of instructions" with the cache maintenance rules of B2.7.4
 * ("Synchronization and coherency issues between data and instruction
 * accesses"):
 *   A: write the words; DC CVAU; DSB ISH; IC IVAU; DSB ISH (jit_publish);
 *      store-release the batch's number;
 *   B: load-acquire the number; ISB; branch to the code.
 * B then store-releases the number back and A, having load-acquired it,
 * reads what the code stored.
 *
 * Test-only variants (inject=): xpub-no-isb leaves out B's ISB, xpub-no-ic
 * A's IC IVAU.  QEMU's TCG keeps no instruction cache and retranslates code
 * whose page was written, so both pass there: such a pass is no evidence
 * (the report says so in a comment); on a board they may fail.
 * xpub-late-write is the control that fails everywhere it is observed: A
 * rewrites the offset of every store of the batch after publishing it,
 * with no maintenance, before raising the flag.  Under TCG B runs the
 * rewritten code, whose stores land off their slots: every case fails.
 * (On a board B may run either version: it may pass there.)  It
 * publishes the regression suite only (npublished).
 */
#include <stdio.h>
#include <string.h>

#include "arch/cache.h"
#include "arch/timer.h"
#include "engine/batch.h"
#include "engine/options.h"
#include "engine/run.h"
#include "fw/cores.h"
#include "fw/exec.h"
#include "fw/registry.h"

/* A batch runs in well under this, even on a loaded host. */
#define XPUB_RUN_TIMEOUT_MS 20000u

typedef enum xpub_mode {
	XPUB_FULL,
	XPUB_NO_ISB,
	XPUB_NO_IC,
	XPUB_LATE_WRITE,
} xpub_mode;

/* Shared by the two cores of a direction. */
typedef struct xpub_box {
	uint64_t seq;  /* A: store-release after publishing; B: load-acquire */
	uint64_t done; /* B: store-release after running; A: load-acquire */
	uint64_t rx;
	bool stop;
	bool ok;
	eng_fault f;
	xpub_mode mode;
	/* A's side. */
	report *r;
	char prefix[32];
	bool lost; /* B did not answer */
} xpub_box;

static xpub_box box;

static void wait_event(void)
{
	__asm__ volatile("wfe" : : : "memory");
}

static void send_event(void)
{
	__asm__ volatile("sev" : : : "memory");
}

static xpub_mode mode_now(void)
{
	eng_options o;

	eng_options_from(&eng_args, &o);
	if (strcmp(o.inject, "xpub-no-isb") == 0)
		return XPUB_NO_ISB;
	if (strcmp(o.inject, "xpub-no-ic") == 0)
		return XPUB_NO_IC;
	if (strcmp(o.inject, "xpub-late-write") == 0)
		return XPUB_LATE_WRITE;
	return XPUB_FULL;
}

/* B: run each published batch until told to stop. */
static void runner(void *arg)
{
	xpub_box *x = arg;
	uint64_t seen = 0;

	for (;;) {
		uint64_t n;

		while ((n = __atomic_load_n(&x->seq, __ATOMIC_ACQUIRE)) == seen)
			wait_event();
		seen = n;
		if (x->stop)
			break;
		/* The context synchronization B2.2.5 asks of the executing core. */
		if (x->mode != XPUB_NO_ISB)
			__asm__ volatile("isb" : : : "memory");
		memset(&x->f, 0, sizeof(x->f));
		x->ok = exec_call_code(NULL, x->rx, &x->f);
		__atomic_store_n(&x->done, n, __ATOMIC_RELEASE);
		send_event();
	}
}

/* A's sync (engine/backend.h): its half of the publication. */
static void xpub_sync(void *ctx, const uint32_t *rw, uint64_t rx, size_t bytes)
{
	xpub_box *x = ctx;

	jit_publish(rw, (const void *)(uintptr_t)rx, bytes, x->mode != XPUB_NO_IC);
	/* The next batch goes where this one is, replacing code B ran: the
	 * case a missing IC IVAU or ISB would show on a core with caches. */
	eng_code_rewind(exec_target());
	if (x->mode != XPUB_LATE_WRITE)
		return;
	/* Test only: every store's offset changed after publishing, no
	 * maintenance (the set-up, branches and exit are left alone). */
	for (size_t i = 0; i < bytes / 4; i++) {
		uint32_t *w = (uint32_t *)(uintptr_t)rw + i;
		int bit = eng_inject_bit(*w);

		if (bit >= 0)
			*w ^= 1u << bit;
	}
}

/* A's call: raise the flag, wait for B's answer. */
static bool xpub_call(void *ctx, uint64_t rx, eng_fault *f)
{
	xpub_box *x = ctx;
	uint64_t n = x->seq + 1, end;

	x->rx = rx;
	__atomic_store_n(&x->seq, n, __ATOMIC_RELEASE);
	send_event();
	end = timer_ticks() + timer_freq() / 1000 * XPUB_RUN_TIMEOUT_MS;
	while (__atomic_load_n(&x->done, __ATOMIC_ACQUIRE) != n) {
		if (timer_ticks() > end) {
			/* Seen by the engine as a fault outside the code. */
			x->lost = true;
			memset(f, 0, sizeof(*f));
			f->taken = true;
			return false;
		}
		wait_event();
	}
	*f = x->f;
	return x->ok;
}

/* The suites published across cores, in this order.  The late-write
 * control publishes the regression suite only: every one of its cases
 * must fail, and judging 545k failures of the sweep in full would prove
 * nothing more at 80 s of `make test`. */
static const eng_suite_id published[] = { ENG_SUITE_REGRESSION, ENG_SUITE_SWEEP };

static unsigned npublished(void)
{
	return mode_now() == XPUB_LATE_WRITE ? 1u
					     : (unsigned)(sizeof(published) / sizeof(published[0]));
}

/* A: the published suites through B, then B told to stop. */
static void writer(void *arg)
{
	xpub_box *x = arg;

	exec_set_runner(xpub_sync, xpub_call, x);
	for (unsigned k = 0, n = npublished(); k < n; k++)
		if (!fw_engine_suite_run(x->r, published[k], x->prefix))
			break;
	exec_set_runner(NULL, NULL, NULL);
	x->stop = true;
	__atomic_store_n(&x->seq, x->seq + 1, __ATOMIC_RELEASE);
	send_event();
}

static unsigned cores_up(unsigned *idx)
{
	return fw_cores_up(idx, 2);
}

static unsigned plan_xpub(void)
{
	unsigned idx[2], groups = 0;

	if (cores_up(idx) < 2)
		return 1;
	for (unsigned k = 0, n = npublished(); k < n; k++)
		groups += eng_suite_groups(published[k]);
	return 2 * groups;
}

static const char *mode_note(xpub_mode m)
{
	switch (m) {
	case XPUB_NO_ISB:
		return "inject=xpub-no-isb: the runner's ISB left out (test only); QEMU TCG "
		       "keeps no stale instructions, so a pass here is no evidence";
	case XPUB_NO_IC:
		return "inject=xpub-no-ic: the writer's IC IVAU left out (test only); QEMU TCG "
		       "keeps no stale instructions, so a pass here is no evidence";
	case XPUB_LATE_WRITE:
		return "inject=xpub-late-write: the writer rewrites every store's offset after "
		       "publishing, without maintenance (test only): its cases must fail "
		       "(the regression suite's only)";
	default:
		return "full sequence: DC CVAU, DSB ISH, IC IVAU, DSB ISH, release; acquire, ISB";
	}
}

static void run_xpub(report *r)
{
	unsigned idx[2];
	char err[160];

	if (cores_up(idx) < 2) {
		/* One test point that fails, naming why. */
		report_point(r, "xpub/cores", 1, 1);
		report_yaml_begin(r);
		report_yaml(r, 0, "group: xpub/cores");
		report_yaml(r, 0, "cases: 1");
		report_yaml(r, 0, "failed: 1");
		report_yaml(r, 0, "shown: 1");
		report_yaml(r, 0, "failures:");
		report_yaml(r, 1, "- case: xpub/cores");
		report_yaml(r, 2, "check: \"suite xpub needs 2 cores up (one writes, one runs)\"");
		report_yaml(r, 2, "expected: \"2 up\"");
		report_yaml(r, 2, "actual: \"%u up\"", cores_up(idx));
		report_yaml_end(r);
		return;
	}
	if (r->core) {
		report_bail(r,
			    "suite xpub picks its own two cores: run it without cpus=/parallel=");
		return;
	}
	if (!exec_init(err, sizeof(err))) {
		report_bail(r, "%s", err);
		return;
	}
	box.mode = mode_now();
	report_comment(r, "xpub: %s", mode_note(box.mode));
	for (unsigned d = 0; d < 2 && !r->bailed; d++) {
		unsigned a = idx[d], b = idx[1 - d];
		const char *why = NULL;

		box.seq = box.done = 0;
		box.stop = box.lost = false;
		box.r = r;
		snprintf(box.prefix, sizeof(box.prefix), "xpub/from-cpu%u/", fw_cores_id(a)->cpu);
		report_set_core(r, fw_cores_id(b));
		if (!fw_cores_pair_run(a, writer, &box, b, runner, &box, &why))
			report_bail(r, "xpub: cpu%u or cpu%u stopped answering: %s",
				    fw_cores_id(a)->cpu, fw_cores_id(b)->cpu,
				    why ? why : "no reason given");
		else if (box.lost)
			report_bail(r, "xpub: cpu%u did not run a batch within %u ms",
				    fw_cores_id(b)->cpu, XPUB_RUN_TIMEOUT_MS);
		report_set_core(r, NULL);
	}
}

static const suite xpub_suite = {
	.name = "xpub",
	.summary = "cross-core publication: one core emits and publishes, another runs; both ways",
	.order = 47,
	.in_default = false,
	.needs_cores = true,
	.plan = plan_xpub,
	.run = run_xpub,
};
SUITE_REGISTER(xpub_suite);
