/*
 * Stage 1 translation at EL1: 4 KiB granule, 39-bit VA (tables start at
 * level 1), one address space (TTBR0 only).
 *
 * Virtual layout:
 *   identity map   the platform's MMIO as Device-nGnRnE, its RAM (the DTB's
 *                  /memory range holding the image, less no-map
 *                  reservations; see mmu_ram()) as Normal
 *                  write-back inner-shareable; the image's text read-only
 *                  and executable, rodata read-only, everything else
 *                  read-write and execute-never; a guard page below each
 *                  stack is left unmapped.
 *   JIT region     MMU_JIT_SIZE bytes of RAM (64 MiB: the engine uses it as a
 *                  ring so that QEMU rarely sees code rewritten, fw/exec.c),
 *                  written through mmu_jit_rw()
 *                  (its identity mapping: RW, execute-never) and executed
 *                  through mmu_jit_rx() at MMU_JIT_RX_VA (RO, executable).
 *                  W^X: no mapping is both writable and executable, and
 *                  SCTLR_EL1.WXN enforces it.  jit_sync() (cache.h) between
 *                  writing and executing.
 *   arena          [MMU_ARENA_VA, +MMU_ARENA_SIZE): unmapped until the caller
 *                  maps pages with mmu_map (e.g. one page in the middle of
 *                  each 128 KiB slice: a stray access anywhere else faults);
 *                  only this data may be remapped as another memory type
 *                  (Normal non-cacheable, Device: suite memtypes).  The JIT
 *                  region and the image stay Normal write-back.
 *   core stacks    [MMU_STACKS_VA, +MMU_STACKS_SIZE): the other cores' stacks,
 *                  mapped page by page by arch/smp.c with unmapped guard
 *                  pages around each (their RAM is also identity-mapped).
 */
#ifndef PG_ARCH_MMU_H
#define PG_ARCH_MMU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MMU_VA_BITS    39
#define MMU_JIT_RX_VA  0x4000000000ull /* 256 GiB */
#define MMU_JIT_SIZE   (64u << 20)
#define MMU_ARENA_VA   0x5000000000ull /* 320 GiB */
#define MMU_ARENA_SIZE (1ull << 30)

/* The other cores' stacks (arch/smp.c). */
#define MMU_STACKS_VA	0x6000000000ull /* 384 GiB */
#define MMU_STACKS_SIZE (1ull << 30)

typedef enum mmu_attr {
	MMU_DATA,   /* Normal WB, read-write, execute-never */
	MMU_RODATA, /* Normal WB, read-only, execute-never */
	MMU_CODE,   /* Normal WB, read-only, executable */
	MMU_DEVICE, /* Device-nGnRnE, read-write, execute-never */
	/* Data (read-write, execute-never) of the other memory types, for
	 * suite memtypes' arena. */
	MMU_DATA_NC,	  /* Normal inner/outer non-cacheable */
	MMU_DEVICE_nGnRE, /* Device-nGnRE */
	MMU_ATTR_COUNT
} mmu_attr;

enum {
	MMU_OK = 0,
	MMU_EINVAL = -1, /* not 4 KiB aligned, outside the VA space, bad attr */
	MMU_ENOMEM = -2, /* no page for a translation table */
	MMU_EBUSY = -3,	 /* a block mapping of another size is in the way */
};

/* Boot only (sys_start, MMU off): build the tables, enable MMU and caches. */
void mmu_init(uint64_t dtb);

/* What another core writes to TTBR0_EL1, TCR_EL1, MAIR_EL1 and SCTLR_EL1
 * to share the boot core's translation (arch/smp.h). */
void mmu_secondary_regs(uint64_t regs[4]);

/*
 * Map [va, va+size) to [pa, pa+size) with attr; va, pa and size 4 KiB
 * aligned.  Replacing a valid entry uses break-before-make.  The mapping is
 * usable on return.
 */
int mmu_map(uint64_t va, uint64_t pa, size_t size, mmu_attr attr);

/*
 * The physical page va maps to and its attribute (MMU_DATA, MMU_DATA_NC,
 * MMU_DEVICE or MMU_DEVICE_nGnRE, for read-write data), from the tables;
 * false when va is unmapped.
 */
bool mmu_lookup(uint64_t va, uint64_t *pa, mmu_attr *attr);

/* Unmap [va, va+size) (unmapped parts are fine); TLB entries invalidated. */
int mmu_unmap(uint64_t va, size_t size);

/* Translate va for a read or a write as EL1 would (AT S1E1R/W). */
bool mmu_probe(uint64_t va, bool write, uint64_t *pa);

/* The two aliases of the JIT region (MMU_JIT_SIZE bytes each). */
void *mmu_jit_rw(void);
const void *mmu_jit_rx(void);

/* The RAM mapped as Normal memory [base, end), and where that came from
 * ("DTB /memory", or why the board's assumption was used: fallback true). */
typedef struct mmu_ram_info {
	uint64_t base, end;
	const char *source;
	bool fallback;
} mmu_ram_info;

const mmu_ram_info *mmu_ram(void);

/* Call fn for every valid leaf mapping (page or block) of the tables. */
typedef void mmu_mapping_fn(uint64_t va, uint64_t pa, uint64_t size, bool normal, void *arg);
void mmu_each_mapping(mmu_mapping_fn *fn, void *arg);

/* "invalid argument", ... */
const char *mmu_strerror(int err);

#endif
