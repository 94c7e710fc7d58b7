/*
 * suite=memtypes: the engine's memtypes groups (engine/gen_memtypes.c), each
 * run with the data arena mapped as the group's memory type and
 * SCTLR_EL1.A as the group says, then the arena and A restored.  Only the
 * arena changes type: the JIT code stays in Normal write-back memory,
 * executable through its RX alias only (memtypes/jit-code checks that
 * after the groups), and Device mappings are execute-never.
 *
 * Changing the type (arch/mmu.c's mmu_map replaces each page's entry by
 * break-before-make: invalid entry, DSB ISHST, TLBI VAE1IS, DSB ISH, the new
 * entry, DSB ISHST, ISB; Arm ARM DDI0487 D8.16.1 "Using break-before-make
 * when updating translation table entries" and D8.13 "TLB maintenance
 * instructions"): the page's lines are cleaned and invalidated to the PoC
 * before, while it is still write-back (no dirty line may be written back
 * later over what a non-cacheable store wrote).
 *
 * While the arena is not write-back, the engine (its checks, memcpy, NEON
 * compares at any alignment, which Device memory would fault) reaches the
 * bytes through the RAM's identity map, a Normal write-back alias of the
 * same pages.  Mismatched attributes (Arm ARM DDI0487 B2.16 "Mismatched
 * memory attributes"): coherency is kept by software, so before each run of
 * the code every arena line of that alias is cleaned and invalidated to the
 * PoC (what the engine wrote reaches memory, no line stays), and again
 * after it (a line the alias fetched speculatively meanwhile holds stale
 * bytes).
 *
 * SCTLR_EL1.A is set only around the run of the code (write, ISB; cleared
 * and ISB after, fault or not): the firmware's C code and its libc are free
 * to make unaligned accesses.
 *
 * The tables and SCTLR are the boot core's (the other cores share the
 * tables): the suite runs on the boot core only.
 *
 * Test-only injects: memtypes-no-a leaves A off in A1 groups (their
 * misaligned Normal cases must then fail: no fault); memtypes-device-as-
 * normal maps the Device groups' arena Normal write-back (their misaligned
 * cases must fail on a core that checks Device alignment; QEMU 7.2 does
 * not, so there it changes nothing: no evidence).
 */
#include <stdio.h>
#include <string.h>

#include "arch/cache.h"
#include "arch/cpu.h"
#include "arch/mmu.h"
#include "arch/page.h"
#include "arch/sysreg.h"
#include "engine/options.h"
#include "engine/run.h"
#include "fw/cores.h"
#include "fw/exec.h"
#include "fw/registry.h"
#include "lib/check.h"

static const mmu_attr mem_attr[ENG_MEM_COUNT] = {
	[ENG_MEM_NORMAL_WB] = MMU_DATA,
	[ENG_MEM_NORMAL_NC] = MMU_DATA_NC,
	[ENG_MEM_DEVICE_nGnRE] = MMU_DEVICE_nGnRE,
	[ENG_MEM_DEVICE_nGnRnE] = MMU_DEVICE,
};

static struct {
	bool align_check; /* set SCTLR_EL1.A around each run */
	bool alias;	  /* the engine reaches the arena through the identity map */
	mmu_attr now;
} mt;

/* Every mapped range of the target's arena: its slices, then the capture. */
static eng_range *arena_range(eng_target *t, unsigned k)
{
	return k < ENG_SLICES ? &t->arena.slice[k] : &t->arena.cap;
}

static void alias_maintain(eng_target *t)
{
	for (unsigned k = 0; k <= ENG_SLICES; k++) {
		const eng_range *r = arena_range(t, k);

		dcache_clean_inval_poc(r->host, r->size);
	}
}

/* The backend's call (engine/backend.h) for a memtypes group. */
static bool mt_call(void *ctx, uint64_t rx, eng_fault *f)
{
	eng_target *t = ctx;
	uint64_t sctlr = read_sysreg(sctlr_el1);
	bool ok;

	if (mt.alias)
		alias_maintain(t);
	if (mt.align_check) {
		write_sysreg(sctlr_el1, sctlr | SCTLR_A);
		isb();
	}
	ok = exec_call_code(NULL, rx, f);
	if (mt.align_check) {
		write_sysreg(sctlr_el1, sctlr);
		isb();
	}
	if (mt.alias)
		alias_maintain(t);
	return ok;
}

/*
 * Remap every arena page as attr (its physical page kept) and point the
 * engine at the identity alias (alias) or at the arena VA.  False with a
 * message when a range is not physically contiguous (no alias for it) or a
 * mapping fails.
 */
static bool retype(eng_target *t, mmu_attr attr, bool alias, char *err, size_t n)
{
	for (unsigned k = 0; k <= ENG_SLICES; k++) {
		eng_range *r = arena_range(t, k);
		uint64_t pa0 = 0;

		for (uint32_t o = 0; o < r->size; o += PAGE_SIZE) {
			uint64_t va = r->lo + o, pa;
			mmu_attr was;
			int rc;

			if (!mmu_lookup(va, &pa, &was)) {
				snprintf(err, n, "memtypes: arena page 0x%lx is not mapped",
					 (unsigned long)va);
				return false;
			}
			if (o == 0)
				pa0 = pa;
			else if (pa != pa0 + o) {
				snprintf(err, n,
					 "memtypes: arena range 0x%lx is not physically contiguous "
					 "(page 0x%lx)",
					 (unsigned long)r->lo, (unsigned long)va);
				return false;
			}
			if (was == attr)
				continue;
			/* Lines out to the PoC while the page is still cacheable
			 * (by VA if it is, and always by its write-back alias). */
			if (was == MMU_DATA)
				dcache_clean_inval_poc((const void *)(uintptr_t)va, PAGE_SIZE);
			dcache_clean_inval_poc((const void *)(uintptr_t)pa, PAGE_SIZE);
			rc = mmu_map(va, pa, PAGE_SIZE, attr);
			if (rc != MMU_OK) {
				snprintf(err, n, "memtypes: mmu_map of 0x%lx failed: %s",
					 (unsigned long)va, mmu_strerror(rc));
				return false;
			}
			/* Lines the alias may have fetched during the change. */
			dcache_clean_inval_poc((const void *)(uintptr_t)pa, PAGE_SIZE);
		}
		r->host = (uint8_t *)(uintptr_t)(alias ? pa0 : r->lo);
	}
	mt.now = attr;
	mt.alias = alias;
	return true;
}

static bool set_env(eng_target *t, eng_memenv env, const char *inject, char *err, size_t n)
{
	mmu_attr attr = mem_attr[env.mem];

	if (strcmp(inject, "memtypes-device-as-normal") == 0 &&
	    (env.mem == ENG_MEM_DEVICE_nGnRE || env.mem == ENG_MEM_DEVICE_nGnRnE))
		attr = MMU_DATA;
	mt.align_check = env.align_check && strcmp(inject, "memtypes-no-a") != 0;
	if (attr == mt.now)
		return true;
	return retype(t, attr, attr != MMU_DATA, err, n);
}

/*
 * memtypes/jit-code: after the groups, the JIT region's RX alias is Normal
 * write-back code and its RW alias Normal write-back data, page by page,
 * and no arena page lies in either.
 */
static void jit_point(report *r, eng_target *t)
{
	const uint64_t rx = (uint64_t)(uintptr_t)mmu_jit_rx(),
		       rw = (uint64_t)(uintptr_t)mmu_jit_rw();
	const uint64_t lo = t->arena.be->arena_va, hi = lo + ENG_ARENA_SIZE;
	unsigned bad_rx = 0, bad_rw = 0;
	checks c;

	check_begin(&c, "memtypes/jit-code");
	for (uint64_t o = 0; o < MMU_JIT_SIZE; o += PAGE_SIZE) {
		uint64_t pa;
		mmu_attr a;

		bad_rx += !mmu_lookup(rx + o, &pa, &a) || a != MMU_CODE;
		bad_rw += !mmu_lookup(rw + o, &pa, &a) || a != MMU_DATA;
	}
	check_u64(&c, "JIT RX alias pages not Normal write-back executable", 0, bad_rx);
	check_u64(&c, "JIT RW alias pages not Normal write-back data", 0, bad_rw);
	check_true(&c, "the arena lies outside the JIT region's aliases",
		   (hi <= rx || lo >= rx + MMU_JIT_SIZE) && (hi <= rw || lo >= rw + MMU_JIT_SIZE));
	check_u64(&c, "the arena's type after the groups (0: Normal write-back)", MMU_DATA, mt.now);
	check_end(&c, r);
}

static unsigned plan_memtypes(void)
{
	eng_options o;

	eng_options_from(&eng_args, &o);
	if (o.replay)
		return o.replay_suite == ENG_SUITE_MEMTYPES ? 1 : 0;
	return eng_suite_groups(ENG_SUITE_MEMTYPES) + 1;
}

static void run_memtypes(report *r)
{
	eng_options o;
	eng_session *s;
	eng_target *t;
	eng_case c;
	char err[160];
	bool ok = true;

	eng_options_from(&eng_args, &o);
	if (r->core) {
		report_bail(r, "suite memtypes remaps the arena and sets SCTLR_EL1.A on the boot "
			       "core (the tables are shared): run it without cpus=/parallel=");
		return;
	}
	if (!(s = fw_engine_session(r, ENG_SUITE_MEMTYPES)))
		return;
	t = exec_target();
	mt.now = MMU_DATA;
	mt.alias = false;
	exec_set_runner(NULL, mt_call, t);
	report_comment(r, "memtypes: inject=%s%s", o.inject,
		       strcmp(o.inject, "memtypes-device-as-normal") == 0
			       ? ": Device groups mapped Normal write-back (test only; QEMU 7.2 "
				 "checks no Device alignment, so a pass there is no evidence)"
		       : strcmp(o.inject, "memtypes-no-a") == 0
			       ? ": SCTLR_EL1.A left off in A1 groups (test only: must fail)"
			       : "");
	if (o.replay) {
		if (eng_case_get(&o.cfg.params, ENG_SUITE_MEMTYPES, o.replay_index, &c) &&
		    (ok = set_env(t, eng_memtypes_env(c.group), o.inject, err, sizeof(err))))
			eng_run_case(s, ENG_SUITE_MEMTYPES, o.replay_index);
	} else {
		for (unsigned g = 0; g < eng_suite_groups(ENG_SUITE_MEMTYPES) && ok && !r->bailed;
		     g++)
			if ((ok = set_env(t, eng_memtypes_env(g), o.inject, err, sizeof(err))))
				eng_run_group(s, ENG_SUITE_MEMTYPES, g);
	}
	mt.align_check = false;
	if (ok)
		ok = retype(t, MMU_DATA, false, err, sizeof(err));
	exec_set_runner(NULL, NULL, NULL);
	if (!ok) {
		report_bail(r, "%s", err);
		return;
	}
	if (!o.replay)
		jit_point(r, t);
}

static const suite memtypes_suite = {
	.name = "memtypes",
	.summary = "stores and loads, aligned and not, in Normal WB/NC and Device-nGnRE/nGnRnE "
		   "memory with SCTLR_EL1.A off and on; alignment faults as expected outcomes",
	.order = 48,
	.in_default = false, /* QEMU 7.2 lacks the Device alignment check it states */
	.plan = plan_memtypes,
	.run = run_memtypes,
};
SUITE_REGISTER(memtypes_suite);
