/*
 * The selftest suite: the firmware's own promises, checked on the machine
 * it runs on.  Entry and current EL; a data abort and an undefined
 * instruction caught with the right class, FAR and ELR, and the run going
 * on with every register restored; unaligned accesses to Normal memory; W^X
 * on the JIT region and code written through the RW alias running through
 * the RX alias after jit_sync; the arena's map/unmap; the generic timer;
 * the DTB.
 */
#include <libfdt.h>
#include <stdio.h>
#include <string.h>

#include "a64/a64.h"
#include "arch/cache.h"
#include "arch/cpu.h"
#include "arch/mmu.h"
#include "arch/page.h"
#include "arch/recover.h"
#include "arch/sysreg.h"
#include "arch/timer.h"
#include "dt/discover.h"
#include "fw/fw.h"
#include "fw/registry.h"
#include "lib/check.h"
#include "lib/esr.h"
#include "plat/plat.h"

/* probes.S */
uint64_t probe_load(uint64_t addr);
uint64_t probe_store(uint64_t addr);
uint64_t probe_undef(uint64_t arg);
uint64_t probe_clobber_fault(uint64_t addr);
uint64_t probe_clobber_return(uint64_t n);
uint64_t probe_check_preserved(recover_fn fn, uint64_t arg);
extern const char probe_load_insn[], probe_store_insn[], probe_undef_insn[];
extern const char probe_clobber_fault_insn[];
extern const char exc_vectors[];

/* The words the JIT checks run, through the encoder: RET, MOVZ X0. */
static uint32_t movz_x0(uint16_t imm16)
{
	a64_err err;

	return a64_enc_movz(0, imm16, 0, true, &err);
}

/* Unmapped by construction: the arena is empty until someone maps it. */
#define UNMAPPED (MMU_ARENA_VA + 0x1238)

static uint64_t addr(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

static bool is_translation_fault(uint64_t esr)
{
	return (esr_fsc(esr) & 0x3c) == 0x04;
}

static bool is_permission_fault(uint64_t esr)
{
	return (esr_fsc(esr) & 0x3c) == 0x0c;
}

static void t_boot(report *r, const char *name)
{
	checks c;
	uint64_t sctlr = read_sysreg(sctlr_el1);

	check_begin(&c, name);
	check_range(&c, "entry EL is 1, 2 or 3", 1, 3, fw_boot_info()->entry_el);
	check_u64(&c, "running at EL1", 1, cpu_current_el());
	check_u64(&c, "running on SP_EL0 (SPSel = 0)", 0, read_sysreg(spsel));
	check_u64(&c, "VBAR_EL1 is the vector table", addr(exc_vectors), read_sysreg(vbar_el1));
	check_u64(&c, "SCTLR_EL1: MMU, D- and I-cache, WXN on",
		  SCTLR_M | SCTLR_C | SCTLR_I | SCTLR_WXN,
		  sctlr & (SCTLR_M | SCTLR_C | SCTLR_I | SCTLR_WXN));
	check_u64(&c, "SCTLR_EL1: alignment check off", 0, sctlr & SCTLR_A);
	check_end(&c, r);
	report_comment(r, "selftest: entered at EL%u, running at EL%u", fw_boot_info()->entry_el,
		       cpu_current_el());
}

static void t_data_abort(report *r, const char *name)
{
	recover_fault f;
	checks c;
	bool ok;

	check_begin(&c, name);
	memset(&f, 0, sizeof(f));
	ok = recover_call(probe_load, UNMAPPED, NULL, &f);
	check_true(&c, "load from an unmapped address faults", !ok);
	check_u64(&c, "load: EC is data abort (0x25)", EC_DABT_CUR, f.ec);
	check_true(&c, "load: class name is \"data abort\"",
		   f.name && !strcmp(f.name, "data abort"));
	check_true(&c, "load: FAR is valid", f.far_valid);
	check_u64(&c, "load: FAR is the address", UNMAPPED, f.far);
	check_u64(&c, "load: ELR is the load instruction", addr(probe_load_insn), f.elr);
	check_true(&c, "load: a translation fault", is_translation_fault(f.esr));
	check_u64(&c, "load: WnR is 0 (a read)", 0, f.esr & ESR_WNR);

	memset(&f, 0, sizeof(f));
	ok = recover_call(probe_store, UNMAPPED + 8, NULL, &f);
	check_true(&c, "store to an unmapped address faults", !ok);
	check_u64(&c, "store: EC is data abort (0x25)", EC_DABT_CUR, f.ec);
	check_u64(&c, "store: FAR is the address", UNMAPPED + 8, f.far);
	check_u64(&c, "store: ELR is the store instruction", addr(probe_store_insn), f.elr);
	check_u64(&c, "store: WnR is 1 (a write)", ESR_WNR, f.esr & ESR_WNR);
	check_end(&c, r);
}

static void t_undef(report *r, const char *name)
{
	recover_fault f;
	checks c;
	bool ok;

	check_begin(&c, name);
	memset(&f, 0, sizeof(f));
	ok = recover_call(probe_undef, 0, NULL, &f);
	check_true(&c, "UDF faults", !ok);
	check_u64(&c, "EC is unknown/undefined (0x00)", EC_UNKNOWN, f.ec);
	check_true(&c, "class name is \"undefined instruction\"",
		   f.name && !strcmp(f.name, "undefined instruction"));
	check_u64(&c, "ELR is the UDF instruction", addr(probe_undef_insn), f.elr);
	check_end(&c, r);
}

static uint64_t triple(uint64_t x)
{
	return 3 * x;
}

/* Runs inside recover_call: a nested recover_call that faults. */
static uint64_t nested(uint64_t unused)
{
	recover_fault f;

	(void)unused;
	if (recover_call(probe_load, UNMAPPED, NULL, &f))
		return 0;
	return f.ec + 0x1000u * recover_depth_now();
}

static void t_recovery(report *r, const char *name)
{
	uint64_t v = 0, sp0, sp1;
	recover_fault f;
	checks c;

	check_begin(&c, name);
	__asm__ volatile("mov %0, sp" : "=r"(sp0));
	check_true(&c, "a C function returns through recover_call",
		   recover_call(triple, 14, &v, NULL));
	check_u64(&c, "... with its result", 42, v);
	check_u64(&c, "callee-saved registers survive a fault that wrecked them all", 0,
		  probe_check_preserved(probe_clobber_fault, UNMAPPED));
	check_u64(&c, "callee-saved registers survive a return by branch without LR/SP", 0,
		  probe_check_preserved(probe_clobber_return, 1));
	check_true(&c, "a branch to recover_return returns normally",
		   recover_call(probe_clobber_return, 41, &v, NULL));
	check_u64(&c, "... with x0 as the result", 42, v);
	memset(&f, 0, sizeof(f));
	check_true(&c, "a wrecked-register fault is reported",
		   !recover_call(probe_clobber_fault, UNMAPPED, NULL, &f));
	check_u64(&c, "... at the faulting load", addr(probe_clobber_fault_insn), f.elr);
	check_true(&c, "nested recover_call returns", recover_call(nested, 0, &v, NULL));
	check_u64(&c, "... with the inner fault's EC at depth 1", EC_DABT_CUR + 0x1000u, v);
	check_u64(&c, "depth is 0 again", 0, recover_depth_now());
	__asm__ volatile("mov %0, sp" : "=r"(sp1));
	check_u64(&c, "SP is unchanged", sp0, sp1);
	check_end(&c, r);
}

/* Unaligned accesses of each size through one base, checked byte by byte. */
struct unaligned_job {
	uint8_t *p;    /* cppcheck-suppress unusedStructMember ; used by the inline asm */
	unsigned size; /* 2, 4, 8, 16 (LDP/STP x), 32 (LDP/STP q) */
};

static uint64_t unaligned_access(uint64_t arg)
{
	const struct unaligned_job *j = (const struct unaligned_job *)(uintptr_t)arg;
	uint64_t a = 0x8877665544332211ull, b = 0x1032547698badcfeull, x = 0, y = 0;

	switch (j->size) {
	case 2:
		__asm__ volatile("strh %w2, [%3]\n\tldrh %w0, [%3]"
				 : "=&r"(x), "=&r"(y)
				 : "r"(a), "r"(j->p)
				 : "memory");
		return x == (a & 0xffff);
	case 4:
		__asm__ volatile("str %w2, [%3]\n\tldr %w0, [%3]"
				 : "=&r"(x), "=&r"(y)
				 : "r"(a), "r"(j->p)
				 : "memory");
		return x == (a & 0xffffffff);
	case 8:
		__asm__ volatile("str %2, [%3]\n\tldr %0, [%3]"
				 : "=&r"(x), "=&r"(y)
				 : "r"(a), "r"(j->p)
				 : "memory");
		return x == a;
	case 16:
		__asm__ volatile("stp %2, %3, [%4]\n\tldp %0, %1, [%4]"
				 : "=&r"(x), "=&r"(y)
				 : "r"(a), "r"(b), "r"(j->p)
				 : "memory");
		return x == a && y == b;
	case 32:
		__asm__ volatile("fmov d0, %2\n\tfmov v0.d[1], %3\n\tmov v1.16b, v0.16b\n\t"
				 "stp q0, q1, [%4]\n\tmovi v0.16b, #0\n\tmovi v1.16b, #0\n\t"
				 "ldp q0, q1, [%4]\n\tfmov %0, d1\n\tmov %1, v0.d[1]"
				 : "=&r"(x), "=&r"(y)
				 : "r"(a), "r"(b), "r"(j->p)
				 : "v0", "v1", "memory");
		return x == a && y == b;
	}
	return 0;
}

static void t_unaligned(report *r, const char *name)
{
	static uint8_t buf[96] __attribute__((aligned(64)));
	static const unsigned sizes[] = { 2, 4, 8, 16, 32 };
	char what[96];
	checks c;
	unsigned s, off;

	check_begin(&c, name);
	for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++)
		for (off = 1; off < 16; off++) {
			struct unaligned_job j = { buf + 32 + off, sizes[s] };
			uint64_t ok = 0;
			unsigned i;
			bool clean = true;

			memset(buf, 0xa5, sizeof(buf));
			snprintf(what, sizeof(what), "%u-byte store+load at offset %u", sizes[s],
				 off);
			if (!check_true(&c, what,
					recover_call(unaligned_access, addr(&j), &ok, NULL)))
				continue;
			check_u64(&c, what, 1, ok);
			/* Nothing outside the accessed bytes changed. */
			for (i = 0; i < sizeof(buf); i++)
				if ((i < 32 + off || i >= 32 + off + sizes[s]) && buf[i] != 0xa5)
					clean = false;
			snprintf(what, sizeof(what),
				 "%u-byte access at offset %u left its neighbours", sizes[s], off);
			check_true(&c, what, clean);
		}
	check_end(&c, r);
}

static uint64_t store_word(uint64_t p)
{
	*(volatile uint32_t *)(uintptr_t)p = a64_enc_ret(30);
	return 0;
}

static void t_wx(report *r, const char *name)
{
	uint32_t *rw = mmu_jit_rw();
	const uint32_t *rx = mmu_jit_rx();
	recover_fault f;
	uint64_t pa_rw = 0, pa_rx = 0;
	checks c;

	check_begin(&c, name);
	check_true(&c, "RW alias translates for a write", mmu_probe(addr(rw), true, &pa_rw));
	check_true(&c, "RX alias translates for a read", mmu_probe(addr(rx), false, &pa_rx));
	check_u64(&c, "both aliases reach the same physical page", pa_rw, pa_rx);
	check_true(&c, "RX alias does not translate for a write", !mmu_probe(addr(rx), true, NULL));

	memset(&f, 0, sizeof(f));
	check_true(&c, "a store through the RX alias faults",
		   !recover_call(store_word, addr(rx + 4), NULL, &f));
	check_u64(&c, "... as a data abort", EC_DABT_CUR, f.ec);
	check_true(&c, "... with a permission fault", is_permission_fault(f.esr));
	check_u64(&c, "... on a write", ESR_WNR, f.esr & ESR_WNR);
	check_u64(&c, "... at FAR = the RX address", addr(rx + 4), f.far);

	rw[0] = a64_enc_ret(30);
	jit_sync(rw, rx, 4);
	memset(&f, 0, sizeof(f));
	check_true(&c, "executing the RW alias faults", !recover_call_code(rw, 0, NULL, &f));
	check_u64(&c, "... as an instruction abort", EC_IABT_CUR, f.ec);
	check_true(&c, "... with a permission fault", is_permission_fault(f.esr));
	check_u64(&c, "... at ELR = the RW address", addr(rw), f.elr);
	check_end(&c, r);
}

static void t_jit(report *r, const char *name)
{
	static const unsigned offsets[] = { 0, 4096 + 64, MMU_JIT_SIZE - 8 };
	uint8_t *rw = mmu_jit_rw();
	const uint8_t *rx = mmu_jit_rx();
	char what[80];
	checks c;
	unsigned i, round;

	check_begin(&c, name);
	for (i = 0; i < sizeof(offsets) / sizeof(offsets[0]); i++)
		for (round = 0; round < 2; round++) {
			uint32_t *w = (uint32_t *)(rw + offsets[i]);
			uint16_t imm = (uint16_t)(0x1234 + 0x1111 * round + i);
			uint64_t v = 0;

			/* Round 1 rewrites code that already ran: a stale I-cache
			 * line or translation would return the old value. */
			w[0] = movz_x0(imm);
			w[1] = a64_enc_ret(30);
			jit_sync(w, rx + offsets[i], 8);
			snprintf(what, sizeof(what), "code at RX+0x%x (write %u) runs", offsets[i],
				 round + 1);
			if (check_true(&c, what, recover_call_code(rx + offsets[i], 0, &v, NULL))) {
				snprintf(what, sizeof(what),
					 "code at RX+0x%x (write %u) returns its value", offsets[i],
					 round + 1);
				check_u64(&c, what, imm, v);
			}
		}
	report_comment(r, "selftest: cache lines: D %u, I %u bytes; CTR_EL0 0x%llx",
		       (unsigned)dcache_line(), (unsigned)icache_line(),
		       (unsigned long long)read_sysreg(ctr_el0));
	check_end(&c, r);
}

static void t_arena(report *r, const char *name)
{
	const uint64_t slice = 128u * 1024, va = MMU_ARENA_VA + 5 * slice + slice / 2;
	uint64_t *a = page_alloc(), *b = page_alloc(), v = 0;
	recover_fault f;
	checks c;

	check_begin(&c, name);
	if (!check_true(&c, "two pages from the pool", a && b)) {
		check_end(&c, r);
		return;
	}
	a[0] = 0xaaaa;
	b[0] = 0xbbbb;
	check_u64(&c, "mmu_map rejects an unaligned VA", (uint64_t)MMU_EINVAL,
		  (uint64_t)mmu_map(va + 8, addr(a), PAGE_SIZE, MMU_DATA));
	check_u64(&c, "mmu_map of one page", MMU_OK,
		  (uint64_t)mmu_map(va, addr(a), PAGE_SIZE, MMU_DATA));
	check_true(&c, "the page reads through the arena", recover_call(probe_load, va, &v, NULL));
	check_u64(&c, "... the physical page's content", 0xaaaa, v);
	memset(&f, 0, sizeof(f));
	check_true(&c, "the page below (same slice) faults",
		   !recover_call(probe_load, va - 8, NULL, &f));
	check_u64(&c, "... at its address", va - 8, f.far);
	check_true(&c, "the page above (same slice) faults",
		   !recover_call(probe_store, va + PAGE_SIZE, NULL, &f));
	check_u64(&c, "remapping to another page (break-before-make)", MMU_OK,
		  (uint64_t)mmu_map(va, addr(b), PAGE_SIZE, MMU_DATA));
	check_true(&c, "the new page reads", recover_call(probe_load, va, &v, NULL));
	check_u64(&c, "... the new content", 0xbbbb, v);
	check_u64(&c, "mmu_unmap", MMU_OK, (uint64_t)mmu_unmap(va, PAGE_SIZE));
	memset(&f, 0, sizeof(f));
	check_true(&c, "the unmapped page faults", !recover_call(probe_load, va, NULL, &f));
	check_true(&c, "... with a translation fault", is_translation_fault(f.esr));
	page_free(a);
	page_free(b);
	check_end(&c, r);
	report_comment(r, "selftest: page pool: %llu pages free",
		       (unsigned long long)page_free_count());
}

static void t_timer(report *r, const char *name)
{
	uint64_t t0, t1, i;
	checks c;

	check_begin(&c, name);
	check_true(&c, "CNTFRQ_EL0 is set", timer_freq() != 0);
	t0 = timer_ticks();
	for (i = 0; i < 100000; i++)
		__asm__ volatile("" : : : "memory");
	t1 = timer_ticks();
	check_true(&c, "CNTVCT_EL0 advances", t1 > t0);
	check_end(&c, r);
}

typedef struct normal_maps {
	uint64_t lo, hi;     /* /memory */
	unsigned n, outside; /* Normal leaf mappings; those not inside [lo, hi) */
	uint64_t first_pa;   /* the first outside one */
} normal_maps;

static void count_normal(uint64_t va, uint64_t pa, uint64_t size, bool normal, void *arg)
{
	normal_maps *m = arg;

	(void)va;
	if (!normal)
		return;
	m->n++;
	if (pa < m->lo || pa + size > m->hi) {
		if (!m->outside)
			m->first_pa = pa;
		m->outside++;
	}
}

/*
 * /reserved-memory regions marked no-map must not be mapped at all (the
 * firmware or another agent owns them); read here with libfdt, independently
 * of mmu.c's early reader.  The number of regions checked, or -1 when a
 * mapped one was found (its address in *bad).
 */
static int nomap_unmapped(const void *fdt, uint64_t *bad)
{
	int parent = fdt ? fdt_path_offset(fdt, "/reserved-memory") : -1, node, n = 0;
	int ac, sc;

	if (parent < 0)
		return 0;
	ac = fdt_address_cells(fdt, parent);
	sc = fdt_size_cells(fdt, parent);
	if (ac < 1 || ac > 2 || sc < 1 || sc > 2)
		return 0;
	fdt_for_each_subnode(node, fdt, parent)
	{
		int len = 0;
		const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);
		uint64_t base = 0, size = 0;

		if (!reg || !fdt_getprop(fdt, node, "no-map", NULL) || len < 4 * (ac + sc))
			continue;
		for (int i = 0; i < ac; i++)
			base = (base << 32) | fdt32_to_cpu(reg[i]);
		for (int i = 0; i < sc; i++)
			size = (size << 32) | fdt32_to_cpu(reg[ac + i]);
		if (!size)
			continue;
		if (mmu_probe(base, false, NULL) || mmu_probe(base + size - 1, false, NULL)) {
			*bad = base;
			return -1;
		}
		n++;
	}
	return n;
}

/* One of the discovery's RAM banks holds pa. */
static bool holds(const dt_board *board, uint64_t pa)
{
	for (unsigned i = 0; i < board->nram; i++)
		if (pa >= board->ram[i].base && pa - board->ram[i].base < board->ram[i].size)
			return true;
	return false;
}

static void t_dtb(report *r, const char *name)
{
	static dt_board board;
	const boot_info *b = fw_boot_info();
	uint64_t base = b->mem_base, size = b->mem_size;
	normal_maps m = { 0, 0, 0, 0, 0 };
	uint64_t bad = 0;
	int nomap;
	char why[80];
	checks c;

	check_begin(&c, name);
	check_true(&c, "the DTB has a /memory node", b->has_memory);
	check_true(&c, "its RAM holds the image", base <= addr(t_dtb) && addr(t_dtb) < base + size);
	/* Memory that is not RAM (the Pi's VideoCore share) must never be
	 * mapped Normal: the core may fetch from it speculatively. */
	m.lo = base;
	m.hi = base + size;
	mmu_each_mapping(count_normal, &m);
	check_true(&c, "there are Normal mappings", m.n > 0);
	nomap = nomap_unmapped(b->dtb, &bad);
	if (!check_true(&c, "no /reserved-memory no-map region is mapped", nomap >= 0))
		report_comment(r, "selftest: the no-map region at 0x%llx is mapped",
			       (unsigned long long)bad);
	else if (nomap)
		report_comment(r, "selftest: %d no-map region(s) unmapped", nomap);
	if (!check_u64(&c, "every Normal mapping lies inside /memory", 0, m.outside))
		report_comment(
			r,
			"selftest: a Normal mapping of PA 0x%llx is outside /memory 0x%llx..0x%llx",
			(unsigned long long)m.first_pa, (unsigned long long)m.lo,
			(unsigned long long)m.hi);
	/* The portable discovery (src/dt) on the tree the loader passed: where
	 * the tree names a console (QEMU virt's does; the minimal one made for
	 * raspi3b does not), it is the UART this image writes to. */
	check_true(&c, "the discovery reads the DTB", dt_discover(b->dtb, &board, why, sizeof why));
	if (board.console_named) {
		check_true(&c, "the discovery drives the stdout-path console", board.console.ok);
		/* A board image drives its own PL011; a tree may name another
		 * UART as its console (the Pi 3's own tree names the mini-UART),
		 * which is no fault of either.  A PL011 it names must be ours.
		 * The generic image (uart_base 0) writes to the tree's console. */
		if (board.console.ok && !plat.uart_base)
			report_comment(
				r,
				"selftest: this image writes to the tree's console, %s at 0x%llx",
				board.console.compatible, (unsigned long long)board.console.addr);
		else if (board.console.ok && strcmp(board.console.compatible, "arm,pl011") == 0)
			check_true(&c, "at the board's UART address",
				   board.console.addr == plat.uart_base);
		else if (board.console.ok)
			report_comment(
				r,
				"selftest: the tree's console is %s at 0x%llx; this image writes "
				"to its PL011 at 0x%llx",
				board.console.compatible, (unsigned long long)board.console.addr,
				(unsigned long long)plat.uart_base);
		/* Any bank: under U-Boot's bootefi the first is not the image's. */
		check_true(&c, "its RAM holds the image", holds(&board, addr(t_dtb)));
	}
	check_end(&c, r);
}

static const char *no_dtb(void)
{
	static char why[128];

	if (fw_boot_info()->dtb)
		return NULL;
	snprintf(why, sizeof(why), "no DTB (%s)", fw_boot_info()->dtb_problem);
	return why;
}

/* The suite's test points, in order: its plan is this table. */
static const suite_point points[] = {
	{ "selftest/boot", t_boot, NULL },
	{ "selftest/data-abort", t_data_abort, NULL },
	{ "selftest/undefined-instruction", t_undef, NULL },
	{ "selftest/recovery", t_recovery, NULL },
	{ "selftest/unaligned", t_unaligned, NULL },
	{ "selftest/jit-wx", t_wx, NULL },
	{ "selftest/jit-run", t_jit, NULL },
	{ "selftest/arena", t_arena, NULL },
	{ "selftest/timer", t_timer, NULL },
	{ "selftest/dtb", t_dtb, no_dtb },
};

static const suite selftest = {
	.name = "selftest",
	.summary = "the firmware's own checks: ELs, exceptions and recovery, MMU, W^X, JIT, timer",
	.order = 10,
	.in_default = false,
	SUITE_POINTS(points),
};
SUITE_REGISTER(selftest);
