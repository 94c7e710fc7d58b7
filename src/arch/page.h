/*
 * Physical page allocator for translation tables and the engine's backing
 * pages.  Pages are 4 KiB, zeroed, and identity-mapped as Normal RW memory,
 * so a page's address is both its VA and its PA.
 *
 * The pool is the RAM the platform maps after the image (_end), minus the
 * DTB, cut down to the RAM the DTB reports.  Runs before the MMU is on
 * (mmu_init's tables come from here): built with -mstrict-align, no libc.
 */
#ifndef PG_ARCH_PAGE_H
#define PG_ARCH_PAGE_H

#include <stddef.h>
#include <stdint.h>

#define PAGE_SIZE 4096u

/* Boot: set up the pool [start, end), keep [base, base+size) out of it,
 * and end it at end (the RAM the DTB reports) at the latest. */
void page_init(uint64_t start, uint64_t end);
void page_reserve(uint64_t base, uint64_t size);
void page_limit(uint64_t end);

/* The MMU and caches are on: pages are zeroed through the cache from now
 * on (before, each page's lines are invalidated before it is zeroed). */
void page_mmu_on(void);

/* One zeroed page, or NULL when the pool is exhausted. */
void *page_alloc(void);

/* n physically contiguous zeroed pages, or NULL. */
void *page_alloc_contig(size_t n);

/* Give a page from page_alloc back. */
void page_free(void *page);

/* Pages still available. */
size_t page_free_count(void);

/* Bytes of pages zeroed with the MMU off (page tables; slow on a board:
 * every store goes to memory). */
uint64_t page_zeroed_mmu_off(void);

/* One past the highest address handed out so far. */
uint64_t page_pool_high(void);

#endif
