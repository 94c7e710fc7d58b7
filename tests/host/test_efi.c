/*
 * src/efi: the EFI phase against a fake system table (boot services over a
 * host arena described by a fake memory map), ACPI tables built in memory,
 * and the device tree it writes read back by the common path's discovery
 * (src/dt).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libfdt.h>

#include "dt/discover.h"
#include "efi/acpi.h"
#include "efi/efiboot.h"
#include "lib/fdtmem.h"

/* ---- UCS-2 helpers ----------------------------------------------------- */

static uint16_t ucs[600];

static uint32_t to_ucs2(const char *s, bool nul)
{
	uint32_t n = 0;

	while (*s)
		ucs[n++] = (uint8_t)*s++;
	if (nul)
		ucs[n++] = 0;
	return 2 * n;
}

static void test_bootargs(void **state)
{
	char out[64], why[EFI_WHY_MAX];

	(void)state;
	assert_true(efi_bootargs(ucs, to_ucs2("suite=regression,sweep", true), out, sizeof(out),
				 why, sizeof(why)));
	assert_string_equal(out, "suite=regression,sweep");
	/* No NUL at the end (the size says where it ends); tabs are blanks;
	 * the shell's trailing blank goes. */
	assert_true(
		efi_bootargs(ucs, to_ucs2("a=1\tb=2 ", false), out, sizeof(out), why, sizeof(why)));
	assert_string_equal(out, "a=1 b=2");
	assert_true(efi_bootargs(NULL, 0, out, sizeof(out), why, sizeof(why)));
	assert_string_equal(out, "");
	/* Text after a NUL is not the command line. */
	to_ucs2("x=1", true);
	ucs[4] = 'z';
	assert_true(efi_bootargs(ucs, 10, out, sizeof(out), why, sizeof(why)));
	assert_string_equal(out, "x=1");
}

static void test_bootargs_refused(void **state)
{
	char out[16], why[EFI_WHY_MAX];

	(void)state;
	to_ucs2("suite=r\xe9gression", true);
	assert_false(efi_bootargs(ucs, 40, out, sizeof(out), why, sizeof(why)));
	assert_string_equal(why, "EFI load options: character U+00E9 at position 7 (accepted: "
				 "printable ASCII, U+0020..U+007E, and tab)");
	to_ucs2("ab", true);
	ucs[1] = 0x2028;
	assert_false(efi_bootargs(ucs, 6, out, sizeof(out), why, sizeof(why)));
	assert_string_equal(why, "EFI load options: character U+2028 at position 1 (accepted: "
				 "printable ASCII, U+0020..U+007E, and tab)");
	assert_false(efi_bootargs(ucs, 5, out, sizeof(out), why, sizeof(why)));
	assert_string_equal(why, "EFI load options: 5 bytes, an odd count (accepted: UCS-2, 2 "
				 "bytes a character)");
	assert_false(efi_bootargs(ucs, to_ucs2("0123456789abcdefgh", true), out, sizeof(out), why,
				  sizeof(why)));
	assert_string_equal(why,
			    "EFI load options: longer than 15 characters (accepted: up to 15)");
}

/* ---- efi_ram ----------------------------------------------------------- */

typedef struct wide_desc { /* a firmware with a bigger descriptor */
	efi_memory_descriptor d;
	uint64_t extra;
} wide_desc;

static wide_desc wmap[32];
static unsigned nwmap;

static void wadd(uint32_t type, uint64_t base, uint64_t pages, uint64_t attr)
{
	wmap[nwmap++] = (wide_desc){ { type, base, 0, pages, attr }, 0xdeadbeef };
}

static void test_ram(void **state)
{
	efi_range r[EFI_RAM_MAX];
	unsigned n;

	(void)state;
	nwmap = 0;
	/* Out of order, as a map may be; runtime and ACPI regions split it. */
	wadd(EFI_CONVENTIONAL_MEMORY, 0x40100000, 0x100, EFI_MEMORY_WB);
	wadd(EFI_RUNTIME_SERVICES_DATA, 0x7f000000, 0x10, EFI_MEMORY_WB);
	wadd(EFI_LOADER_CODE, 0x40000000, 0x100, EFI_MEMORY_WB);
	wadd(EFI_BOOT_SERVICES_DATA, 0x40200000, 0x3ee00, EFI_MEMORY_WB);
	wadd(EFI_ACPI_RECLAIM_MEMORY, 0x7f010000, 0x10, EFI_MEMORY_WB);
	wadd(EFI_LOADER_DATA, 0x7f020000, 0xfe0, EFI_MEMORY_WB);
	wadd(EFI_MEMORY_MAPPED_IO, 0x09000000, 1, 0);
	wadd(EFI_CONVENTIONAL_MEMORY, 0x80000000, 0x10, 0); /* not write-back: not RAM */
	n = efi_ram(wmap, nwmap * sizeof(wide_desc), sizeof(wide_desc), 0x40000000, r, EFI_RAM_MAX);
	assert_int_equal(n, 2);
	assert_int_equal(r[0].base, 0x40000000);
	assert_int_equal(r[0].size, 0x3f000000);
	assert_int_equal(r[1].base, 0x7f020000);
	assert_int_equal(r[1].size, 0xfe0000);

	/* A range that joins two earlier ones into one. */
	nwmap = 0;
	wadd(EFI_CONVENTIONAL_MEMORY, 0x1000, 1, EFI_MEMORY_WB);
	wadd(EFI_CONVENTIONAL_MEMORY, 0x3000, 1, EFI_MEMORY_WB);
	wadd(EFI_LOADER_DATA, 0x2000, 1, EFI_MEMORY_WB);
	n = efi_ram(wmap, nwmap * sizeof(wide_desc), sizeof(wide_desc), 0, r, EFI_RAM_MAX);
	assert_int_equal(n, 1);
	assert_int_equal(r[0].base, 0x1000);
	assert_int_equal(r[0].size, 0x3000);
}

/* More banks than fit: the image's stays, however small. */
static void test_ram_keep(void **state)
{
	efi_range r[3];
	unsigned n;

	(void)state;
	nwmap = 0;
	for (unsigned i = 0; i < 6; i++) {
		wadd(EFI_CONVENTIONAL_MEMORY, 0x100000 * (i + 1), i + 2, EFI_MEMORY_WB);
		wadd(EFI_RUNTIME_SERVICES_CODE, 0x100000 * (i + 1) + 0x80000, 1, EFI_MEMORY_WB);
	}
	n = efi_ram(wmap, nwmap * sizeof(wide_desc), sizeof(wide_desc), 0x100000, r, 3);
	assert_int_equal(n, 3);
	assert_int_equal(r[0].base, 0x100000); /* 2 pages: kept for the image */
	assert_int_equal(r[1].base, 0x500000);
	assert_int_equal(r[2].base, 0x600000);
}

/* ---- the fake firmware ------------------------------------------------- */

#define ARENA_SIZE (8u << 20)

static struct fake {
	uint8_t *arena; /* host memory the fake map calls RAM */
	uint64_t next;	/* top-down page allocator in the arena */
	efi_memory_descriptor map[8];
	unsigned nmap;
	uint64_t key;	/* the current map key */
	unsigned stale; /* GetMemoryMap calls after which the map changes again */
	unsigned ebs_calls, gmm_calls, alloc_after_ebs;
	bool exited;
	efi_handle handle_asked;
	efi_loaded_image li;
	char con[2048]; /* ConOut, as ASCII */
	efi_boot_services bs;
	efi_system_table st;
	efi_simple_text_output out;
	efi_configuration_table tables[2];
} f;

static efi_status fake_get_memory_map(uint64_t *size, efi_memory_descriptor *map, uint64_t *key,
				      uint64_t *dsize, uint32_t *dver)
{
	uint64_t need = f.nmap * sizeof(efi_memory_descriptor);

	f.gmm_calls++;
	*dsize = sizeof(efi_memory_descriptor);
	*dver = 1;
	if (*size < need) {
		*size = need;
		return EFI_BUFFER_TOO_SMALL;
	}
	memcpy(map, f.map, need);
	*size = need;
	*key = f.key;
	/* Something (a timer event) changes the map right after this read. */
	if (f.stale) {
		f.stale--;
		f.key++;
	}
	return EFI_SUCCESS;
}

static efi_status fake_exit_boot_services(efi_handle image, uint64_t key)
{
	(void)image;
	f.ebs_calls++;
	if (key != f.key)
		return EFI_INVALID_PARAMETER;
	f.exited = true;
	return EFI_SUCCESS;
}

static efi_status fake_allocate_pages(int type, int mtype, uint64_t pages, uint64_t *addr)
{
	uint64_t a;

	(void)mtype;
	if (f.ebs_calls)
		f.alloc_after_ebs++;
	a = f.next - pages * EFI_PAGE_SIZE;
	if (type == EFI_ALLOCATE_MAX_ADDRESS && a + pages * EFI_PAGE_SIZE - 1 > *addr)
		a = (*addr + 1 - pages * EFI_PAGE_SIZE) & ~(uint64_t)(EFI_PAGE_SIZE - 1);
	if (a < (uint64_t)(uintptr_t)f.arena)
		return EFI_OUT_OF_RESOURCES;
	f.next = a;
	*addr = a;
	f.key++; /* the map changed */
	return EFI_SUCCESS;
}

static efi_status fake_handle_protocol(efi_handle h, const efi_guid *g, void **iface)
{
	static const efi_guid li = EFI_LOADED_IMAGE_PROTOCOL_GUID;

	f.handle_asked = h;
	if (h != (efi_handle)&f || memcmp(g, &li, sizeof(li)))
		return EFI_UNSUPPORTED;
	*iface = &f.li;
	return EFI_SUCCESS;
}

static efi_status fake_output_string(efi_simple_text_output *self, const efi_char16 *s)
{
	size_t n = strlen(f.con);

	(void)self;
	for (; *s && n + 1 < sizeof(f.con); s++)
		if (*s != '\r')
			f.con[n++] = (char)*s;
	f.con[n] = '\0';
	return EFI_SUCCESS;
}

/* A firmware with RAM = the arena (split by a runtime region at its
 * start), the image in its middle, and the given configuration table. */
static void fake_init(const efi_guid *guid, void *table)
{
	uint64_t base;

	if (!f.arena)
		f.arena = aligned_alloc(EFI_PAGE_SIZE, ARENA_SIZE);
	base = (uint64_t)(uintptr_t)f.arena;
	memset(&f.map, 0, sizeof(f) - offsetof(struct fake, map));
	f.next = base + ARENA_SIZE;
	f.map[0] = (efi_memory_descriptor){ EFI_RUNTIME_SERVICES_DATA, base, 0, 16, EFI_MEMORY_WB };
	f.map[1] = (efi_memory_descriptor){ EFI_CONVENTIONAL_MEMORY, base + 0x10000, 0,
					    (ARENA_SIZE - 0x10000) / EFI_PAGE_SIZE, EFI_MEMORY_WB };
	f.nmap = 2;
	f.key = 100;
	f.bs.get_memory_map = fake_get_memory_map;
	f.bs.exit_boot_services = fake_exit_boot_services;
	f.bs.allocate_pages = fake_allocate_pages;
	f.bs.handle_protocol = fake_handle_protocol;
	f.out.output_string = fake_output_string;
	f.st.boot_services = &f.bs;
	f.st.con_out = &f.out;
	f.st.configuration_table = f.tables;
	if (guid) {
		f.tables[1].vendor_guid = *guid;
		f.tables[1].vendor_table = table;
	}
	f.tables[0].vendor_guid = (efi_guid){ 1, 2, 3, { 4 } }; /* someone else's */
	f.st.number_of_table_entries = 2;
	f.li.load_options = ucs;
	f.li.load_options_size = to_ucs2("suite=regression", true);
}

/* The loaded image: 8 KiB of file, a 64 KiB footprint, 256 KiB of pool
 * wanted; loaded into the runtime region at the arena's start (a firmware
 * may put it anywhere: it moves). */
static efi_image img;
static efi_handoff handoff;

static const efi_image *image(void)
{
	img = (efi_image){ (uint64_t)(uintptr_t)f.arena, 0x2000, 0x10000, 0x40000 };
	for (unsigned i = 0; i < 0x2000; i++)
		f.arena[i] = (uint8_t)(i * 7);
	memset(&handoff, 0, sizeof(handoff));
	return &img;
}

/* The home holds the file, 2 MiB aligned, with the footprint and the pool
 * inside one free bank. */
static void check_home(void)
{
	uint64_t base = (uint64_t)(uintptr_t)f.arena;

	assert_int_equal(handoff.home % EFI_HOME_ALIGN, 0);
	assert_true(handoff.home >= base + 0x10000);
	assert_true(handoff.home + img.mem_size + img.pool <= base + ARENA_SIZE);
	assert_memory_equal((void *)(uintptr_t)handoff.home, f.arena, 0x2000);
}

/* ---- ExitBootServices -------------------------------------------------- */

static efi_memmap m;
static unsigned tries;

/* A fresh firmware whose map changes after each of its next `stale`
 * reads; the map read once, then efi_exit_boot_services's status. */
static efi_status ebs(unsigned stale)
{
	fake_init(NULL, NULL);
	memset(&m, 0, sizeof(m));
	assert_int_equal(efi_memmap_read(&f.bs, &m), EFI_SUCCESS);
	f.stale = stale;
	return efi_exit_boot_services(&f.bs, &f, &m, &tries);
}

static void test_ebs_first_time(void **state)
{
	(void)state;
	assert_int_equal(ebs(0), EFI_SUCCESS);
	assert_int_equal(tries, 1);
	assert_true(f.exited);
}

/* The map changes after each of the first two reads: the third attempt
 * goes through, with no allocation after the first ExitBootServices. */
static void test_ebs_stale_key(void **state)
{
	(void)state;
	assert_int_equal(ebs(2), EFI_SUCCESS);
	assert_int_equal(tries, 3);
	assert_int_equal(f.ebs_calls, 3);
	assert_true(f.exited);
	assert_int_equal(f.alloc_after_ebs, 0);
	/* The map handed on is the one the key belonged to. */
	assert_int_equal(m.key, f.key);
	assert_int_equal(m.size, f.nmap * sizeof(efi_memory_descriptor));
}

static void test_ebs_gives_up(void **state)
{
	(void)state;
	assert_int_equal(ebs(1000), EFI_INVALID_PARAMETER);
	assert_int_equal(tries, EFI_EBS_TRIES);
	assert_false(f.exited);
}

/* ---- ACPI tables ------------------------------------------------------- */

static uint8_t acpi_mem[2048] __attribute__((aligned(16)));

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

static void checksum(const uint8_t *p, uint32_t len, uint8_t *field)
{
	uint8_t s = 0;

	*field = 0;
	for (uint32_t i = 0; i < len; i++)
		s = (uint8_t)(s + p[i]);
	*field = (uint8_t)-s;
}

static uint8_t *table(uint8_t *p, const char *sig, uint32_t len)
{
	memset(p, 0, len);
	memcpy(p, sig, 4);
	put32(p + 4, len);
	p[8] = 2;
	return p;
}

/* RSDP at +0, XSDT at +64 (listing the FADT at +160, SPCR at +448), with
 * the SPCR's interface type, address space and access size given. */
static uint8_t *acpi_build(uint8_t type, uint8_t space, uint8_t access, uint16_t arm_boot)
{
	uint8_t *rsdp = acpi_mem, *xsdt = acpi_mem + 64, *fadt = acpi_mem + 160,
		*spcr = acpi_mem + 448;

	table(fadt, "FACP", 276);
	fadt[129] = (uint8_t)arm_boot;
	fadt[130] = (uint8_t)(arm_boot >> 8);
	checksum(fadt, 276, &fadt[9]);
	table(spcr, "SPCR", 80);
	spcr[36] = type;
	spcr[40] = space;
	spcr[41] = 32;
	spcr[43] = access;
	put64(spcr + 44, 0x09000000);
	spcr[58] = 7; /* 115200 */
	checksum(spcr, 80, &spcr[9]);
	table(xsdt, "XSDT", 36 + 16);
	put64(xsdt + 36, (uint64_t)(uintptr_t)fadt);
	put64(xsdt + 44, (uint64_t)(uintptr_t)spcr);
	checksum(xsdt, 52, &xsdt[9]);
	memset(rsdp, 0, 36);
	memcpy(rsdp, "RSD PTR ", 8);
	rsdp[15] = 2;
	put32(rsdp + 20, 36);
	put64(rsdp + 24, (uint64_t)(uintptr_t)xsdt);
	checksum(rsdp, 20, &rsdp[8]);
	checksum(rsdp, 36, &rsdp[32]);
	return rsdp;
}

static void test_spcr(void **state)
{
	char why[EFI_WHY_MAX];
	acpi_console c;
	const void *t;

	(void)state;
	t = acpi_find(acpi_build(0x03, 0, 3, 3), "SPCR", why, sizeof(why));
	assert_non_null(t);
	assert_true(acpi_spcr_console(t, &c, why, sizeof(why)));
	assert_string_equal(c.compatible, "arm,pl011");
	assert_int_equal(c.addr, 0x09000000);
	assert_int_equal(c.baud, 115200);
	assert_int_equal(acpi_fadt_psci(acpi_find(acpi_mem, "FACP", why, sizeof(why))), PSCI_HVC);

	/* A 16550 with 32-bit accesses: registers 4 bytes apart. */
	t = acpi_find(acpi_build(0x12, 0, 3, 1), "SPCR", why, sizeof(why));
	assert_true(acpi_spcr_console(t, &c, why, sizeof(why)));
	assert_string_equal(c.compatible, "ns16550a");
	assert_int_equal(c.reg_shift, 2);
	assert_int_equal(c.io_width, 4);
	assert_int_equal(acpi_fadt_psci(acpi_find(acpi_mem, "FACP", why, sizeof(why))), PSCI_SMC);
	acpi_build(0x12, 0, 1, 0);
	assert_int_equal(acpi_fadt_psci(acpi_find(acpi_mem, "FACP", why, sizeof(why))), PSCI_NONE);
}

static void test_spcr_refused(void **state)
{
	char why[EFI_WHY_MAX];
	acpi_console c;
	const void *t;

	(void)state;
	t = acpi_find(acpi_build(0x05, 0, 3, 3), "SPCR", why, sizeof(why));
	assert_false(acpi_spcr_console(t, &c, why, sizeof(why)));
	assert_string_equal(why, "ACPI: SPCR interface type 0x05 has no driver (accepted: 0x00 "
				 "(16550), 0x01 (16550 subset), 0x03 (Arm PL011), 0x0c (i.MX 6), "
				 "0x0d (Arm SBSA 32-bit), 0x0e (Arm SBSA), 0x10 (BCM2835 "
				 "mini-UART), 0x12 (16550 with GAS))");
	t = acpi_find(acpi_build(0x03, 1, 3, 3), "SPCR", why, sizeof(why));
	assert_false(acpi_spcr_console(t, &c, why, sizeof(why)));
	assert_string_equal(why, "ACPI: SPCR console in address space 1 (accepted: 0, system "
				 "memory)");
	/* A corrupted table is not believed. */
	acpi_build(0x03, 0, 3, 3);
	acpi_mem[448 + 44] ^= 1;
	assert_null(acpi_find(acpi_mem, "SPCR", why, sizeof(why)));
	assert_string_equal(why, "ACPI: SPCR checksum does not add up");
	acpi_build(0x03, 0, 3, 3);
	assert_null(acpi_find(acpi_mem, "DBG2", why, sizeof(why)));
	assert_string_equal(why, "ACPI: no DBG2 table in the XSDT");
	acpi_mem[15] = 0;
	assert_null(acpi_find(acpi_mem, "SPCR", why, sizeof(why)));
	assert_string_equal(why, "ACPI: RSDP revision 0 (accepted: 2 or later, with an XSDT)");
}

/* ---- the MADT ---------------------------------------------------------- */

/* MADT interrupt controller structures (ACPI 6.5 5.2.12.14-17), appended
 * at p; each returns its length. */
/* A zeroed structure of this type and length at p. */
static uint32_t entry(uint8_t *p, uint8_t type, uint8_t len)
{
	memset(p, 0, len);
	p[0] = type;
	p[1] = len;
	return len;
}

static uint32_t gicc(uint8_t *p, bool enabled, uint64_t base, uint64_t gicr)
{
	entry(p, 0x0b, 80);
	put32(p + 12, enabled);
	put64(p + 32, base);
	put64(p + 60, gicr);
	return 80;
}

static uint32_t gicd(uint8_t *p, uint64_t base, uint8_t version)
{
	entry(p, 0x0c, 24);
	put64(p + 8, base);
	p[20] = version;
	return 24;
}

static uint32_t gicr(uint8_t *p, uint64_t base, uint32_t len)
{
	entry(p, 0x0e, 16);
	put64(p + 4, base);
	put32(p + 12, len);
	return 16;
}

static uint8_t ents[512];

/* The tables acpi_build makes, and a MADT ("APIC", at +1024) holding the
 * n bytes of ents, listed third in the XSDT; the MADT. */
static uint8_t *acpi_with_madt(uint32_t n)
{
	uint8_t *xsdt = acpi_mem + 64, *madt = acpi_mem + 1024;

	acpi_build(0x03, 0, 3, 3);
	table(madt, "APIC", 44 + n);
	memcpy(madt + 44, ents, n);
	checksum(madt, 44 + n, &madt[9]);
	put32(xsdt + 4, 36 + 24);
	put64(xsdt + 52, (uint64_t)(uintptr_t)madt);
	checksum(xsdt, 60, &xsdt[9]);
	return madt;
}

/* virt's GICv2 as QEMU's MADT gives it: one GICD, a GICC per core. */
static uint32_t ents_v2(void)
{
	uint32_t n = gicd(ents, 0x08000000, 2);

	n += gicc(ents + n, true, 0x08010000, 0);
	n += gicc(ents + n, true, 0x08010000, 0);
	return n;
}

/* virt's GICv3: the redistributors as one GICR discovery range. */
static uint32_t ents_v3(void)
{
	uint32_t n = gicd(ents, 0x08000000, 3);

	n += gicc(ents + n, true, 0, 0x080a0000);
	n += gicr(ents + n, 0x080a0000, 0xf60000);
	return n;
}

static acpi_gic gic;

/* The regions the EFI phase may write are the ones discovery reads. */
_Static_assert(ACPI_GIC_REDIST_MAX == GIC_REDIST_REGIONS, "GICR regions");

static const char *madt_why(uint32_t n)
{
	static char why[EFI_WHY_MAX];
	const void *t;

	why[0] = '\0';
	t = acpi_find(acpi_with_madt(n) - 1024, "APIC", why, sizeof(why));
	if (t)
		assert_false(acpi_madt_gic(t, &gic, why, sizeof(why)));
	assert_int_equal(gic.version, 0);
	return why;
}

static void test_madt(void **state)
{
	char why[EFI_WHY_MAX];
	uint32_t n;

	(void)state;
	assert_true(acpi_madt_gic(acpi_with_madt(ents_v2()), &gic, why, sizeof(why)));
	assert_int_equal(gic.version, 2);
	assert_int_equal(gic.dist, 0x08000000);
	assert_int_equal(gic.cpu, 0x08010000);
	assert_int_equal(gic.nredist, 0);

	assert_true(acpi_madt_gic(acpi_with_madt(ents_v3()), &gic, why, sizeof(why)));
	assert_int_equal(gic.version, 3);
	assert_int_equal(gic.dist, 0x08000000);
	assert_int_equal(gic.cpu, 0);
	assert_int_equal(gic.nredist, 1);
	assert_int_equal(gic.redist[0].base, 0x080a0000);
	assert_int_equal(gic.redist[0].size, 0xf60000);

	/* Version 0 ("from the hardware"): the structures say which; a
	 * disabled GICC's address is not taken; GICv4 drives as a GICv3;
	 * an unknown structure type (0x0f, the ITS) is stepped over. */
	n = gicd(ents, 0x2f000000, 0);
	n += gicc(ents + n, false, 0x1, 0);
	n += gicc(ents + n, true, 0x2c000000, 0);
	assert_true(acpi_madt_gic(acpi_with_madt(n), &gic, why, sizeof(why)));
	assert_int_equal(gic.version, 2);
	assert_int_equal(gic.cpu, 0x2c000000);
	n = gicd(ents, 0x2f000000, 4);
	n += entry(ents + n, 0x0f, 20);
	n += gicr(ents + n, 0x2f100000, 0x100000);
	n += gicr(ents + n, 0x3f100000, 0x200000);
	assert_true(acpi_madt_gic(acpi_with_madt(n), &gic, why, sizeof(why)));
	assert_int_equal(gic.version, 3);
	assert_int_equal(gic.nredist, 2);
	assert_int_equal(gic.redist[1].base, 0x3f100000);
	assert_int_equal(gic.redist[1].size, 0x200000);
}

/* A malformed MADT, or one describing no controller pairguard drives:
 * refused, saying what is wrong. */
static void test_madt_refused(void **state)
{
	char why[EFI_WHY_MAX];
	uint32_t n;

	(void)state;
	n = ents_v2();
	assert_string_equal(madt_why(n - 2 * 80), "MADT: GICv2 without an enabled GICC structure "
						  "giving its CPU interface address");
	/* No GICD: the distributor is the one thing every GIC has. */
	memmove(ents, ents + 24, n - 24);
	assert_string_equal(madt_why(n - 24),
			    "MADT: no GICD structure (type 0x0c, the GIC distributor)");
	n = gicd(ents, 0x08000000, 2);
	n += gicd(ents + n, 0x08000000, 2);
	assert_string_equal(madt_why(n), "MADT: 2 GICD structures, base 0x8000000 (accepted: "
					 "exactly one, base not 0)");
	n = ents_v2();
	ents[20] = 5;
	assert_string_equal(madt_why(n), "MADT: GICD version 5 (accepted: 0, from the hardware; "
					 "2, GICv2; 3, GICv3; 4, GICv4)");
	n = ents_v3();
	assert_string_equal(madt_why(n - 16), "MADT: GICv3 without a GICR structure "
					      "(redistributors given only per GICC are not read)");
	n = gicd(ents, 0x08000000, 3);
	for (unsigned i = 0; i < 5; i++)
		n += gicr(ents + n, 0x080a0000 + 0x100000 * i, 0x100000);
	assert_string_equal(madt_why(n), "MADT: more than 4 GICR structures (accepted: 1 to 4)");
	n = ents_v3();
	put32(ents + n - 4, 0);
	assert_string_equal(madt_why(n), "MADT: GICR structure at offset 148: base 0x80a0000 "
					 "length 0x0 (accepted: neither 0)");
	/* Lengths: an entry of length 0 (a walk that would never end), one
	 * shorter than its type, one running past the table, a lone byte. */
	n = ents_v2();
	ents[1] = 0;
	assert_string_equal(madt_why(n), "MADT entry at offset 44 (type 0x0c): length 0 "
					 "(accepted: at least its type's and within the table)");
	n = ents_v2();
	ents[24 + 1] = 60;
	assert_string_equal(madt_why(n), "MADT entry at offset 68 (type 0x0b): length 60 "
					 "(accepted: at least its type's and within the table)");
	n = ents_v2();
	assert_string_equal(madt_why(n - 8),
			    "MADT entry at offset 148 (type 0x0b): length 80 "
			    "(accepted: at least its type's and within the table)");
	n = ents_v2();
	assert_string_equal(madt_why(n + 1),
			    "MADT entry at offset 228 (type 0x00): length 1 "
			    "(accepted: at least its type's and within the table)");
	/* A table shorter than its fixed fields; a wrong checksum. */
	acpi_with_madt(0);
	table(acpi_mem + 1024, "APIC", 40);
	checksum(acpi_mem + 1024, 40, &acpi_mem[1024 + 9]);
	assert_false(acpi_madt_gic(acpi_mem + 1024, &gic, why, sizeof(why)));
	assert_string_equal(why, "MADT length 40 (accepted: 44 or more)");
	n = ents_v2();
	acpi_with_madt(n);
	acpi_mem[1024 + 44 + 8] ^= 1;
	assert_null(acpi_find(acpi_mem, "APIC", why, sizeof(why)));
	assert_string_equal(why, "ACPI: APIC checksum does not add up");
}

/* ---- the whole EFI phase, read back by the discovery ------------------- */

static dt_board board;

static void discover(uint64_t dtb)
{
	char why[128];

	assert_int_equal(fdt_check_header((void *)(uintptr_t)dtb), 0);
	assert_true(dt_discover((void *)(uintptr_t)dtb, &board, why, sizeof(why)));
}

static void test_boot_acpi(void **state)
{
	static const efi_guid acpi = EFI_ACPI_20_TABLE_GUID;
	uint64_t dtb, base;
	const char *args;

	(void)state;
	fake_init(&acpi, acpi_build(0x03, 0, 3, 3));
	base = (uint64_t)(uintptr_t)f.arena;
	f.stale = 2; /* the map changes after efi_boot's first read and its first retry */
	assert_int_equal(efi_boot(&f, &f.st, image(), &handoff), EFI_SUCCESS);
	dtb = handoff.dtb;
	check_home();
	assert_true(f.exited);
	assert_int_equal(f.ebs_calls, 2);
	assert_non_null(strstr(f.con, "ACPI: console from SPCR, bootargs 'suite=regression'"));
	/* The tree lies in the image's bank (the arena less its runtime
	 * region). */
	assert_true(dtb >= base + 0x10000 && dtb < base + ARENA_SIZE);
	discover(dtb);
	assert_true(board.console.ok);
	assert_string_equal(board.console.compatible, "arm,pl011");
	assert_int_equal(board.console.addr, 0x09000000);
	assert_string_equal(board.console.options, "115200n8");
	assert_int_equal(board.psci, PSCI_HVC);
	assert_int_equal(board.nram, 1);
	assert_int_equal(board.ram[0].base, base + 0x10000);
	args = fdt_getprop((void *)(uintptr_t)dtb,
			   fdt_path_offset((void *)(uintptr_t)dtb, "/chosen"), "bootargs", NULL);
	assert_string_equal(args, "suite=regression");
}

/* Boot the fake firmware with the acpi_build tables plus the MADT of the
 * n bytes of ents (no MADT at all for n == UINT32_MAX); the EFI phase's
 * MADT line must end with line; the tree it writes read back in board. */
static void boot_madt(uint32_t n, const char *line)
{
	static const efi_guid acpi = EFI_ACPI_20_TABLE_GUID;
	char want[EFI_WHY_MAX];

	fake_init(&acpi, n == UINT32_MAX ? acpi_build(0x03, 0, 3, 3) : acpi_with_madt(n) - 1024);
	assert_int_equal(efi_boot(&f, &f.st, image(), &handoff), EFI_SUCCESS);
	snprintf(want, sizeof(want),
		 "pairguard: EFI: ACPI: interrupt controller from the MADT: %s\n", line);
	assert_non_null(strstr(f.con, want));
	discover(handoff.dtb);
}

/* The MADT's GIC in the tree the EFI phase writes, read back by the
 * discovery as a device tree's own GIC node: the common path has one way
 * to find the controller.  Without a usable MADT, no node: the discovery
 * finds none (the firmware's "# watchdog: none" case). */
static void test_boot_madt(void **state)
{
	uint32_t n;

	(void)state;
	boot_madt(ents_v2(), "GICv2, GICD 0x8000000, GICC 0x8010000");
	assert_int_equal(board.gic.kind, GIC_V2);
	assert_int_equal(board.gic.dist, 0x08000000);
	assert_int_equal(board.gic.cpu, 0x08010000);

	n = gicd(ents, 0x08000000, 3);
	n += gicr(ents + n, 0x080a0000, 0xf60000);
	n += gicr(ents + n, 0x100000000ull, 0x400000);
	boot_madt(n, "GICv3, GICD 0x8000000, 2 GICR region(s) from 0x80a0000");
	assert_int_equal(board.gic.kind, GIC_V3);
	assert_int_equal(board.gic.dist, 0x08000000);
	assert_int_equal(board.gic.nredist, 2);
	assert_int_equal(board.gic.redist[0].base, 0x080a0000);
	assert_int_equal(board.gic.redist[0].size, 0xf60000);
	assert_int_equal(board.gic.redist[1].base, 0x100000000ull);
	assert_int_equal(board.gic.redist[1].size, 0x400000);
	assert_int_equal(board.gic.stride, 0);

	/* No GICD: the boot goes on, with no controller in the tree. */
	n = ents_v2();
	memmove(ents, ents + 24, n - 24);
	boot_madt(n - 24, "none: MADT: no GICD structure (type 0x0c, the GIC distributor)");
	assert_int_equal(board.gic.kind, GIC_NONE);
	assert_null(board.gic.why);
	/* No MADT at all (the tables test_boot_acpi boots with). */
	boot_madt(UINT32_MAX, "none: ACPI: no APIC table in the XSDT");
	assert_int_equal(board.gic.kind, GIC_NONE);
}

/* An empty firmware tree with two address and size cells. */
static void fw_tree(void *fw, int cap)
{
	assert_int_equal(fdt_create_empty_tree(fw, cap), 0);
	assert_int_equal(fdt_setprop_u32(fw, 0, "#address-cells", 2), 0);
	assert_int_equal(fdt_setprop_u32(fw, 0, "#size-cells", 2), 0);
}

/* The firmware's own tree: bootargs and /memory replaced, the rest kept. */
static void test_boot_dtb(void **state)
{
	static const efi_guid dtbg = EFI_DTB_TABLE_GUID;
	static uint8_t fw[4096];
	static const efi_char16 vendor[] = { 'F', 'a', 'k', 'e', 0xe9, 0 };
	uint64_t dtb, base, reg[2];
	const char *args;
	int node;

	(void)state;
	fw_tree(fw, sizeof(fw));
	node = fdt_add_subnode(fw, 0, "pl011@9000000");
	fdt_setprop_string(fw, node, "compatible", "arm,pl011");
	reg[0] = cpu_to_fdt64(0x09000000);
	reg[1] = cpu_to_fdt64(0x1000);
	fdt_setprop(fw, node, "reg", reg, sizeof(reg));
	node = fdt_add_subnode(fw, 0, "memory@40000000");
	fdt_setprop_string(fw, node, "device_type", "memory");
	reg[0] = cpu_to_fdt64(0x40000000);
	reg[1] = cpu_to_fdt64(0x40000000);
	fdt_setprop(fw, node, "reg", reg, sizeof(reg));
	node = fdt_add_subnode(fw, 0, "chosen");
	fdt_setprop_string(fw, node, "stdout-path", "/pl011@9000000");
	fdt_setprop_string(fw, node, "bootargs", "from the DTB, not wanted");

	fake_init(&dtbg, fw);
	f.st.firmware_vendor = vendor;
	f.st.firmware_revision = 0x20230100;
	base = (uint64_t)(uintptr_t)f.arena;
	assert_int_equal(efi_boot(&f, &f.st, image(), &handoff), EFI_SUCCESS);
	dtb = handoff.dtb;
	check_home();
	assert_non_null(strstr(f.con, "device tree from the configuration table"));
	discover(dtb);
	assert_true(board.console.ok);
	assert_int_equal(board.console.source, DT_CONSOLE_STDOUT_PATH);
	assert_int_equal(board.console.addr, 0x09000000);
	assert_int_equal(board.nram, 1);
	assert_int_equal(board.ram[0].base, base + 0x10000);
	assert_int_equal(board.ram[0].size, ARENA_SIZE - 0x10000);
	assert_int_equal(fdt_path_offset((void *)(uintptr_t)dtb, "/memory@40000000"),
			 -FDT_ERR_NOTFOUND);
	args = fdt_getprop((void *)(uintptr_t)dtb,
			   fdt_path_offset((void *)(uintptr_t)dtb, "/chosen"), "bootargs", NULL);
	assert_string_equal(args, "suite=regression");
	/* Which UEFI started it, for the report's boot comment. */
	args = fdt_getprop((void *)(uintptr_t)dtb,
			   fdt_path_offset((void *)(uintptr_t)dtb, "/chosen"), EFI_FIRMWARE_PROP,
			   NULL);
	assert_string_equal(args, "Fake? revision 0x20230100");
}

/* The vendor's name as ASCII; none at all is said. */
static void test_firmware_name(void **state)
{
	char out[32];

	(void)state;
	fake_init(NULL, NULL);
	assert_int_equal(to_ucs2("Das U-Boot", true), 22);
	f.st.firmware_vendor = ucs;
	f.st.firmware_revision = 0x20230100;
	efi_firmware_name(&f.st, out, sizeof(out));
	assert_string_equal(out, "Das U-Boot revision 0x20230100");
	f.st.firmware_vendor = NULL;
	efi_firmware_name(&f.st, out, sizeof(out));
	assert_string_equal(out, "(no vendor) revision 0x20230100");
	to_ucs2("a very long vendor name that does not fit", true);
	f.st.firmware_vendor = ucs;
	efi_firmware_name(&f.st, out, 8);
	assert_string_equal(out, "a very ");
}

/* U-Boot's bootefi (2023.01, cmd/bootefi.c copy_fdt) puts its copy of the
 * tree at RAM + 127 MiB as ACPI reclaim memory, so the map splits RAM below
 * the image: the tree written then has two /memory banks, and the first is
 * not the image's.  The common path must take the bank that holds the image
 * (fdtmem_ram_of, sys/dtb.c) for the end of its page pool: with the first
 * bank the pool was empty and the run stopped with "cannot map the console:
 * out of pages for translation tables". */
static void test_boot_split_ram(void **state)
{
	static const efi_guid dtbg = EFI_DTB_TABLE_GUID;
	static uint8_t fw[1024];
	static fdtmem fm;
	const fdtmem_range *r;
	uint64_t base;
	int node;

	(void)state;
	fw_tree(fw, sizeof(fw));
	node = fdt_add_subnode(fw, 0, "chosen");
	fdt_setprop_string(fw, node, "stdout-path", "/nowhere");
	fake_init(&dtbg, fw);
	base = (uint64_t)(uintptr_t)f.arena;
	f.map[1].number_of_pages = (0x100000 - 0x10000) / EFI_PAGE_SIZE;
	f.map[2] = (efi_memory_descriptor){ EFI_ACPI_RECLAIM_MEMORY, base + 0x100000, 0, 4,
					    EFI_MEMORY_WB };
	f.map[3] =
		(efi_memory_descriptor){ EFI_CONVENTIONAL_MEMORY, base + 0x104000, 0,
					 (ARENA_SIZE - 0x104000) / EFI_PAGE_SIZE, EFI_MEMORY_WB };
	f.nmap = 4;
	assert_int_equal(efi_boot(&f, &f.st, image(), &handoff), EFI_SUCCESS);
	check_home();
	assert_null(fdtmem_read((void *)(uintptr_t)handoff.dtb, 1u << 20, &fm));
	assert_int_equal(fm.nmem, 2);
	assert_int_equal(fm.mem[0].base, base + 0x10000); /* below U-Boot's tree copy */
	r = fdtmem_ram_of(&fm, handoff.home);
	assert_non_null(r);
	assert_int_equal(r->base, base + 0x104000);
	assert_true(handoff.home + img.mem_size + img.pool <= r->base + r->size);
	/* Without a bank holding the address: the first, as a tree's only. */
	assert_ptr_equal(fdtmem_ram_of(&fm, base), &fm.mem[0]);
	fm.nmem = 0;
	assert_null(fdtmem_ram_of(&fm, handoff.home));
}

/* What the EFI phase refuses it says on ConOut, and the boot services
 * stay (the firmware takes over again). */
static void test_boot_refused(void **state)
{
	static const efi_guid acpi = EFI_ACPI_20_TABLE_GUID;

	(void)state;
	fake_init(NULL, NULL);
	assert_int_equal(efi_boot(&f, &f.st, image(), &handoff), EFI_UNSUPPORTED);
	assert_string_equal(f.con,
			    "pairguard: EFI: the configuration table has neither a device tree "
			    "(GUID b1b621d5-f19c-41a5-830b-d9152c69aae0) nor ACPI 2.0 "
			    "(8868e871-e4f1-11d3-bc22-0080c73c8881): no console to use\n");
	assert_false(f.exited);

	fake_init(&acpi, acpi_build(0x03, 0, 3, 3));
	f.li.load_options_size = to_ucs2("policy=fixed\x01", true);
	assert_int_equal(efi_boot(&f, &f.st, image(), &handoff), EFI_INVALID_PARAMETER);
	assert_string_equal(f.con, "pairguard: EFI load options: character U+0001 at position 12 "
				   "(accepted: printable ASCII, U+0020..U+007E, and tab)\n");
	assert_int_equal(f.ebs_calls, 0);

	/* No room for the image and its pool. */
	fake_init(&acpi, acpi_build(0x03, 0, 3, 3));
	image();
	img.pool = ARENA_SIZE;
	assert_int_equal(efi_boot(&f, &f.st, &img, &handoff), EFI_OUT_OF_RESOURCES);
	assert_string_equal(f.con, "pairguard: EFI: ACPI: interrupt controller from the MADT: "
				   "none: ACPI: no APIC table in the XSDT\n"
				   "pairguard: EFI: no 9 MiB of free RAM for the image and its "
				   "page pool\n");
	assert_false(f.exited);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bootargs),
		cmocka_unit_test(test_bootargs_refused),
		cmocka_unit_test(test_ram),
		cmocka_unit_test(test_ram_keep),
		cmocka_unit_test(test_ebs_first_time),
		cmocka_unit_test(test_ebs_stale_key),
		cmocka_unit_test(test_ebs_gives_up),
		cmocka_unit_test(test_spcr),
		cmocka_unit_test(test_spcr_refused),
		cmocka_unit_test(test_madt),
		cmocka_unit_test(test_madt_refused),
		cmocka_unit_test(test_boot_madt),
		cmocka_unit_test(test_boot_acpi),
		cmocka_unit_test(test_boot_dtb),
		cmocka_unit_test(test_boot_split_ram),
		cmocka_unit_test(test_firmware_name),
		cmocka_unit_test(test_boot_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
