/*
 * The recovery API: run a function and get back either its result or the
 * record of the fault it took, with the run going on.
 *
 * Made for JIT code that uses every general-purpose register, x29, x30 and
 * even SP as values or base registers:
 *  - recover_call saves x19..x30, SP, DAIF, FPCR and d8..d15 in a slot of
 *    this core's recovery state (TPIDR_EL1 points to it; each core has its
 *    own, so cores may recover at the same time) and restores them from
 *    there on both ways back, never from a register the callee could have
 *    changed (JIT code never writes system registers);
 *  - pairguard runs on SP_EL0 (EL1t) and takes exceptions on SP_EL1, so a
 *    callee that wrecks SP still gets its fault handled;
 *  - code with no usable LR may return by branching to recover_return with
 *    the result in x0 (e.g. `movz/movk x16, #recover_return; br x16`).
 *
 * A fault is any synchronous exception or SError taken while the innermost
 * recover_call is active (the call nests up to RECOVER_DEPTH_MAX deep).
 * SCTLR_EL1.SA is on: an access through a misaligned SP faults (EC 0x26).
 * IRQ/FIQ are never recovered: they end the run as unexpected exceptions,
 * except the watchdog's interrupt during recover_call_timed.
 */
#ifndef PG_ARCH_RECOVER_H
#define PG_ARCH_RECOVER_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/layout.h"

typedef struct recover_fault {
	uint64_t esr;	  /* ESR_EL1 */
	uint64_t far;	  /* FAR_EL1; meaningful only when far_valid */
	uint64_t elr;	  /* address of the faulting instruction */
	uint64_t spsr;	  /* PSTATE at the fault */
	unsigned ec;	  /* ESR_EL1.EC */
	bool far_valid;	  /* FAR holds the faulting address (aborts, alignment) */
	bool serror;	  /* an SError, not a synchronous exception */
	bool hung;	  /* recover_call_timed's watchdog ended it (elr: where) */
	const char *name; /* exception class name, e.g. "data abort" */
} recover_fault;

typedef uint64_t (*recover_fn)(uint64_t arg);

/*
 * Call fn(arg).  Returns true and stores fn's result in *result (if not
 * NULL) when it returned; returns false and fills *fault (if not NULL) when
 * it faulted.  Nesting deeper than RECOVER_DEPTH_MAX is a fatal error.
 */
bool recover_call(recover_fn fn, uint64_t arg, uint64_t *result, recover_fault *fault);

/* The same for code in memory, e.g. the RX alias of the JIT region. */
bool recover_call_code(const void *entry, uint64_t arg, uint64_t *result, recover_fault *fault);

/*
 * recover_call with a watchdog: when fn has not returned after ms
 * milliseconds it is ended as if it had faulted, with fault->hung set and
 * fault->elr where it was (the firmware: the virtual timer's interrupt
 * through the interrupt controller, arch/gic.h, taken only while fn runs;
 * the Linux process: SIGALRM).  Where this core has no watchdog (no
 * controller set up for it) fn runs as under recover_call.
 */
bool recover_call_timed(recover_fn fn, uint64_t arg, unsigned ms, uint64_t *result,
			recover_fault *fault);

/* Whether recover_call_timed has a watchdog on the calling core. */
bool recover_has_watchdog(void);

/* Branch here (not call) with x0 = result to return from recover_call
 * without a valid LR or SP. */
void recover_return(void);

/* Nonzero while a recover_call is active (the nesting depth). */
unsigned recover_depth_now(void);

/* A core's recovery state (recover_entry.S reads it through TPIDR_EL1). */
typedef struct recover_cpu {
	uint64_t depth;
	uint64_t watch; /* the depth of the call a watchdog times, or 0 */
	unsigned char slots[RECOVER_DEPTH_MAX][RECOVER_SLOT_SIZE] __attribute__((aligned(16)));
} recover_cpu;

_Static_assert(__builtin_offsetof(recover_cpu, slots) == RECOVER_CPU_SLOTS, "layout.h");

/* Make c (zeroed) the calling core's recovery state, before its first
 * recover_call.  The boot core's is set by boot/start.S. */
void recover_set_cpu(recover_cpu *c);

#endif
