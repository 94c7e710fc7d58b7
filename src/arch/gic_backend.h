/*
 * The backends behind arch/gic.h: one per interrupt controller.  gic.c
 * keeps what is common (which cores are set up, the timer, WFI, the
 * watchdog's order of acknowledge, timer off, end); a backend knows its
 * registers only.
 */
#ifndef PG_ARCH_GIC_BACKEND_H
#define PG_ARCH_GIC_BACKEND_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/gic.h"

/* What ack returns when nothing is pending at this core (GICv2's and
 * GICv3's spurious INTID). */
#define GIC_SPURIOUS 1023u

typedef struct gic_backend {
	/* The boot core, once: map and check the registers, enable the
	 * distributor.  NULL, or why the controller is not usable (naming
	 * it). */
	const char *(*init)(const gic_desc *d);
	/* The calling core's part: NULL when its virtual-timer interrupt
	 * came out enabled and routed to its IRQ, else why not. */
	const char *(*core)(void);
	/* Whether this core's part set up by core is still there: a core
	 * that PSCI turned off and on again lost what lives in the core (a
	 * GICv3's system registers), not what lives in the controller. */
	bool (*intact)(void);
	/* Acknowledge the interrupt pending at this core: its INTID (the
	 * timer's as GIC_VTIMER_INTID), or GIC_SPURIOUS; *token is what end
	 * takes back. */
	uint32_t (*ack)(uint32_t *token);
	/* End the interrupt ack returned (not called for GIC_SPURIOUS). */
	void (*end)(uint32_t token);
} gic_backend;

extern const gic_backend gic_v2_backend, gic_v3_backend, gic_bcm_backend;

/* Map [pa, pa+size) 1:1 as Device memory where it is not mapped yet
 * (the boot core only, before the others start); false if it cannot be. */
bool gic_map(uint64_t pa, uint64_t size);

/* A 32-bit register at base + off. */
static inline volatile uint32_t *gic_reg(uint64_t base, uint32_t off)
{
	return (volatile uint32_t *)(uintptr_t)(base + off);
}

#endif
