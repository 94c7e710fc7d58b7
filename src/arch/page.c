/*
 * A bump allocator over the pool with a free list of returned pages.
 * Early code (runs with the MMU off): aligned accesses only, no libc.
 */
#include <stdbool.h>

#include "arch/cache.h"
#include "arch/page.h"

static uint64_t pool_next;  /* next never-used page */
static uint64_t pool_end;   /* end of the pool */
static uint64_t *free_list; /* returned pages, linked through their first word */
static size_t free_listed;
static bool mmu_off;		/* from page_init until page_mmu_on */
static uint64_t zeroed_mmu_off; /* bytes zeroed while mmu_off */

static uint64_t align_up(uint64_t v)
{
	return (v + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
}

static uint64_t align_down(uint64_t v)
{
	return v & ~(uint64_t)(PAGE_SIZE - 1);
}

void page_init(uint64_t start, uint64_t end)
{
	pool_next = align_up(start);
	pool_end = align_down(end);
	if (pool_end < pool_next)
		pool_end = pool_next;
	free_list = 0;
	free_listed = 0;
	mmu_off = true;
}

void page_mmu_on(void)
{
	mmu_off = false;
}

void page_reserve(uint64_t base, uint64_t size)
{
	uint64_t end = base + size;

	if (end <= pool_next || base >= pool_end || !size)
		return;
	/* The pool is one range: keep the larger part around the hole (the
	 * pool already lies within the RAM the DTB reports, mmu.c). */
	if (base <= pool_next)
		pool_next = align_up(end);
	else if (end >= pool_end || base - pool_next >= pool_end - end)
		pool_end = align_down(base);
	else
		pool_next = align_up(end);
	if (pool_end < pool_next)
		pool_end = pool_next;
}

void page_limit(uint64_t end)
{
	end = align_down(end);
	if (end < pool_end)
		pool_end = end > pool_next ? end : pool_next;
}

static void zero_page(uint64_t *p)
{
	size_t i;

	/* With the MMU off the zeros go around the cache: first drop any line
	 * a boot loader left here, or its write-back could land on top of
	 * them (cache.h; mmu_enable invalidates the pool again after). */
	if (mmu_off) {
		dcache_inval_poc_mmu_off(p, PAGE_SIZE);
		zeroed_mmu_off += PAGE_SIZE;
	}
	for (i = 0; i < PAGE_SIZE / sizeof(*p); i++)
		p[i] = 0;
}

void *page_alloc(void)
{
	uint64_t *p;

	if (free_list) {
		p = free_list;
		free_list = (uint64_t *)(uintptr_t)p[0];
		free_listed--;
	} else if (pool_next < pool_end) {
		p = (uint64_t *)(uintptr_t)pool_next;
		pool_next += PAGE_SIZE;
	} else {
		return 0;
	}
	zero_page(p);
	return p;
}

void *page_alloc_contig(size_t n)
{
	uint64_t base = pool_next;
	size_t i;

	if (!n || n > (pool_end - pool_next) / PAGE_SIZE)
		return 0;
	pool_next += (uint64_t)n * PAGE_SIZE;
	for (i = 0; i < n; i++)
		zero_page((uint64_t *)(uintptr_t)(base + i * PAGE_SIZE));
	return (void *)(uintptr_t)base;
}

void page_free(void *page)
{
	uint64_t *p = page;

	if (!p)
		return;
	p[0] = (uint64_t)(uintptr_t)free_list;
	free_list = p;
	free_listed++;
}

size_t page_free_count(void)
{
	return (size_t)((pool_end - pool_next) / PAGE_SIZE) + free_listed;
}

uint64_t page_zeroed_mmu_off(void)
{
	return zeroed_mmu_off;
}

uint64_t page_pool_high(void)
{
	return pool_next;
}
