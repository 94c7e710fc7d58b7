/*
 * The other cores: started through PSCI CPU_ON (over the DTB's conduit) or
 * a spin table's release address, each with its own stacks, the same
 * vectors and translation tables as the boot core, FP/SIMD on; then given
 * one function at a time to run (smp_run_on).  A core that does not answer
 * within a timeout is reported, never waited for forever.
 *
 * Under PSCI a core turns itself off (CPU_OFF) after each function and is
 * turned on again for the next, so an idle core costs QEMU nothing; a spin
 * table has no way back, so an idle core waits in WFE.  The boot core,
 * waiting for another, sleeps in WFI where a GIC wakes it
 * (smp_wake_source).  Functions run on
 * one core at a time unless the caller runs several at once (smp_start_on,
 * smp_wait): the trap layer and the recovery API are then shared.
 */
#ifndef PG_ARCH_SMP_H
#define PG_ARCH_SMP_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/gic.h"
#include "arch/layout.h"
#include "arch/recover.h"

typedef enum smp_method {
	SMP_NONE,
	SMP_PSCI,
	SMP_SPIN_TABLE,
} smp_method;

typedef struct smp_core {
	/* Read by boot/start.S with the MMU off (arch/layout.h offsets). */
	uint64_t ttbr0, tcr, mair, sctlr;
	uint64_t stack_top, exc_stack_top;
	/* The rest only with the MMU on. */
	uint64_t hw_mpidr; /* the DTB's reg: affinity fields, for CPU_ON */
	uint64_t release;  /* spin table: the release address */
	smp_method method;
	bool skip_start; /* test hook: never start it */
	unsigned cpu;	 /* the report's number for it (a stack overflow names it) */
	volatile bool up;
	volatile uint64_t mpidr, midr, revidr; /* as the core read them itself */
	void (*volatile fn)(void *arg);
	void *volatile arg;
	volatile uint64_t job, done; /* fn runs when job != done */
	recover_cpu recover;	     /* its recovery state */
} smp_core;

_Static_assert(__builtin_offsetof(smp_core, ttbr0) == SMP_CORE_TTBR0, "layout.h");
_Static_assert(__builtin_offsetof(smp_core, sctlr) == SMP_CORE_SCTLR, "layout.h");
_Static_assert(__builtin_offsetof(smp_core, stack_top) == SMP_CORE_STACK, "layout.h");
_Static_assert(__builtin_offsetof(smp_core, exc_stack_top) == SMP_CORE_EXC_STACK, "layout.h");
_Static_assert(__builtin_offsetof(smp_core, hw_mpidr) == SMP_CORE_BOOT_SIZE, "layout.h");

/*
 * Optional, on the boot core before it waits: the interrupt controller
 * (arch/gic.h: GICv2, GICv3 or BCM2836 ARM-local) that lets it halt in WFI
 * while it waits in smp_start and smp_wait, woken every millisecond by its
 * virtual timer; without one it waits in WFE.
 */
void smp_wake_source(const gic_desc *d);

/*
 * Start core c (hw_mpidr, method, release set by the caller) and wait up to
 * timeout_ms for it to report in (mpidr, midr, revidr then hold its own
 * values).  False with why (static text) when it did not.
 */
bool smp_start(smp_core *c, unsigned timeout_ms, const char **why);

/* Hand fn(arg) to core c (started) without waiting; false with why. */
bool smp_post(smp_core *c, void (*fn)(void *), void *arg, const char **why);

/* Wait up to timeout_ms for c's function to return; false with why. */
bool smp_wait(smp_core *c, unsigned timeout_ms, const char **why);

/* Both: run fn(arg) on c and wait. */
bool smp_run_on(smp_core *c, void (*fn)(void *), void *arg, unsigned timeout_ms, const char **why);

#endif
