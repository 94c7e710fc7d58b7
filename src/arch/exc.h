/*
 * The trap layer: exceptions taken to EL1 (boot/vectors.S saves the frame,
 * exc_dispatch decides), names for what happened, a printable description,
 * and the one hook for what nothing handles.  Every exception is either
 * recovered (recover.h) or unhandled; an unhandled exception and a fatal
 * error found by software (abort(), the stack protector, recover_call
 * nested too deep) both go to exc_unhandled, which calls the hook the
 * firmware program registered and then ends the run with status 2.
 * Nothing here calls up into src/sys or src/fw (tests/style/test-layers).
 */
#ifndef PG_ARCH_EXC_H
#define PG_ARCH_EXC_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/layout.h"

typedef struct exc_frame {
	uint64_t x[31];
	uint64_t sp; /* the interrupted SP */
	uint64_t elr;
	uint64_t spsr;
	uint64_t esr;
	uint64_t far;
	uint64_t kind; /* (group << 2) | type, see layout.h */
	uint64_t pad;
} exc_frame;

static inline unsigned exc_group(const exc_frame *f)
{
	return (unsigned)(f->kind >> 2) & 3;
}

/* "data abort", "undefined instruction", "irq", "serror", ... */
const char *exc_name(const exc_frame *f);

/* Where the exception came from, e.g. "EL1 (SP_EL0)". */
const char *exc_origin(const exc_frame *f);

/*
 * Describe the frame in a few text lines (class and ESR decode, ELR, FAR,
 * SPSR, the registers), each passed to line() without a newline.
 */
void exc_describe(const exc_frame *f, void (*line)(void *ctx, const char *text), void *ctx);

/*
 * The hook: report what happened in the program's terms (the firmware's
 * main program prints "Bail out!", the registers and ERROR exit=2).  what
 * is a short reason ("data abort", "abort() called"); f is the exception
 * frame, or NULL for a software error.  It may return: the run then ends
 * with status 2 (machine_exit).  Without a hook, or if the hook itself
 * fails, a plain report goes straight to the UART.
 */
typedef void (*exc_unhandled_fn)(const char *what, const exc_frame *f);

void exc_set_unhandled(exc_unhandled_fn hook);

/* The one way into the hook; never returns. */
__attribute__((noreturn)) void exc_unhandled(const char *what, const exc_frame *f);

/*
 * Another core's stacks (arch/smp.c), registered by the core itself, each
 * stack [lo, top) just above guard bytes of unmapped pages: an exception
 * on that core that nothing handles is reported on a fresh main stack of
 * its own (not the boot core's), and a fault in a guard is named as that
 * core's stack overflow.  cpu: the number the report knows it by.  False
 * when SMP_MAX cores are registered already.
 */
typedef struct exc_stack {
	uint64_t lo, top, guard;
} exc_stack;

typedef struct exc_core {
	uint64_t mpidr; /* MPIDR_EL1 & MPIDR_AFF_MASK */
	unsigned cpu;
	exc_stack main, exc;
} exc_core;

bool exc_add_core(const exc_core *c);

/* Called from boot/vectors.S. */
void exc_dispatch(exc_frame *f);
void exc_fatal(void);

/* recover.c's hook: true when the exception ended an active recover_call. */
bool recover_take(exc_frame *f);

#endif
