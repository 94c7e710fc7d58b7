/*
 * Cache maintenance for code written at run time and for buffers shared
 * with non-coherent agents (the Raspberry Pi mailbox).
 */
#ifndef PG_ARCH_CACHE_H
#define PG_ARCH_CACHE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Make len bytes of instructions written through rw executable through rx
 * (the other alias of the same physical memory, e.g. mmu_jit_rw() /
 * mmu_jit_rx() at the same offset).  On return the caller may branch to rx.
 * Cost: one pass over the lines; batch many cases per call.
 */
void jit_sync(const void *rw, const void *rx, size_t len);

/*
 * The writing core's half of jit_sync for code another core runs: DC CVAU
 * by rw, DSB ISH, IC IVAU by rx, DSB ISH (ic false leaves out the IC IVAU:
 * a test-only omission, suite=xpub's inject=xpub-no-ic).  The running core
 * then synchronizes with the writer (a release/acquire flag) and executes
 * an ISB before branching to rx.
 */
void jit_publish(const void *rw, const void *rx, size_t len, bool ic);

/* Clean (write back) / clean and invalidate data cache lines to the Point
 * of Coherency, for memory another bus master reads or writes. */
void dcache_clean_poc(const void *p, size_t len);
void dcache_clean_inval_poc(const void *p, size_t len);

/*
 * Invalidate data cache lines to the PoC, with the MMU and caches off only
 * (with them on it would discard data): lines a boot loader left for memory
 * that pairguard is about to write, or just wrote, non-cacheably.  Arm ARM
 * DDI0487, "Cache enabling and disabling" and "Behavior of caches at reset"
 * (D4.4 in issue B.a; "The AArch64 System Level Memory Model" in later
 * issues): with SCTLR_EL1.C = 0 the lines stay valid, and a dirty one may
 * be written back at any time, over what was written around the cache; an
 * invalidate may itself clean a dirty line first (the Cortex-A53 does).  So
 * invalidate before writing (the loader's line goes first) and again after
 * (no stale line hides the new data once the cache is on).
 */
void dcache_inval_poc_mmu_off(const void *p, size_t len);

/* Smallest D- and I-cache line sizes in bytes, from CTR_EL0. */
size_t dcache_line(void);
size_t icache_line(void);

#endif
