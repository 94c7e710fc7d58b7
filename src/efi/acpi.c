/* ACPI: the SPCR console, the FADT's PSCI flags, the MADT's GIC (see acpi.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "efi/acpi.h"

/* ACPI 6.5 5.2.6: every system description table starts with this. */
#define ACPI_HEADER_LEN 36

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
	return le32(p) | (uint64_t)le32(p + 4) << 32;
}

static bool sum_ok(const uint8_t *p, uint32_t len)
{
	uint8_t s = 0;

	while (len--)
		s = (uint8_t)(s + *p++);
	return s == 0;
}

/* A description table at p with signature sig, its length and checksum
 * right; else NULL and why. */
static const uint8_t *table_ok(const uint8_t *p, const char *sig, char *why, size_t why_len)
{
	uint32_t len;

	if (memcmp(p, sig, 4) != 0) {
		snprintf(why, why_len, "ACPI: a table listed as %s has signature '%.4s'", sig,
			 (const char *)p);
		return NULL;
	}
	len = le32(p + 4);
	if (len < ACPI_HEADER_LEN || len > (1u << 20)) {
		snprintf(why, why_len, "ACPI: %s length %u (accepted: 36 to 1 MiB)", sig,
			 (unsigned)len);
		return NULL;
	}
	if (!sum_ok(p, len)) {
		snprintf(why, why_len, "ACPI: %s checksum does not add up", sig);
		return NULL;
	}
	return p;
}

const void *acpi_find(const void *rsdp_v, const char *sig, char *why, size_t why_len)
{
	const uint8_t *rsdp = rsdp_v, *xsdt;
	uint32_t len, n;

	/* 5.2.5.3: "RSD PTR ", revision at 15 (2: ACPI 2.0+, with the XSDT at
	 * 24), the first 20 bytes summing to 0, then all of length (at 20). */
	if (!rsdp || memcmp(rsdp, "RSD PTR ", 8) != 0) {
		snprintf(why, why_len, "ACPI: the RSDP does not start with 'RSD PTR '");
		return NULL;
	}
	if (rsdp[15] < 2) {
		snprintf(why, why_len,
			 "ACPI: RSDP revision %u (accepted: 2 or later, with an XSDT)", rsdp[15]);
		return NULL;
	}
	len = le32(rsdp + 20);
	if (!sum_ok(rsdp, 20) || len < 36 || !sum_ok(rsdp, len)) {
		snprintf(why, why_len, "ACPI: RSDP checksum does not add up");
		return NULL;
	}
	xsdt = (const uint8_t *)(uintptr_t)le64(rsdp + 24);
	if (!xsdt || !table_ok(xsdt, "XSDT", why, why_len))
		return NULL;
	/* 5.2.8: 64-bit table addresses after the header, 4-byte aligned
	 * only: read bytewise. */
	n = (le32(xsdt + 4) - ACPI_HEADER_LEN) / 8;
	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *t = (const uint8_t *)(uintptr_t)le64(xsdt + ACPI_HEADER_LEN + 8 * i);

		if (t && memcmp(t, sig, 4) == 0)
			return table_ok(t, sig, why, why_len);
	}
	snprintf(why, why_len, "ACPI: no %s table in the XSDT", sig);
	return NULL;
}

/* The DBG2 specification's serial port subtypes that pairguard's earlycon
 * drivers know, as the device-tree compatible of the same UART.  The 16550
 * types take their register spacing from the address structure. */
static const struct spcr_type {
	uint8_t type;
	const char *name;
	const char *compatible;
} spcr_types[] = {
	{ 0x00, "16550", "ns16550a" },
	{ 0x01, "16550 subset", "ns16550a" },
	{ 0x03, "Arm PL011", "arm,pl011" },
	{ 0x0c, "i.MX 6", "fsl,imx6q-uart" },
	{ 0x0d, "Arm SBSA 32-bit", "arm,sbsa-uart" },
	{ 0x0e, "Arm SBSA", "arm,sbsa-uart" },
	{ 0x10, "BCM2835 mini-UART", "brcm,bcm2835-aux-uart" },
	{ 0x12, "16550 with GAS", "ns16550a" },
};

/* SPCR table 3 (revision 2): offsets into the table. */
#define SPCR_INTERFACE_TYPE 36
#define SPCR_BASE_GAS	    40 /* a Generic Address Structure (ACPI 5.2.3.2) */
#define SPCR_BAUD	    58
#define SPCR_MIN_LEN	    80u

/* SPCR baud rate codes (table 3). */
static uint32_t spcr_baud(uint8_t code)
{
	switch (code) {
	case 3:
		return 9600;
	case 4:
		return 19200;
	case 6:
		return 57600;
	case 7:
		return 115200;
	default:
		return 0; /* 0: as the firmware set it */
	}
}

bool acpi_spcr_console(const void *spcr_v, acpi_console *out, char *why, size_t why_len)
{
	const uint8_t *spcr = spcr_v, *gas;
	const struct spcr_type *t = NULL;
	char accepted[256];
	size_t n = 0;

	if (le32(spcr + 4) < SPCR_MIN_LEN) {
		snprintf(why, why_len, "ACPI: SPCR length %u (accepted: %u or more)",
			 (unsigned)le32(spcr + 4), SPCR_MIN_LEN);
		return false;
	}
	for (size_t i = 0; i < sizeof(spcr_types) / sizeof(spcr_types[0]); i++) {
		if (spcr_types[i].type == spcr[SPCR_INTERFACE_TYPE])
			t = &spcr_types[i];
		n += (size_t)snprintf(accepted + n, sizeof(accepted) - n, "%s0x%02x (%s)",
				      i ? ", " : "", spcr_types[i].type, spcr_types[i].name);
	}
	if (!t) {
		snprintf(why, why_len,
			 "ACPI: SPCR interface type 0x%02x has no driver (accepted: %s)",
			 spcr[SPCR_INTERFACE_TYPE], accepted);
		return false;
	}
	/* GAS: address space, bit width, bit offset, access size, address. */
	gas = spcr + SPCR_BASE_GAS;
	if (gas[0] != 0) {
		snprintf(why, why_len,
			 "ACPI: SPCR console in address space %u (accepted: 0, system memory)",
			 gas[0]);
		return false;
	}
	out->compatible = t->compatible;
	out->addr = le64(gas + 4);
	out->baud = spcr_baud(spcr[SPCR_BAUD]);
	out->reg_shift = 0;
	out->io_width = 4;
	if (!strcmp(t->compatible, "ns16550a")) {
		/* Access size 1..4 = byte..qword; registers one access apart. */
		unsigned size = gas[3] >= 1 && gas[3] <= 3 ? 1u << (gas[3] - 1) : 1;

		out->io_width = size;
		out->reg_shift = size == 4 ? 2 : size == 2 ? 1 : 0;
	}
	if (!out->addr) {
		snprintf(why, why_len, "ACPI: SPCR console address 0");
		return false;
	}
	return true;
}

/* FADT (5.2.9, table 5.9): ARM_BOOT_ARCH at 129, 2 bytes. */
#define FADT_ARM_BOOT_ARCH 129
#define ARM_BOOT_PSCI	   (1u << 0)
#define ARM_BOOT_PSCI_HVC  (1u << 1)

psci_conduit acpi_fadt_psci(const void *fadt_v)
{
	const uint8_t *fadt = fadt_v;
	unsigned flags;

	if (!fadt || le32(fadt + 4) < FADT_ARM_BOOT_ARCH + 2)
		return PSCI_NONE;
	flags = fadt[FADT_ARM_BOOT_ARCH] | (unsigned)fadt[FADT_ARM_BOOT_ARCH + 1] << 8;
	if (!(flags & ARM_BOOT_PSCI))
		return PSCI_NONE;
	return (flags & ARM_BOOT_PSCI_HVC) ? PSCI_HVC : PSCI_SMC;
}

/*
 * MADT (ACPI 6.5 5.2.12, table 5.19): the header, the local interrupt
 * controller address (4) and flags (4), then interrupt controller
 * structures, each starting with its type and length bytes.  The GIC ones
 * (5.2.12.14 GICC, table 5.37; 5.2.12.15 GICD, table 5.39; 5.2.12.17 GICR,
 * table 5.42), offsets into the structure:
 */
#define MADT_ENTRIES	    44u
#define MADT_GICC	    0x0b
#define MADT_GICC_LEN	    76u /* up to MPIDR: ACPI 5.1's 76, 6.0's 80, 6.3's 82 */
#define MADT_GICC_FLAGS	    12	/* bit 0: Enabled */
#define MADT_GICC_BASE	    32	/* the GICv2 CPU interface */
#define MADT_GICD	    0x0c
#define MADT_GICD_LEN	    24u
#define MADT_GICD_BASE	    8
#define MADT_GICD_VERSION   20 /* 0: from the hardware; 1..4: GICv1..v4 */
#define MADT_GICR	    0x0e
#define MADT_GICR_LEN	    16u
#define MADT_GICR_BASE	    4
#define MADT_GICR_RANGE_LEN 12 /* 4 bytes */

__attribute__((format(printf, 4, 5))) static bool madt_fail(acpi_gic *out, char *why,
							    size_t why_len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, why_len, fmt, ap);
	va_end(ap);
	memset(out, 0, sizeof(*out));
	return false;
}

bool acpi_madt_gic(const void *madt_v, acpi_gic *out, char *why, size_t why_len)
{
	const uint8_t *madt = madt_v;
	uint32_t len = le32(madt + 4);
	unsigned ngicd = 0, version = 0;
	uint64_t dist = 0, cpu = 0;

	memset(out, 0, sizeof(*out));
	if (len < MADT_ENTRIES)
		return madt_fail(out, why, why_len, "MADT length %u (accepted: %u or more)",
				 (unsigned)len, MADT_ENTRIES);
	for (uint32_t o = MADT_ENTRIES; o < len;) {
		const uint8_t *e = madt + o;
		unsigned need = e[0] == MADT_GICC   ? MADT_GICC_LEN
				: e[0] == MADT_GICD ? MADT_GICD_LEN
				: e[0] == MADT_GICR ? MADT_GICR_LEN
						    : 2;

		if (len - o < 2 || e[1] < need || e[1] > len - o)
			return madt_fail(
				out, why, why_len,
				"MADT entry at offset %u (type 0x%02x): length %u (accepted: "
				"at least its type's and within the table)",
				(unsigned)o, e[0], len - o < 2 ? 1u : e[1]);
		if (e[0] == MADT_GICD) {
			ngicd++;
			dist = le64(e + MADT_GICD_BASE);
			version = e[MADT_GICD_VERSION];
		} else if (e[0] == MADT_GICC && !cpu && (le32(e + MADT_GICC_FLAGS) & 1)) {
			cpu = le64(e + MADT_GICC_BASE);
		} else if (e[0] == MADT_GICR) {
			if (out->nredist == ACPI_GIC_REDIST_MAX)
				return madt_fail(out, why, why_len,
						 "MADT: more than %u GICR structures (accepted: 1 "
						 "to %u)",
						 ACPI_GIC_REDIST_MAX, ACPI_GIC_REDIST_MAX);
			out->redist[out->nredist].base = le64(e + MADT_GICR_BASE);
			out->redist[out->nredist].size = le32(e + MADT_GICR_RANGE_LEN);
			if (!out->redist[out->nredist].base || !out->redist[out->nredist].size)
				return madt_fail(
					out, why, why_len,
					"MADT: GICR structure at offset %u: base 0x%llx "
					"length 0x%llx (accepted: neither 0)",
					(unsigned)o,
					(unsigned long long)out->redist[out->nredist].base,
					(unsigned long long)out->redist[out->nredist].size);
			out->nredist++;
		}
		o += e[1];
	}
	if (!ngicd)
		return madt_fail(out, why, why_len,
				 "MADT: no GICD structure (type 0x0c, the GIC distributor)");
	if (ngicd > 1 || !dist)
		return madt_fail(out, why, why_len,
				 "MADT: %u GICD structures, base 0x%llx (accepted: exactly one, "
				 "base not 0)",
				 ngicd, (unsigned long long)dist);
	if (version == 0) /* from the hardware: what the other structures imply */
		version = out->nredist ? 3 : 2;
	if (version < 2 || version > 4)
		return madt_fail(out, why, why_len,
				 "MADT: GICD version %u (accepted: 0, from the hardware; 2, "
				 "GICv2; 3, GICv3; 4, GICv4)",
				 version);
	if (version == 2 && !cpu)
		return madt_fail(out, why, why_len,
				 "MADT: GICv2 without an enabled GICC structure giving its CPU "
				 "interface address");
	if ((version == 3 || version == 4) && !out->nredist)
		return madt_fail(out, why, why_len,
				 "MADT: GICv%u without a GICR structure (redistributors given "
				 "only per GICC are not read)",
				 version);
	out->version = version == 2 ? 2 : 3;
	out->dist = dist;
	out->cpu = version == 2 ? cpu : 0;
	if (version == 2)
		out->nredist = 0;
	return true;
}
