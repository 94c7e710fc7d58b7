/*
 * The Linux process's way into code that may fault and back: the Linux
 * side of arch/recover.h's contract (recover_call, recover_call_code,
 * recover_return), used by the engine's backend (exec.c) and the plug-in
 * guard and bench floor shared with the firmware (src/fw).
 *
 * Generated code clobbers every register, SP included (SP is a base
 * register the engine tests), so the way back restores everything from a
 * frame whose address is kept outside the registers.  A fault inside is a
 * signal: the handler (recover.c) records it and returns to
 * pg_linux_resume, which unwinds the same way.  Nested calls chain their
 * frames.  One thread runs generated code at a time.
 */
	.text

/*
 * pg_linux_enter
 * In:  x0 = entry, x1 = arg (the code's x0), x2 = where to store the x0 the
 *      code brings to recover_return (or NULL).
 * Out: x0 = 1 when the code branched to recover_return, 0 after a fault
 *      (pg_linux_resume).
 * Clobbers: the caller-saved registers (AAPCS64); x19-x29, SP and d8-d15
 *      come back as they were.
 */
	.global pg_linux_enter
	.type pg_linux_enter, %function
pg_linux_enter:
	sub	sp, sp, #176
	stp	x29, x30, [sp, #0]
	stp	x19, x20, [sp, #16]
	stp	x21, x22, [sp, #32]
	stp	x23, x24, [sp, #48]
	stp	x25, x26, [sp, #64]
	stp	x27, x28, [sp, #80]
	stp	d8, d9, [sp, #96]
	stp	d10, d11, [sp, #112]
	stp	d12, d13, [sp, #128]
	stp	d14, d15, [sp, #144]
	adrp	x9, pg_linux_frame
	ldr	x10, [x9, :lo12:pg_linux_frame]
	stp	x2, x10, [sp, #160]		/* result pointer, the outer frame */
	mov	x10, sp
	str	x10, [x9, :lo12:pg_linux_frame]
	mov	x29, sp
	mov	x9, x0
	mov	x0, x1
	adr	x30, recover_return
	br	x9
	.size pg_linux_enter, . - pg_linux_enter

/*
 * recover_return: branched to (never called) with x0 = the result.
 * pg_linux_resume: where the signal handler sends a faulting thread.
 */
	.global recover_return
	.type recover_return, %function
recover_return:
	adrp	x9, pg_linux_frame
	ldr	x10, [x9, :lo12:pg_linux_frame]
	mov	sp, x10
	ldr	x2, [sp, #160]
	cbz	x2, 1f
	str	x0, [x2]
1:	mov	x0, #1
	b	2f
	.global pg_linux_resume
pg_linux_resume:
	adrp	x9, pg_linux_frame
	ldr	x10, [x9, :lo12:pg_linux_frame]
	mov	sp, x10
	mov	x0, #0
2:	ldr	x10, [sp, #168]
	str	x10, [x9, :lo12:pg_linux_frame]	/* back to the outer frame */
	ldp	d14, d15, [sp, #144]
	ldp	d12, d13, [sp, #128]
	ldp	d10, d11, [sp, #112]
	ldp	d8, d9, [sp, #96]
	ldp	x27, x28, [sp, #80]
	ldp	x25, x26, [sp, #64]
	ldp	x23, x24, [sp, #48]
	ldp	x21, x22, [sp, #32]
	ldp	x19, x20, [sp, #16]
	ldp	x29, x30, [sp, #0]
	add	sp, sp, #176
	ret
	.size recover_return, . - recover_return

	.bss
	.balign 8
	.global pg_linux_frame
pg_linux_frame:
	.quad	0

	.section .note.GNU-stack, "", %progbits
