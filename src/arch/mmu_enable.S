/*
 * Turn on the MMU and caches (see mmu.c).
 *
 * void mmu_enable(ttbr0, tcr, mair, sctlr, inval_lo, inval_hi)
 * In:  x0..x3 register values, [x4, x5) the range written with the MMU off.
 * Out: MMU and caches on, executing the same (identity-mapped) code.
 * Clobbers: x4..x8.  A leaf: touches no memory but the cache lines it
 * invalidates, so nothing written with the MMU off can be hidden by a stale
 * line afterwards.
 */
	.text
	.globl	mmu_enable
mmu_enable:
	mrs	x6, ctr_el0
	ubfx	x6, x6, #16, #4			/* DminLine: log2(words) */
	mov	x7, #4
	lsl	x7, x7, x6
	sub	x8, x7, #1
	bic	x4, x4, x8
1:	cmp	x4, x5
	b.hs	2f
	dc	ivac, x4
	add	x4, x4, x7
	b	1b
2:	dsb	sy

	msr	mair_el1, x2
	msr	tcr_el1, x1
	msr	ttbr0_el1, x0
	isb
	tlbi	vmalle1
	ic	iallu
	dsb	nsh
	isb
	/* The instructions after this write are fetched through the new
	 * (identity) translation: same addresses, so execution continues. */
	msr	sctlr_el1, x3
	isb
	ret
