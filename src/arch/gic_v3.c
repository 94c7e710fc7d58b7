/*
 * GICv3 backend (gic_backend.h): the distributor with affinity routing,
 * one redistributor per core (its PPIs), the system-register CPU
 * interface.  Register names and bits: Arm IHI 0069 (GICv3 and GICv4
 * architecture specification), chapter 12 "Programmers' model".
 */
#include <stdio.h>

#include "arch/cpu.h"
#include "arch/gic_backend.h"
#include "arch/sysreg.h"
#include "arch/timer.h"

#define GICD_CTLR	 0x0000u
#define GICD_CTLR_RWP	 (1u << 31) /* a write to CTLR still in progress */
#define GICD_CTLR_ARE_NS (1u << 4)  /* affinity routing (ARE when DS=1) */
#define GICD_CTLR_GRP1NS (1u << 1)  /* EnableGrp1NS (EnableGrp1 when DS=1) */

/* A redistributor: RD_base frame, then the SGI_base frame (SGIs, PPIs). */
#define GICR_TYPER	 0x0008u /* 64-bit */
#define GICR_TYPER_VLPIS (1u << 1)
#define GICR_TYPER_LAST	 (1u << 4)
#define GICR_WAKER	 0x0014u
#define GICR_WAKER_PS	 (1u << 1) /* ProcessorSleep */
#define GICR_WAKER_CA	 (1u << 2) /* ChildrenAsleep */
#define GICR_SGI	 0x10000u
#define GICR_IGROUPR0	 0x0080u
#define GICR_ISENABLER0	 0x0100u
#define GICR_IPRIORITYR	 0x0400u /* one byte per INTID */
/* GICv3: RD_base + SGI_base; GICv4 (GICR_TYPER.VLPIS) adds two frames. */
#define GICR_STRIDE_V3 0x20000u
#define GICR_STRIDE_V4 0x40000u

#define ICC_SRE_SRE	 1u	   /* system-register interface on */
#define ICC_CTLR_EOIMODE (1u << 1) /* 0: EOIR also deactivates */
#define ICC_PMR_ALL	 0xffu
#define ICC_IAR_INTID	 0xffffffu
#define GIC_WAIT_US	 10000u

/* The redistributors found (their affinity as GICR_TYPER gives it). */
#define RD_MAX 64
static struct {
	uint32_t aff;
	uint64_t rd;
} rds[RD_MAX];
static unsigned nrds;

/* MPIDR_EL1's Aff3.Aff2.Aff1.Aff0, as GICR_TYPER[63:32] holds it. */
static uint32_t my_aff(void)
{
	uint64_t m = cpu_mpidr();

	return (uint32_t)(m & 0xffffffu) | (uint32_t)(m >> 32 & 0xffu) << 24;
}

/* Walk a redistributor region (IHI 0069, GICR_TYPER: Last marks the last
 * redistributor of a region); each one's two first pages mapped. */
static const char *walk(uint64_t base, uint64_t size, uint64_t stride)
{
	for (uint64_t o = 0; o + GICR_STRIDE_V3 <= size && nrds < RD_MAX;) {
		uint64_t rd = base + o, typer;

		if (!gic_map(rd, 0x1000) || !gic_map(rd + GICR_SGI, 0x1000))
			return "a redistributor cannot be mapped";
		typer = *(volatile uint64_t *)(uintptr_t)(rd + GICR_TYPER);
		rds[nrds].aff = (uint32_t)(typer >> 32);
		rds[nrds++].rd = rd;
		if (typer & GICR_TYPER_LAST)
			break;
		o += stride ? stride : (typer & GICR_TYPER_VLPIS) ? GICR_STRIDE_V4 : GICR_STRIDE_V3;
	}
	return NULL;
}

static uint64_t gicd;

/* Until GICD_CTLR's last write took effect; false after 10 ms. */
static bool rwp_wait(void)
{
	uint64_t end = timer_ticks() + timer_freq() / 1000000 * GIC_WAIT_US;

	while (*gic_reg(gicd, GICD_CTLR) & GICD_CTLR_RWP)
		if (timer_ticks() > end)
			return false;
	return true;
}

static const char *v3_init(const gic_desc *d)
{
	static char why[160];
	const char *err = NULL;

	if ((read_sysreg(id_aa64pfr0_el1) >> ID_AA64PFR0_GIC_SHIFT & 0xf) == 0)
		err = "this core has no GIC system-register interface (ID_AA64PFR0_EL1.GIC 0)";
	else if (!d->nredist)
		err = "no redistributor region in the device tree";
	else if (!gic_map(d->dist, 0x1000))
		err = "the distributor cannot be mapped";
	for (unsigned i = 0; !err && i < d->nredist; i++)
		err = walk(d->redist[i].base, d->redist[i].size, d->stride);
	if (!err) {
		/* Affinity routing first, then the group (IHI 0069, GICD_CTLR:
		 * ARE changes only while the groups are off; RWP says a write
		 * took effect). */
		uint32_t ctlr;

		gicd = d->dist;
		ctlr = *gic_reg(gicd, GICD_CTLR);
		if (!(ctlr & GICD_CTLR_ARE_NS))
			*gic_reg(gicd, GICD_CTLR) = ctlr | GICD_CTLR_ARE_NS;
		rwp_wait();
		*gic_reg(gicd, GICD_CTLR) |= GICD_CTLR_GRP1NS;
		ctlr = rwp_wait() ? *gic_reg(gicd, GICD_CTLR) : 0;
		if (!(ctlr & GICD_CTLR_ARE_NS) || !(ctlr & GICD_CTLR_GRP1NS))
			err = "GICD_CTLR's affinity routing or Group 1 did not turn on";
	}
	if (!err)
		return NULL;
	snprintf(why, sizeof why, "GICv3 at 0x%lx: %s", (unsigned long)d->dist, err);
	return why;
}

static const char *v3_core(void)
{
	uint32_t me = my_aff();
	uint64_t rd = 0, sgi, end;
	volatile uint32_t *waker;

	for (unsigned i = 0; i < nrds && !rd; i++)
		if (rds[i].aff == me)
			rd = rds[i].rd;
	if (!rd)
		return "no redistributor has this core's affinity (GICR_TYPER)";
	/* Wake the redistributor: clear ProcessorSleep, wait until
	 * ChildrenAsleep reads 0 (IHI 0069, GICR_WAKER; "Power management").
	 * Asleep, it forwards no interrupt to this core. */
	waker = gic_reg(rd, GICR_WAKER);
	*waker &= ~GICR_WAKER_PS;
	end = timer_ticks() + timer_freq() / 1000000 * GIC_WAIT_US;
	while (*waker & GICR_WAKER_CA)
		if (timer_ticks() > end)
			return "its redistributor stays asleep (GICR_WAKER.ChildrenAsleep)";
	/* The timer's PPI: Non-secure Group 1 (an IRQ at EL1), the highest
	 * priority, enabled (IHI 0069, GICR_IGROUPR0, GICR_IPRIORITYR<n>,
	 * GICR_ISENABLER0). */
	sgi = rd + GICR_SGI;
	*gic_reg(sgi, GICR_IGROUPR0) |= 1u << GIC_VTIMER_INTID;
	*(volatile uint8_t *)(uintptr_t)(sgi + GICR_IPRIORITYR + GIC_VTIMER_INTID) = 0;
	*gic_reg(sgi, GICR_ISENABLER0) = 1u << GIC_VTIMER_INTID;
	dsb_ish();
	/* The CPU interface through system registers (IHI 0069, ICC_SRE_EL1;
	 * an EL2 must have set ICC_SRE_EL2.Enable and SRE: boot/start.S),
	 * every priority unmasked (ICC_PMR_EL1), EOI also deactivates
	 * (ICC_CTLR_EL1.EOImode 0), Group 1 on (ICC_IGRPEN1_EL1). */
	write_sysreg(icc_sre_el1, read_sysreg(icc_sre_el1) | ICC_SRE_SRE);
	isb();
	if (!(read_sysreg(icc_sre_el1) & ICC_SRE_SRE))
		return "ICC_SRE_EL1.SRE stays 0 (a higher EL keeps the system registers off)";
	write_sysreg(icc_pmr_el1, ICC_PMR_ALL);
	write_sysreg(icc_ctlr_el1, read_sysreg(icc_ctlr_el1) & ~(uint64_t)ICC_CTLR_EOIMODE);
	write_sysreg(icc_igrpen1_el1, 1);
	isb();
	if (!(*gic_reg(sgi, GICR_ISENABLER0) >> GIC_VTIMER_INTID & 1))
		return "INTID 27 did not come out enabled (GICR_ISENABLER0)";
	return read_sysreg(icc_igrpen1_el1) & 1 ? NULL
						: "Group 1 did not turn on (ICC_IGRPEN1_EL1)";
}

/* The CPU interface is in the core: a PSCI CPU_OFF and CPU_ON resets it
 * (QEMU does; hardware powers it down).  ICC_IGRPEN1_EL1 is read only
 * once SRE is on (before, an ICC_* access at EL1 is UNDEFINED). */
static bool v3_intact(void)
{
	return (read_sysreg(icc_sre_el1) & ICC_SRE_SRE) && (read_sysreg(icc_igrpen1_el1) & 1);
}

static uint32_t v3_ack(uint32_t *token)
{
	uint32_t intid = (uint32_t)read_sysreg(icc_iar1_el1) & ICC_IAR_INTID;

	*token = intid;
	return intid >= 1020u && intid <= 1023u ? GIC_SPURIOUS : intid;
}

static void v3_end(uint32_t token)
{
	write_sysreg(icc_eoir1_el1, token);
	isb();
}

const gic_backend gic_v3_backend = { v3_init, v3_core, v3_intact, v3_ack, v3_end };
