/* Device tree access through libfdt. */
#include <libfdt.h>
#include <string.h>

#include "arch/mmu.h"
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

const char *dtb_model(void)
{
	return string_prop("/", "model");
}

static uint64_t read_cells(const fdt32_t *p, int cells)
{
	uint64_t v = 0;

	while (cells-- > 0)
		v = (v << 32) | fdt32_to_cpu(*p++);
	return v;
}

bool dtb_memory(uint64_t *base, uint64_t *size)
{
	int node, len = 0, ac, sc;
	const fdt32_t *reg;

	if (!fdt)
		return false;
	node = fdt_node_offset_by_prop_value(fdt, -1, "device_type", "memory",
					     (int)sizeof("memory"));
	if (node < 0)
		return false;
	ac = fdt_address_cells(fdt, 0);
	sc = fdt_size_cells(fdt, 0);
	reg = fdt_getprop(fdt, node, "reg", &len);
	if (!reg || ac < 1 || ac > 2 || sc < 1 || sc > 2 || len < (ac + sc) * 4)
		return false;
	*base = read_cells(reg, ac);
	*size = read_cells(reg + ac, sc);
	return true;
}
