/*
 * The engine's harness around JIT code, and its fast memory check.
 *
 * JIT code may write every GPR, every FP register and SP (SP-based cases
 * move SP into the arena), and it may fault.  So it runs with SPSel = 0: its
 * SP is SP_EL0, while an exception taken from it switches to SP_EL1 (Arm ARM
 * DDI0487 D1.3.1.1, "the Stack Pointer register selected on exception
 * entry"), the firmware's own stack, which the JIT code never touches.
 * Callee-saved GPRs live on that stack while JIT code runs; the caller saves
 * d8-d15 itself (pg_fpregs_save) because a fault leaves through the
 * recovery API, not through pg_jit_exit.
 */
	.text

/*
 * pg_jit_enter: run JIT code until it returns to pg_jit_exit.
 * In:  x0 = the address to enter (the JIT region's executable alias).
 * Out: nothing; returns once the code branches to pg_jit_exit, or leaves
 *      through the recovery API when it faults.
 * Clobbers: x0-x18, v0-v31 (the caller saves d8-d15), flags, SP_EL0.
 */
	.global pg_jit_enter
	.type pg_jit_enter, %function
	.balign 16
pg_jit_enter:
	sub	sp, sp, #96
	stp	x19, x20, [sp, #0]
	stp	x21, x22, [sp, #16]
	stp	x23, x24, [sp, #32]
	stp	x25, x26, [sp, #48]
	stp	x27, x28, [sp, #64]
	stp	x29, x30, [sp, #80]
	msr	spsel, #0
	br	x0
	.size pg_jit_enter, . - pg_jit_enter

/*
 * pg_jit_exit: where a batch's code returns to (its last words load this
 * address into x30 and RET, as no register survives the cases).
 * In:  SPSel = 0, SP_EL1 as pg_jit_enter left it.
 * Out: returns to pg_jit_enter's caller with its callee-saved GPRs.
 */
	.global pg_jit_exit
	.type pg_jit_exit, %function
	.balign 16
pg_jit_exit:
	msr	spsel, #1
	ldp	x19, x20, [sp, #0]
	ldp	x21, x22, [sp, #16]
	ldp	x23, x24, [sp, #32]
	ldp	x25, x26, [sp, #48]
	ldp	x27, x28, [sp, #64]
	ldp	x29, x30, [sp, #80]
	add	sp, sp, #96
	ret
	.size pg_jit_exit, . - pg_jit_exit

/*
 * pg_fpregs_save / pg_fpregs_restore: d8-d15, the FP registers the
 * procedure call standard asks a callee to keep.
 * In:  x0 = 64 bytes, 8-byte aligned.
 * Clobbers: nothing else.
 */
	.global pg_fpregs_save
	.type pg_fpregs_save, %function
pg_fpregs_save:
	stp	d8, d9, [x0, #0]
	stp	d10, d11, [x0, #16]
	stp	d12, d13, [x0, #32]
	stp	d14, d15, [x0, #48]
	ret
	.size pg_fpregs_save, . - pg_fpregs_save

	.global pg_fpregs_restore
	.type pg_fpregs_restore, %function
pg_fpregs_restore:
	ldp	d8, d9, [x0, #0]
	ldp	d10, d11, [x0, #16]
	ldp	d12, d13, [x0, #32]
	ldp	d14, d15, [x0, #48]
	ret
	.size pg_fpregs_restore, . - pg_fpregs_restore

/*
 * pg_guard_diff: are n bytes at p the same as at guard?  An OR of
 * (p XOR guard) over the whole range with no data-dependent branch.
 * In:  x0 = p, x1 = guard (both 16-byte aligned), x2 = n (a non-zero
 *      multiple of 128).
 * Out: x0 = 0 when all bytes are equal, non-zero otherwise.
 * Clobbers: x1, x2, v0-v7, v16, v17.
 */
	.global pg_guard_diff
	.type pg_guard_diff, %function
	.balign 16
pg_guard_diff:
	movi	v16.16b, #0
	movi	v17.16b, #0
1:	ld1	{v0.16b, v1.16b, v2.16b, v3.16b}, [x0], #64
	ld1	{v4.16b, v5.16b, v6.16b, v7.16b}, [x1], #64
	eor	v0.16b, v0.16b, v4.16b
	eor	v1.16b, v1.16b, v5.16b
	eor	v2.16b, v2.16b, v6.16b
	eor	v3.16b, v3.16b, v7.16b
	orr	v16.16b, v16.16b, v0.16b
	orr	v17.16b, v17.16b, v1.16b
	orr	v16.16b, v16.16b, v2.16b
	orr	v17.16b, v17.16b, v3.16b
	ld1	{v0.16b, v1.16b, v2.16b, v3.16b}, [x0], #64
	ld1	{v4.16b, v5.16b, v6.16b, v7.16b}, [x1], #64
	eor	v0.16b, v0.16b, v4.16b
	eor	v1.16b, v1.16b, v5.16b
	eor	v2.16b, v2.16b, v6.16b
	eor	v3.16b, v3.16b, v7.16b
	orr	v16.16b, v16.16b, v0.16b
	orr	v17.16b, v17.16b, v1.16b
	orr	v16.16b, v16.16b, v2.16b
	orr	v17.16b, v17.16b, v3.16b
	subs	x2, x2, #128
	b.ne	1b
	orr	v16.16b, v16.16b, v17.16b
	umaxv	b0, v16.16b
	umov	w0, v0.b[0]
	ret
	.size pg_guard_diff, . - pg_guard_diff
