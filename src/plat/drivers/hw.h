/*
 * What a board driver touches: device registers, the generic counter (for
 * delays and time-outs) and the data cache (for buffers a non-coherent bus
 * master reads).  The firmware gets the real accesses.  The host tests build
 * the same driver files with PG_HW_FAKE defined and supply these functions
 * from models of the devices (tests/host/hwfake.c), so the code that ships
 * is the code under test.
 */
#ifndef PG_PLAT_DRIVERS_HW_H
#define PG_PLAT_DRIVERS_HW_H

#include <stddef.h>
#include <stdint.h>

#ifdef PG_HW_FAKE
uint32_t hw_read32(uint64_t addr);
void hw_write32(uint64_t addr, uint32_t v);
uint64_t hw_ticks(void);
uint64_t hw_tick_freq(void);
void hw_dcache_clean_inval(const void *p, size_t len);
void hw_sev(void);
#else
#include "arch/cache.h"
#include "arch/timer.h"

static inline uint32_t hw_read32(uint64_t addr)
{
	return *(volatile uint32_t *)(uintptr_t)addr;
}

static inline void hw_write32(uint64_t addr, uint32_t v)
{
	*(volatile uint32_t *)(uintptr_t)addr = v;
}

static inline uint64_t hw_ticks(void)
{
	return timer_ticks();
}

static inline uint64_t hw_tick_freq(void)
{
	return timer_freq();
}

/* Clean and invalidate to the Point of Coherency (ends with DSB SY). */
static inline void hw_dcache_clean_inval(const void *p, size_t len)
{
	dcache_clean_inval_poc(p, len);
}

/* Wake every core waiting in WFE, after everything written before. */
static inline void hw_sev(void)
{
	__asm__ volatile("dsb sy\n\tsev" : : : "memory");
}
#endif

/* Busy-wait at least us microseconds on the generic counter.  A counter
 * frequency of 0 (no firmware leaves it so) falls back to 1000 counter
 * reads per microsecond, each of which takes a nanosecond or more. */
static inline void hw_delay_us(uint64_t us)
{
	uint64_t f = hw_tick_freq(), t0 = hw_ticks();

	if (!f) {
		for (uint64_t i = 0; i < us * 1000u; i++)
			(void)hw_ticks();
		return;
	}
	while (hw_ticks() - t0 < (us * f + 999999u) / 1000000u)
		;
}

#endif
