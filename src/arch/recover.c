/*
 * The C half of the recovery API: the slots the trampoline
 * (recover_entry.S) saves into, and the fault hook exc_dispatch calls.
 */
#include <stddef.h>

#include "arch/exc.h"
#include "arch/gic.h"
#include "arch/recover.h"
#include "arch/sysreg.h"
#include "arch/timer.h"
#include "lib/esr.h"

struct recover_slot {
	uint64_t x19_x30[12];
	uint64_t sp;
	uint64_t daif;
	uint64_t fpcr;
	uint64_t d8_d15[8];
	uint64_t faulted;
	recover_fault fault;
} __attribute__((aligned(16)));

_Static_assert(offsetof(struct recover_slot, x19_x30) == RECOVER_SLOT_X19, "slot layout");
_Static_assert(offsetof(struct recover_slot, sp) == RECOVER_SLOT_SP, "slot layout");
_Static_assert(offsetof(struct recover_slot, daif) == RECOVER_SLOT_DAIF, "slot layout");
_Static_assert(offsetof(struct recover_slot, fpcr) == RECOVER_SLOT_FPCR, "slot layout");
_Static_assert(offsetof(struct recover_slot, d8_d15) == RECOVER_SLOT_D8, "slot layout");
_Static_assert(offsetof(struct recover_slot, faulted) == RECOVER_SLOT_FAULTED, "slot layout");
_Static_assert(sizeof(struct recover_slot) <= RECOVER_SLOT_SIZE, "slot too large");

/* The boot core's recovery state (boot/start.S puts it in TPIDR_EL1). */
recover_cpu recover_boot_cpu;

static recover_cpu *this_cpu(void)
{
	uint64_t p;

	__asm__ volatile("mrs %0, tpidr_el1" : "=r"(p));
	return (recover_cpu *)(uintptr_t)p;
}

static struct recover_slot *slot(uint64_t i)
{
	return (struct recover_slot *)(void *)this_cpu()->slots[i];
}

void recover_set_cpu(recover_cpu *c)
{
	__asm__ volatile("msr tpidr_el1, %0" : : "r"((uint64_t)(uintptr_t)c) : "memory");
}

struct recover_ret {
	uint64_t value;
	uint64_t status; /* 0 returned, 1 faulted, 2 too deep */
};
struct recover_ret recover_enter(recover_fn fn, uint64_t arg);
void recover_fault_landing(void);

bool recover_call(recover_fn fn, uint64_t arg, uint64_t *result, recover_fault *fault)
{
	struct recover_ret r = recover_enter(fn, arg);

	if (r.status == 2)
		exc_unhandled("recover_call nested deeper than RECOVER_DEPTH_MAX", NULL);
	if (r.status == 0) {
		if (result)
			*result = r.value;
		return true;
	}
	/* The slot just popped is at index recover_depth again. */
	if (fault)
		*fault = slot(this_cpu()->depth)->fault;
	return false;
}

bool recover_call_code(const void *entry, uint64_t arg, uint64_t *result, recover_fault *fault)
{
	recover_fn fn;

	/* Object-to-function pointer conversion: the one place it is needed. */
	__builtin_memcpy(&fn, &entry, sizeof(fn));
	return recover_call(fn, arg, result, fault);
}

/* The timed call's body: fn with IRQs unmasked, so that the watchdog's
 * interrupt can end it.  The path back (returned or faulted) restores the
 * caller's DAIF from the slot (recover_entry.S): masked again either way. */
typedef struct timed_call {
	recover_fn fn;
	uint64_t arg;
} timed_call;

static uint64_t timed_body(uint64_t arg)
{
	const timed_call *t = (const timed_call *)(uintptr_t)arg;
	uint64_t r;

	__asm__ volatile("msr daifclr, #2" : : : "memory");
	r = t->fn(t->arg);
	__asm__ volatile("msr daifset, #2" : : : "memory");
	return r;
}

bool recover_call_timed(recover_fn fn, uint64_t arg, unsigned ms, uint64_t *result,
			recover_fault *fault)
{
	recover_cpu *c = this_cpu();
	timed_call t = { fn, arg };
	recover_fault f;
	bool ok;

	if (!gic_core_init() || !gic_watch_arm(timer_ticks() + timer_freq() / 1000 * ms))
		return recover_call(fn, arg, result, fault);
	c->watch = c->depth + 1;
	ok = recover_call(timed_body, (uint64_t)(uintptr_t)&t, result, &f);
	c->watch = 0;
	gic_watch_disarm();
	if (!ok && fault)
		*fault = f;
	return ok;
}

bool recover_has_watchdog(void)
{
	return gic_core_init();
}

unsigned recover_depth_now(void)
{
	return (unsigned)this_cpu()->depth;
}

bool recover_take(exc_frame *f)
{
	unsigned type = f->kind & 3;
	struct recover_slot *s;
	recover_fault *r;

	bool hung = false;

	if (this_cpu()->depth == 0 || exc_group(f) != EXC_GROUP_SP0)
		return false;
	if (type == EXC_TYPE_IRQ) {
		/* The watchdog of the innermost call, and nothing else. */
		if (this_cpu()->watch != this_cpu()->depth || !gic_watch_fired())
			return false;
		hung = true;
	} else if (type != EXC_TYPE_SYNC && type != EXC_TYPE_SERROR) {
		return false;
	}

	s = slot(this_cpu()->depth - 1);
	r = &s->fault;
	r->hung = hung;
	r->esr = hung ? 0 : f->esr;
	r->far = hung ? 0 : f->far;
	r->elr = f->elr;
	r->spsr = f->spsr;
	r->serror = type == EXC_TYPE_SERROR;
	r->ec = r->serror ? EC_SERROR : hung ? 0 : esr_ec(f->esr);
	r->far_valid = !hung && !r->serror && esr_far_valid(f->esr);
	r->name = hung ? "watchdog: did not return in time" : exc_name(f);
	s->faulted = 1;

	/* Resume at the landing pad in EL1t with the caller's interrupt masks. */
	f->elr = (uint64_t)(uintptr_t)recover_fault_landing;
	f->spsr = SPSR_MODE_EL1T | (s->daif & SPSR_DAIF);
	return true;
}
