/*
 * The generic timer's virtual counter: ticks and frequency.  EL1 may read
 * both at any entry EL (boot/start.S opens CNTHCTL_EL2; CNTVOFF_EL2 = 0).
 */
#ifndef PG_ARCH_TIMER_H
#define PG_ARCH_TIMER_H

#include <stdint.h>

/* CNTVCT_EL0, ordered after earlier instructions by an ISB. */
static inline uint64_t timer_ticks(void)
{
	uint64_t v;

	__asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(v) : : "memory");
	return v;
}

/* CNTFRQ_EL0 in Hz (set by firmware; QEMU: 62.5 MHz, Pi 3: 19.2 MHz). */
static inline uint64_t timer_freq(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(v));
	return v;
}

/* Ticks to microseconds without overflow for any realistic run. */
static inline uint64_t timer_ticks_to_us(uint64_t ticks)
{
	uint64_t f = timer_freq();

	return f ? (ticks / f) * 1000000u + (ticks % f) * 1000000u / f : 0;
}

#endif
