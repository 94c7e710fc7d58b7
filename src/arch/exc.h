/*
 * Exceptions taken to EL1: the saved frame, names for what happened, and a
 * printable description.  Every exception is either recovered (recover.h)
 * or fatal (sys/fatal.h: "Bail out!", registers, ERROR exit=2).
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

/* Called from boot/vectors.S. */
void exc_dispatch(exc_frame *f);
void exc_fatal(void);

/* recover.c's hook: true when the exception ended an active recover_call. */
bool recover_take(exc_frame *f);

#endif
