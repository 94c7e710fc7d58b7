/*
 * The trap layer's dispatch: recovered faults go back through recover.c's
 * landing pad; anything else is unhandled.  The unhandled path does not run
 * inside the handler: the frame is copied and the handler returns into
 * exc_fatal_entry (boot/vectors.S) in EL1t on a fresh stack, so the hook
 * and the exit path (which itself uses the recovery API) run as ordinary
 * code.
 */
#include <stddef.h>
#include <stdio.h>

#include "arch/cpu.h"
#include "arch/exc.h"
#include "arch/exit.h"
#include "arch/sysreg.h"
#include "lib/esr.h"
#include "plat/plat.h"

_Static_assert(offsetof(exc_frame, x) == EXC_FRAME_X0, "frame layout");
_Static_assert(offsetof(exc_frame, sp) == EXC_FRAME_SP, "frame layout");
_Static_assert(offsetof(exc_frame, elr) == EXC_FRAME_ELR, "frame layout");
_Static_assert(offsetof(exc_frame, spsr) == EXC_FRAME_SPSR, "frame layout");
_Static_assert(offsetof(exc_frame, esr) == EXC_FRAME_ESR, "frame layout");
_Static_assert(offsetof(exc_frame, far) == EXC_FRAME_FAR, "frame layout");
_Static_assert(offsetof(exc_frame, kind) == EXC_FRAME_KIND, "frame layout");
_Static_assert(sizeof(exc_frame) == EXC_FRAME_SIZE, "frame size");

void exc_fatal_entry(void);
extern char __stack_guard[], __exc_stack_guard[], __stack_top[]; /* linker script */

static bool in_page(uint64_t a, const char *page)
{
	return a - (uint64_t)(uintptr_t)page < 4096;
}

/* The other cores' stacks; a core not listed is the boot core. */
static exc_core cores[SMP_MAX];
static unsigned ncores;

bool exc_add_core(const exc_core *c)
{
	unsigned i;

	for (i = 0; i < ncores && cores[i].mpidr != c->mpidr; i++)
		;
	if (i == SMP_MAX)
		return false;
	cores[i] = *c;
	__asm__ volatile("dmb ish" : : : "memory");
	if (i == ncores)
		ncores++;
	return true;
}

/* The calling core's entry, NULL on the boot core. */
static const exc_core *core_here(void)
{
	uint64_t me = cpu_mpidr() & MPIDR_AFF_MASK;

	for (unsigned i = 0; i < ncores; i++)
		if (cores[i].mpidr == me)
			return &cores[i];
	return NULL;
}

static bool in_guard(uint64_t a, const exc_stack *s)
{
	return a < s->lo && s->lo - a <= s->guard;
}

static exc_frame fatal_frame;
static unsigned nested;
static exc_unhandled_fn unhandled_hook;
static unsigned unhandled_entered;

const char *exc_name(const exc_frame *f)
{
	switch (f->kind & 3) {
	case EXC_TYPE_IRQ:
		return "irq";
	case EXC_TYPE_FIQ:
		return "fiq";
	case EXC_TYPE_SERROR:
		return "serror";
	default:
		return esr_class_name(esr_ec(f->esr));
	}
}

const char *exc_origin(const exc_frame *f)
{
	static const char *const origin[4] = {
		"EL1 (SP_EL0)",
		"EL1 (SP_EL1, inside an exception handler)",
		"EL0 (AArch64)",
		"EL0 (AArch32)",
	};
	return origin[exc_group(f)];
}

void exc_describe(const exc_frame *f, void (*line)(void *ctx, const char *text), void *ctx)
{
	char buf[160];
	unsigned ec = esr_ec(f->esr);
	const exc_core *here = core_here();
	unsigned i;

	snprintf(buf, sizeof(buf), "exception: %s from %s", exc_name(f), exc_origin(f));
	line(ctx, buf);
	snprintf(buf, sizeof(buf), "esr: 0x%08llx ec: 0x%02x (%s) iss: 0x%07llx %s",
		 (unsigned long long)f->esr, ec, esr_class_name(ec),
		 (unsigned long long)(f->esr & ESR_ISS_MASK), esr_iss_text(f->esr));
	line(ctx, buf);
	snprintf(buf, sizeof(buf), "elr: 0x%016llx far: 0x%016llx%s spsr: 0x%08llx",
		 (unsigned long long)f->elr, (unsigned long long)f->far,
		 esr_far_valid(f->esr) ? "" : " (not valid)", (unsigned long long)f->spsr);
	line(ctx, buf);
	if (here) {
		snprintf(buf, sizeof(buf), "on cpu%u (mpidr 0x%llx), not the boot core", here->cpu,
			 (unsigned long long)cpu_mpidr());
		line(ctx, buf);
	}
	if (esr_far_valid(f->esr) && in_page(f->far, __stack_guard))
		line(ctx, "far is in the main stack's guard page: stack overflow");
	if (esr_far_valid(f->esr) && in_page(f->far, __exc_stack_guard))
		line(ctx, "far is in the exception stack's guard page: stack overflow");
	for (i = 0; i < ncores && esr_far_valid(f->esr); i++) {
		const char *which = in_guard(f->far, &cores[i].main)  ? "main"
				    : in_guard(f->far, &cores[i].exc) ? "exception"
								      : NULL;

		if (which) {
			snprintf(buf, sizeof(buf),
				 "far is in the guard below cpu%u's %s stack: stack overflow on "
				 "cpu%u",
				 cores[i].cpu, which, cores[i].cpu);
			line(ctx, buf);
		}
	}
	for (i = 0; i < 31; i += 4) {
		int n = 0;
		unsigned j;

		for (j = i; j < i + 4 && j < 31; j++)
			n += snprintf(buf + n, sizeof(buf) - (size_t)n, "%sx%-2u 0x%016llx",
				      j == i ? "" : "  ", j, (unsigned long long)f->x[j]);
		if (i + 4 > 31)
			snprintf(buf + n, sizeof(buf) - (size_t)n, "  sp  0x%016llx",
				 (unsigned long long)f->sp);
		line(ctx, buf);
	}
}

/* Minimal output, straight to the UART: no stdio, no console. */
static void raw_puts(const char *s)
{
	while (*s) {
		if (*s == '\n')
			plat_putc('\r');
		plat_putc(*s++);
	}
}

static void raw_hex(uint64_t v)
{
	int sh;

	raw_puts("0x");
	for (sh = 60; sh >= 0; sh -= 4)
		plat_putc("0123456789abcdef"[(v >> sh) & 0xf]);
}

void exc_dispatch(exc_frame *f)
{
	if (recover_take(f))
		return;

	if (exc_group(f) == EXC_GROUP_SPX) {
		/* The handler itself failed: report with the bare UART, then the
		 * exit path once; a second failure parks the core. */
		if (nested++ == 0) {
			raw_puts("\nBail out! exception inside the exception handler: ");
			raw_puts(exc_name(f));
			raw_puts("\n# esr ");
			raw_hex(f->esr);
			raw_puts(" elr ");
			raw_hex(f->elr);
			raw_puts(" far ");
			raw_hex(f->far);
			raw_puts(" mpidr ");
			raw_hex(cpu_mpidr());
			if (in_page(f->far, __exc_stack_guard) ||
			    (core_here() && in_guard(f->far, &core_here()->exc)))
				raw_puts("\n# far is in this core's exception stack guard: stack "
					 "overflow");
			raw_puts("\npairguard-result: ERROR exit=2\n");
			machine_exit_unguarded(2);
		}
		for (;;)
			__asm__ volatile("wfe");
	}

	/* On to exc_fatal_entry, on a fresh main stack of this core's own (the
	 * old one may be what failed; another core may be using the boot
	 * core's). */
	fatal_frame = *f;
	f->elr = (uint64_t)(uintptr_t)exc_fatal_entry;
	f->spsr = SPSR_MODE_EL1T | SPSR_DAIF;
	f->sp = core_here() ? core_here()->main.top : (uint64_t)(uintptr_t)__stack_top;
}

void exc_fatal(void)
{
	exc_unhandled(exc_name(&fatal_frame), &fatal_frame);
}

void exc_set_unhandled(exc_unhandled_fn hook)
{
	unhandled_hook = hook;
}

static void plain_line(void *ctx, const char *text)
{
	(void)ctx;
	raw_puts("# ");
	raw_puts(text);
	raw_puts("\n");
}

void exc_unhandled(const char *what, const exc_frame *f)
{
	/* A failure while reporting a failure: the hook only the first time,
	 * the plain report the second, then only the exit. */
	unhandled_entered++;
	if (unhandled_entered == 1 && unhandled_hook) {
		unhandled_hook(what, f);
	} else if (unhandled_entered <= 2) {
		raw_puts("\nBail out! ");
		raw_puts(what);
		raw_puts("\n");
		if (f)
			exc_describe(f, plain_line, NULL);
		raw_puts("pairguard-result: ERROR exit=2\n");
	}
	machine_exit(2);
}
