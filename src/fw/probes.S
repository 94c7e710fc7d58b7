/*
 * Small functions the selftest runs under the recovery API.  Each faulting
 * instruction has a global label so the test can check ELR exactly.
 * All: uint64_t probe_x(uint64_t arg).
 */
	.text

/* In: x0 = address.  Out: x0 = the 64-bit word there. */
	.globl	probe_load, probe_load_insn
probe_load:
probe_load_insn:
	ldr	x0, [x0]
	ret

/* In: x0 = address.  Stores 0x5a5a... there.  Out: x0 = 0. */
	.globl	probe_store, probe_store_insn
probe_store:
	mov	x1, #0x5a5a
probe_store_insn:
	str	x1, [x0]
	mov	x0, #0
	ret

/* Out: never (a permanently undefined instruction). */
	.globl	probe_undef, probe_undef_insn
probe_undef:
probe_undef_insn:
	udf	#0x5a5a
	ret

/* Load every general-purpose register but x0 (and x16 when given), SP and
 * d8..d15 with garbage, as JIT code may. */
.macro clobber_all skip16
	mov	x1, #0x1111
	mov	x2, #0x2222
	mov	x3, #0x3333
	mov	x4, #0x4444
	mov	x5, #0x5555
	mov	x6, #0x6666
	mov	x7, #0x7777
	mov	x8, #0x8888
	mov	x9, #0x9999
	mov	x10, #0xaaaa
	mov	x11, #0xbbbb
	mov	x12, #0xcccc
	mov	x13, #0xdddd
	mov	x14, #0xeeee
	mov	x15, #0xffff
	.if \skip16 == 0
	mov	x16, #0x1616
	.endif
	mov	x17, #0x1717
	mov	x18, #0x1818
	mov	x19, #0x1919
	mov	x20, #0x2020
	mov	x21, #0x2121
	mov	x22, #0x2222
	mov	x23, #0x2323
	mov	x24, #0x2424
	mov	x25, #0x2525
	mov	x26, #0x2626
	mov	x27, #0x2727
	mov	x28, #0x2828
	mov	x29, #0x2929
	mov	x30, #0x3030
	fmov	d8, x1
	fmov	d9, x2
	fmov	d10, x3
	fmov	d11, x4
	fmov	d12, x5
	fmov	d13, x6
	fmov	d14, x7
	fmov	d15, x8
	mov	sp, x1				/* SP too: it is just a register to JIT code */
.endm

/* In: x0 = an unmapped address.  Wrecks every register and SP, then loads
 * from x0: the fault path must restore everything. */
	.globl	probe_clobber_fault, probe_clobber_fault_insn
probe_clobber_fault:
	clobber_all 0
probe_clobber_fault_insn:
	ldr	x0, [x0]
	b	.

/* In: x0 = n.  Wrecks every register and SP, then returns n + 1 by a branch
 * to recover_return (no LR, no SP). */
	.globl	probe_clobber_return
probe_clobber_return:
	add	x0, x0, #1
	adrp	x16, recover_return
	add	x16, x16, :lo12:recover_return
	clobber_all 1
	br	x16

/*
 * uint64_t probe_check_preserved(recover_fn fn, uint64_t arg)
 * Put known values in x19..x29 and d8..d15, run recover_call(fn, arg, 0, 0),
 * and report which of them came back changed.
 * Out: x0 = bit n set for x(19+n) changed (n = 0..10), bit 11+k for d(8+k).
 */
	.globl	probe_check_preserved
probe_check_preserved:
	stp	x29, x30, [sp, #-96]!
	stp	x19, x20, [sp, #16]
	stp	x21, x22, [sp, #32]
	stp	x23, x24, [sp, #48]
	stp	x25, x26, [sp, #64]
	stp	x27, x28, [sp, #80]
	sub	sp, sp, #64
	stp	d8, d9, [sp, #0]
	stp	d10, d11, [sp, #16]
	stp	d12, d13, [sp, #32]
	stp	d14, d15, [sp, #48]

	mov	x19, #0x1900
	mov	x20, #0x2000
	mov	x21, #0x2100
	mov	x22, #0x2200
	mov	x23, #0x2300
	mov	x24, #0x2400
	mov	x25, #0x2500
	mov	x26, #0x2600
	mov	x27, #0x2700
	mov	x28, #0x2800
	mov	x29, #0x2900
	mov	x9, #0x0800
	fmov	d8, x9
	mov	x9, #0x0900
	fmov	d9, x9
	mov	x9, #0x1000
	fmov	d10, x9
	mov	x9, #0x1100
	fmov	d11, x9
	mov	x9, #0x1200
	fmov	d12, x9
	mov	x9, #0x1300
	fmov	d13, x9
	mov	x9, #0x1400
	fmov	d14, x9
	mov	x9, #0x1500
	fmov	d15, x9

	mov	x2, #0
	mov	x3, #0
	bl	recover_call

	mov	x0, #0
.macro chk reg, val, bit
	mov	x9, #\val
	cmp	\reg, x9
	mov	x10, #(1 << \bit)
	csel	x10, xzr, x10, eq
	orr	x0, x0, x10
.endm
.macro chkd reg, val, bit
	fmov	x11, \reg
	chk	x11, \val, \bit
.endm
	chk	x19, 0x1900, 0
	chk	x20, 0x2000, 1
	chk	x21, 0x2100, 2
	chk	x22, 0x2200, 3
	chk	x23, 0x2300, 4
	chk	x24, 0x2400, 5
	chk	x25, 0x2500, 6
	chk	x26, 0x2600, 7
	chk	x27, 0x2700, 8
	chk	x28, 0x2800, 9
	chk	x29, 0x2900, 10
	chkd	d8, 0x0800, 11
	chkd	d9, 0x0900, 12
	chkd	d10, 0x1000, 13
	chkd	d11, 0x1100, 14
	chkd	d12, 0x1200, 15
	chkd	d13, 0x1300, 16
	chkd	d14, 0x1400, 17
	chkd	d15, 0x1500, 18

	ldp	d8, d9, [sp, #0]
	ldp	d10, d11, [sp, #16]
	ldp	d12, d13, [sp, #32]
	ldp	d14, d15, [sp, #48]
	add	sp, sp, #64
	ldp	x19, x20, [sp, #16]
	ldp	x21, x22, [sp, #32]
	ldp	x23, x24, [sp, #48]
	ldp	x25, x26, [sp, #64]
	ldp	x27, x28, [sp, #80]
	ldp	x29, x30, [sp], #96
	ret
