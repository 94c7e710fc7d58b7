/*
 * The few ACPI facts pairguard needs when UEFI gives ACPI and no device
 * tree: the console from the SPCR table, the PSCI conduit from the FADT,
 * the interrupt controller from the MADT.  Read from the RSDP that the EFI
 * configuration table points at (ACPI 6.5 5.2.5 RSDP, 5.2.8 XSDT, 5.2.9
 * FADT, 5.2.12 MADT; the SPCR and DBG2 specifications for the console).  Portable: the host tests
 * feed it tables built in memory.
 */
#ifndef PG_EFI_ACPI_H
#define PG_EFI_ACPI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/psci_dt.h"

/* The table with this 4-character signature listed by the RSDP's XSDT, or
 * NULL (why says which check failed, or that it is absent). */
const void *acpi_find(const void *rsdp, const char *sig, char *why, size_t why_len);

/* The console an SPCR table describes, as a device tree would: the
 * compatible string of the earlycon driver for its interface type, the
 * register address, reg-shift and reg-io-width. */
typedef struct acpi_console {
	const char *compatible;
	uint64_t addr;
	unsigned reg_shift, io_width;
	uint32_t baud; /* 0: as the firmware left it */
} acpi_console;

/* False when the SPCR describes a console pairguard cannot drive (why
 * names the value and the accepted ones). */
bool acpi_spcr_console(const void *spcr, acpi_console *out, char *why, size_t why_len);

/* The PSCI conduit the FADT's ARM boot flags name (ACPI 6.5 table 5.11),
 * PSCI_NONE when it is not PSCI-compliant or fadt is NULL. */
psci_conduit acpi_fadt_psci(const void *fadt);

/* The GIC the MADT describes, what a device tree's GIC node says. */
#define ACPI_GIC_REDIST_MAX 4 /* regions: as many as src/dt's discovery reads */
typedef struct acpi_gic {
	unsigned version; /* 2: GICv2; 3: GICv3 (a GICv4 too); 0: none usable */
	uint64_t dist;	  /* GICD */
	uint64_t cpu;	  /* v2: the CPU interface */
	struct {
		uint64_t base, size;
	} redist[ACPI_GIC_REDIST_MAX]; /* v3: the GICR discovery ranges */
	unsigned nredist;
} acpi_gic;

/*
 * The GIC the MADT (signature "APIC") describes: a GICv2 (the GICD's base, the CPU interface
 * base of the first enabled GICC) or a GICv3/v4 (the GICD's base, the
 * GICR structures' discovery ranges).  False, out->version 0 and why
 * naming the fault when the table is malformed (a length, an entry running
 * past the end) or describes no controller pairguard drives (no GICD, an
 * unknown GIC version, a GICv3 without GICR structures).
 */
bool acpi_madt_gic(const void *madt, acpi_gic *out, char *why, size_t why_len);

#endif
