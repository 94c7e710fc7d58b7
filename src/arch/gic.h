/*
 * The interrupt controller, used for one interrupt only: each core's
 * virtual-timer interrupt.  One interface over three controllers (the
 * backends: gic_v2.c, gic_v3.c, gic_bcm.c):
 *  - a GICv2 (Arm IHI 0048B): distributor and memory-mapped CPU interface;
 *  - a GICv3 (Arm IHI 0069): distributor, one redistributor per core, the
 *    system-register CPU interface;
 *  - the BCM2836/7 "ARM local" controller of the Raspberry Pi 2/3 (QA7
 *    rev 3.4): per-core routing of each generic-timer interrupt to the
 *    core's IRQ line, and a per-core IRQ source register.
 *
 * Two uses.  As a wake-up source: the interrupt is enabled, never taken
 * (PSTATE.I stays masked, as everywhere in pairguard), but a pending
 * interrupt ends a WFI whatever PSTATE.I says (Arm ARM DDI0487 D1.16.2,
 * "Wait For Interrupt"), so a core that has nothing to do but wait can
 * halt until a deadline instead of spinning: under QEMU's multi-threaded
 * TCG, WFE does not halt a vCPU (it is a NOP there), WFI does.  And as the
 * watchdog of calls that may never return (recover_call_timed): taken as an
 * IRQ while the watched call runs with PSTATE.I clear.
 */
#ifndef PG_ARCH_GIC_H
#define PG_ARCH_GIC_H

#include <stdbool.h>
#include <stdint.h>

/* The virtual timer's interrupt: PPI 11, INTID 27 (Arm BSA, and the
 * "arm,armv8-timer" node of QEMU virt).  The BCM2836 backend reports its
 * CNTV source as this INTID too. */
#define GIC_VTIMER_INTID 27u

typedef enum gic_kind {
	GIC_NONE,      /* none found, or none usable (gic_desc.why says which) */
	GIC_V2,	       /* dist, cpu */
	GIC_V3,	       /* dist, redist[], stride */
	GIC_BCM_LOCAL, /* local */
} gic_kind;

#define GIC_REDIST_REGIONS 4

/* What the boot facts (the device tree, or the board) say about the
 * controller.  Addresses are CPU physical; pairguard maps them 1:1. */
typedef struct gic_desc {
	gic_kind kind;
	uint64_t dist; /* GICD (v2, v3) */
	uint64_t cpu;  /* GICC (v2) */
	struct {
		uint64_t base, size;
	} redist[GIC_REDIST_REGIONS]; /* v3: the redistributor regions */
	unsigned nredist;
	uint64_t stride; /* v3: "redistributor-stride"; 0: from GICR_TYPER.VLPIS */
	uint64_t local;	 /* BCM2836 ARM-local registers */
	/* GIC_NONE: the controller seen and why it is not used, e.g. "GICv3
	 * (arm,gic-v3) without a redistributor region"; NULL: none seen. */
	const char *why;
} gic_desc;

/* "GICv2", "GICv3", "BCM2836 ARM-local", "none". */
const char *gic_kind_name(gic_kind k);

/*
 * Set up the controller d describes for the calling core (the boot core,
 * once, before the others start): its registers mapped as Device memory
 * where they are not yet, its distributor enabled, and this core's part
 * (gic_core_init).  False (and gic_sleep_until stays a WFE, calls run
 * without a watchdog) when d names none or the set-up did not take;
 * *why (if not NULL) then names the controller and the reason.
 */
bool gic_init(const gic_desc *d, const char **why);

/* The calling core (the one gic_init ran on) halts in WFI until the
 * counter reaches deadline (CNTVCT_EL0 ticks) or another interrupt is
 * pending; without gic_init, one WFE.  Returns early as WFI may. */
void gic_sleep_until(uint64_t deadline);

/*
 * The watchdog (recover_call_timed): the calling core's virtual timer
 * raises its interrupt at deadline, taken as an IRQ while the watched call
 * runs with PSTATE.I clear.  gic_core_init sets up the calling core's part
 * (a secondary, after gic_init ran on the boot core: v2 its banked CPU
 * interface and PPI enable, v3 its redistributor and system registers,
 * BCM its timer routing); gic_watch_arm is false on a core not set up (no
 * controller, or not initialised there): the call then runs without a
 * watchdog.  gic_watch_fired, from the IRQ handler: true (and the
 * interrupt ended, the timer off) when the pending interrupt is the
 * watchdog's.
 */
bool gic_core_init(void);
bool gic_watch_arm(uint64_t deadline);
void gic_watch_disarm(void);
bool gic_watch_fired(void);

#endif
