/* The other cores (see smp.h).  Entry: boot/start.S secondary_*_entry. */
#include "arch/smp.h"
#include "arch/cache.h"
#include "arch/cpu.h"
#include "arch/exc.h"
#include "arch/gic.h"
#include "arch/mmu.h"
#include "arch/page.h"
#include "arch/psci.h"
#include "arch/sysreg.h"
#include "arch/timer.h"

#define STACK_PAGES	16 /* 64 KiB, as the boot core's */
#define EXC_STACK_PAGES 4

/*
 * Each core's stacks live in a slot of the core-stacks region (arch/mmu.h),
 * mapped page by page: an overflow runs into unmapped pages and faults
 * (reported by exc.c as that core's stack overflow) instead of writing
 * over whatever RAM lies below.  A slot, in pages: [0, 16) unmapped (the
 * main stack's guard: larger than any frame), [16, 32) the main stack,
 * [32, 44) unmapped (the exception stack's guard), [44, 48) the exception
 * stack, [48, 64) unmapped.
 */
#define SLOT_PAGES	64u
#define STACK_AT	16u
#define EXC_STACK_AT	44u
#define STACK_GUARD	((uint64_t)STACK_AT * PAGE_SIZE)
#define EXC_STACK_GUARD ((uint64_t)(EXC_STACK_AT - STACK_AT - STACK_PAGES) * PAGE_SIZE)
_Static_assert(EXC_STACK_AT + EXC_STACK_PAGES < SLOT_PAGES, "slot layout");
#define SLOTS_BYTES ((uint64_t)SMP_MAX * SLOT_PAGES * PAGE_SIZE)
_Static_assert(SLOTS_BYTES <= MMU_STACKS_SIZE, "stack region");

/* boot/start.S */
extern char secondary_psci_entry[], secondary_spin_entry[];
/* Read by secondary_spin_entry (MMU off): the slot of the core whose
 * MPIDR.Aff0 is the index. */
smp_core *smp_spin_slot[SMP_MAX];

static inline void sev(void)
{
	__asm__ volatile("dsb ish\n\tsev" : : : "memory");
}

static inline void wfe(void)
{
	__asm__ volatile("wfe" : : : "memory");
}

/*
 * One step of a wait that began at since and ends at end (ticks): WFE for
 * the first SPIN_US (a short job's end is seen at once), then, where a
 * GIC lets this core sleep (smp_wake_source), WFI until the next SLEEP_US
 * tick of its timer.  Under QEMU's multi-threaded TCG a WFE loop keeps a
 * host thread busy for as long as the wait lasts, taking it from the core
 * that works (cpus=all: three cores in turn ran 2-3x slower than the boot
 * core alone on a loaded 2-core host).
 */
#define SPIN_US	 1000u
#define SLEEP_US 1000u

static void wait_step(uint64_t since, uint64_t end)
{
	uint64_t now = timer_ticks(), us = timer_freq() / 1000000;

	if (now - since < us * SPIN_US) {
		wfe();
		return;
	}
	gic_sleep_until(now + us * SLEEP_US < end ? now + us * SLEEP_US : end);
}

void smp_wake_source(const gic_desc *d)
{
	(void)gic_init(d, NULL);
}

/* Wait until *a == *b or timeout_ms passed; true when they met. */
static bool wait_equal(const volatile uint64_t *a, const volatile uint64_t *b, unsigned timeout_ms)
{
	uint64_t since = timer_ticks(), end = since + timer_freq() / 1000 * timeout_ms;

	while (*a != *b) {
		if (timer_ticks() > end)
			return false;
		wait_step(since, end);
	}
	__asm__ volatile("dmb ish" : : : "memory");
	return true;
}

/* Called by secondary_*_entry with the MMU, stacks and vectors set up. */
void smp_secondary_main(smp_core *c) __attribute__((noreturn));
void smp_secondary_main(smp_core *c)
{
	/* SErrors taken, as on the boot core (sys/init.c). */
	__asm__ volatile("msr daifclr, #4" : : : "memory");
	c->recover.depth = 0;
	recover_set_cpu(&c->recover);
	if (!c->up) {
		/* Its stacks, for the trap layer's fatal path (smp_start made
		 * them; the first start only: they stay). */
		exc_core e = {
			.mpidr = cpu_mpidr() & MPIDR_AFF_MASK,
			.cpu = c->cpu,
			.main = { c->stack_top - STACK_PAGES * PAGE_SIZE, c->stack_top,
				  STACK_GUARD },
			.exc = { c->exc_stack_top - EXC_STACK_PAGES * PAGE_SIZE, c->exc_stack_top,
				 EXC_STACK_GUARD },
		};

		(void)exc_add_core(&e); /* at most SMP_MAX: smp_start checked */
	}
	c->mpidr = cpu_mpidr();
	c->midr = cpu_midr();
	c->revidr = read_sysreg(revidr_el1);
	c->up = true;
	sev();
	for (;;) {
		if (c->job != c->done) {
			c->fn(c->arg);
			c->done = c->job;
			sev();
		}
		if (c->method == SMP_PSCI)
			psci_cpu_off_self(); /* the next job turns it on again */
		else
			wfe();
	}
}

/* PSCI: wait until c is off (after its last function it calls CPU_OFF;
 * AFFINITY_INFO 1 is OFF, DEN0022 5.1.8), so that nothing posted meanwhile
 * can be taken up by the core before it turns off. */
static bool psci_wait_off(smp_core *c, unsigned timeout_ms, const char **why)
{
	uint64_t end = timer_ticks() + timer_freq() / 1000 * timeout_ms;

	while (psci_call(PSCI_AFFINITY_INFO, c->hw_mpidr, 0, 0) != 1) {
		if (timer_ticks() > end) {
			*why = "PSCI AFFINITY_INFO did not say OFF in time";
			return false;
		}
	}
	return true;
}

/* PSCI: turn c (off) on at secondary_psci_entry. */
static bool psci_on(smp_core *c, const char **why)
{
	int64_t r;

	/* It reads the first words with its MMU off. */
	dcache_clean_inval_poc(c, SMP_CORE_BOOT_SIZE);
	r = psci_call(PSCI_CPU_ON, c->hw_mpidr, (uint64_t)(uintptr_t)secondary_psci_entry,
		      (uint64_t)(uintptr_t)c);
	if (r != 0) {
		*why = r == -2	 ? "PSCI CPU_ON: INVALID_PARAMETERS"
		       : r == -4 ? "PSCI CPU_ON: ALREADY_ON"
		       : r == -5 ? "PSCI CPU_ON: ON_PENDING"
				 : "PSCI CPU_ON failed (NOT_SUPPORTED, DENIED or no conduit)";
		return false;
	}
	return true;
}

/* Map c's stacks in the next free slot (see SLOT_PAGES), once per core. */
static bool map_stacks(smp_core *c, const char **why)
{
	static unsigned slots_used;
	uint64_t slot = MMU_STACKS_VA + (uint64_t)slots_used * SLOT_PAGES * PAGE_SIZE;
	uint8_t *stack, *exc;

	if (c->stack_top - MMU_STACKS_VA < MMU_STACKS_SIZE)
		return true; /* started before: the same stacks */
	if (slots_used == SMP_MAX) {
		*why = "no stack slot left (pairguard starts at most 8 other cores)";
		return false;
	}
	stack = page_alloc_contig(STACK_PAGES);
	exc = page_alloc_contig(EXC_STACK_PAGES);
	if (!stack || !exc ||
	    mmu_map(slot + STACK_AT * PAGE_SIZE, (uint64_t)(uintptr_t)stack,
		    STACK_PAGES * PAGE_SIZE, MMU_DATA) != MMU_OK ||
	    mmu_map(slot + EXC_STACK_AT * PAGE_SIZE, (uint64_t)(uintptr_t)exc,
		    EXC_STACK_PAGES * PAGE_SIZE, MMU_DATA) != MMU_OK) {
		*why = "no pages for its stacks";
		return false;
	}
	slots_used++;
	c->stack_top = slot + (STACK_AT + STACK_PAGES) * PAGE_SIZE;
	c->exc_stack_top = slot + (EXC_STACK_AT + EXC_STACK_PAGES) * PAGE_SIZE;
	return true;
}

bool smp_start(smp_core *c, unsigned timeout_ms, const char **why)
{
	uint64_t regs[4];

	if (!map_stacks(c, why))
		return false;
	mmu_secondary_regs(regs);
	c->ttbr0 = regs[0];
	c->tcr = regs[1];
	c->mair = regs[2];
	c->sctlr = regs[3];
	c->up = false;
	c->job = c->done = 0;
	if (c->skip_start) {
		*why = "not started: the test hook nostart= skipped its start";
		return false;
	}
	switch (c->method) {
	case SMP_PSCI:
		if (!psci_wait_off(c, timeout_ms, why) || !psci_on(c, why))
			return false;
		break;
	case SMP_SPIN_TABLE: {
		unsigned aff0 = (unsigned)(c->hw_mpidr & 0xff);
		uintptr_t rel = (uintptr_t)c->release;

		if (aff0 >= SMP_MAX || !rel) {
			*why = "spin table: no release address for it";
			return false;
		}
		smp_spin_slot[aff0] = c;
		dcache_clean_inval_poc(&smp_spin_slot[aff0], sizeof(smp_spin_slot[aff0]));
		dcache_clean_inval_poc(c, SMP_CORE_BOOT_SIZE);
		/* The waiting core reads its release address with the MMU off:
		 * clean and invalidate to the PoC (not a plain clean: Cortex-A53
		 * erratum 855873), then DSB and SEV (Linux booting.rst,
		 * spin-table). */
		__asm__("" : "+r"(rel)); /* a low constant address: see rpi3.c */
		*(volatile uint64_t *)rel = (uint64_t)(uintptr_t)secondary_spin_entry;
		dcache_clean_inval_poc((const void *)rel, 8);
		__asm__ volatile("dsb sy\n\tsev" : : : "memory");
		break;
	}
	case SMP_NONE:
	default:
		*why = "no way to start it (no PSCI, no spin table)";
		return false;
	}
	{
		uint64_t since = timer_ticks(), end = since + timer_freq() / 1000 * timeout_ms;

		while (!c->up) {
			if (timer_ticks() > end) {
				*why = "did not report in within the timeout";
				return false;
			}
			wait_step(since, end);
		}
	}
	return true;
}

bool smp_post(smp_core *c, void (*fn)(void *), void *arg, const char **why)
{
	if (!c->up) {
		*why = "not up";
		return false;
	}
	if (c->method == SMP_PSCI && !psci_wait_off(c, 1000, why))
		return false;
	c->fn = fn;
	c->arg = arg;
	__asm__ volatile("dmb ish" : : : "memory");
	c->job = c->done + 1;
	if (c->method == SMP_PSCI)
		return psci_on(c, why);
	sev();
	return true;
}

bool smp_wait(smp_core *c, unsigned timeout_ms, const char **why)
{
	if (!wait_equal(&c->job, &c->done, timeout_ms)) {
		*why = "its function did not return within the timeout";
		return false;
	}
	return true;
}

bool smp_run_on(smp_core *c, void (*fn)(void *), void *arg, unsigned timeout_ms, const char **why)
{
	return smp_post(c, fn, arg, why) && smp_wait(c, timeout_ms, why);
}
