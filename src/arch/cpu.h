/*
 * CPU identity and state: MIDR_EL1, the current EL, barriers.  The name of
 * a MIDR value is portable (lib/cpuid.h); the EL pairguard was entered at
 * is a boot fact (sys/boot.h: boot_info).
 */
#ifndef PG_ARCH_CPU_H
#define PG_ARCH_CPU_H

#include <stdint.h>

#define read_sysreg(r)                                                                             \
	({                                                                                         \
		uint64_t v_;                                                                       \
		__asm__ volatile("mrs %0, " #r : "=r"(v_));                                        \
		v_;                                                                                \
	})
#define write_sysreg(r, v) __asm__ volatile("msr " #r ", %0" : : "r"((uint64_t)(v)) : "memory")

static inline uint64_t cpu_midr(void)
{
	return read_sysreg(midr_el1);
}

static inline uint64_t cpu_mpidr(void)
{
	return read_sysreg(mpidr_el1);
}

static inline unsigned cpu_current_el(void)
{
	return (unsigned)(read_sysreg(CurrentEL) >> 2) & 3;
}

static inline void isb(void)
{
	__asm__ volatile("isb" : : : "memory");
}

static inline void dsb_ish(void)
{
	__asm__ volatile("dsb ish" : : : "memory");
}

static inline void dsb_ishst(void)
{
	__asm__ volatile("dsb ishst" : : : "memory");
}

#endif
