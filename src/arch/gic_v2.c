/* GICv2 backend (gic_backend.h); registers: Arm IHI 0048B 4.3, 4.4. */
#include <stdio.h>

#include "arch/cpu.h"
#include "arch/gic_backend.h"

#define GICD_CTLR	0x000u
#define GICD_ISENABLER0 0x100u /* SGIs and PPIs: banked per core */
#define GICD_IPRIORITYR 0x400u /* one byte per INTID */
#define GICC_CTLR	0x000u
#define GICC_PMR	0x004u
#define GICC_IAR	0x00cu
#define GICC_EOIR	0x010u

#define GICD_CTLR_ENABLE 3u /* EnableGrp0 | EnableGrp1 (no Security Extensions) */
#define GICC_CTLR_ENABLE 3u /* the same; FIQEn 0: group 0 signals IRQ */
#define GICC_PMR_ALL	 0xffu
#define GICC_IAR_INTID	 0x3ffu

static uint64_t gicd, gicc;

static const char *v2_init(const gic_desc *d)
{
	if (!gic_map(d->dist, 0x1000) || !gic_map(d->cpu, 0x1000)) {
		static char why[96];

		snprintf(why, sizeof why, "GICv2 at 0x%lx/0x%lx: cannot be mapped",
			 (unsigned long)d->dist, (unsigned long)d->cpu);
		return why;
	}
	gicd = d->dist;
	gicc = d->cpu;
	*gic_reg(gicd, GICD_CTLR) |= GICD_CTLR_ENABLE;
	return NULL;
}

/* The calling core's banked part: its PPI's priority and enable, and its
 * CPU interface (IHI 0048B 4.3.5, 4.3.11, 4.4.1, 4.4.2). */
static const char *v2_core(void)
{
	volatile uint8_t *prio =
		(volatile uint8_t *)(uintptr_t)(gicd + GICD_IPRIORITYR + GIC_VTIMER_INTID);

	*prio = 0; /* the highest: above any priority mask */
	*gic_reg(gicd, GICD_ISENABLER0) = 1u << GIC_VTIMER_INTID;
	*gic_reg(gicc, GICC_PMR) = GICC_PMR_ALL;
	*gic_reg(gicc, GICC_CTLR) |= GICC_CTLR_ENABLE;
	dsb_ish();
	/* Not enabled: e.g. a Secure-only group seen from Non-secure. */
	if (!(*gic_reg(gicd, GICD_ISENABLER0) >> GIC_VTIMER_INTID & 1))
		return "INTID 27 did not come out enabled (GICD_ISENABLER0)";
	return *gic_reg(gicc, GICC_CTLR) & 1 ? NULL
					     : "the CPU interface did not turn on (GICC_CTLR)";
}

static uint32_t v2_ack(uint32_t *token)
{
	uint32_t iar = *gic_reg(gicc, GICC_IAR);

	*token = iar; /* with the CPUID of an SGI: EOIR wants it back */
	return (iar & GICC_IAR_INTID) >= 1020u ? GIC_SPURIOUS : iar & GICC_IAR_INTID;
}

static void v2_end(uint32_t token)
{
	*gic_reg(gicc, GICC_EOIR) = token;
}

/* All of it is in the GIC (the CPU interface too). */
static bool v2_intact(void)
{
	return true;
}

const gic_backend gic_v2_backend = { v2_init, v2_core, v2_intact, v2_ack, v2_end };
