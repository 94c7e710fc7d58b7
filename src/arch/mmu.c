/*
 * Translation tables and MMU enable.  mmu_init runs with the MMU off, where
 * every data access is Device memory: this file is built with
 * -mstrict-align and without libc calls (the Makefile checks).
 */
#include "arch/cache.h"
#include "arch/cpu.h"
#include "arch/mmu.h"
#include "arch/page.h"
#include "arch/sysreg.h"
#include "lib/fdtmem.h"
#include "plat/plat.h"

/* Linker script symbols. */
extern char __image_start[], __text_end[], __rodata_end[];
extern char __stack_guard[], __exc_stack_guard[], _end[];

/* boot/start.S: the message (three parts, NULL ones left out) on the
 * semihosting console, then exit status 2; parks without semihosting. */
__attribute__((noreturn)) void early_stop(const char *a, const char *b, const char *c);

/* mmu_enable.S */
void mmu_enable(uint64_t ttbr0, uint64_t tcr, uint64_t mair, uint64_t sctlr, uint64_t inval_lo,
		uint64_t inval_hi);

static uint64_t *root; /* level 1: 512 entries of 1 GiB */
static uint64_t jit_pa;
static bool live; /* MMU on: table changes need barriers and TLBI */
static mmu_ram_info ram_info;

static unsigned level_shift(int level)
{
	return 39u - 9u * (unsigned)level;
}

static uint64_t attr_bits(mmu_attr a)
{
	const uint64_t normal = PTE_AF | PTE_SH_INNER | PTE_ATTRIDX(MAIR_IDX_NORMAL);

	switch (a) {
	case MMU_DATA:
		return normal | PTE_PXN | PTE_UXN;
	case MMU_RODATA:
		return normal | PTE_AP_RO | PTE_PXN | PTE_UXN;
	case MMU_CODE:
		return normal | PTE_AP_RO | PTE_UXN;
	case MMU_DEVICE:
		return PTE_AF | PTE_ATTRIDX(MAIR_IDX_DEVICE) | PTE_PXN | PTE_UXN;
	case MMU_DATA_NC:
		return PTE_AF | PTE_SH_INNER | PTE_ATTRIDX(MAIR_IDX_NORMAL_NC) | PTE_PXN | PTE_UXN;
	case MMU_DEVICE_nGnRE:
		return PTE_AF | PTE_ATTRIDX(MAIR_IDX_DEVICE_nGnRE) | PTE_PXN | PTE_UXN;
	case MMU_ATTR_COUNT:
		break;
	}
	return 0;
}

static void tlb_flush_va(uint64_t va)
{
	if (!live)
		return;
	dsb_ishst();
	__asm__ volatile("tlbi vae1is, %0" : : "r"(va >> 12) : "memory");
	dsb_ish();
}

/* The entry for va at level, creating tables on the way; NULL with *err. */
static uint64_t *walk(uint64_t va, int level, bool create, int *err)
{
	uint64_t *t = root;
	int l;

	for (l = 1; l < level; l++) {
		uint64_t *e = &t[(va >> level_shift(l)) & 511];

		if (!(*e & PTE_VALID)) {
			uint64_t *n;

			if (!create) {
				*err = MMU_OK;
				return 0;
			}
			n = page_alloc();
			if (!n) {
				*err = MMU_ENOMEM;
				return 0;
			}
			/* The zeroed table must be visible to the walker first. */
			if (live)
				dsb_ishst();
			*e = (uint64_t)(uintptr_t)n | PTE_VALID | PTE_TABLE;
		} else if (!(*e & PTE_TABLE)) {
			*err = MMU_EBUSY;
			return 0;
		}
		t = (uint64_t *)(uintptr_t)(*e & PTE_ADDR_MASK);
	}
	return &t[(va >> level_shift(level)) & 511];
}

static int map_range(uint64_t va, uint64_t pa, uint64_t size, mmu_attr attr)
{
	while (size) {
		uint64_t bs = 0, desc, *pte;
		int level, err = MMU_OK;

		for (level = 1; level <= 3; level++) {
			bs = (uint64_t)1 << level_shift(level);
			if (level == 3 || (((va | pa) & (bs - 1)) == 0 && size >= bs))
				break;
		}
		pte = walk(va, level, true, &err);
		if (!pte)
			return err;
		desc = pa | attr_bits(attr) | PTE_VALID | (level == 3 ? PTE_PAGE : 0);
		if (*pte & PTE_VALID) {
			if (level < 3 && (*pte & PTE_TABLE))
				return MMU_EBUSY;
			if (*pte != desc) {
				/* Arm ARM DDI0487 D8.16.1 (K.a), "Using break-before-make
				 * when updating translation table entries": invalid
				 * entry, TLBI, then the new entry. */
				*pte = 0;
				tlb_flush_va(va);
			}
		}
		*pte = desc;
		va += bs;
		pa += bs;
		size -= bs;
	}
	if (live) {
		dsb_ishst();
		isb();
	}
	return MMU_OK;
}

static bool range_ok(uint64_t va, uint64_t size)
{
	const uint64_t top = (uint64_t)1 << MMU_VA_BITS;

	return !(va & (PAGE_SIZE - 1)) && !(size & (PAGE_SIZE - 1)) && size && va < top &&
	       size <= top - va;
}

int mmu_map(uint64_t va, uint64_t pa, size_t size, mmu_attr attr)
{
	if (!range_ok(va, size) || (pa & (PAGE_SIZE - 1)) || attr >= MMU_ATTR_COUNT)
		return MMU_EINVAL;
	return map_range(va, pa, size, attr);
}

bool mmu_lookup(uint64_t va, uint64_t *pa, mmu_attr *attr)
{
	uint64_t *t = root;

	for (int level = 1; level <= 3; level++) {
		uint64_t bs = (uint64_t)1 << level_shift(level);
		uint64_t e = t[(va >> level_shift(level)) & 511];

		if (!(e & PTE_VALID))
			return false;
		if (level < 3 && (e & PTE_TABLE)) {
			t = (uint64_t *)(uintptr_t)(e & PTE_ADDR_MASK);
			continue;
		}
		*pa = (e & PTE_ADDR_MASK & ~(bs - 1)) |
		      (va & (bs - 1) & ~(uint64_t)(PAGE_SIZE - 1));
		*attr = MMU_ATTR_COUNT;
		for (unsigned a = MMU_DATA; a < MMU_ATTR_COUNT; a++)
			if ((attr_bits((mmu_attr)a) | PTE_VALID | (level == 3 ? PTE_PAGE : 0)) ==
			    (e & ~PTE_ADDR_MASK))
				*attr = (mmu_attr)a;
		return true;
	}
	return false;
}

int mmu_unmap(uint64_t va, size_t size)
{
	uint64_t end = va + size;

	if (!range_ok(va, size))
		return MMU_EINVAL;
	while (va < end) {
		uint64_t *t = root;
		int level;

		for (level = 1; level <= 3; level++) {
			uint64_t bs = (uint64_t)1 << level_shift(level);
			uint64_t *e = &t[(va >> level_shift(level)) & 511];

			if (!(*e & PTE_VALID)) {
				va = (va & ~(bs - 1)) + bs; /* nothing mapped here */
				break;
			}
			if (level == 3 || !(*e & PTE_TABLE)) {
				if ((va & (bs - 1)) || end - va < bs)
					return MMU_EBUSY; /* would split a block */
				*e = 0;
				tlb_flush_va(va);
				va += bs;
				break;
			}
			t = (uint64_t *)(uintptr_t)(*e & PTE_ADDR_MASK);
		}
	}
	if (live)
		isb();
	return MMU_OK;
}

bool mmu_probe(uint64_t va, bool write, uint64_t *pa)
{
	uint64_t par;

	if (write)
		__asm__ volatile("at s1e1w, %0" : : "r"(va) : "memory");
	else
		__asm__ volatile("at s1e1r, %0" : : "r"(va) : "memory");
	isb();
	par = read_sysreg(par_el1);
	if (par & PAR_F)
		return false;
	if (pa)
		*pa = (par & PTE_ADDR_MASK) | (va & (PAGE_SIZE - 1));
	return true;
}

void *mmu_jit_rw(void)
{
	return (void *)(uintptr_t)jit_pa;
}

const void *mmu_jit_rx(void)
{
	return (const void *)(uintptr_t)MMU_JIT_RX_VA;
}

const char *mmu_strerror(int err)
{
	switch (err) {
	case MMU_OK:
		return "ok";
	case MMU_EINVAL:
		return "invalid argument (alignment, range or attribute)";
	case MMU_ENOMEM:
		return "out of pages for translation tables";
	case MMU_EBUSY:
		return "a block mapping of another size is in the way";
	default:
		return "unknown error";
	}
}

/* Before the UART is set up and with the MMU off: the bare PL011 output
 * still works on QEMU and on a board whose firmware enabled the UART (the
 * generic image has no console yet: its plat_putc drops the bytes).  Then
 * boot/start.S's early_stop says it on the semihosting console as well and
 * exits with status 2 (QEMU), or parks. */
static void early_fail(const char *msg, const char *why)
{
	static const char prefix[] = "\r\npairguard: mmu_init: ";
	const char *p = prefix;

	while (*p)
		plat_putc(*p++);
	for (p = msg; *p; p++)
		plat_putc(*p);
	if (why) {
		plat_putc(':');
		plat_putc(' ');
		for (p = why; *p; p++)
			plat_putc(*p);
	}
	plat_putc('\r');
	plat_putc('\n');
	early_stop(prefix + 2, msg, why);
}

static void map_or_fail(uint64_t va, uint64_t pa, uint64_t size, mmu_attr attr)
{
	if (size && map_range(va, pa, size, attr) != MMU_OK)
		early_fail("cannot build the identity map", 0);
}

const mmu_ram_info *mmu_ram(void)
{
	return &ram_info;
}

/* Every valid leaf entry of the table t at level, mapping from va. */
static void walk_leaves(const uint64_t *t, int level, uint64_t va, mmu_mapping_fn *fn, void *arg)
{
	for (unsigned i = 0; i < 512; i++) {
		uint64_t e = t[i], v = va + ((uint64_t)i << level_shift(level));

		if (!(e & PTE_VALID))
			continue;
		if (level < 3 && (e & PTE_TABLE))
			walk_leaves((const uint64_t *)(uintptr_t)(e & PTE_ADDR_MASK), level + 1, v,
				    fn, arg);
		else
			fn(v, e & PTE_ADDR_MASK, (uint64_t)1 << level_shift(level),
			   (e & PTE_ATTRIDX(7)) == PTE_ATTRIDX(MAIR_IDX_NORMAL), arg);
	}
}

void mmu_each_mapping(mmu_mapping_fn *fn, void *arg)
{
	walk_leaves(root, 1, 0, fn, arg);
}

static uint64_t page_up(uint64_t v)
{
	return (v + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
}

/* Map [lo, hi) as RAM, leaving out what the DTB reserves with no-map. */
static void map_ram(const fdtmem *fm, uint64_t lo, uint64_t hi)
{
	for (unsigned i = 0; i < fm->nres && lo < hi; i++) {
		const fdtmem_range *r = &fm->res[i];
		uint64_t rlo = r->base & ~(uint64_t)(PAGE_SIZE - 1),
			 rhi = page_up(r->base + r->size);

		if (!r->nomap || rhi <= lo || rlo >= hi)
			continue;
		if (rlo > lo)
			map_ram(fm, lo, rlo);
		if (rhi < hi)
			map_ram(fm, rhi, hi);
		return;
	}
	map_or_fail(lo, lo, hi - lo, MMU_DATA);
}

/*
 * Cut [*lo, *hi) to leave out the tree's device windows (fdtmem.h) that lie
 * wholly below or above the image [img, end); a window over the image itself
 * (a bus whose ranges cover RAM too) says nothing about devices.
 */
static void clip_windows(const fdtmem *fm, uint64_t img, uint64_t end, uint64_t *lo, uint64_t *hi)
{
	for (unsigned i = 0; i < fm->nio; i++) {
		uint64_t wlo = fm->io[i].base, whi = wlo + fm->io[i].size;

		if (whi < wlo)
			whi = ~(uint64_t)0;
		if (whi <= img && whi > *lo)
			*lo = whi;
		else if (wlo >= end && wlo < *hi)
			*hi = wlo;
	}
}

/*
 * The RAM to map: the DTB's /memory range that holds the image, within the
 * board's possible RAM (plat.ram) and outside the tree's device windows;
 * without one, the board's conservative assumption (plat.ram_fallback), said
 * in the report.  The DTB is read here, MMU off, with lib/fdtmem (aligned
 * loads, no libc).
 */
static void find_ram(uint64_t dtb, uint64_t img, uint64_t end, fdtmem *fm)
{
	const uint64_t max_lo = plat.ram.base, max_hi = plat.ram.base + plat.ram.size;
	const char *why = "the loader passed no DTB";

	fm->nmem = fm->nres = fm->nio = 0;
	if (dtb && dtb >= max_lo && dtb < max_hi)
		why = fdtmem_read((const void *)(uintptr_t)dtb, max_hi - dtb, fm);
	else if (dtb)
		why = "the DTB lies outside the board's RAM";
	if (!why) {
		why = "no /memory range in the DTB holds the image";
		for (unsigned i = 0; i < fm->nmem; i++) {
			uint64_t lo = fm->mem[i].base, hi = lo + fm->mem[i].size;

			if (hi < lo)
				hi = ~(uint64_t)0;
			lo = lo > max_lo ? lo : max_lo;
			hi = hi < max_hi ? hi : max_hi;
			clip_windows(fm, img, end, &lo, &hi);
			if (lo <= img && end <= hi) {
				ram_info = (mmu_ram_info){ page_up(lo),
							   hi & ~(uint64_t)(PAGE_SIZE - 1),
							   "DTB /memory", false };
				return;
			}
		}
	}
	ram_info = (mmu_ram_info){ max_lo,
				   max_lo + (plat.ram_fallback ? plat.ram_fallback : plat.ram.size),
				   why, true };
	fm->nres = 0;
}

/* The registers mmu_enable was given, for the other cores. */
static uint64_t enabled_with[4];

void mmu_secondary_regs(uint64_t regs[4])
{
	for (unsigned i = 0; i < 4; i++)
		regs[i] = enabled_with[i];
}

void mmu_init(uint64_t dtb)
{
	const uint64_t img = (uint64_t)(uintptr_t)__image_start;
	const uint64_t text_end = (uint64_t)(uintptr_t)__text_end;
	const uint64_t rodata_end = (uint64_t)(uintptr_t)__rodata_end;
	const uint64_t guard0 = (uint64_t)(uintptr_t)__stack_guard;
	const uint64_t guard1 = (uint64_t)(uintptr_t)__exc_stack_guard;
	const uint64_t end = (uint64_t)(uintptr_t)_end;
	uint64_t parange, tcr, sctlr, mair, jit, ram, ram_end;
	uint32_t dtb_size;
	fdtmem fm;
	unsigned i;

	find_ram(dtb, img, end, &fm);
	ram = ram_info.base;
	ram_end = ram_info.end;
	if (img < ram || end > ram_end)
		early_fail("the image lies outside the RAM (DTB /memory or the board's assumption)",
			   ram_info.source);

	page_init(end, ram_end);
	/* The DTB (8-byte aligned by the boot protocol) and what it reserves
	 * stay out of the pool. */
	dtb_size = dtb >= ram && dtb < ram_end
			   ? fdtmem_size((const void *)(uintptr_t)dtb, ram_end - dtb)
			   : 0;
	if (dtb_size)
		page_reserve(dtb, dtb_size);
	for (i = 0; i < fm.nres; i++)
		page_reserve(fm.res[i].base, fm.res[i].size);

	root = page_alloc();
	if (!root)
		early_fail("no page for the root table", 0);

	for (i = 0; i < PLAT_MMIO_MAX && plat.mmio[i].size; i++)
		map_or_fail(plat.mmio[i].base, plat.mmio[i].base, plat.mmio[i].size, MMU_DEVICE);
	map_ram(&fm, ram, img);
	map_or_fail(img, img, text_end - img, MMU_CODE);
	map_or_fail(text_end, text_end, rodata_end - text_end, MMU_RODATA);
	map_or_fail(rodata_end, rodata_end, guard0 - rodata_end, MMU_DATA);
	map_or_fail(guard0 + PAGE_SIZE, guard0 + PAGE_SIZE, guard1 - guard0 - PAGE_SIZE, MMU_DATA);
	map_ram(&fm, guard1 + PAGE_SIZE, ram_end);

	parange = read_sysreg(id_aa64mmfr0_el1) & ID_AA64MMFR0_PARANGE_MASK;
	if (parange > 5)
		parange = 5; /* 48 bits: all this layout needs */
	tcr = TCR_T0SZ(MMU_VA_BITS) | TCR_IRGN0_WBWA | TCR_ORGN0_WBWA | TCR_SH0_INNER | TCR_TG0_4K |
	      TCR_EPD1 | (parange << TCR_IPS_SHIFT);
	sctlr = SCTLR_EL1_RES1 | SCTLR_M | SCTLR_C | SCTLR_I | SCTLR_SA | SCTLR_SA0 | SCTLR_WXN;

	/*
	 * Everything written so far (BSS, stacks, tables) went to memory around
	 * the caches; each range's lines were invalidated before it was written
	 * (boot/start.S, page.c), and mmu_enable invalidates [rodata_end, pool
	 * high) again before turning the MMU and caches on (cache.h says why).
	 */
	/* MAIR: Device-nGnRnE (0x00) at index 0, Normal write-back; Normal
	 * non-cacheable and Device-nGnRE for suite memtypes' arena. */
	mair = MAIR_ATTR(MAIR_IDX_DEVICE, MAIR_DEVICE_nGnRnE) |
	       MAIR_ATTR(MAIR_IDX_NORMAL, MAIR_NORMAL_WB) |
	       MAIR_ATTR(MAIR_IDX_NORMAL_NC, MAIR_NORMAL_NC) |
	       MAIR_ATTR(MAIR_IDX_DEVICE_nGnRE, MAIR_DEVICE_nGnRE);
	mmu_enable((uint64_t)(uintptr_t)root, tcr, mair, sctlr, rodata_end, page_pool_high());
	enabled_with[0] = (uint64_t)(uintptr_t)root;
	enabled_with[1] = tcr;
	enabled_with[2] = mair;
	enabled_with[3] = sctlr;
	live = true;
	page_mmu_on();

	/* The JIT region, zeroed now through the cache (64 MiB of Device
	 * stores with the MMU off would take a real board a while). */
	jit = (uint64_t)(uintptr_t)page_alloc_contig(MMU_JIT_SIZE / PAGE_SIZE);
	if (!jit)
		early_fail("no RAM for the JIT region", 0);
	jit_pa = jit;
	map_or_fail(MMU_JIT_RX_VA, jit, MMU_JIT_SIZE, MMU_CODE);
}
