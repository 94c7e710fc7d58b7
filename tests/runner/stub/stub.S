/*
 * A stand-in firmware for the runner's real-QEMU tests: it writes a recorded
 * report stream (STREAM, .incbin) to the board's PL011 and ends the run the
 * way pairguard does, with a semihosting exit carrying EXIT_CODE (or spins
 * forever when HANG is defined, for the timeout test).  Built by
 * tests/runner/test_qemu.py with the cross compiler; not part of the product.
 *
 * Build-time defines: UART_BASE (PL011 base), STREAM (file), EXIT_CODE, HANG;
 * UART_MINI: UART_BASE is a BCM2835 mini-UART's AUX_MU_IO register instead
 * (the Pi 3's own device tree's console).
 */

	.section .text
	.global _start
_start:
	/* arm64 Linux Image header: QEMU loads the raw file at RAM + text_offset
	 * and, on virt, passes the DTB (QEMU-NOTES.md "Booting"). */
	b	entry			/* code0 */
	.long	0			/* code1 */
	.quad	0x80000			/* text_offset */
	.quad	image_end - _start	/* image_size */
	.quad	0			/* flags: little-endian */
	.quad	0, 0, 0			/* res2..res4 */
	.ascii	"ARM\x64"		/* magic */
	.long	0			/* res5 */

/*
 * In: whatever the boot loader left.  Out: does not return.
 * Clobbers: x0-x5.  Position independent: only adr and literal loads.
 */
entry:
	mrs	x0, mpidr_el1
	tst	x0, #0xff		/* Aff0 != 0: a secondary core (raspi3b starts all four here) */
	b.ne	park
	ldr	x1, =UART_BASE
	adr	x2, stream
	adr	x3, stream_end
1:	cmp	x2, x3
	b.hs	done
#ifdef UART_MINI
2:	ldr	w4, [x1, #0x14]		/* AUX_MU_LSR */
	tbz	w4, #5, 2b		/* transmitter empty: room for a byte */
#else
2:	ldr	w4, [x1, #0x18]		/* UARTFR */
	tbnz	w4, #5, 2b		/* TXFF: transmit FIFO full */
#endif
	ldrb	w4, [x2], #1
	str	w4, [x1]		/* UARTDR */
	b	1b
done:
#ifdef HANG
3:	b	3b
#else
	/* Semihosting SYS_EXIT_EXTENDED (0x20): x1 -> {ADP_Stopped_ApplicationExit, code}. */
	mov	w0, #0x20
	adr	x1, exit_block
	hlt	#0xf000
	b	park
#endif
park:
	wfe
	b	park

	.balign	8
exit_block:
	.quad	0x20026
	.quad	EXIT_CODE
	.ltorg
stream:
	.incbin	STREAM
stream_end:
	.balign	8
image_end:
