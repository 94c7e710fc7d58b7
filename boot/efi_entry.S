/*
 * The UEFI entry: the PE/COFF header's AddressOfEntryPoint (boot/start.S),
 * in position-independent images only (Image header flags bit 3).
 *
 * UEFI 2.10 section 2.3.6 (AArch64 platforms): the application is entered
 * at EL1 or EL2 with the MMU on and an identity map, the I- and D-caches
 * on, x0 = ImageHandle, x1 = SystemTable, x30 = the return address, and at
 * least 128 KiB of stack.
 *
 * The image as the firmware loaded it stays untouched (not relocated): it
 * is copied to fresh loader-code pages, the copy relocated and its
 * efi_boot (src/efi, C) run.  efi_boot copies the untouched file again to
 * its "home" (a 2 MiB boundary with EFI_POOL bytes of free RAM after the
 * footprint for the page pool), writes the device tree and exits the boot
 * services; then the MMU and caches go off and the home is entered at
 * offset 0 like any loader's Image, x0 = the device tree.  (Relocating in
 * place would hand boot/start.S an image relocated already, and write to
 * pages the firmware may have made read-only.)
 */
#include "arch/sysreg.h"

#define R_AARCH64_NONE	   0
#define R_AARCH64_RELATIVE 1027
#define EFI_ST_BOOT_SERVICES 96 /* src/efi/efi.h pins these offsets */
#define EFI_BS_ALLOCATE_PAGES 40
#define EFI_BS_FREE_PAGES 48
#define EFI_ALLOCATE_ANY_PAGES 0
#define EFI_LOADER_CODE 1
#define EFI_LOAD_ERROR 0x8000000000000001
/* Free RAM wanted after the home's footprint: the page pool (the 64 MiB
 * JIT region, page tables, the engine's arenas), with room to spare. */
#define EFI_POOL (256 << 20)

#if PG_IMAGE_FLAGS & 8
	.text
	.globl	efi_entry
/*
 * In:  x0 = ImageHandle, x1 = SystemTable (UEFI calling convention = AAPCS64).
 * Out: an EFI status to the firmware when the EFI phase fails (its message
 *      is on the firmware's console); on success it never returns.
 */
efi_entry:
	/* Frame: x29, x30, x19-x24; at 64 AllocatePages' out; at 80 an
	 * efi_image {base, file_size, mem_size, pool}; at 112 an efi_handoff
	 * {home, dtb} (src/efi/efiboot.h). */
	stp	x29, x30, [sp, #-128]!
	mov	x29, sp
	stp	x19, x20, [sp, #16]
	stp	x21, x22, [sp, #32]
	stp	x23, x24, [sp, #48]
	str	xzr, [sp, #64]
	mov	x19, x0
	mov	x20, x1
	adr	x21, _start			/* where the firmware put the image */
	ldr	x22, =__image_size		/* absolute: no relocation needed */

	/* The copy: AllocatePages(AnyPages, LoaderCode, pages, &addr). */
	mov	x0, #EFI_ALLOCATE_ANY_PAGES
	mov	x1, #EFI_LOADER_CODE
	add	x2, x22, #0xfff
	lsr	x2, x2, #12
	add	x3, sp, #64
	ldr	x9, [x20, #EFI_ST_BOOT_SERVICES]
	ldr	x9, [x9, #EFI_BS_ALLOCATE_PAGES]
	blr	x9
	cbnz	x0, 9f
	ldr	x23, [sp, #64]
	mov	x0, x23
	mov	x1, x21
	mov	x2, x22				/* a multiple of 4 KiB (linker script) */
1:	ldp	x3, x4, [x1], #16
	stp	x3, x4, [x0], #16
	subs	x2, x2, #16
	b.hi	1b

	/* Relocate the copy: it was linked at 0, so delta = x23 (the same
	 * R_AARCH64_RELATIVE rule as boot/start.S's relocate). */
	adrp	x10, __rela_start
	add	x10, x10, :lo12:__rela_start
	adrp	x11, __rela_end
	add	x11, x11, :lo12:__rela_end
2:	cmp	x10, x11
	b.hs	3f
	ldp	x0, x1, [x10]			/* r_offset, r_info */
	ldr	x12, [x10, #16]			/* r_addend */
	add	x10, x10, #24
	cmp	w1, #R_AARCH64_NONE
	b.eq	2b
	cmp	w1, #R_AARCH64_RELATIVE
	b.ne	8f
	add	x12, x12, x23
	str	x12, [x0, x23]
	b	2b
3:
	/*
	 * The copy's code was written as data: clean it to the PoU, then
	 * invalidate the I-cache before running it (Arm ARM DDI0487,
	 * B2.4.4 "Implication of caches for the application programmer",
	 * the sequence for self-modifying code).
	 */
	mov	x0, x23
	adrp	x1, __text_end
	add	x1, x1, :lo12:__text_end
	sub	x1, x1, x21
	add	x1, x1, x23
	bl	efi_dcache_clean_pou
	ic	iallu
	dsb	ish
	isb

	/* efi_boot(handle, systab, &image, &handoff), in the copy. */
	ldr	x0, =__file_size
	stp	x21, x0, [sp, #80]
	ldr	x0, =EFI_POOL
	stp	x22, x0, [sp, #96]
	mov	x0, x19
	mov	x1, x20
	add	x2, sp, #80
	add	x3, sp, #112
	adr	x9, efi_boot
	sub	x9, x9, x21
	add	x9, x9, x23
	blr	x9
	cbz	x0, efi_handoff

	/* Failed, boot services still up: give the copy back, return. */
	mov	x24, x0
	mov	x0, x23
	add	x1, x22, #0xfff
	lsr	x1, x1, #12
	ldr	x9, [x20, #EFI_ST_BOOT_SERVICES]
	ldr	x9, [x9, #EFI_BS_FREE_PAGES]
	blr	x9
	mov	x0, x24
	b	9f
8:	ldr	x0, =EFI_LOAD_ERROR		/* a relocation type start.S refuses too */
9:	ldp	x19, x20, [sp, #16]
	ldp	x21, x22, [sp, #32]
	ldp	x23, x24, [sp, #48]
	ldp	x29, x30, [sp], #128
	ret

/*
 * Boot services are gone.  Leave the state UEFI 2.3.6 gave (MMU and caches
 * on) for the one an arm64 Image expects (MMU and D-cache off, the image
 * and the DTB written to the PoC: Linux booting.rst).  Everything the
 * common path reads with the MMU off is cleaned and invalidated to the PoC
 * first: the home, the DTB, and the relocated copy too, so that no dirty
 * line of it is written back later over memory the common path reuses.
 */
efi_handoff:
	msr	daifset, #0xf
	ldp	x21, x24, [sp, #112]		/* the home, the DTB */
	mov	x0, x21
	add	x1, x21, x22
	bl	efi_dcache_civac
	mov	x0, x23
	add	x1, x23, x22
	bl	efi_dcache_civac
	ldr	w1, [x24, #4]			/* totalsize, big-endian */
	rev	w1, w1
	mov	x0, x24
	add	x1, x24, x1
	bl	efi_dcache_civac

	mov	x1, #(SCTLR_M | SCTLR_C | SCTLR_I)
	mrs	x0, CurrentEL
	cmp	x0, #(2 << CURRENTEL_SHIFT)
	b.ne	4f
	mrs	x0, sctlr_el2
	bic	x0, x0, x1
	msr	sctlr_el2, x0
	b	5f
4:	mrs	x0, sctlr_el1
	bic	x0, x0, x1
	msr	sctlr_el1, x0
5:	isb
	ic	iallu				/* no stale lines once the I-cache is on again */
	dsb	nsh
	isb
	mov	x0, x24
	br	x21				/* the home's code0, then primary_entry */

/*
 * Clean [x0, x1) to the PoU (efi_dcache_clean_pou) or clean and invalidate
 * it to the PoC (efi_dcache_civac; CIVAC rather than CVAC: Cortex-A53
 * erratum 855873), line by line (CTR_EL0.DminLine), then \barrier.
 * In: x0, x1.  Clobbers: x0, x2, x3.
 */
.macro	dcache_by_line name, op, barrier
\name:
	mrs	x3, ctr_el0
	ubfx	x3, x3, #16, #4			/* DminLine: log2(words) */
	mov	x2, #4
	lsl	x2, x2, x3
	sub	x3, x2, #1
	bic	x0, x0, x3
1:	cmp	x0, x1
	b.hs	2f
	dc	\op, x0
	add	x0, x0, x2
	b	1b
2:	dsb	\barrier
	ret
.endm

	dcache_by_line efi_dcache_clean_pou, cvau, ish
	dcache_by_line efi_dcache_civac, civac, sy

	.ltorg
#endif
