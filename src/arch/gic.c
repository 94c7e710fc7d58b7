/* The interrupt controller's common part (see gic.h); the registers are
 * the backends' (gic_v2.c, gic_v3.c, gic_bcm.c). */
#include <stdio.h>

#include "arch/gic.h"
#include "arch/cpu.h"
#include "arch/gic_backend.h"
#include "arch/mmu.h"
#include "arch/page.h"

#define CNTV_CTL_ENABLE 1u

static const gic_backend *be;
/* The cores set up (MPIDR), the boot core first. */
#define GIC_CORES 8
static uint64_t ready[GIC_CORES];
static volatile unsigned nready;

const char *gic_kind_name(gic_kind k)
{
	return k == GIC_V2	    ? "GICv2"
	       : k == GIC_V3	    ? "GICv3"
	       : k == GIC_BCM_LOCAL ? "BCM2836 ARM-local"
				    : "none";
}

bool gic_map(uint64_t pa, uint64_t size)
{
	uint64_t lo = pa & ~(uint64_t)(PAGE_SIZE - 1);
	uint64_t hi = (pa + size + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);

	if (!pa || hi <= lo)
		return false;
	for (uint64_t p = lo; p < hi; p += PAGE_SIZE)
		if (!mmu_probe(p, true, 0) && mmu_map(p, p, PAGE_SIZE, MMU_DEVICE) != MMU_OK)
			return false;
	return true;
}

static bool core_ready(void)
{
	uint64_t me = cpu_mpidr();

	if (!be)
		return false;
	for (unsigned i = 0; i < nready; i++)
		if (ready[i] == me)
			return true;
	return false;
}

bool gic_init(const gic_desc *d, const char **why)
{
	static char no_core[160];
	const gic_backend *b;
	const char *err;

	if (be && nready && ready[0] == cpu_mpidr())
		return true; /* already, from this core */
	b = d->kind == GIC_V2	       ? &gic_v2_backend
	    : d->kind == GIC_V3	       ? &gic_v3_backend
	    : d->kind == GIC_BCM_LOCAL ? &gic_bcm_backend
				       : NULL;
	err = !b ? (d->why ? d->why : "none found") : b->init(d);
	if (!err && (err = b->core()) != NULL) {
		snprintf(no_core, sizeof no_core, "%s on the boot core: %s", gic_kind_name(d->kind),
			 err);
		err = no_core;
	}
	if (err) {
		if (why)
			*why = err;
		return false;
	}
	be = b;
	ready[0] = cpu_mpidr();
	nready = 1;
	return true;
}

bool gic_core_init(void)
{
	unsigned k;

	if (!be)
		return false;
	if (core_ready())
		return be->intact() || !be->core();
	if (be->core())
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

/* Acknowledge and end the interrupt pending at this core, if any. */
static void ack_end(void)
{
	uint32_t token, intid = be->ack(&token);

	if (intid != GIC_SPURIOUS)
		be->end(token);
}

void gic_sleep_until(uint64_t deadline)
{
	if (!be || cpu_mpidr() != ready[0]) {
		__asm__ volatile("wfe" : : : "memory");
		return;
	}
	write_sysreg(cntv_cval_el0, deadline);
	write_sysreg(cntv_ctl_el0, CNTV_CTL_ENABLE);
	isb();
	__asm__ volatile("dsb sy\n\twfi" : : : "memory");
	write_sysreg(cntv_ctl_el0, 0);
	isb();
	/* Never taken, so acknowledge and end it here: a GIC keeps the
	 * pending state latched, and the next WFI would not halt. */
	ack_end();
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
	ack_end(); /* fired just as the call returned: not left latched */
}

bool gic_watch_fired(void)
{
	uint32_t token, intid;

	if (!core_ready())
		return false;
	/* Acknowledge first: the timer's level interrupt stops pending once
	 * the timer is off (IHI 0048B 3.2.4), then end it. */
	intid = be->ack(&token);
	write_sysreg(cntv_ctl_el0, 0);
	isb();
	if (intid != GIC_SPURIOUS)
		be->end(token);
	return intid == GIC_VTIMER_INTID;
}
