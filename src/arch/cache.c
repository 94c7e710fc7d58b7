/*
 * Cache maintenance by VA, line sizes and shortcuts from CTR_EL0.
 */
#include <stdbool.h>
#include <stdint.h>

#include "arch/cache.h"
#include "arch/cpu.h"
#include "arch/sysreg.h"

size_t dcache_line(void)
{
	return (size_t)4 << ((read_sysreg(ctr_el0) >> CTR_DMINLINE_SHIFT) & 0xf);
}

size_t icache_line(void)
{
	return (size_t)4 << ((read_sysreg(ctr_el0) >> CTR_IMINLINE_SHIFT) & 0xf);
}

/*
 * Arm ARM DDI0487, "Synchronization and coherency issues between data and
 * instruction accesses" (B2.7.4.2 in issue K.a) and "Concurrent modification
 * and execution of instructions" (B2.2.5): after writing instructions,
 *   DC CVAU (each line, by the VA written) ; DSB ISH ;
 *   IC IVAU (each line, by the VA executed) ; DSB ISH ; ISB.
 * CTR_EL0.IDC = 1 makes the clean unnecessary, CTR_EL0.DIC = 1 the
 * invalidate; the barriers stay.  The I-cache is invalidated through the RX
 * alias because that is the VA instruction fetch uses.  Never inlined, so
 * the image's listing shows this sequence as one function, which
 * tests/fw/test-jit-sync checks (QEMU has no caches: no run would notice a
 * missing instruction).
 */
/* The writer's half: clean by rw, DSB ISH, then (when ic) invalidate by rx,
 * DSB ISH; no ISB (the executing core's own context synchronization). */
static inline __attribute__((always_inline)) void publish(const void *rw, const void *rx,
							  size_t len, bool ic)
{
	uint64_t ctr = read_sysreg(ctr_el0);
	uintptr_t a, end;

	if (!(ctr & CTR_IDC)) {
		size_t line = (size_t)4 << ((ctr >> CTR_DMINLINE_SHIFT) & 0xf);

		end = (uintptr_t)rw + len;
		for (a = (uintptr_t)rw & ~(uintptr_t)(line - 1); a < end; a += line)
			__asm__ volatile("dc cvau, %0" : : "r"(a) : "memory");
	}
	dsb_ish();
	if (ic && !(ctr & CTR_DIC)) {
		size_t line = (size_t)4 << ((ctr >> CTR_IMINLINE_SHIFT) & 0xf);

		end = (uintptr_t)rx + len;
		for (a = (uintptr_t)rx & ~(uintptr_t)(line - 1); a < end; a += line)
			__asm__ volatile("ic ivau, %0" : : "r"(a) : "memory");
		dsb_ish();
	}
}

__attribute__((noinline)) void jit_sync(const void *rw, const void *rx, size_t len)
{
	if (!len)
		return;
	publish(rw, rx, len, true);
	isb();
}

/*
 * Cross-modifying code (B2.2.5, "Concurrent modification and execution of
 * instructions"): the IC IVAU is broadcast to the Inner Shareable domain
 * and the second DSB ISH waits for it on every core, so another core that
 * then observes the writer's release flag and executes an ISB fetches the
 * new instructions.
 */
__attribute__((noinline)) void jit_publish(const void *rw, const void *rx, size_t len, bool ic)
{
	if (len)
		publish(rw, rx, len, ic);
}

/* DC CIVAC, not DC CVAC: Cortex-A53 erratum 855873 (an eviction may
 * overtake a DC CVAC to the same line); cleaning and invalidating has the
 * same effect for the reader (tests/fw/test-errata: no DC CVAC anywhere). */
void dcache_clean_poc(const void *p, size_t len)
{
	dcache_clean_inval_poc(p, len);
}

void dcache_clean_inval_poc(const void *p, size_t len)
{
	size_t line = dcache_line();
	uintptr_t a, end = (uintptr_t)p + len;

	for (a = (uintptr_t)p & ~(uintptr_t)(line - 1); a < end; a += line)
		__asm__ volatile("dc civac, %0" : : "r"(a) : "memory");
	__asm__ volatile("dsb sy" : : : "memory");
}

void dcache_inval_poc_mmu_off(const void *p, size_t len)
{
	size_t line = dcache_line();
	uintptr_t a, end = (uintptr_t)p + len;

	/* Order earlier (Device, non-cacheable) stores before the invalidate. */
	__asm__ volatile("dsb sy" : : : "memory");
	for (a = (uintptr_t)p & ~(uintptr_t)(line - 1); a < end; a += line)
		__asm__ volatile("dc ivac, %0" : : "r"(a) : "memory");
	__asm__ volatile("dsb sy" : : : "memory");
}
