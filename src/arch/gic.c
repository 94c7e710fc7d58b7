/* GICv2 as a wake-up source (see gic.h); registers: Arm IHI 0048B 4.3, 4.4. */
#include "arch/gic.h"
#include "arch/cpu.h"
#include "arch/mmu.h"

#define GICD_CTLR	0x000u
#define GICD_ISENABLER0 0x100u /* SGIs and PPIs: banked per core */
#define GICD_IPRIORITYR 0x400u /* one byte per INTID */
#define GICC_CTLR	0x000u
#define GICC_PMR	0x004u
#define GICC_IAR	0x00cu
#define GICC_EOIR	0x010u

#define GICD_CTLR_ENABLE  3u /* EnableGrp0 | EnableGrp1 (no Security Extensions) */
#define GICC_CTLR_ENABLE  3u /* the same; FIQEn 0: group 0 signals IRQ */
#define GICC_PMR_ALL	  0xffu
#define GICC_IAR_SPURIOUS 1023u

#define CNTV_CTL_ENABLE 1u

static volatile uint32_t *gicd, *gicc;
/* The cores set up (MPIDR affinity), the boot core first. */
#define GIC_CORES 8
static uint64_t ready[GIC_CORES];
static volatile unsigned nready;

static volatile uint32_t *reg(volatile uint32_t *base, uint32_t off)
{
	return base + off / 4;
}

static bool core_ready(void)
{
	uint64_t me = cpu_mpidr();

	if (!gicc)
		return false;
	for (unsigned i = 0; i < nready; i++)
		if (ready[i] == me)
			return true;
	return false;
}

/* The calling core's banked part: its PPI's priority and enable, and its
 * CPU interface (IHI 0048B 4.3.5, 4.3.11, 4.4.1, 4.4.2). */
static bool core_setup(void)
{
	volatile uint8_t *prio = (volatile uint8_t *)(uintptr_t)((uintptr_t)gicd + GICD_IPRIORITYR +
								 GIC_VTIMER_INTID);

	*prio = 0; /* the highest: above any priority mask */
	*reg(gicd, GICD_ISENABLER0) = 1u << GIC_VTIMER_INTID;
	*reg(gicc, GICC_PMR) = GICC_PMR_ALL;
	*reg(gicc, GICC_CTLR) |= GICC_CTLR_ENABLE;
	dsb_ish();
	return (*reg(gicd, GICD_ISENABLER0) >> GIC_VTIMER_INTID & 1) && (*reg(gicc, GICC_CTLR) & 1);
}

bool gic_wake_init(uint64_t d, uint64_t c)
{
	if (gicd == (volatile uint32_t *)(uintptr_t)d && d && nready && ready[0] == cpu_mpidr())
		return true; /* already, from this core */
	if (!d || !c || !mmu_probe(d, true, 0) || !mmu_probe(c, true, 0))
		return false;
	gicd = (volatile uint32_t *)(uintptr_t)d;
	gicc = (volatile uint32_t *)(uintptr_t)c;
	*reg(gicd, GICD_CTLR) |= GICD_CTLR_ENABLE;
	if (!core_setup()) {
		gicd = gicc = 0; /* e.g. a Secure-only group seen from Non-secure */
		return false;
	}
	ready[0] = cpu_mpidr();
	nready = 1;
	return true;
}

bool gic_core_init(void)
{
	unsigned k;

	if (!gicc || core_ready())
		return gicc != 0;
	if (!core_setup())
		return false;
	/* An atomic slot: secondaries may come up at once. */
	k = __atomic_fetch_add(&nready, 0, __ATOMIC_RELAXED);
	do {
		if (k >= GIC_CORES)
			return false;
	} while (!__atomic_compare_exchange_n(&nready, &k, k + 1, false, __ATOMIC_RELAXED,
					      __ATOMIC_RELAXED));
	ready[k] = cpu_mpidr();
	return true;
}

void gic_sleep_until(uint64_t deadline)
{
	uint32_t iar;

	if (!gicc || cpu_mpidr() != ready[0]) {
		__asm__ volatile("wfe" : : : "memory");
		return;
	}
	write_sysreg(cntv_cval_el0, deadline);
	write_sysreg(cntv_ctl_el0, CNTV_CTL_ENABLE);
	isb();
	__asm__ volatile("dsb sy\n\twfi" : : : "memory");
	write_sysreg(cntv_ctl_el0, 0);
	isb();
	/* Never taken, so acknowledge and end it here: a GICv2 keeps the
	 * pending state latched, and the next WFI would not halt. */
	iar = *reg(gicc, GICC_IAR);
	if ((iar & 0x3ffu) != GICC_IAR_SPURIOUS)
		*reg(gicc, GICC_EOIR) = iar;
}

/* Acknowledge and end the interrupt pending at this core's CPU interface,
 * if any; its INTID, or GICC_IAR_SPURIOUS. */
static uint32_t ack(void)
{
	uint32_t iar = *reg(gicc, GICC_IAR);

	if ((iar & 0x3ffu) != GICC_IAR_SPURIOUS)
		*reg(gicc, GICC_EOIR) = iar;
	return iar & 0x3ffu;
}

bool gic_watch_arm(uint64_t deadline)
{
	if (!core_ready())
		return false;
	write_sysreg(cntv_cval_el0, deadline);
	write_sysreg(cntv_ctl_el0, CNTV_CTL_ENABLE);
	isb();
	return true;
}

void gic_watch_disarm(void)
{
	if (!core_ready())
		return;
	write_sysreg(cntv_ctl_el0, 0);
	isb();
	(void)ack(); /* fired just as the call returned: not left latched */
}

bool gic_watch_fired(void)
{
	uint32_t iar;

	if (!core_ready())
		return false;
	/* Acknowledge first: the timer's level interrupt stops pending once
	 * the timer is off (IHI 0048B 3.2.4), then end it. */
	iar = *reg(gicc, GICC_IAR);
	write_sysreg(cntv_ctl_el0, 0);
	isb();
	if ((iar & 0x3ffu) != GICC_IAR_SPURIOUS)
		*reg(gicc, GICC_EOIR) = iar;
	return (iar & 0x3ffu) == GIC_VTIMER_INTID;
}
