/*
 * The page allocator's zeroing with the MMU off, against a model of a data
 * cache that a boot loader left dirty lines in (Arm ARM: with SCTLR_EL1.C =
 * 0 such a line stays valid and may be written back at any time; the
 * Cortex-A53 writes a dirty line back when it is invalidated).  The worst
 * case for a line still in the cache is its eviction after pairguard wrote
 * the memory around the cache: the test evicts every remaining dirty line
 * at the end, then every page handed out must still read zero.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "arch/page.h"
#include "hwfake.h"

#define PAGES 16
#define LINE  64

static uint8_t *pool;
static bool dirty[PAGES * PAGE_SIZE / LINE]; /* the loader's dirty lines */

static void write_back(size_t line)
{
	memset(pool + line * LINE, 0xa5, LINE); /* the loader's stale data */
	dirty[line] = false;
}

/* Invalidate: a dirty line is written back first, then dropped. */
static void inval(const void *p, size_t len)
{
	uintptr_t lo = (uintptr_t)p, hi = lo + len, base = (uintptr_t)pool;

	for (size_t l = 0; l < PAGES * PAGE_SIZE / LINE; l++) {
		uintptr_t a = base + l * LINE;

		if (dirty[l] && a + LINE > lo && a < hi)
			write_back(l);
	}
}

static void evict_all(void)
{
	for (size_t l = 0; l < PAGES * PAGE_SIZE / LINE; l++)
		if (dirty[l])
			write_back(l);
}

static void setup_pool(void)
{
	hwfake_reset();
	hwfake_on_inval = inval;
	if (!pool)
		pool = aligned_alloc(PAGE_SIZE, PAGES * PAGE_SIZE);
	assert_non_null(pool);
	memset(pool, 0x11, PAGES * PAGE_SIZE);
	for (size_t l = 0; l < PAGES * PAGE_SIZE / LINE; l++)
		dirty[l] = l % 3 == 0; /* every third line dirty */
	page_init((uint64_t)(uintptr_t)pool, (uint64_t)(uintptr_t)pool + PAGES * PAGE_SIZE);
}

static bool all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

static void test_tables_survive_loader_lines(void **state)
{
	uint8_t *t[4];

	(void)state;
	setup_pool();
	for (int i = 0; i < 3; i++)
		t[i] = page_alloc();
	t[3] = page_alloc_contig(2);
	evict_all();
	for (int i = 0; i < 3; i++)
		assert_true(all_zero(t[i], PAGE_SIZE));
	assert_true(all_zero(t[3], 2 * PAGE_SIZE));
}

static void test_no_invalidate_with_mmu_on(void **state)
{
	(void)state;
	setup_pool();
	page_mmu_on();
	memset(dirty, 0, sizeof(dirty));
	assert_non_null(page_alloc());
	assert_non_null(page_alloc_contig(4));
	for (size_t i = 0; i < hwfake_nlog && i < HWFAKE_LOG_MAX; i++)
		assert_int_not_equal(hwfake_log[i].op, 'i'); /* it would drop cached data */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tables_survive_loader_lines),
		cmocka_unit_test(test_no_invalidate_with_mmu_on),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
