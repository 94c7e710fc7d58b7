/*
 * The EL1 vector table: all 16 entries, one shared entry path that saves an
 * exc_frame (src/arch/layout.h) on the exception stack (SP_EL1) and calls
 * exc_dispatch (src/arch/exc.c).  exc_dispatch never resumes the interrupted
 * code as it was: it either redirects the return (recovery landing pad,
 * fatal path) by editing ELR/SPSR/SP in the frame, or does not return.  So
 * FP/SIMD state is not saved.
 */
#include "arch/layout.h"

/* One vector slot: 0x80 bytes, checked at assembly time. */
.macro ventry kind
	.balign	0x80
9997:
	sub	sp, sp, #EXC_FRAME_SIZE
	stp	x0, x1, [sp, #EXC_FRAME_X0]
	mov	x0, #\kind
	b	exc_entry
	.if (. - 9997b) > 0x80
	.error "vector entry larger than 0x80 bytes"
	.endif
.endm

	.text
	.balign	2048
	.globl	exc_vectors
exc_vectors:
	ventry	((EXC_GROUP_SP0 << 2) | EXC_TYPE_SYNC)
	ventry	((EXC_GROUP_SP0 << 2) | EXC_TYPE_IRQ)
	ventry	((EXC_GROUP_SP0 << 2) | EXC_TYPE_FIQ)
	ventry	((EXC_GROUP_SP0 << 2) | EXC_TYPE_SERROR)
	ventry	((EXC_GROUP_SPX << 2) | EXC_TYPE_SYNC)
	ventry	((EXC_GROUP_SPX << 2) | EXC_TYPE_IRQ)
	ventry	((EXC_GROUP_SPX << 2) | EXC_TYPE_FIQ)
	ventry	((EXC_GROUP_SPX << 2) | EXC_TYPE_SERROR)
	ventry	((EXC_GROUP_LOWER64 << 2) | EXC_TYPE_SYNC)
	ventry	((EXC_GROUP_LOWER64 << 2) | EXC_TYPE_IRQ)
	ventry	((EXC_GROUP_LOWER64 << 2) | EXC_TYPE_FIQ)
	ventry	((EXC_GROUP_LOWER64 << 2) | EXC_TYPE_SERROR)
	ventry	((EXC_GROUP_LOWER32 << 2) | EXC_TYPE_SYNC)
	ventry	((EXC_GROUP_LOWER32 << 2) | EXC_TYPE_IRQ)
	ventry	((EXC_GROUP_LOWER32 << 2) | EXC_TYPE_FIQ)
	ventry	((EXC_GROUP_LOWER32 << 2) | EXC_TYPE_SERROR)
	.org	exc_vectors + 0x800		/* an error if the 16 slots grew past 2 KiB */

/*
 * In:  x0 = kind, x0/x1 of the interrupted code saved, SP = frame (SP_EL1).
 * Out: eret to frame.elr with frame.spsr, x0..x30 and SP_EL0 from the frame.
 * Clobbers: nothing of the frame's registers beyond what exc_dispatch edits.
 */
exc_entry:
	stp	x2, x3, [sp, #(EXC_FRAME_X0 + 16)]
	stp	x4, x5, [sp, #(EXC_FRAME_X0 + 32)]
	stp	x6, x7, [sp, #(EXC_FRAME_X0 + 48)]
	stp	x8, x9, [sp, #(EXC_FRAME_X0 + 64)]
	stp	x10, x11, [sp, #(EXC_FRAME_X0 + 80)]
	stp	x12, x13, [sp, #(EXC_FRAME_X0 + 96)]
	stp	x14, x15, [sp, #(EXC_FRAME_X0 + 112)]
	stp	x16, x17, [sp, #(EXC_FRAME_X0 + 128)]
	stp	x18, x19, [sp, #(EXC_FRAME_X0 + 144)]
	stp	x20, x21, [sp, #(EXC_FRAME_X0 + 160)]
	stp	x22, x23, [sp, #(EXC_FRAME_X0 + 176)]
	stp	x24, x25, [sp, #(EXC_FRAME_X0 + 192)]
	stp	x26, x27, [sp, #(EXC_FRAME_X0 + 208)]
	stp	x28, x29, [sp, #(EXC_FRAME_X0 + 224)]
	str	x30, [sp, #(EXC_FRAME_X0 + 240)]

	/* The interrupted SP: SP_EL1 itself for a nested exception, else SP_EL0. */
	and	x1, x0, #(3 << 2)
	cmp	x1, #(EXC_GROUP_SPX << 2)
	b.ne	1f
	add	x1, sp, #EXC_FRAME_SIZE
	b	2f
1:	mrs	x1, sp_el0
2:	str	x1, [sp, #EXC_FRAME_SP]
	mrs	x1, elr_el1
	str	x1, [sp, #EXC_FRAME_ELR]
	mrs	x1, spsr_el1
	str	x1, [sp, #EXC_FRAME_SPSR]
	mrs	x1, esr_el1
	str	x1, [sp, #EXC_FRAME_ESR]
	mrs	x1, far_el1
	str	x1, [sp, #EXC_FRAME_FAR]
	str	x0, [sp, #EXC_FRAME_KIND]

	mov	x0, sp
	bl	exc_dispatch

	ldr	x1, [sp, #EXC_FRAME_ELR]
	msr	elr_el1, x1
	ldr	x1, [sp, #EXC_FRAME_SPSR]
	msr	spsr_el1, x1
	ldr	x0, [sp, #EXC_FRAME_KIND]
	and	x0, x0, #(3 << 2)
	cmp	x0, #(EXC_GROUP_SPX << 2)
	b.eq	3f
	ldr	x1, [sp, #EXC_FRAME_SP]
	msr	sp_el0, x1
3:
	ldp	x0, x1, [sp, #(EXC_FRAME_X0 + 0)]
	ldp	x2, x3, [sp, #(EXC_FRAME_X0 + 16)]
	ldp	x4, x5, [sp, #(EXC_FRAME_X0 + 32)]
	ldp	x6, x7, [sp, #(EXC_FRAME_X0 + 48)]
	ldp	x8, x9, [sp, #(EXC_FRAME_X0 + 64)]
	ldp	x10, x11, [sp, #(EXC_FRAME_X0 + 80)]
	ldp	x12, x13, [sp, #(EXC_FRAME_X0 + 96)]
	ldp	x14, x15, [sp, #(EXC_FRAME_X0 + 112)]
	ldp	x16, x17, [sp, #(EXC_FRAME_X0 + 128)]
	ldp	x18, x19, [sp, #(EXC_FRAME_X0 + 144)]
	ldp	x20, x21, [sp, #(EXC_FRAME_X0 + 160)]
	ldp	x22, x23, [sp, #(EXC_FRAME_X0 + 176)]
	ldp	x24, x25, [sp, #(EXC_FRAME_X0 + 192)]
	ldp	x26, x27, [sp, #(EXC_FRAME_X0 + 208)]
	ldp	x28, x29, [sp, #(EXC_FRAME_X0 + 224)]
	ldr	x30, [sp, #(EXC_FRAME_X0 + 240)]
	add	sp, sp, #EXC_FRAME_SIZE
	eret

/*
 * Where exc_dispatch sends an unexpected exception: EL1t on a fresh main
 * stack of the failing core's own, which exc_dispatch put in the frame's SP
 * (the old one may be what failed), so the fatal path can print and still
 * use the recovery API for its exit.  In: SP.  Out: never.
 */
	.globl	exc_fatal_entry
exc_fatal_entry:
	mov	x29, #0
	mov	x30, #0
	bl	exc_fatal
	b	park
	.ltorg
