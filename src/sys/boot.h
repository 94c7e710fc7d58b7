/*
 * The boot facts, gathered once by the bring-up (init.c) and passed forward
 * to the firmware's main program in one structure: nothing above src/sys
 * asks the boot path for them again.
 */
#ifndef PG_SYS_BOOT_H
#define PG_SYS_BOOT_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/psci_dt.h"

typedef struct boot_info {
	unsigned entry_el;	  /* the EL the loader entered pairguard at: 1, 2 or 3 */
	uint64_t dtb_pa;	  /* x0 at entry: the DTB's address, 0 when none */
	const void *dtb;	  /* the DTB, checked (header, inside mapped RAM), or NULL */
	const char *dtb_problem;  /* why dtb is NULL, else NULL */
	const char *bootargs;	  /* /chosen/bootargs, or NULL */
	const char *model;	  /* /model, or NULL */
	const char *efi_firmware; /* the UEFI firmware that started the EFI
				     phase (/chosen/pairguard,efi-firmware),
				     or NULL: not started as an EFI app */
	bool has_memory;	  /* the DTB has a /memory range: */
	uint64_t mem_base;	  /*   the one that holds the image, else the */
	uint64_t mem_size;	  /*   first (the page pool ends there) */
	psci_conduit psci;	  /* the conduit the PSCI code picked from the DTB */
	const char *psci_problem; /* why /psci was not usable, else NULL */
	/* Memory (issue 18): */
	uint64_t ram_base, ram_end; /* RAM mapped as Normal memory (mmu.c) */
	const char *ram_source;	    /* "DTB /memory", or why it was assumed */
	bool ram_assumed;	    /* the board's conservative size, no /memory */
	uint64_t zeroed_mmu_off;    /* bytes zeroed with the MMU off (BSS, tables) */
	uint64_t dtb_moved_from;    /* where the loader had put the DTB, when it lay
				       inside the image's footprint and moved to
				       _end (dtb_pa); else 0 */
	const char *plat_note;	    /* plat_note(): the UART clock set, ... */
	uint64_t image_pa;	    /* where the image runs (its first byte) */
	uint64_t image_link;	    /* where it was linked (0 for a PIE) */
	uint64_t relocations;	    /* relocations boot/start.S applied (0: an
				       image linked for where it runs) */
} boot_info;

/* boot/start.S: where the loader had put the DTB when it lay inside the
 * image's footprint (BSS, stacks, heap) and was moved to _end; else 0. */
extern uint64_t boot_dtb_moved_from;

/* boot/start.S: load address less link address, and the relocations it
 * applied, for a position-independent image; else 0 and 0. */
extern uint64_t boot_reloc_delta, boot_relocs;

/* boot.c: first C code, MMU off.  init.c: the rest of the bring-up. */
void sys_start(uint64_t dtb, uint64_t entry_el) __attribute__((noreturn));
void sys_init(uint64_t dtb, unsigned entry_el) __attribute__((noreturn));

#endif
