/*
 * The RAM facts of a flattened device tree, read without libc and with
 * aligned 32-bit loads only, so that the MMU set-up can use them before the
 * MMU is on (every access is Device memory then): the /memory ranges, and
 * what is reserved in them (the memory reservation block and
 * /reserved-memory's children with a reg), and the device windows: the CPU
 * addresses that the root's bus nodes map with their ranges (2.3.8), which
 * are devices, never RAM, whatever /memory says (QEMU's raspi3b writes 1 GiB
 * into the Pi 3's /memory, over the peripherals at 0x3f000000).
 * Devicetree specification v0.4, chapter 3.4 (/memory), 3.5
 * (/reserved-memory), chapter 5 (the format).
 * Portable: the host tests feed it blobs.
 */
#ifndef PG_LIB_FDTMEM_H
#define PG_LIB_FDTMEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FDTMEM_MAX    8
#define FDTMEM_IO_MAX 16

typedef struct fdtmem_range {
	uint64_t base, size;
	bool nomap; /* reserved with no-map: not to be mapped at all */
} fdtmem_range;

typedef struct fdtmem {
	unsigned nmem, nres;
	fdtmem_range mem[FDTMEM_MAX]; /* /memory reg ranges, in tree order */
	fdtmem_range res[FDTMEM_MAX]; /* reserved ranges */
	unsigned nio;
	fdtmem_range io[FDTMEM_IO_MAX]; /* device windows: the parent (CPU)
					   side of the ranges of root children */
	bool truncated;			/* more ranges than FDTMEM_MAX (IO_MAX) */
} fdtmem;

/* The blob's totalsize when blob (8-byte aligned) starts with a valid
 * header no bigger than max, else 0. */
uint32_t fdtmem_size(const void *blob, uint64_t max);

/* Fill *out from blob; NULL on success, else why the blob is unusable.
 * No /memory node is not an error (out->nmem == 0). */
const char *fdtmem_read(const void *blob, uint64_t max, fdtmem *out);

/* The /memory range that holds addr (the image), else the first one; NULL
 * when there is none.  A loader may split RAM into several ranges (U-Boot's
 * EFI map, cut by its copy of the tree at RAM + 127 MiB): the first need not
 * be the image's. */
const fdtmem_range *fdtmem_ram_of(const fdtmem *fm, uint64_t addr);

#endif
