/*
 * BCM2836/7 "ARM local" backend (gic_backend.h): the Raspberry Pi 2/3's
 * per-core interrupt routing in front of each Cortex-A core's IRQ line.
 * Register offsets and bits: Broadcom "BCM2836 ARM-local peripherals"
 * (QA7 rev 3.4), sections "Core timers interrupts" and "Core interrupt
 * sources".  Nothing to acknowledge: the timer's interrupt is a level that
 * drops when the timer is turned off (gic.c does).
 */
#include <stdio.h>

#include "arch/cpu.h"
#include "arch/gic_backend.h"

#define LOCAL_TIMER_CTL(n) (0x40u + 4u * (n)) /* core n's timers interrupt control */
#define LOCAL_IRQ_SRC(n)   (0x60u + 4u * (n)) /* core n's IRQ source */
#define LOCAL_CNTV_IRQ	   (1u << 3)	      /* nCNTVIRQ to the core's IRQ */
#define LOCAL_CNTV_FIQ	   (1u << 7)	      /* ... to its FIQ (kept off) */
#define LOCAL_SRC_CNTV	   (1u << 3)	      /* IRQ source: the virtual timer */
#define LOCAL_CORES	   4u

static uint64_t local;

/* This core's number: the BCM2836/7 numbers its cores by MPIDR.Aff0. */
static unsigned me(void)
{
	return (unsigned)(cpu_mpidr() & 0xffu);
}

static const char *bcm_init(const gic_desc *d)
{
	if (!gic_map(d->local, 0x1000)) {
		static char why[96];

		snprintf(why, sizeof why, "BCM2836 ARM-local at 0x%lx: cannot be mapped",
			 (unsigned long)d->local);
		return why;
	}
	local = d->local;
	return NULL;
}

static const char *bcm_core(void)
{
	volatile uint32_t *ctl;

	if (me() >= LOCAL_CORES)
		return "a core beyond the four it routes (MPIDR.Aff0 above 3)";
	ctl = gic_reg(local, LOCAL_TIMER_CTL(me()));
	*ctl = (*ctl & ~LOCAL_CNTV_FIQ) | LOCAL_CNTV_IRQ;
	dsb_ish();
	return (*ctl & (LOCAL_CNTV_IRQ | LOCAL_CNTV_FIQ)) == LOCAL_CNTV_IRQ
		       ? NULL
		       : "the core's timer interrupt control did not take the CNTV routing";
}

static uint32_t bcm_ack(uint32_t *token)
{
	*token = 0;
	return (*gic_reg(local, LOCAL_IRQ_SRC(me())) & LOCAL_SRC_CNTV) ? GIC_VTIMER_INTID
								       : GIC_SPURIOUS;
}

static void bcm_end(uint32_t token)
{
	(void)token;
}

/* The routing is in the controller, not in the core. */
static bool bcm_intact(void)
{
	return true;
}

const gic_backend gic_bcm_backend = { bcm_init, bcm_core, bcm_intact, bcm_ack, bcm_end };
