/*
 * The engine's execution backend on the firmware (engine/backend.h): the
 * arena's pages mapped by the MMU, the JIT region's two aliases as the code
 * region, jit_sync as the cache maintenance, the recovery API to run the
 * code.  What is tested and how it is judged (arena geometry, placement,
 * the batch's code layout, checks) is the portable engine's
 * (engine/arena.h, engine/batch.h, engine/run.h).
 */
#include <stdio.h>
#include <string.h>

#include "arch/cache.h"
#include "arch/cpu.h"
#include "arch/mmu.h"
#include "arch/page.h"
#include "arch/recover.h"
#include "fw/exec.h"

/* The upper half of the firmware's arena (its selftest uses the lower). */
#define ARENA_VA (MMU_ARENA_VA + MMU_ARENA_SIZE / 2)

_Static_assert(ENG_ARENA_SIZE <= MMU_ARENA_SIZE / 2, "arena too small");
_Static_assert(MMU_JIT_SIZE % PAGE_SIZE == 0 && PAGE_SIZE == ENG_PAGE, "JIT region");

/* pg_guard_diff (guard.S): OR of (p XOR guard) over n bytes. */
uint64_t pg_guard_diff(const void *p, const void *guard, size_t n);

#define PART_CODE_WORDS (MMU_JIT_SIZE / 8 / 4)
_Static_assert((uint64_t)EXEC_PARTS *ENG_ARENA_SIZE <= MMU_ARENA_SIZE / 2, "parts' arenas");

static struct {
	bool ready;
	eng_backend be;
	eng_target t;
	uint64_t tb_mark[MMU_JIT_SIZE / 4 / 64];
} ex;

static struct {
	bool ready;
	eng_backend be;
	eng_target t;
	uint64_t *tb_mark; /* PART_CODE_WORDS / 64 words, from the page pool */
} part[EXEC_PARTS];

/* Each range physically contiguous: suite memtypes reaches it through the
 * RAM's identity map while the arena has another memory type. */
static uint8_t *fw_map(void *ctx, uint64_t va, size_t len, char *err, size_t n)
{
	void *pa = page_alloc_contig(len / PAGE_SIZE);
	int rc;

	(void)ctx;
	if (!pa) {
		snprintf(err, n, "engine arena: out of pages (%u slices need %u pages)", ENG_SLICES,
			 ENG_ARENA_PAGES);
		return NULL;
	}
	rc = mmu_map(va, (uint64_t)(uintptr_t)pa, len, MMU_DATA);
	if (rc != MMU_OK) {
		snprintf(err, n, "engine arena: mmu_map of 0x%lx failed: %s", (unsigned long)va,
			 mmu_strerror(rc));
		return NULL;
	}
	return (uint8_t *)(uintptr_t)va; /* data is reached at its VA */
}

static void fw_sync(void *ctx, const uint32_t *rw, uint64_t rx, size_t bytes)
{
	(void)ctx;
	jit_sync(rw, (const void *)(uintptr_t)rx, bytes);
}

/*
 * QEMU's TCG keeps a direct-mapped software TLB per translation regime that
 * starts at 256 entries and is resized only when it is flushed whole: it
 * doubles when more than 70% of its entries were in use.  A batch touches
 * 256 arena pages (which ENG_SLICE, 33 pages, spreads over distinct
 * entries) besides the firmware's own, so with 256 entries nearly every
 * store and check missed.  Reading every arena page and then invalidating
 * the whole TLB a few times lets it grow to 1024 entries: the sweep at one
 * base went from 567k to 186k TLB fills (QEMU 7.2; 10% of QEMU's
 * instructions).  On a real core this is a handful of harmless TLB
 * invalidations at start-up.  TLBI VMALLE1 between DSB ISHST and DSB ISH;
 * ISB (Arm ARM DDI0487 D8.13, TLB maintenance instructions).
 */
static void grow_qemu_tlb(const eng_target *t)
{
	for (unsigned round = 0; round < 4; round++) {
		for (unsigned k = 0; k < ENG_SLICES; k++) {
			const eng_range *r = eng_arena_slice(&t->arena, k);

			for (uint32_t o = 0; o < r->size; o += PAGE_SIZE)
				(void)*(volatile const uint8_t *)(r->host + o);
		}
		dsb_ishst();
		__asm__ volatile("tlbi vmalle1" : : : "memory");
		dsb_ish();
		isb();
	}
}

bool exec_init(char *err, size_t n)
{
	if (ex.ready)
		return true;
	ex.be = (eng_backend){
		.arena_va = ARENA_VA,
		.map = fw_map,
		.code_rw = mmu_jit_rw(),
		.code_rx = (uint64_t)(uintptr_t)mmu_jit_rx(),
		.code_words = MMU_JIT_SIZE / 4,
		.code_marks = ex.tb_mark,
		.exit_to = (uint64_t)(uintptr_t)recover_return,
		.sync = fw_sync,
		.call = exec_call_code,
		.page_diff = pg_guard_diff,
		.now = exec_clock,
	};
	if (!eng_target_init(&ex.t, &ex.be, err, n))
		return false;
	grow_qemu_tlb(&ex.t);
	ex.ready = true;
	return true;
}

bool exec_init_part(unsigned k, char *err, size_t n)
{
	if (k >= EXEC_PARTS) {
		snprintf(err, n, "engine: at most %u cores run at once (arena room)",
			 (unsigned)EXEC_PARTS);
		return false;
	}
	if (part[k].ready)
		return true;
	part[k].tb_mark = page_alloc_contig(PART_CODE_WORDS / 64 * 8 / PAGE_SIZE);
	if (!part[k].tb_mark) {
		snprintf(err, n, "engine: no pages for core %u's code marks", k);
		return false;
	}
	part[k].be = (eng_backend){
		.arena_va = ARENA_VA + k * ENG_ARENA_SIZE,
		.map = fw_map,
		.code_rw = (uint32_t *)mmu_jit_rw() + (size_t)k * PART_CODE_WORDS,
		.code_rx = (uint64_t)(uintptr_t)mmu_jit_rx() + (uint64_t)k * PART_CODE_WORDS * 4,
		.code_words = PART_CODE_WORDS,
		.code_marks = part[k].tb_mark,
		.exit_to = (uint64_t)(uintptr_t)recover_return,
		.sync = fw_sync,
		.call = exec_call_code,
		.page_diff = pg_guard_diff,
		.now = exec_clock,
	};
	if (!eng_target_init(&part[k].t, &part[k].be, err, n))
		return false;
	grow_qemu_tlb(&part[k].t);
	part[k].ready = true;
	return true;
}

void exec_set_runner(void (*sync)(void *ctx, const uint32_t *rw, uint64_t rx, size_t bytes),
		     bool (*call)(void *ctx, uint64_t rx, eng_fault *f), void *ctx)
{
	ex.be.sync = sync ? sync : fw_sync;
	ex.be.call = call ? call : exec_call_code;
	ex.be.ctx = ctx;
}

eng_target *exec_target_part(unsigned k)
{
	return &part[k].t;
}

eng_target *exec_target(void)
{
	return &ex.t;
}

const exec_stats *exec_get_stats(void)
{
	return &ex.t.stats;
}
