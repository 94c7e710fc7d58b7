/* Device tree access through libfdt. */
#include <libfdt.h>
#include <string.h>

#include "arch/mmu.h"
#include "efi/efiboot.h"
#include "lib/fdtmem.h"
#include "sys/dtb.h"

static const void *fdt;
static const char *problem = "not looked for yet";

const char *dtb_problem(void)
{
	return problem;
}

static bool fail(const char *why)
{
	problem = why;
	return false;
}

bool dtb_init(uint64_t pa)
{
	uint64_t last;

	fdt = NULL;
	if (!pa) {
		return fail("the loader passed no DTB (x0 = 0)");
	}
	/* Read only what the identity map covers: a DTB outside RAM would
	 * fault here rather than in libfdt. */
	if (!mmu_probe(pa, false, NULL)) {
		return fail("the DTB address is not in mapped RAM");
	}
	if (fdt_check_header((const void *)(uintptr_t)pa) != 0) {
		return fail("x0 does not point at a valid DTB");
	}
	last = pa + fdt_totalsize((const void *)(uintptr_t)pa) - 1;
	if (!mmu_probe(last, false, NULL)) {
		return fail("the DTB extends past mapped RAM");
	}
	fdt = (const void *)(uintptr_t)pa;
	problem = NULL;
	return true;
}

const void *dtb_blob(void)
{
	return fdt;
}

const void *dtb_prop(const char *path, const char *name, int *len)
{
	int node, l = 0;
	const void *p;

	if (!fdt)
		return NULL;
	node = fdt_path_offset(fdt, path);
	if (node < 0)
		return NULL;
	p = fdt_getprop(fdt, node, name, &l);
	if (len)
		*len = l;
	return p;
}

/* A string property that really is a NUL-terminated string. */
static const char *string_prop(const char *path, const char *name)
{
	int len = 0;
	const char *s = dtb_prop(path, name, &len);

	if (!s || len <= 0 || s[len - 1] != '\0')
		return NULL;
	return s;
}

const char *dtb_bootargs(void)
{
	return string_prop("/chosen", "bootargs");
}

const char *dtb_efi_firmware(void)
{
	return string_prop("/chosen", EFI_FIRMWARE_PROP);
}

const char *dtb_model(void)
{
	return string_prop("/", "model");
}

bool dtb_memory(uint64_t addr, uint64_t *base, uint64_t *size)
{
	static fdtmem fm;
	const fdtmem_range *r;

	if (!fdt || fdtmem_read(fdt, fdt_totalsize(fdt), &fm))
		return false;
	r = fdtmem_ram_of(&fm, addr);
	if (!r)
		return false;
	*base = r->base;
	*size = r->size;
	return true;
}
