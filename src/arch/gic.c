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
static uint64_t owner; /* MPIDR of the core set up */

static volatile uint32_t *reg(volatile uint32_t *base, uint32_t off)
{
	return base + off / 4;
}

bool gic_wake_init(uint64_t d, uint64_t c)
{
	volatile uint8_t *prio;

	if (!d || !c || !mmu_probe(d, true, 0) || !mmu_probe(c, true, 0))
		return false;
	gicd = (volatile uint32_t *)(uintptr_t)d;
	gicc = (volatile uint32_t *)(uintptr_t)c;
	prio = (volatile uint8_t *)(uintptr_t)(d + GICD_IPRIORITYR + GIC_VTIMER_INTID);
	*prio = 0; /* the highest: above any priority mask */
	*reg(gicd, GICD_ISENABLER0) = 1u << GIC_VTIMER_INTID;
	*reg(gicd, GICD_CTLR) |= GICD_CTLR_ENABLE;
	*reg(gicc, GICC_PMR) = GICC_PMR_ALL;
	*reg(gicc, GICC_CTLR) |= GICC_CTLR_ENABLE;
	dsb_ish();
	if (!(*reg(gicd, GICD_ISENABLER0) >> GIC_VTIMER_INTID & 1) ||
	    !(*reg(gicc, GICC_CTLR) & 1)) {
		gicd = gicc = 0; /* e.g. a Secure-only group seen from Non-secure */
		return false;
	}
	owner = cpu_mpidr();
	return true;
}

void gic_sleep_until(uint64_t deadline)
{
	uint32_t iar;

	if (!gicc || cpu_mpidr() != owner) {
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
