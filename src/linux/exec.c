/*
 * The engine's execution backend in a Linux process (engine/backend.h):
 *   map   the arena is reserved PROT_NONE; map() makes the kernel pages
 *         holding a range readable and writable (pointer = VA).  With
 *         pages of 4 KiB the rest of every window stays PROT_NONE, as the
 *         firmware leaves it unmapped; with 16 or 64 KiB pages a narrow
 *         slice's page would drag unchecked neighbours in, so every base
 *         goes in a wide slice, whose whole window is mapped and checked
 *         (arena.h, narrow_max 0);
 *   code  W^X: one memfd mapped twice, RW for writing and RX for running;
 *         without memfd one anonymous mapping flipped by mprotect (RW on
 *         the first store after a sync, RX again by sync());
 *   sync  jit_sync (src/arch/cache.c): DC CVAU, DSB ISH, IC IVAU, DSB ISH,
 *         ISB from CTR_EL0, executed at EL0 (Linux sets SCTLR_EL1.UCI and
 *         UCT); checked once at start-up (lx_exec_init);
 *   call  recover_call_code (recover.c): signals caught on an alternate
 *         stack, the fault record filled from the signal frame.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "arch/cache.h"
#include "arch/recover.h"
#include "engine/options.h"
#include "fw/exec.h"
#include "linux/linux.h"

#define LX_CODE_BYTES  (2u << 20)
#define LX_ARENA_ALIGN (64u * 1024u)

/* pg_guard_diff (src/fw/guard.S): the NEON page check. */
uint64_t pg_guard_diff(const void *p, const void *guard, size_t n);

static struct {
	bool ready;
	lx_jit mode;
	size_t page;
	eng_backend be;
	eng_target t;
	uint8_t *code_rw, *code_rx;
	void *arena_map;
	/* LX_JIT_MPROTECT: the pages written since the last sync, RW now
	 * (offsets into the region; lo == hi: none; the rest is RX). */
	uint64_t dirty_lo, dirty_hi;
	uint64_t tb_mark[LX_CODE_BYTES / 4 / 64];
} ex;

static uint64_t round_down(uint64_t v, uint64_t a)
{
	return v & ~(a - 1);
}

static uint8_t *lx_map(void *ctx, uint64_t va, size_t len, char *err, size_t n)
{
	uint64_t lo = round_down(va, ex.page), hi = round_down(va + len + ex.page - 1, ex.page);

	(void)ctx;
	if (mprotect((void *)(uintptr_t)lo, hi - lo, PROT_READ | PROT_WRITE) != 0) {
		snprintf(err, n, "engine arena: mprotect(0x%llx, %llu, RW): %s",
			 (unsigned long long)lo, (unsigned long long)(hi - lo), strerror(errno));
		return NULL;
	}
	return (uint8_t *)(uintptr_t)va;
}

/* LX_JIT_MPROTECT: the written pages back to RX (false: mprotect failed). */
static bool seal(void)
{
	if (ex.dirty_lo == ex.dirty_hi)
		return true;
	if (mprotect(ex.code_rw + ex.dirty_lo, ex.dirty_hi - ex.dirty_lo, PROT_READ | PROT_EXEC) !=
	    0)
		return false;
	ex.dirty_lo = ex.dirty_hi = 0;
	return true;
}

static void lx_sync(void *ctx, const uint32_t *rw, uint64_t rx, size_t bytes)
{
	(void)ctx;
	if (ex.mode == LX_JIT_MPROTECT && !seal())
		lx_die("JIT: mprotect(RX) of the code region: %s", strerror(errno));
	jit_sync(rw, (const void *)(uintptr_t)rx, bytes);
}

/*
 * LX_JIT_MPROTECT: a store into an RX page of the region makes that page
 * RW until the next sync (only the written pages flip: QEMU drops the
 * translations of every page made writable); a jump into a page written
 * since makes them RX again (the bench's replay writes and syncs code
 * itself).  recover.c asks here before treating a fault as the program's.
 */
bool lx_exec_write_fault(uint64_t addr, uint64_t pc)
{
	uint64_t base = (uint64_t)(uintptr_t)ex.code_rw, off = addr - base, page;

	if (ex.mode != LX_JIT_MPROTECT || off >= LX_CODE_BYTES)
		return false;
	if (pc == addr)
		return ex.dirty_lo != ex.dirty_hi && seal();
	page = off & ~(uint64_t)(ex.page - 1);
	if (mprotect(ex.code_rw + page, ex.page, PROT_READ | PROT_WRITE) != 0)
		return false;
	if (ex.dirty_lo == ex.dirty_hi) {
		ex.dirty_lo = page;
		ex.dirty_hi = page + ex.page;
	} else {
		ex.dirty_lo = page < ex.dirty_lo ? page : ex.dirty_lo;
		ex.dirty_hi = page + ex.page > ex.dirty_hi ? page + ex.page : ex.dirty_hi;
	}
	return true;
}

static bool code_memfd(char *err, size_t n)
{
	int fd = lx_memfd("pairguard-jit");
	void *rw, *rx;

	if (fd < 0) {
		snprintf(err, n, "memfd_create: %s", strerror(errno));
		return false;
	}
	if (ftruncate(fd, LX_CODE_BYTES) != 0) {
		snprintf(err, n, "ftruncate of the JIT memfd: %s", strerror(errno));
		close(fd);
		return false;
	}
	rw = mmap(NULL, LX_CODE_BYTES, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	rx = mmap(NULL, LX_CODE_BYTES, PROT_READ | PROT_EXEC, MAP_SHARED, fd, 0);
	close(fd);
	if (rw == MAP_FAILED || rx == MAP_FAILED) {
		snprintf(err, n, "mmap of the JIT memfd (%s): %s", rw == MAP_FAILED ? "RW" : "RX",
			 strerror(errno));
		return false;
	}
	ex.code_rw = rw;
	ex.code_rx = rx;
	return true;
}

static bool code_mprotect(char *err, size_t n)
{
	void *p = mmap(NULL, LX_CODE_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1,
		       0);

	if (p == MAP_FAILED) {
		snprintf(err, n, "mmap of the JIT region: %s", strerror(errno));
		return false;
	}
	/* Can this process make it executable at all? */
	if (mprotect(p, LX_CODE_BYTES, PROT_READ | PROT_EXEC) != 0 ||
	    mprotect(p, LX_CODE_BYTES, PROT_READ | PROT_WRITE) != 0) {
		snprintf(err, n, "mprotect of the JIT region to RX and back: %s", strerror(errno));
		return false;
	}
	ex.code_rw = ex.code_rx = p;
	ex.dirty_lo = 0;
	ex.dirty_hi = LX_CODE_BYTES;
	return true;
}

/*
 * The arena's addresses, reserved: every byte faults until map().  At a
 * fixed address when it is free, so that the base registers in a report
 * (and so the report) are the same from run to run despite ASLR, and the
 * same in each process of parallel=1.
 */
#define LX_ARENA_HINT 0x4000000000ull

static bool arena_reserve(uint64_t *va, char *err, size_t n)
{
	size_t len = ENG_ARENA_SIZE + LX_ARENA_ALIGN;
	int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE;
	void *p = mmap((void *)(uintptr_t)LX_ARENA_HINT, len, PROT_NONE,
		       flags | MAP_FIXED_NOREPLACE, -1, 0);

	if (p == MAP_FAILED)
		p = mmap(NULL, len, PROT_NONE, flags, -1, 0);
	if (p == MAP_FAILED) {
		snprintf(err, n, "reserving the arena (%zu bytes): %s", len, strerror(errno));
		return false;
	}
	ex.arena_map = p;
	*va = round_down((uint64_t)(uintptr_t)p + LX_ARENA_ALIGN - 1, LX_ARENA_ALIGN);
	return true;
}

void lx_exec_release(void)
{
	if (!ex.ready)
		return;
	munmap(ex.arena_map, ENG_ARENA_SIZE + LX_ARENA_ALIGN);
	munmap(ex.code_rw, LX_CODE_BYTES);
	if (ex.code_rx != ex.code_rw)
		munmap(ex.code_rx, LX_CODE_BYTES);
	ex.ready = false;
}

static uint64_t probe_sync(uint64_t arg)
{
	const char *hook = getenv("PG_LINUX_TEST_SYNC_SIGILL");

	(void)arg;
	/* Test hook: what a kernel with SCTLR_EL1.UCI = 0 does at the first DC
	 * CVAU, simulated by an undefined word (qemu-user cannot trap it). */
	if (hook && strcmp(hook, "1") == 0)
		__asm__ volatile(".inst 0x00000000" : : : "memory");
	lx_sync(NULL, (const uint32_t *)ex.code_rw, (uint64_t)(uintptr_t)ex.code_rx, 4);
	return 0;
}

/*
 * The code region checked before any test: a word written through the RW
 * mapping, made visible with the architected sequence, must be what runs
 * at the RX mapping; written again (another word), the new one must run.
 * Two ways to fail: the kernel leaves EL0 cache maintenance trapped
 * (SCTLR_EL1.UCI = 0): SIGILL at the DC CVAU; or the old instruction runs
 * after the sequence (QEMU 7.2's linux-user keeps its translation of code
 * written through another mapping: IC IVAU drops nothing there).
 */
typedef enum probe_result { PROBE_OK, PROBE_TRAPPED, PROBE_STALE } probe_result;

static probe_result probe_code(char *err, size_t n)
{
	const uint32_t ret = 0xd65f03c0u; /* RET */
	recover_fault f;

	for (uint32_t k = 1; k <= 2; k++) {
		uint32_t movz = 0xd2800000u | k << 5; /* MOVZ X0, #k */
		uint64_t got = 0;

		memcpy(ex.code_rw, &movz, 4);
		memcpy(ex.code_rw + 4, &ret, 4);
		if (!recover_call(probe_sync, 0, NULL, &f)) {
			snprintf(err, n,
				 "the kernel refuses EL0 cache maintenance: %s (%s) at pc 0x%llx "
				 "in jit_sync, the DC CVAU / IC IVAU sequence (Linux normally "
				 "sets SCTLR_EL1.UCI); generated code cannot be made visible, no "
				 "result could be trusted",
				 lx_last_signal_name(), f.name, (unsigned long long)f.elr);
			return PROBE_TRAPPED;
		}
		if (!recover_call_code(ex.code_rx, 0, &got, &f)) {
			snprintf(err, n, "the JIT region does not run: %s (%s) at pc 0x%llx",
				 lx_last_signal_name(), f.name, (unsigned long long)f.elr);
			return PROBE_TRAPPED;
		}
		if (got != k) {
			snprintf(err, n,
				 "after DC CVAU / DSB ISH / IC IVAU / DSB ISH / ISB the old "
				 "instruction ran at the RX mapping (MOVZ x0, #%llu instead of "
				 "#%u): writes through the RW mapping do not reach instruction "
				 "fetch (QEMU 7.2 linux-user keeps such translations)",
				 (unsigned long long)got, k);
			return PROBE_STALE;
		}
	}
	return PROBE_OK;
}

bool lx_exec_init(lx_jit mode, char *err, size_t n)
{
	uint64_t va;

	ex.page = (size_t)sysconf(_SC_PAGESIZE);
	ex.mode = mode == LX_JIT_MPROTECT ? LX_JIT_MPROTECT : LX_JIT_MEMFD;
	if (ex.mode == LX_JIT_MEMFD) {
		char why[400];
		probe_result pr = PROBE_TRAPPED;

		if (!code_memfd(why, sizeof(why)))
			pr = PROBE_TRAPPED;
		else if ((pr = probe_code(why, sizeof(why))) != PROBE_OK) {
			munmap(ex.code_rw, LX_CODE_BYTES);
			munmap(ex.code_rx, LX_CODE_BYTES);
		}
		if (pr != PROBE_OK && mode == LX_JIT_MEMFD) {
			snprintf(err, n,
				 "jit=memfd: %s (accepted: jit=auto or jit=mprotect, W^X by "
				 "mprotect flips)",
				 why);
			return false;
		}
		if (pr != PROBE_OK) {
			lx_note("jit: not two mappings of a memfd: %s; W^X by mprotect flips of "
				"one "
				"mapping instead",
				why);
			ex.mode = LX_JIT_MPROTECT;
		}
	}
	if (ex.mode == LX_JIT_MPROTECT &&
	    (!code_mprotect(err, n) || probe_code(err, n) != PROBE_OK))
		return false;
	if (!arena_reserve(&va, err, n))
		return false;
	ex.be = (eng_backend){
		.arena_va = va,
		.map = lx_map,
		.code_rw = (uint32_t *)ex.code_rw,
		.code_rx = (uint64_t)(uintptr_t)ex.code_rx,
		.code_words = LX_CODE_BYTES / 4,
		.code_marks = ex.tb_mark,
		.exit_to = (uint64_t)(uintptr_t)recover_return,
		.sync = lx_sync,
		.call = exec_call_code,
		.page_diff = pg_guard_diff,
		.now = exec_clock,
	};
	if (!eng_target_init(&ex.t, &ex.be, err, n))
		return false;
	if (ex.page > ENG_PAGE)
		ex.t.arena.narrow_max = 0;
	ex.ready = true;
	return true;
}

lx_jit lx_exec_mode(void)
{
	return ex.mode;
}

bool exec_init(char *err, size_t n)
{
	if (!ex.ready)
		snprintf(err, n, "internal error: the Linux backend was not set up");
	return ex.ready;
}

eng_target *exec_target(void)
{
	return &ex.t;
}

const exec_stats *exec_get_stats(void)
{
	return &ex.t.stats;
}
