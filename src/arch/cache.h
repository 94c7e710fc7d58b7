/*
 * Cache maintenance for code written at run time and for buffers shared
 * with non-coherent agents (the Raspberry Pi mailbox).
 */
#ifndef PG_ARCH_CACHE_H
#define PG_ARCH_CACHE_H

#include <stddef.h>

/*
 * Make len bytes of instructions written through rw executable through rx
 * (the other alias of the same physical memory, e.g. mmu_jit_rw() /
 * mmu_jit_rx() at the same offset).  On return the caller may branch to rx.
 * Cost: one pass over the lines; batch many cases per call.
 */
void jit_sync(const void *rw, const void *rx, size_t len);

/* Clean (write back) / clean and invalidate data cache lines to the Point
 * of Coherency, for memory another bus master reads or writes. */
void dcache_clean_poc(const void *p, size_t len);
void dcache_clean_inval_poc(const void *p, size_t len);

/* Smallest D- and I-cache line sizes in bytes, from CTR_EL0. */
size_t dcache_line(void);
size_t icache_line(void);

#endif
