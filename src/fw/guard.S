/*
 * The engine's fast memory check on the firmware: are n bytes still all
 * guard?  (The JIT entry and exit are the recovery API's: arch/recover.h.)
 */
	.text

/*
 * pg_guard_diff: an OR of (p XOR guard) over the whole range, with no
 * data-dependent branch; the guard repeats every 64 bytes and stays in
 * v4-v7, so only the checked bytes are loaded.
 * In:  x0 = p (16-byte aligned), x1 = the 64-byte guard period, x2 = n (a
 *      non-zero multiple of 128).
 * Out: x0 = 0 when all bytes equal the guard, non-zero otherwise.
 * Clobbers: x1, x2, v0-v7, v16-v19.
 */
	.global pg_guard_diff
	.type pg_guard_diff, %function
	.balign 16
pg_guard_diff:
	ld1	{v4.16b, v5.16b, v6.16b, v7.16b}, [x1]
	movi	v16.16b, #0
	movi	v17.16b, #0
	movi	v18.16b, #0
	movi	v19.16b, #0
1:
	.rept	2	/* 128 bytes per loop */
	ld1	{v0.16b, v1.16b, v2.16b, v3.16b}, [x0], #64
	eor	v0.16b, v0.16b, v4.16b
	eor	v1.16b, v1.16b, v5.16b
	eor	v2.16b, v2.16b, v6.16b
	eor	v3.16b, v3.16b, v7.16b
	orr	v16.16b, v16.16b, v0.16b
	orr	v17.16b, v17.16b, v1.16b
	orr	v18.16b, v18.16b, v2.16b
	orr	v19.16b, v19.16b, v3.16b
	.endr
	subs	x2, x2, #128
	b.ne	1b
	orr	v16.16b, v16.16b, v17.16b
	orr	v18.16b, v18.16b, v19.16b
	orr	v16.16b, v16.16b, v18.16b
	umaxv	b0, v16.16b
	umov	w0, v0.b[0]
	ret
	.size pg_guard_diff, . - pg_guard_diff
