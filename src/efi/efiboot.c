/* pairguard as a UEFI application: from the EFI entry to the common boot
 * path (see efiboot.h). */
#include <libfdt.h>
#include <stdio.h>
#include <string.h>

#include "efi/efiboot.h"

bool efi_bootargs(const void *opts, uint32_t size, char *out, size_t cap, char *why, size_t why_len)
{
	const uint8_t *p = opts;
	size_t n = 0;

	out[0] = '\0';
	if (!opts || size == 0)
		return true;
	if (size % 2) {
		snprintf(why, why_len,
			 "EFI load options: %u bytes, an odd count (accepted: UCS-2, 2 bytes a "
			 "character)",
			 (unsigned)size);
		return false;
	}
	for (uint32_t i = 0; i < size / 2; i++) {
		unsigned c = p[2 * i] | (unsigned)p[2 * i + 1] << 8;

		if (c == 0)
			break;
		if (c == '\t')
			c = ' ';
		if (c < 0x20 || c > 0x7e) {
			snprintf(why, why_len,
				 "EFI load options: character U+%04X at position %u (accepted: "
				 "printable ASCII, U+0020..U+007E, and tab)",
				 c, (unsigned)i);
			return false;
		}
		if (n + 1 >= cap) {
			snprintf(why, why_len,
				 "EFI load options: longer than %u characters (accepted: up to %u)",
				 (unsigned)(cap - 1), (unsigned)(cap - 1));
			return false;
		}
		out[n++] = (char)c;
	}
	/* Trailing blanks (the UEFI shell leaves one) mean nothing. */
	while (n && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
	return true;
}

void efi_firmware_name(const efi_system_table *st, char *out, size_t cap)
{
	size_t n = 0;
	const efi_char16 *v = st->firmware_vendor;

	for (; v && *v && n + 1 < cap; v++)
		out[n++] = *v >= 0x20 && *v <= 0x7e ? (char)*v : '?';
	out[n] = '\0';
	snprintf(out + n, cap - n, "%srevision 0x%x", n ? " " : "(no vendor) ",
		 (unsigned)st->firmware_revision);
}

void *efi_config_table(const efi_system_table *st, const efi_guid *guid)
{
	for (uint64_t i = 0; i < st->number_of_table_entries; i++)
		if (!memcmp(&st->configuration_table[i].vendor_guid, guid, sizeof(*guid)))
			return st->configuration_table[i].vendor_table;
	return NULL;
}

static bool usable(const efi_memory_descriptor *d)
{
	if (!(d->attribute & EFI_MEMORY_WB))
		return false;
	switch (d->type) {
	case EFI_LOADER_CODE:
	case EFI_LOADER_DATA:
	case EFI_BOOT_SERVICES_CODE:
	case EFI_BOOT_SERVICES_DATA:
	case EFI_CONVENTIONAL_MEMORY:
		return true;
	default:
		return false;
	}
}

#define EFI_RAM_WORK 256

unsigned efi_ram(const void *map, uint64_t map_size, uint64_t desc_size, uint64_t keep,
		 efi_range *out, unsigned max)
{
	static efi_range w[EFI_RAM_WORK];
	unsigned n = 0, i, j;

	if (desc_size < sizeof(efi_memory_descriptor) || max == 0)
		return 0;
	/* Insert each usable range in address order, merging neighbours. */
	for (uint64_t off = 0; off + desc_size <= map_size; off += desc_size) {
		efi_memory_descriptor d;
		uint64_t lo, hi;

		memcpy(&d, (const uint8_t *)map + off, sizeof(d));
		if (!usable(&d) || !d.number_of_pages)
			continue;
		lo = d.physical_start;
		hi = lo + d.number_of_pages * EFI_PAGE_SIZE;
		for (i = 0; i < n && w[i].base + w[i].size < lo; i++)
			;
		if (i < n && w[i].base <= hi) {
			uint64_t end = w[i].base + w[i].size;

			w[i].base = lo < w[i].base ? lo : w[i].base;
			end = hi > end ? hi : end;
			w[i].size = end - w[i].base;
			/* The grown range may now reach the next ones. */
			while (i + 1 < n && w[i + 1].base <= end) {
				uint64_t e2 = w[i + 1].base + w[i + 1].size;

				end = e2 > end ? e2 : end;
				w[i].size = end - w[i].base;
				memmove(&w[i + 1], &w[i + 2], (n - i - 2) * sizeof(w[0]));
				n--;
			}
			continue;
		}
		if (n == EFI_RAM_WORK)
			continue; /* a pathological map: the smallest pieces go */
		memmove(&w[i + 1], &w[i], (n - i) * sizeof(w[0]));
		w[i] = (efi_range){ lo, hi - lo };
		n++;
	}
	/* Too many: drop the smallest that does not hold keep. */
	while (n > max) {
		unsigned k = n;

		for (i = 0; i < n; i++) {
			bool holds = keep >= w[i].base && keep - w[i].base < w[i].size;

			if (!holds && (k == n || w[i].size < w[k].size))
				k = i;
		}
		if (k == n)
			break;
		memmove(&w[k], &w[k + 1], (n - k - 1) * sizeof(w[0]));
		n--;
	}
	for (j = 0; j < n && j < max; j++)
		out[j] = w[j];
	return j;
}

efi_status efi_memmap_read(efi_boot_services *bs, efi_memmap *m)
{
	uint64_t size = 0, addr = 0;
	efi_status s;

	s = bs->get_memory_map(&size, NULL, &m->key, &m->desc_size, &m->desc_version);
	if (s != EFI_BUFFER_TOO_SMALL)
		return s == EFI_SUCCESS ? EFI_INVALID_PARAMETER : s;
	/* The allocation itself may split a free range: room to spare. */
	size += EFI_MAP_SLACK * (m->desc_size ? m->desc_size : sizeof(efi_memory_descriptor));
	size = (size + EFI_PAGE_SIZE - 1) & ~(uint64_t)(EFI_PAGE_SIZE - 1);
	s = bs->allocate_pages(EFI_ALLOCATE_ANY_PAGES, EFI_LOADER_DATA, size / EFI_PAGE_SIZE,
			       &addr);
	if (s != EFI_SUCCESS)
		return s;
	m->buf = (efi_memory_descriptor *)(uintptr_t)addr;
	m->cap = size;
	m->size = size;
	return bs->get_memory_map(&m->size, m->buf, &m->key, &m->desc_size, &m->desc_version);
}

efi_status efi_exit_boot_services(efi_boot_services *bs, efi_handle image, efi_memmap *m,
				  unsigned *tries)
{
	efi_status s = EFI_INVALID_PARAMETER;

	/*
	 * UEFI 2.10 7.4.6: ExitBootServices returns EFI_INVALID_PARAMETER when
	 * the map key is not the current map's; the loader must then get the
	 * map again and retry, calling nothing but the memory allocation
	 * services in between (the firmware may have shut part of itself
	 * down already).  So the buffer is the one read before, reused.
	 */
	for (*tries = 0; *tries < EFI_EBS_TRIES && s == EFI_INVALID_PARAMETER;) {
		m->size = m->cap;
		s = bs->get_memory_map(&m->size, m->buf, &m->key, &m->desc_size, &m->desc_version);
		if (s != EFI_SUCCESS)
			return s;
		++*tries;
		s = bs->exit_boot_services(image, m->key);
	}
	return s;
}

/* The root's #address-cells / #size-cells worth of v, big-endian, at p. */
static int put_cells(uint8_t *p, int cells, uint64_t v)
{
	for (int i = cells - 1; i >= 0; i--) {
		fdt32_t w = cpu_to_fdt32((uint32_t)(v >> (32 * i)));

		memcpy(p, &w, 4);
		p += 4;
	}
	return 4 * cells;
}

static bool fdt_fail(const char *what, int err, char *why, size_t why_len)
{
	snprintf(why, why_len, "EFI: writing the device tree: %s: %s", what, fdt_strerror(err));
	return false;
}

/* /memory: the banks the map gave, in one node. */
static int write_memory(void *fdt, const efi_board *b)
{
	uint8_t reg[EFI_RAM_MAX * 16];
	int ac = fdt_address_cells(fdt, 0), sc = fdt_size_cells(fdt, 0), len = 0, node, err;

	if (ac < 1 || ac > 2 || sc < 1 || sc > 2)
		return -FDT_ERR_BADNCELLS;
	/* Every memory node of the firmware's tree goes: the map says more. */
	while ((node = fdt_node_offset_by_prop_value(fdt, -1, "device_type", "memory", 7)) >= 0)
		if ((err = fdt_del_node(fdt, node)) < 0)
			return err;
	for (unsigned i = 0; i < b->nram; i++) {
		len += put_cells(reg + len, ac, b->ram[i].base);
		len += put_cells(reg + len, sc, b->ram[i].size);
	}
	node = fdt_add_subnode(fdt, 0, "memory");
	if (node < 0)
		return node;
	err = fdt_setprop_string(fdt, node, "device_type", "memory");
	return err < 0 ? err : fdt_setprop(fdt, node, "reg", reg, len);
}

/* The SPCR console as a UART node; path (64 bytes) for /chosen/stdout-path. */
static int write_console(void *fdt, const acpi_console *c, char *path)
{
	char name[32];
	uint8_t reg[16];
	int node, err;

	snprintf(name, sizeof(name), "serial@%llx", (unsigned long long)c->addr);
	node = fdt_add_subnode(fdt, 0, name);
	if (node < 0)
		return node;
	put_cells(reg, 2, c->addr);
	put_cells(reg + 8, 2, 0x1000);
	if ((err = fdt_setprop_string(fdt, node, "compatible", c->compatible)) < 0 ||
	    (err = fdt_setprop(fdt, node, "reg", reg, sizeof(reg))) < 0 ||
	    (err = fdt_setprop_u32(fdt, node, "reg-shift", c->reg_shift)) < 0 ||
	    (err = fdt_setprop_u32(fdt, node, "reg-io-width", c->io_width)) < 0)
		return err;
	if (c->baud)
		snprintf(path, 64, "/%s:%un8", name, (unsigned)c->baud);
	else
		snprintf(path, 64, "/%s", name);
	return 0;
}

static int write_psci(void *fdt, psci_conduit c)
{
	int node, err;

	if (c == PSCI_NONE)
		return 0;
	node = fdt_add_subnode(fdt, 0, "psci");
	if (node < 0)
		return node;
	err = fdt_setprop_string(fdt, node, "compatible", "arm,psci-0.2");
	return err < 0 ? err : fdt_setprop_string(fdt, node, "method", psci_conduit_name(c));
}

/* The MADT's GIC as the node the common path's discovery reads
 * (src/dt/discover.c find_gic): "arm,cortex-a15-gic" with the distributor
 * and CPU interface, or "arm,gic-v3" with the distributor and the
 * redistributor regions.  Sizes: the architected frames (IHI 0048B 4.1,
 * IHI 0069 12.1); nothing for version 0. */
static int write_gic(void *fdt, const acpi_gic *g)
{
	uint8_t reg[(1 + ACPI_GIC_REDIST_MAX) * 16];
	char name[48];
	int node, err, len = 0;

	if (g->version != 2 && g->version != 3)
		return 0;
	snprintf(name, sizeof(name), "interrupt-controller@%llx", (unsigned long long)g->dist);
	node = fdt_add_subnode(fdt, 0, name);
	if (node < 0)
		return node;
	len += put_cells(reg + len, 2, g->dist);
	len += put_cells(reg + len, 2, g->version == 2 ? 0x1000 : 0x10000);
	if (g->version == 2) {
		len += put_cells(reg + len, 2, g->cpu);
		len += put_cells(reg + len, 2, 0x2000);
	}
	for (unsigned i = 0; g->version == 3 && i < g->nredist; i++) {
		len += put_cells(reg + len, 2, g->redist[i].base);
		len += put_cells(reg + len, 2, g->redist[i].size);
	}
	if ((err = fdt_setprop_string(fdt, node, "compatible",
				      g->version == 2 ? "arm,cortex-a15-gic" : "arm,gic-v3")) < 0 ||
	    (err = fdt_setprop(fdt, node, "reg", reg, len)) < 0 ||
	    (err = fdt_setprop(fdt, node, "interrupt-controller", NULL, 0)) < 0 ||
	    (err = fdt_setprop_u32(fdt, node, "#interrupt-cells", 3)) < 0)
		return err;
	if (g->version == 3)
		err = fdt_setprop_u32(fdt, node, "#redistributor-regions", g->nredist);
	return err < 0 ? err : 0;
}

bool efi_make_dtb(void *buf, size_t cap, const efi_board *b, char *why, size_t why_len)
{
	char path[64];
	int err, chosen;

	if (b->efi_dtb) {
		err = fdt_open_into(b->efi_dtb, buf, (int)cap);
		if (err < 0)
			return fdt_fail("copying the firmware's tree", err, why, why_len);
	} else {
		/* ACPI only: a tree of just what pairguard reads. */
		err = fdt_create_empty_tree(buf, (int)cap);
		if (err >= 0)
			err = fdt_setprop_u32(buf, 0, "#address-cells", 2);
		if (err >= 0)
			err = fdt_setprop_u32(buf, 0, "#size-cells", 2);
		if (err >= 0)
			err = fdt_setprop_string(buf, 0, "model", "UEFI with ACPI (SPCR console)");
		if (err < 0)
			return fdt_fail("an empty tree", err, why, why_len);
	}
	if ((err = write_memory(buf, b)) < 0)
		return fdt_fail("/memory", err, why, why_len);
	if (!b->efi_dtb) {
		if ((err = write_console(buf, &b->console, path)) < 0)
			return fdt_fail("the SPCR console", err, why, why_len);
		if ((err = write_psci(buf, b->psci)) < 0)
			return fdt_fail("/psci", err, why, why_len);
		if ((err = write_gic(buf, &b->gic)) < 0)
			return fdt_fail("the MADT's interrupt controller", err, why, why_len);
	}
	/* Last: adding a node moves the offsets of its later siblings. */
	chosen = fdt_path_offset(buf, "/chosen");
	if (chosen == -FDT_ERR_NOTFOUND)
		chosen = fdt_add_subnode(buf, 0, "chosen");
	if (chosen < 0)
		return fdt_fail("/chosen", chosen, why, why_len);
	if ((err = fdt_setprop_string(buf, chosen, "bootargs", b->bootargs)) < 0)
		return fdt_fail("/chosen/bootargs", err, why, why_len);
	if (b->firmware &&
	    (err = fdt_setprop_string(buf, chosen, EFI_FIRMWARE_PROP, b->firmware)) < 0)
		return fdt_fail("/chosen/" EFI_FIRMWARE_PROP, err, why, why_len);
	if (!b->efi_dtb && (err = fdt_setprop_string(buf, chosen, "stdout-path", path)) < 0)
		return fdt_fail("/chosen/stdout-path", err, why, why_len);
	if ((err = fdt_pack(buf)) < 0)
		return fdt_fail("packing", err, why, why_len);
	return true;
}

void efi_puts(efi_system_table *st, const char *s)
{
	efi_char16 line[128];
	size_t n = 0;

	if (!st->con_out)
		return;
	for (;; s++) {
		if (*s == '\n' && n < 126)
			line[n++] = '\r';
		if (*s)
			line[n++] = (efi_char16)(uint8_t)*s;
		if (!*s || n >= 126) {
			line[n] = 0;
			st->con_out->output_string(st->con_out, line);
			n = 0;
		}
		if (!*s)
			return;
	}
}

/* Say why, on the firmware's console, and hand back status. */
static efi_status fail(efi_system_table *st, efi_status status, const char *why)
{
	efi_puts(st, "pairguard: ");
	efi_puts(st, why);
	efi_puts(st, "\n");
	return status;
}

/* The pieces efi_boot keeps: static, so the stack stays small. */
static struct {
	char bootargs[EFI_BOOTARGS_MAX];
	char why[EFI_WHY_MAX];
	char gic_why[EFI_WHY_MAX];
	char msg[128];
	char firmware[96];
	efi_board board;
	efi_memmap map;
} e;

/* The home: mem_size + pool bytes from a 2 MiB boundary, loader code
 * (free RAM after ExitBootServices, so the common path's bank holds it). */
static efi_status alloc_home(efi_boot_services *bs, const efi_image *img, uint64_t *home)
{
	uint64_t size = img->mem_size + img->pool + EFI_HOME_ALIGN, addr = 0;
	efi_status s;

	s = bs->allocate_pages(EFI_ALLOCATE_ANY_PAGES, EFI_LOADER_CODE,
			       (size + EFI_PAGE_SIZE - 1) / EFI_PAGE_SIZE, &addr);
	if (s != EFI_SUCCESS)
		return s;
	*home = (addr + EFI_HOME_ALIGN - 1) & ~(uint64_t)(EFI_HOME_ALIGN - 1);
	memcpy((void *)(uintptr_t)*home, (const void *)(uintptr_t)img->base, img->file_size);
	return EFI_SUCCESS;
}

efi_status efi_boot(efi_handle image, efi_system_table *st, const efi_image *img, efi_handoff *out)
{
	static const efi_guid loaded_image_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;
	static const efi_guid dtb_guid = EFI_DTB_TABLE_GUID;
	static const efi_guid acpi_guid = EFI_ACPI_20_TABLE_GUID;
	efi_boot_services *bs = st->boot_services;
	efi_loaded_image *li = NULL;
	uint64_t dtb_size, dtb_addr, home = 0, bank_lo = 0, bank_end = 0;
	unsigned tries;
	efi_status s;

	memset(&e.board, 0, sizeof(e.board));
	memset(&e.map, 0, sizeof(e.map));
	s = bs->handle_protocol(image, &loaded_image_guid, (void **)&li);
	if (s != EFI_SUCCESS || !li)
		return fail(st, s ? s : EFI_LOAD_ERROR,
			    "EFI: no LOADED_IMAGE protocol on the image");
	if (!efi_bootargs(li->load_options, li->load_options_size, e.bootargs, sizeof(e.bootargs),
			  e.why, sizeof(e.why)))
		return fail(st, EFI_INVALID_PARAMETER, e.why);
	e.board.bootargs = e.bootargs;
	efi_firmware_name(st, e.firmware, sizeof(e.firmware));
	e.board.firmware = e.firmware;

	e.board.efi_dtb = efi_config_table(st, &dtb_guid);
	if (e.board.efi_dtb) {
		if (fdt_check_header(e.board.efi_dtb) != 0)
			return fail(st, EFI_LOAD_ERROR,
				    "EFI: the configuration table's device tree has no valid "
				    "header");
		dtb_size = fdt_totalsize(e.board.efi_dtb) + EFI_DTB_SLACK;
	} else {
		const void *rsdp = efi_config_table(st, &acpi_guid), *spcr, *madt;

		if (!rsdp)
			return fail(st, EFI_UNSUPPORTED,
				    "EFI: the configuration table has neither a device tree "
				    "(GUID b1b621d5-f19c-41a5-830b-d9152c69aae0) nor ACPI 2.0 "
				    "(8868e871-e4f1-11d3-bc22-0080c73c8881): no console to use");
		spcr = acpi_find(rsdp, "SPCR", e.why, sizeof(e.why));
		if (!spcr || !acpi_spcr_console(spcr, &e.board.console, e.why, sizeof(e.why)))
			return fail(st, EFI_UNSUPPORTED, e.why);
		e.board.psci = acpi_fadt_psci(acpi_find(rsdp, "FACP", e.why, sizeof(e.why)));
		/* No usable MADT is no reason to stop: the run goes on without
		 * a watchdog, and says why (this line; "# watchdog: none"). */
		madt = acpi_find(rsdp, "APIC", e.gic_why, sizeof(e.gic_why));
		if (madt)
			acpi_madt_gic(madt, &e.board.gic, e.gic_why, sizeof(e.gic_why));
		efi_puts(st, "pairguard: EFI: ACPI: interrupt controller from the MADT: ");
		if (!e.board.gic.version)
			snprintf(e.msg, sizeof(e.msg), "none: ");
		else if (e.board.gic.version == 2)
			snprintf(e.msg, sizeof(e.msg), "GICv2, GICD 0x%llx, GICC 0x%llx",
				 (unsigned long long)e.board.gic.dist,
				 (unsigned long long)e.board.gic.cpu);
		else
			snprintf(e.msg, sizeof(e.msg),
				 "GICv3, GICD 0x%llx, %u GICR region(s) from 0x%llx",
				 (unsigned long long)e.board.gic.dist, e.board.gic.nredist,
				 (unsigned long long)e.board.gic.redist[0].base);
		efi_puts(st, e.msg);
		efi_puts(st, !e.board.gic.version ? e.gic_why : "");
		efi_puts(st, "\n");
		dtb_size = EFI_DTB_SLACK;
	}

	s = alloc_home(bs, img, &home);
	if (s != EFI_SUCCESS) {
		snprintf(e.msg, sizeof(e.msg),
			 "EFI: no %llu MiB of free RAM for the image and its page pool",
			 (unsigned long long)((img->mem_size + img->pool + (1u << 20) - 1) >> 20));
		return fail(st, s, e.msg);
	}
	s = efi_memmap_read(bs, &e.map);
	if (s != EFI_SUCCESS)
		return fail(st, s, "EFI: GetMemoryMap failed");
	e.board.nram =
		efi_ram(e.map.buf, e.map.size, e.map.desc_size, home, e.board.ram, EFI_RAM_MAX);
	for (unsigned i = 0; i < e.board.nram; i++)
		if (home >= e.board.ram[i].base &&
		    home + img->mem_size <= e.board.ram[i].base + e.board.ram[i].size) {
			bank_lo = e.board.ram[i].base;
			bank_end = bank_lo + e.board.ram[i].size;
		}
	if (!bank_end)
		return fail(st, EFI_LOAD_ERROR,
			    "EFI: the memory map does not call the image's new home free RAM");
	/* The tree must lie in the home's RAM bank, the one the common path
	 * maps; loader data, which stays free of the firmware. */
	dtb_size = (dtb_size + EFI_PAGE_SIZE - 1) & ~(uint64_t)(EFI_PAGE_SIZE - 1);
	dtb_addr = bank_end - 1;
	s = bs->allocate_pages(EFI_ALLOCATE_MAX_ADDRESS, EFI_LOADER_DATA, dtb_size / EFI_PAGE_SIZE,
			       &dtb_addr);
	if (s != EFI_SUCCESS || dtb_addr < bank_lo)
		return fail(st, s ? s : EFI_OUT_OF_RESOURCES,
			    "EFI: no room for the device tree in the image's RAM bank");
	if (!efi_make_dtb((void *)(uintptr_t)dtb_addr, dtb_size, &e.board, e.why, sizeof(e.why)))
		return fail(st, EFI_LOAD_ERROR, e.why);

	efi_puts(st, e.board.efi_dtb ? "pairguard: EFI: device tree from the configuration table"
				     : "pairguard: EFI: ACPI: console from SPCR");
	efi_puts(st, ", bootargs '");
	efi_puts(st, e.bootargs);
	snprintf(e.msg, sizeof(e.msg),
		 "'; image moved from 0x%llx to 0x%llx; exiting boot services\n",
		 (unsigned long long)img->base, (unsigned long long)home);
	efi_puts(st, e.msg);
	s = efi_exit_boot_services(bs, image, &e.map, &tries);
	if (s != EFI_SUCCESS) {
		snprintf(e.msg, sizeof(e.msg), "EFI: ExitBootServices failed after %u attempts",
			 tries);
		/* The console may be gone by now; try anyway. */
		return fail(st, s, e.msg);
	}
	out->home = home;
	out->dtb = dtb_addr;
	return EFI_SUCCESS;
}
