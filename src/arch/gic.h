/*
 * A GICv2 used as a wake-up source for WFI, and as the watchdog of calls
 * that may never return (Arm IHI 0048B).  As a wake-up source: the
 * calling core's virtual-timer interrupt is enabled at the distributor and
 * the CPU interface, never taken (PSTATE.I stays masked, as everywhere in
 * pairguard), but a pending interrupt ends a WFI whatever PSTATE.I says
 * (Arm ARM DDI0487 D1.16.2, "Wait For Interrupt").  So a core that has
 * nothing to do but wait can halt until a deadline instead of spinning:
 * under QEMU's multi-threaded TCG, WFE does not halt a vCPU (it is a NOP
 * there), WFI does.
 */
#ifndef PG_ARCH_GIC_H
#define PG_ARCH_GIC_H

#include <stdbool.h>
#include <stdint.h>

/* The virtual timer's interrupt: PPI 11, INTID 27 (Arm BSA, and the
 * "arm,armv8-timer" node of QEMU virt). */
#define GIC_VTIMER_INTID 27u

/*
 * Set up the GICv2 whose distributor and CPU interface are at gicd and
 * gicc (both mapped as Device memory) for the calling core; false (and
 * gic_sleep_until stays a WFE) when either is 0 or unmapped, or the
 * interrupt did not come out enabled.
 */
bool gic_wake_init(uint64_t gicd, uint64_t gicc);

/* The calling core (the one gic_wake_init ran on) halts in WFI until the
 * counter reaches deadline (CNTVCT_EL0 ticks) or another interrupt is
 * pending; without gic_wake_init, one WFE.  Returns early as WFI may. */
void gic_sleep_until(uint64_t deadline);

/*
 * The watchdog (recover_call_timed): the calling core's virtual timer
 * raises its interrupt at deadline, taken as an IRQ while the watched call
 * runs with PSTATE.I clear.  gic_core_init sets up the calling core's
 * banked CPU interface and PPI enable (a secondary, after gic_wake_init ran
 * on the boot core); gic_watch_arm is false on a core not set up (no GICv2,
 * or not initialised there): the call then runs without a watchdog.
 * gic_watch_fired, from the IRQ handler: true (and the interrupt ended, the
 * timer off) when the pending interrupt is the watchdog's.
 */
bool gic_core_init(void);
bool gic_watch_arm(uint64_t deadline);
void gic_watch_disarm(void);
bool gic_watch_fired(void);

#endif
