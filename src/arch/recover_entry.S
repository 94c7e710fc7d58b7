/*
 * The recovery trampoline (see recover.h).  Everything the caller needs back
 * (x19..x30, SP, DAIF, FPCR, d8..d15) is saved in slots[depth] of this
 * core's recover_cpu, found again through TPIDR_EL1: neither path back
 * trusts a general-purpose register the called code could have changed.
 */
#include "arch/layout.h"

/*
 * struct recover_ret recover_enter(uint64_t (*fn)(uint64_t), uint64_t arg)
 * In:  x0 = fn, x1 = arg.
 * Out: x0 = fn's result (0 after a fault), x1 = 0 returned / 1 faulted /
 *      2 nesting too deep (fn not called).
 * Clobbers: what AAPCS64 lets a call clobber.
 */
	.text
	.globl	recover_enter
recover_enter:
	mrs	x9, tpidr_el1
	ldr	x10, [x9]
	cmp	x10, #RECOVER_DEPTH_MAX
	b.hs	9f
	add	x11, x9, #RECOVER_CPU_SLOTS
	mov	x12, #RECOVER_SLOT_SIZE
	madd	x11, x10, x12, x11
	stp	x19, x20, [x11, #(RECOVER_SLOT_X19 + 0)]
	stp	x21, x22, [x11, #(RECOVER_SLOT_X19 + 16)]
	stp	x23, x24, [x11, #(RECOVER_SLOT_X19 + 32)]
	stp	x25, x26, [x11, #(RECOVER_SLOT_X19 + 48)]
	stp	x27, x28, [x11, #(RECOVER_SLOT_X19 + 64)]
	stp	x29, x30, [x11, #(RECOVER_SLOT_X19 + 80)]
	mov	x12, sp
	str	x12, [x11, #RECOVER_SLOT_SP]
	mrs	x12, daif
	str	x12, [x11, #RECOVER_SLOT_DAIF]
	mrs	x12, fpcr
	str	x12, [x11, #RECOVER_SLOT_FPCR]
	stp	d8, d9, [x11, #(RECOVER_SLOT_D8 + 0)]
	stp	d10, d11, [x11, #(RECOVER_SLOT_D8 + 16)]
	stp	d12, d13, [x11, #(RECOVER_SLOT_D8 + 32)]
	stp	d14, d15, [x11, #(RECOVER_SLOT_D8 + 48)]
	str	xzr, [x11, #RECOVER_SLOT_FAULTED]
	add	x10, x10, #1
	str	x10, [x9]
	mov	x16, x0
	mov	x0, x1
	blr	x16

/*
 * Normal return.  Reached by fn's RET, or by a branch from code that no
 * longer has a valid LR or SP: In: x0 = result; nothing else is trusted.
 */
	.globl	recover_return
recover_return:
	mov	x1, #0
	b	1f

/*
 * Fault return.  exc_dispatch erets here (EL1t, the saved DAIF) after
 * filling in the slot's fault record.  In: nothing trusted.
 */
	.globl	recover_fault_landing
recover_fault_landing:
	mov	x0, #0
	mov	x1, #1

1:	mrs	x9, tpidr_el1
	ldr	x10, [x9]
	sub	x10, x10, #1
	str	x10, [x9]
	add	x11, x9, #RECOVER_CPU_SLOTS
	mov	x12, #RECOVER_SLOT_SIZE
	madd	x11, x10, x12, x11
	ldp	x19, x20, [x11, #(RECOVER_SLOT_X19 + 0)]
	ldp	x21, x22, [x11, #(RECOVER_SLOT_X19 + 16)]
	ldp	x23, x24, [x11, #(RECOVER_SLOT_X19 + 32)]
	ldp	x25, x26, [x11, #(RECOVER_SLOT_X19 + 48)]
	ldp	x27, x28, [x11, #(RECOVER_SLOT_X19 + 64)]
	ldp	x29, x30, [x11, #(RECOVER_SLOT_X19 + 80)]
	ldr	x12, [x11, #RECOVER_SLOT_SP]
	mov	sp, x12
	ldr	x12, [x11, #RECOVER_SLOT_DAIF]
	msr	daif, x12
	ldr	x12, [x11, #RECOVER_SLOT_FPCR]
	msr	fpcr, x12
	ldp	d8, d9, [x11, #(RECOVER_SLOT_D8 + 0)]
	ldp	d10, d11, [x11, #(RECOVER_SLOT_D8 + 16)]
	ldp	d12, d13, [x11, #(RECOVER_SLOT_D8 + 32)]
	ldp	d14, d15, [x11, #(RECOVER_SLOT_D8 + 48)]
	ret

9:	mov	x0, #0
	mov	x1, #2
	ret
