/*
 * lib/fdtmem: the early reader of a device tree's RAM facts, on blobs built
 * here token by token (devicetree specification v0.4, chapter 5).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/fdtmem.h"

/* A blob under construction: structure words, strings, reservations. */
typedef struct dt {
	uint32_t st[512];
	unsigned nst;
	char str[512];
	unsigned nstr;
	uint64_t rsv[16];
	unsigned nrsv;
	uint64_t out[1024]; /* the finished blob, 8-byte aligned */
} dt;

static dt d;

static uint32_t be(uint32_t v)
{
	return __builtin_bswap32(v);
}

static void word(uint32_t v)
{
	d.st[d.nst++] = be(v);
}

static void bytes(const void *p, unsigned n)
{
	unsigned words = (n + 3) / 4;

	memset(&d.st[d.nst], 0, 4 * words);
	memcpy(&d.st[d.nst], p, n);
	d.nst += words;
}

static void begin(const char *name)
{
	word(1);
	bytes(name, (unsigned)strlen(name) + 1);
}

static void end(void)
{
	word(2);
}

static void prop(const char *name, const void *val, unsigned len)
{
	unsigned off = d.nstr;

	memcpy(d.str + off, name, strlen(name) + 1);
	d.nstr += (unsigned)strlen(name) + 1;
	word(3);
	word(len);
	word(off);
	bytes(val, len);
}

static void prop_cells(const char *name, unsigned n, const uint32_t *cells)
{
	uint32_t b[8];

	for (unsigned i = 0; i < n; i++)
		b[i] = be(cells[i]);
	prop(name, b, 4 * n);
}

static void prop_u32(const char *name, uint32_t v)
{
	prop_cells(name, 1, &v);
}

static void prop_str(const char *name, const char *s)
{
	prop(name, s, (unsigned)strlen(s) + 1);
}

/* Header, reservation block, structure, strings. */
static const void *finish(void)
{
	uint8_t *o = (uint8_t *)d.out;
	uint32_t rsv = 40, st, strs, total, *h = (uint32_t *)o;

	word(9);
	st = rsv + 16 * (d.nrsv / 2 + 1);
	strs = st + 4 * d.nst;
	total = strs + d.nstr;
	memset(o, 0, sizeof(d.out));
	for (unsigned i = 0; i < d.nrsv; i++)
		((uint64_t *)(o + rsv))[i] = __builtin_bswap64(d.rsv[i]);
	memcpy(o + st, d.st, 4 * d.nst);
	memcpy(o + strs, d.str, d.nstr);
	h[0] = be(0xd00dfeed);
	h[1] = be(total);
	h[2] = be(st);
	h[3] = be(strs);
	h[4] = be(rsv);
	h[5] = be(17);
	h[6] = be(16);
	h[8] = be(d.nstr);
	h[9] = be(4 * d.nst);
	return o;
}

static void reset(void)
{
	memset(&d, 0, sizeof(d));
}

/* A Raspberry Pi 3-like tree: one cell each, /memory@0 of 948 MiB, a
 * reservation block entry for the spin table page, /reserved-memory with
 * a dynamically placed pool (size only) and a no-map region; a node named
 * memory deeper down, which is not RAM. */
static const void *pi3(void)
{
	static const uint32_t mem[] = { 0, 0x3b400000 }, nomap[] = { 0x3b000000, 0x400000 };

	reset();
	d.rsv[d.nrsv++] = 0;
	d.rsv[d.nrsv++] = 0x1000;
	begin("");
	prop_u32("#address-cells", 1);
	prop_u32("#size-cells", 1);
	prop_str("model", "Raspberry Pi 3 Model B");
	begin("soc");
	begin("memory@7e000000");
	prop_cells("reg", 2, (const uint32_t[]){ 0x7e000000, 0x1000 });
	end();
	end();
	begin("memory@0");
	prop_str("device_type", "memory");
	prop_cells("reg", 2, mem);
	end();
	begin("reserved-memory");
	prop_u32("#address-cells", 1);
	prop_u32("#size-cells", 1);
	begin("linux,cma");
	prop_u32("size", 0x4000000);
	end();
	begin("vc@3b000000");
	prop_cells("reg", 2, nomap);
	prop("no-map", "", 0);
	end();
	end();
	end();
	return finish();
}

static void test_pi3(void **state)
{
	fdtmem m;

	(void)state;
	assert_null(fdtmem_read(pi3(), sizeof(d.out), &m));
	assert_int_equal(m.nmem, 1);
	assert_int_equal(m.mem[0].base, 0);
	assert_int_equal(m.mem[0].size, 0x3b400000);
	assert_int_equal(m.nres, 2);
	assert_int_equal(m.res[0].base, 0);
	assert_int_equal(m.res[0].size, 0x1000);
	assert_false(m.res[0].nomap);
	assert_int_equal(m.res[1].base, 0x3b000000);
	assert_int_equal(m.res[1].size, 0x400000);
	assert_true(m.res[1].nomap);
	assert_false(m.truncated);
}

/* QEMU virt-like: two cells each, a memory node found by device_type
 * under another name, two ranges in one reg. */
static void test_two_cells_and_device_type(void **state)
{
	static const uint32_t mem[] = { 0, 0x40000000, 0, 0x20000000, 1, 0, 0, 0x10000000 };
	fdtmem m;

	(void)state;
	reset();
	begin("");
	prop_u32("#size-cells", 2);
	prop_u32("#address-cells", 2);
	begin("ram");
	prop_cells("reg", 8, mem);
	prop_str("device_type", "memory");
	end();
	end();
	assert_null(fdtmem_read(finish(), sizeof(d.out), &m));
	assert_int_equal(m.nmem, 2);
	assert_int_equal(m.mem[0].base, 0x40000000);
	assert_int_equal(m.mem[0].size, 0x20000000);
	assert_int_equal(m.mem[1].base, 0x100000000ull);
	assert_int_equal(m.mem[1].size, 0x10000000);
	assert_int_equal(m.nres, 0);
}

/* Device windows: the Pi 3's /soc (its ranges before its #address-cells,
 * as a tree may order them), a PCIe bus with 3-cell child addresses, and
 * what is not a window (an empty ranges, /reserved-memory's ranges, a
 * grandchild's ranges). */
static void test_device_windows(void **state)
{
	static const uint32_t soc[] = { 0x7e000000, 0x3f000000, 0x01000000,
					0x40000000, 0x40000000, 0x00001000 };
	static const uint32_t pcie[] = { 0x02000000, 0, 0x10000000, 0x10000000, 0x2eff0000 };
	static const uint32_t inner[] = { 0, 0x20000000, 0x1000 };
	static const uint32_t mem[] = { 0, 0x40000000 };
	fdtmem m;

	(void)state;
	reset();
	begin("");
	prop_u32("#address-cells", 1);
	prop_u32("#size-cells", 1);
	begin("memory@0");
	prop_str("device_type", "memory");
	prop_cells("reg", 2, mem);
	end();
	begin("soc");
	prop_cells("ranges", 6, soc);
	prop_u32("#address-cells", 1);
	prop_u32("#size-cells", 1);
	begin("bus@1000");
	prop_u32("#address-cells", 1);
	prop_u32("#size-cells", 1);
	prop_cells("ranges", 3, inner);
	end();
	end();
	begin("pcie@10000000");
	prop_u32("#address-cells", 3);
	prop_u32("#size-cells", 1);
	prop_cells("ranges", 5, pcie);
	end();
	begin("identity");
	prop("ranges", "", 0);
	end();
	begin("reserved-memory");
	prop_u32("#address-cells", 1);
	prop_u32("#size-cells", 1);
	prop_cells("ranges", 3, inner);
	end();
	end();
	assert_null(fdtmem_read(finish(), sizeof(d.out), &m));
	assert_int_equal(m.nmem, 1);
	assert_int_equal(m.nio, 3);
	assert_int_equal(m.io[0].base, 0x3f000000);
	assert_int_equal(m.io[0].size, 0x01000000);
	assert_int_equal(m.io[1].base, 0x40000000);
	assert_int_equal(m.io[1].size, 0x1000);
	assert_int_equal(m.io[2].base, 0x10000000);
	assert_int_equal(m.io[2].size, 0x2eff0000);
	assert_false(m.truncated);
}

static void test_no_memory_node(void **state)
{
	fdtmem m;

	(void)state;
	reset();
	begin("");
	begin("chosen");
	prop_str("bootargs", "suite=selftest");
	end();
	end();
	assert_null(fdtmem_read(finish(), sizeof(d.out), &m));
	assert_int_equal(m.nmem, 0);
}

static void test_bad_blobs(void **state)
{
	static uint64_t copy[1024];
	const void *good = pi3();
	uint32_t *w = (uint32_t *)copy;
	fdtmem m;

	(void)state;
	assert_int_equal(fdtmem_size(good, sizeof(d.out)),
			 __builtin_bswap32(((uint32_t *)good)[1]));
	assert_int_equal(fdtmem_size(good, 64), 0); /* bigger than allowed */
	assert_int_equal(fdtmem_size((const char *)good + 4, sizeof(d.out)), 0);
	assert_non_null(fdtmem_read(NULL, 0, &m));

	memcpy(copy, good, sizeof(copy));
	w[0] = 0;
	assert_string_equal(fdtmem_read(copy, sizeof(copy), &m), "no valid device tree header");

	memcpy(copy, good, sizeof(copy));
	w[2] = be(0x7ffffff0); /* structure block far outside */
	assert_string_equal(fdtmem_read(copy, sizeof(copy), &m),
			    "device tree blocks out of bounds");

	memcpy(copy, good, sizeof(copy));
	w[__builtin_bswap32(w[2]) / 4] = be(7); /* first token unknown */
	assert_string_equal(fdtmem_read(copy, sizeof(copy), &m), "unknown device tree token");

	/* Every truncation of the structure block is refused, never read past. */
	for (uint32_t cut = 0; cut < __builtin_bswap32(((const uint32_t *)good)[9]); cut += 4) {
		memcpy(copy, good, sizeof(copy));
		w[9] = be(cut);
		assert_non_null(fdtmem_read(copy, sizeof(copy), &m));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pi3),
		cmocka_unit_test(test_two_cells_and_device_type),
		cmocka_unit_test(test_device_windows),
		cmocka_unit_test(test_no_memory_node),
		cmocka_unit_test(test_bad_blobs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
