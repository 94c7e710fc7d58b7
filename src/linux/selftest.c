/*
 * suite=linux: the Linux backend's fault path, proved on this kernel (or
 * emulator).  Each point runs a few words in a scratch code page of its own
 * (W^X by mprotect; the engine's code region is left to the engine)
 * through recover_call_code, as the backend runs a batch, and checks the
 * fault record: a store into a PROT_NONE page of the arena (FAR = that
 * byte, ELR = the store), the same with SP moved into the arena first (the
 * signal frame must go to the alternate stack), BRK (SIGTRAP, EC 0x3c with
 * its immediate), an undefined word (SIGILL, EC 0x00).  After each, the
 * next point runs: the process goes on as the firmware does.
 */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "a64/a64.h"
#include "arch/cache.h"
#include "arch/recover.h"
#include "engine/arena.h"
#include "fw/exec.h"
#include "fw/registry.h"
#include "lib/check.h"
#include "lib/esr.h"
#include "linux/linux.h"

#define WORD_STR_X0_X1 0xf9000020u /* str x0, [x1] */
#define WORD_STR_X0_SP 0xf90003e0u /* str x0, [sp] */
#define WORD_UDF       0x00000000u /* udf #0 */
#define BRK_IMM	       0x7e1u

static uint32_t *scratch;
static size_t scratch_len;

/* words[0..n) then RET into the scratch page, made executable. */
static uint64_t load_code(const uint32_t *words, unsigned n)
{
	if (!scratch) {
		scratch_len = (size_t)sysconf(_SC_PAGESIZE);
		scratch = mmap(NULL, scratch_len, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (scratch == MAP_FAILED)
			lx_die("suite linux: mmap of a scratch code page failed");
	}
	if (mprotect(scratch, scratch_len, PROT_READ | PROT_WRITE) != 0)
		lx_die("suite linux: mprotect(RW) of the scratch code page failed");
	memcpy(scratch, words, n * 4);
	scratch[n] = a64_enc_ret(30);
	if (mprotect(scratch, scratch_len, PROT_READ | PROT_EXEC) != 0)
		lx_die("suite linux: mprotect(RX) of the scratch code page failed");
	jit_sync(scratch, scratch, (n + 1) * 4);
	return (uint64_t)(uintptr_t)scratch;
}

/* MOVZ/MOVK x1 = v: four words. */
static unsigned mov_x1(uint64_t v, uint32_t *w)
{
	a64_err err;

	for (unsigned k = 0; k < 4; k++)
		w[k] = k ? a64_enc_movk(1, (uint16_t)(v >> 16 * k), 16 * k, true, &err)
			 : a64_enc_movz(1, (uint16_t)v, 0, true, &err);
	return 4;
}

/* A byte of the arena that no map() made data, whatever the page size
 * (the arena starts 64 KiB-aligned, exec.c): just below the kernel page
 * holding narrow slice 0's page, inside the window of a base there. */
static uint64_t prot_none_byte(void)
{
	const eng_range *r = eng_arena_slice(&exec_target()->arena, 0);
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);

	return (r->lo & ~(page - 1)) - 8;
}

static void check_fault(checks *c, const recover_fault *f, bool faulted, unsigned ec, uint64_t elr)
{
	check_true(c, "the code faulted (recover_call_code returned false)", !faulted);
	check_u64(c, "ESR.EC", ec, f->ec);
	check_u64(c, "ELR: the faulting word", elr, f->elr);
}

static void t_store(report *r, const char *name, bool via_sp)
{
	uint64_t bad = prot_none_byte(), entry, at;
	uint32_t w[8];
	unsigned n = mov_x1(bad, w);
	recover_fault f;
	a64_err err;
	checks c;
	bool ok;

	if (via_sp)
		w[n++] = a64_enc_add_imm(31, 1, 0, 0, true, &err); /* mov sp, x1 */
	w[n++] = via_sp ? WORD_STR_X0_SP : WORD_STR_X0_X1;
	entry = load_code(w, n);
	at = entry + (n - 1) * 4;
	memset(&f, 0, sizeof(f));
	ok = recover_call_code((const void *)(uintptr_t)entry, 0, NULL, &f);
	check_begin(&c, name);
	check_fault(&c, &f, ok, 0x24, at);
	check_true(&c, "FAR valid", f.far_valid);
	check_u64(&c, "FAR: the PROT_NONE byte", bad, f.far);
	check_end(&c, r);
}

static void t_store_prot_none(report *r, const char *name)
{
	t_store(r, name, false);
}

static void t_store_sp(report *r, const char *name)
{
	t_store(r, name, true);
}

/* One word run alone: false (it faulted) with the record and its address. */
static bool run_word(uint32_t w, recover_fault *f, uint64_t *at)
{
	*at = load_code(&w, 1);
	memset(f, 0, sizeof(*f));
	return recover_call_code((const void *)(uintptr_t)*at, 0, NULL, f);
}

static void t_brk(report *r, const char *name)
{
	recover_fault f;
	uint64_t at;
	bool ok = run_word(0xd4200000u | BRK_IMM << 5, &f, &at); /* brk #BRK_IMM */
	checks c;

	check_begin(&c, name);
	check_fault(&c, &f, ok, 0x3c, at);
	check_u64(&c, "ESR.ISS: the BRK immediate", BRK_IMM, f.esr & 0xffff);
	check_end(&c, r);
}

static void t_udf(report *r, const char *name)
{
	recover_fault f;
	uint64_t at;
	bool ok = run_word(WORD_UDF, &f, &at);
	checks c;

	check_begin(&c, name);
	check_fault(&c, &f, ok, 0x00, at);
	check_end(&c, r);
}

static uint64_t load_byte(uint64_t addr)
{
	return *(volatile const uint8_t *)(uintptr_t)addr;
}

/* Bytes of [lo, hi) outside [clo, chi) that do not fault, every 64th. */
static unsigned unchecked(uint64_t lo, uint64_t hi, uint64_t clo, uint64_t chi, uint64_t *first)
{
	unsigned n = 0;

	for (uint64_t a = lo; a < hi; a += 64)
		if ((a < clo || a >= chi) && recover_call(load_byte, a, NULL, NULL) && !n++)
			*first = a;
	return n;
}

/*
 * The arena's promise (arena.h) on this kernel's pages: every byte of a
 * window is checked by the engine or faults.  A narrow slice's windows
 * reach from its page's first slot less ENG_WIN_HI to its last slot less
 * ENG_WIN_LO; a wide slice's window is mapped whole.  With pages above
 * 4 KiB the narrow slices are left unused (exec.c), so only the wide ones
 * are asked.
 */
static void t_windows(report *r, const char *name)
{
	const eng_arena *a = &exec_target()->arena;
	const eng_range *n0 = eng_arena_slice(a, 0), *w0 = eng_arena_slice(a, ENG_NARROW);
	uint64_t first = 0, wbase = w0->lo - ENG_WIDE_LO + ENG_WIDE_BASE;
	checks c;

	check_begin(&c, name);
	if (a->narrow_max > 0) {
		uint64_t lo = n0->lo + ENG_PLACE_MARGIN - ENG_WIN_HI + 1;
		uint64_t hi = n0->lo + n0->size - ENG_PLACE_MARGIN - ENG_WIN_LO;

		check_u64(&c, "narrow slice: window bytes outside its page that do not fault", 0,
			  unchecked(lo, hi, n0->lo, n0->lo + n0->size, &first));
		if (first)
			report_comment(r, "%s: 0x%llx does not fault (page %ld)", name,
				       (unsigned long long)first, sysconf(_SC_PAGESIZE));
	}
	check_u64(&c, "wide slice: window bytes outside its mapped range that do not fault", 0,
		  unchecked(wbase + ENG_WIN_LO, wbase + ENG_WIN_HI, w0->lo, w0->lo + w0->size,
			    &first));
	check_end(&c, r);
}

/* The engine's backend is set up before any suite runs (main.c). */
static const suite_point points[] = {
	{ "linux/fault/store-prot-none", t_store_prot_none, NULL },
	{ "linux/fault/store-sp-in-arena", t_store_sp, NULL },
	{ "linux/fault/brk", t_brk, NULL },
	{ "linux/fault/udf", t_udf, NULL },
	{ "linux/arena/windows", t_windows, NULL },
};

static const suite linux_suite = {
	.name = "linux",
	.summary = "the Linux backend's fault records: PROT_NONE store (also with SP there), BRK, "
		   "UDF; the run goes on; every window byte checked or faulting",
	.order = 10,
	.in_default = false,
	SUITE_POINTS(points),
};
SUITE_REGISTER(linux_suite);

/* A fault outside every recover_call: the run must end Bail out!, exit 2. */
static void t_crash(report *r, const char *name)
{
	uint64_t bad = prot_none_byte();

	report_comment(r, "linux-crash: loading from PROT_NONE 0x%llx outside generated code",
		       (unsigned long long)bad);
	(void)load_byte(bad);
	report_comment(r, "linux-crash: the load did not fault");
	report_point(r, name, 1, 1);
}

static const suite_point crash_points[] = {
	{ "linux-crash/unexpected-signal", t_crash, NULL },
};

static const suite linux_crash = {
	.name = "linux-crash",
	.summary = "a fault outside generated code (the run must end Bail out!, ERROR, exit=2)",
	.order = 91,
	.in_default = false,
	SUITE_POINTS(crash_points),
};
SUITE_REGISTER(linux_crash);
