/*
 * Board discovery from a flattened device tree (Devicetree Specification
 * v0.4: 2.3.5 ranges, 2.3.6 #address-cells/#size-cells, 3.3 /aliases,
 * 3.4 /memory, 3.5 /reserved-memory, 3.6 /chosen stdout-path, 3.7-3.8
 * /cpus and enable-method, 5.3 the memory reservation block).
 */
#include <libfdt.h>
#include <stdio.h>
#include <string.h>

#include "dt/discover.h"

/* The Devicetree Specification's defaults when a node has no #...-cells. */
#define ROOT_NODE 0

static bool node_enabled(const void *fdt, int node)
{
	int len = 0;
	const char *s = fdt_getprop(fdt, node, "status", &len);

	return !s || (len >= 3 && (strcmp(s, "okay") == 0 || strcmp(s, "ok") == 0));
}

/* A number of 1 or 2 cells (0 cells: 0). */
static bool read_cells(const fdt32_t *p, int cells, uint64_t *v)
{
	if (cells < 0 || cells > 2)
		return false;
	*v = 0;
	for (int i = 0; i < cells; i++)
		*v = (*v << 32) | fdt32_to_cpu(p[i]);
	return true;
}

static bool prop_u32(const void *fdt, int node, const char *name, uint32_t *v)
{
	int len = 0;
	const fdt32_t *p = fdt_getprop(fdt, node, name, &len);

	if (!p || len != 4)
		return false;
	*v = fdt32_to_cpu(*p);
	return true;
}

static void node_path(const void *fdt, int node, char *buf, int len)
{
	if (fdt_get_path(fdt, node, buf, len) != 0)
		snprintf(buf, (size_t)len, "(node at offset %d)", node);
}

bool dt_translate(const void *fdt, int node, uint64_t addr, uint64_t *cpu, char *why,
		  unsigned why_len)
{
	int bus = fdt_parent_offset(fdt, node);

	while (bus > ROOT_NODE) {
		int len = 0, parent = fdt_parent_offset(fdt, bus);
		const fdt32_t *r = fdt_getprop(fdt, bus, "ranges", &len);
		char path[128];

		if (parent < 0) {
			snprintf(why, why_len, "broken tree above offset %d", bus);
			return false;
		}
		if (!r) {
			node_path(fdt, bus, path, sizeof path);
			snprintf(why, why_len,
				 "%s has no ranges: its children's addresses do not reach the CPU",
				 path);
			return false;
		}
		if (len > 0) { /* an empty ranges is the identity */
			int cac = fdt_address_cells(fdt, bus), pac = fdt_address_cells(fdt, parent);
			int sc = fdt_size_cells(fdt, bus), n = cac + pac + sc;
			bool found = false;

			if (cac < 1 || cac > 2 || pac < 1 || pac > 2 || sc < 0 || sc > 2 ||
			    len % (n * 4) != 0) {
				node_path(fdt, bus, path, sizeof path);
				snprintf(why, why_len,
					 "%s: ranges with #address-cells %d, parent's %d, "
					 "#size-cells %d (handled: 1 or 2 address cells, 0 to 2 "
					 "size cells)",
					 path, cac, pac, sc);
				return false;
			}
			for (int i = 0; i < len / 4 && !found; i += n) {
				uint64_t cb, pb, size;

				read_cells(r + i, cac, &cb);
				read_cells(r + i + cac, pac, &pb);
				read_cells(r + i + cac + pac, sc, &size);
				if (addr >= cb && addr - cb < size) {
					addr = pb + (addr - cb);
					found = true;
				}
			}
			if (!found) {
				node_path(fdt, bus, path, sizeof path);
				snprintf(why, why_len, "0x%llx is outside every range of %s",
					 (unsigned long long)addr, path);
				return false;
			}
		}
		bus = parent;
	}
	*cpu = addr;
	return true;
}

/* The first (address, size) of node's reg, in its parent's cells. */
static bool first_reg(const void *fdt, int node, uint64_t *addr, uint64_t *size, char *why,
		      unsigned why_len)
{
	int len = 0, parent = fdt_parent_offset(fdt, node);
	int ac = fdt_address_cells(fdt, parent), sc = fdt_size_cells(fdt, parent);
	const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);

	if (!reg) {
		snprintf(why, why_len, "no reg");
		return false;
	}
	if (ac < 1 || ac > 2 || sc < 0 || sc > 2 || len < (ac + sc) * 4) {
		snprintf(why, why_len, "reg of %d bytes with #address-cells %d, #size-cells %d",
			 len, ac, sc);
		return false;
	}
	read_cells(reg, ac, addr);
	read_cells(reg + ac, sc, size);
	return true;
}

/* The node's first compatible string that has a driver; NULL if none. */
static const earlycon_match *node_match(const void *fdt, int node, const char **compat)
{
	int n = fdt_stringlist_count(fdt, node, "compatible");

	for (int i = 0; i < n; i++) {
		const char *c = fdt_stringlist_get(fdt, node, "compatible", i, NULL);
		const earlycon_match *m = c ? earlycon_find(c) : NULL;

		if (m) {
			*compat = c;
			return m;
		}
	}
	return NULL;
}

/* Every compatible string of node, quoted and comma-separated. */
static void compat_list(const void *fdt, int node, char *buf, size_t len)
{
	int n = fdt_stringlist_count(fdt, node, "compatible");
	size_t used = 0;

	buf[0] = '\0';
	if (n <= 0) {
		snprintf(buf, len, "(none)");
		return;
	}
	for (int i = 0; i < n && used < len; i++) {
		const char *c = fdt_stringlist_get(fdt, node, "compatible", i, NULL);
		int w = snprintf(buf + used, len - used, "%s\"%s\"", i ? "," : "", c ? c : "?");

		if (w < 0)
			break;
		used += (size_t)w;
	}
}

/* Fill b->console from node, or say in b->console_why why not. */
static void console_from_node(const void *fdt, int node, dt_console_source src, const char *options,
			      dt_board *b)
{
	dt_console *c = &b->console;
	char path[128], why[160];
	const char *compat = NULL;
	const earlycon_match *m = node_match(fdt, node, &compat);
	uint64_t bus_addr, size;

	node_path(fdt, node, path, sizeof path);
	if (!m) {
		char list[96];

		compat_list(fdt, node, list, sizeof list);
		snprintf(b->console_why, sizeof b->console_why,
			 "no driver for compatible %s (console %s, from %s)", list, path,
			 dt_console_source_name(src));
		return;
	}
	if (!first_reg(fdt, node, &bus_addr, &size, why, sizeof why) ||
	    !dt_translate(fdt, node, bus_addr, &c->addr, why, sizeof why)) {
		snprintf(b->console_why, sizeof b->console_why, "console %s: %s", path, why);
		return;
	}
	c->reg_shift = m->def_shift;
	c->io_width = m->def_width;
	if (m->dt_props) {
		prop_u32(fdt, node, "reg-shift", &c->reg_shift);
		prop_u32(fdt, node, "reg-io-width", &c->io_width);
	}
	if (c->reg_shift > 4 || (c->io_width != 1 && c->io_width != 2 && c->io_width != 4)) {
		snprintf(b->console_why, sizeof b->console_why,
			 "console %s: reg-shift %u, reg-io-width %u (accepted: reg-shift 0..4, "
			 "reg-io-width 1, 2 or 4)",
			 path, c->reg_shift, c->io_width);
		return;
	}
	c->ok = true;
	c->source = src;
	c->node = node;
	c->compatible = compat;
	c->match = m;
	c->size = size;
	c->options = options;
}

static void find_console(const void *fdt, dt_board *b)
{
	int chosen = fdt_path_offset(fdt, "/chosen"), len = 0, node;
	const char *sp = NULL;

	if (chosen >= 0) {
		sp = fdt_getprop(fdt, chosen, "stdout-path", &len);
		if (!sp)
			sp = fdt_getprop(fdt, chosen, "linux,stdout-path", &len);
	}
	if (sp && len > 1 && sp[len - 1] == '\0') {
		const char *colon = strchr(sp, ':');

		b->console_named = true;
		int namelen = colon ? (int)(colon - sp) : (int)strlen(sp);

		if (sp[0] == '/') {
			node = fdt_path_offset_namelen(fdt, sp, namelen);
		} else {
			const char *alias = fdt_get_alias_namelen(fdt, sp, namelen);
			node = alias ? fdt_path_offset(fdt, alias) : -FDT_ERR_NOTFOUND;
		}
		if (node < 0) {
			snprintf(b->console_why, sizeof b->console_why,
				 "stdout-path \"%s\" names no node", sp);
			return;
		}
		console_from_node(fdt, node, DT_CONSOLE_STDOUT_PATH, colon ? colon + 1 : NULL, b);
		return;
	}
	const char *alias = fdt_get_alias(fdt, "serial0");
	if (alias) {
		b->console_named = true;
		node = fdt_path_offset(fdt, alias);
		if (node < 0) {
			snprintf(b->console_why, sizeof b->console_why,
				 "alias serial0 \"%s\" names no node", alias);
			return;
		}
		console_from_node(fdt, node, DT_CONSOLE_SERIAL0, NULL, b);
		return;
	}
	for (node = fdt_next_node(fdt, -1, NULL); node >= 0;
	     node = fdt_next_node(fdt, node, NULL)) {
		const char *compat;

		if (node_enabled(fdt, node) && node_match(fdt, node, &compat)) {
			console_from_node(fdt, node, DT_CONSOLE_FIRST_UART, NULL, b);
			if (b->console.ok)
				return;
			b->console_why[0] = '\0';
		}
	}
	snprintf(b->console_why, sizeof b->console_why,
		 "no stdout-path, no serial0 alias, and no enabled UART with a driver");
}

/* Add [base, base+size) to a range list; false when it is full. */
static bool range_add(dt_range *list, unsigned *n, unsigned max, uint64_t base, uint64_t size)
{
	if (*n >= max)
		return false;
	list[(*n)++] = (dt_range){ base, size };
	return true;
}

/* Every (address, size) in node's reg (cells of parent) into list. */
static bool reg_ranges(const void *fdt, int node, int parent, dt_range *list, unsigned *n,
		       unsigned max)
{
	int len = 0, ac = fdt_address_cells(fdt, parent), sc = fdt_size_cells(fdt, parent);
	const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);
	bool all = true;

	if (!reg || ac < 1 || ac > 2 || sc < 1 || sc > 2)
		return true;
	for (int i = 0; i + ac + sc <= len / 4; i += ac + sc) {
		uint64_t base, size;

		read_cells(reg + i, ac, &base);
		read_cells(reg + i + ac, sc, &size);
		if (size && !range_add(list, n, max, base, size))
			all = false;
	}
	return all;
}

static bool is_memory_node(const void *fdt, int node)
{
	int len = 0;
	const char *dt = fdt_getprop(fdt, node, "device_type", &len);

	return dt && len == sizeof("memory") && memcmp(dt, "memory", sizeof("memory")) == 0;
}

/* Remove [rb, rb+rs) from every bank, splitting banks it cuts in two. */
static bool subtract(dt_board *b, uint64_t rb, uint64_t rs)
{
	uint64_t re = rb + rs; /* exclusive; a wrap means "to the top" */
	bool all = true;

	if (re < rb)
		re = UINT64_MAX;
	for (unsigned i = 0; i < b->nram; i++) {
		uint64_t bb = b->ram[i].base, be = bb + b->ram[i].size;

		if (re <= bb || rb >= be)
			continue;
		if (rb > bb && re < be) { /* a hole in the middle: keep both sides */
			b->ram[i].size = rb - bb;
			if (!range_add(b->ram, &b->nram, DT_RAM_MAX, re, be - re))
				all = false;
		} else if (rb > bb) { /* cuts the top */
			b->ram[i].size = rb - bb;
		} else if (re < be) { /* cuts the bottom */
			b->ram[i] = (dt_range){ re, be - re };
		} else { /* covers the bank */
			b->ram[i--] = b->ram[--b->nram];
		}
	}
	return all;
}

static void sort_ranges(dt_range *r, unsigned n)
{
	for (unsigned i = 1; i < n; i++) {
		dt_range t = r[i];
		unsigned j = i;

		for (; j > 0 && r[j - 1].base > t.base; j--)
			r[j] = r[j - 1];
		r[j] = t;
	}
}

static void find_memory(const void *fdt, dt_board *b)
{
	bool all = true;

	for (int node = fdt_first_subnode(fdt, ROOT_NODE); node >= 0;
	     node = fdt_next_subnode(fdt, node)) {
		const char *name = fdt_get_name(fdt, node, NULL);
		bool named =
			name && (strcmp(name, "memory") == 0 || strncmp(name, "memory@", 7) == 0);

		if ((is_memory_node(fdt, node) || named) && node_enabled(fdt, node))
			all &= reg_ranges(fdt, node, ROOT_NODE, b->ram, &b->nram, DT_RAM_MAX);
	}
	for (int i = 0, n = fdt_num_mem_rsv(fdt); i < n; i++) {
		uint64_t base, size;

		if (fdt_get_mem_rsv(fdt, i, &base, &size) == 0 && size)
			all &= range_add(b->reserved, &b->nreserved, DT_RESERVED_MAX, base, size);
	}
	int rm = fdt_path_offset(fdt, "/reserved-memory");
	if (rm >= 0) {
		int child;

		fdt_for_each_subnode(child, fdt, rm)
		{
			if (node_enabled(fdt, child))
				all &= reg_ranges(fdt, child, rm, b->reserved, &b->nreserved,
						  DT_RESERVED_MAX);
		}
	}
	for (unsigned i = 0; i < b->nreserved; i++)
		all &= subtract(b, b->reserved[i].base, b->reserved[i].size);
	sort_ranges(b->ram, b->nram);
	sort_ranges(b->reserved, b->nreserved);
	b->ram_truncated = !all;
}

static dt_enable method_of(const char *m, int len)
{
	if (!m || len <= 0 || m[len - 1] != '\0')
		return DT_ENABLE_NONE;
	if (strcmp(m, "psci") == 0)
		return DT_ENABLE_PSCI;
	if (strcmp(m, "spin-table") == 0)
		return DT_ENABLE_SPIN_TABLE;
	return DT_ENABLE_OTHER;
}

static void find_cpus(const void *fdt, dt_board *b)
{
	int cpus = fdt_path_offset(fdt, "/cpus"), node;
	bool first = true;

	b->enable = DT_ENABLE_NONE;
	if (cpus < 0)
		return;
	int ac = fdt_address_cells(fdt, cpus);
	fdt_for_each_subnode(node, fdt, cpus)
	{
		int len = 0;
		const char *dt = fdt_getprop(fdt, node, "device_type", &len);
		const fdt32_t *reg;
		dt_cpu cpu = { 0, 0 };

		if (!dt || strcmp(dt, "cpu") != 0 || !node_enabled(fdt, node))
			continue;
		reg = fdt_getprop(fdt, node, "reg", &len);
		if (reg && ac >= 1 && ac <= 2 && len >= ac * 4)
			read_cells(reg, ac, &cpu.mpidr);
		const char *m = fdt_getprop(fdt, node, "enable-method", &len);
		dt_enable e = method_of(m, len);
		if (e == DT_ENABLE_OTHER)
			b->enable_other = m;
		if (e == DT_ENABLE_SPIN_TABLE) {
			const fdt32_t *ra = fdt_getprop(fdt, node, "cpu-release-addr", &len);
			if (ra && (len == 4 || len == 8))
				read_cells(ra, len / 4, &cpu.release_addr);
		}
		if (first)
			b->enable = e;
		else if (b->enable != e)
			b->enable = DT_ENABLE_MIXED;
		first = false;
		if (b->ncpus < DT_CPU_MAX)
			b->cpus[b->ncpus] = cpu;
		b->ncpus++;
	}
}

static void find_timer(const void *fdt, dt_board *b)
{
	int node = fdt_node_offset_by_compatible(fdt, -1, "arm,armv8-timer");

	if (node < 0)
		node = fdt_node_offset_by_compatible(fdt, -1, "arm,armv7-timer");
	b->timer_hz = 0;
	if (node >= 0)
		prop_u32(fdt, node, "clock-frequency", &b->timer_hz);
}

/* node's reg entries: up to max (address, size) pairs, translated to CPU
 * addresses; how many, or -1 when the node or its parent's cells are
 * unusable. */
static int reg_entries(const void *fdt, int node, uint64_t (*out)[2], int max)
{
	int parent = fdt_parent_offset(fdt, node), len = 0, n;
	int ac = parent < 0 ? 0 : fdt_address_cells(fdt, parent);
	int sc = parent < 0 ? 0 : fdt_size_cells(fdt, parent);
	const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);
	char why[64];

	if (!reg || !node_enabled(fdt, node) || ac < 1 || ac > 2 || sc < 0 || sc > 2)
		return -1;
	n = len / (4 * (ac + sc));
	for (int i = 0; i < n && i < max; i++) {
		const fdt32_t *e = reg + i * (ac + sc);

		read_cells(e, ac, &out[i][0]);
		read_cells(e + ac, sc, &out[i][1]);
		if (!dt_translate(fdt, node, out[i][0], &out[i][0], why, sizeof why))
			return -1;
	}
	return n < max ? n : max;
}

/* The interrupt controller the timer's interrupts reach: a GICv2, a GICv3
 * (IHI 0069 and the "arm,gic-v3" binding: reg is the distributor, then
 * #redistributor-regions redistributor regions), or a BCM2836/7 ARM-local
 * controller.  A controller seen but not usable: kind GIC_NONE, why set. */
static void find_gic(const void *fdt, dt_board *b)
{
	static const char *const v2[] = { "arm,cortex-a15-gic", "arm,gic-400" };
	uint64_t reg[1 + GIC_REDIST_REGIONS][2];
	uint32_t nr = 1;
	int node;

	for (unsigned i = 0; i < sizeof(v2) / sizeof(v2[0]); i++) {
		node = fdt_node_offset_by_compatible(fdt, -1, v2[i]);
		if (node >= 0 && reg_entries(fdt, node, reg, 2) == 2) {
			b->gic.kind = GIC_V2;
			b->gic.dist = reg[0][0];
			b->gic.cpu = reg[1][0];
			return;
		}
	}
	node = fdt_node_offset_by_compatible(fdt, -1, "arm,gic-v3");
	if (node >= 0) {
		int n, len = 0;
		const fdt32_t *stride;

		(void)prop_u32(fdt, node, "#redistributor-regions", &nr);
		n = reg_entries(fdt, node, reg, 1 + GIC_REDIST_REGIONS);
		if (n < 2 || nr < 1 || nr > GIC_REDIST_REGIONS || (uint32_t)n < 1 + nr) {
			b->gic.why = "GICv3 (arm,gic-v3): no distributor and redistributor "
				     "region in its reg (or more than 4 regions)";
			return;
		}
		b->gic.kind = GIC_V3;
		b->gic.dist = reg[0][0];
		for (uint32_t i = 0; i < nr; i++) {
			b->gic.redist[i].base = reg[1 + i][0];
			b->gic.redist[i].size = reg[1 + i][1];
		}
		b->gic.nredist = nr;
		stride = fdt_getprop(fdt, node, "redistributor-stride", &len);
		if (stride && len == 8)
			read_cells(stride, 2, &b->gic.stride);
		return;
	}
	node = fdt_node_offset_by_compatible(fdt, -1, "brcm,bcm2836-l1-intc");
	if (node >= 0 && reg_entries(fdt, node, reg, 1) == 1) {
		b->gic.kind = GIC_BCM_LOCAL;
		b->gic.local = reg[0][0];
	}
}

bool dt_discover(const void *fdt, dt_board *b, char *why, unsigned why_len)
{
	int err = fdt_check_header(fdt), len = 0;

	memset(b, 0, sizeof *b);
	if (err != 0) {
		snprintf(why, why_len, "not a device tree blob (%s)", fdt_strerror(err));
		return false;
	}
	const char *model = fdt_getprop(fdt, ROOT_NODE, "model", &len);
	b->model = model && len > 0 && model[len - 1] == '\0' ? model : NULL;
	find_console(fdt, b);
	find_memory(fdt, b);
	find_cpus(fdt, b);
	char problem[96]; /* a bad /psci method: PSCI_NONE, which the line shows */
	b->psci = psci_dt_conduit(fdt, problem, sizeof problem);
	find_timer(fdt, b);
	find_gic(fdt, b);
	return true;
}

const char *dt_enable_name(dt_enable e)
{
	switch (e) {
	case DT_ENABLE_PSCI:
		return "psci";
	case DT_ENABLE_SPIN_TABLE:
		return "spin-table";
	case DT_ENABLE_MIXED:
		return "mixed";
	case DT_ENABLE_OTHER:
		return "other";
	default:
		return "none";
	}
}

const char *dt_console_source_name(dt_console_source s)
{
	switch (s) {
	case DT_CONSOLE_STDOUT_PATH:
		return "stdout-path";
	case DT_CONSOLE_SERIAL0:
		return "serial0";
	default:
		return "first-uart";
	}
}
