/*
 * pairguard entry point.
 *
 * The image begins with the arm64 Linux Image header, so QEMU -kernel, the
 * Raspberry Pi firmware (kernel8.img) and U-Boot booti all load it the same
 * way and hand over the DTB address in x0.  From there one linear path:
 * note the DTB and the entry EL, park every core but the boot core, drop from
 * EL3 or EL2 to EL1 with the higher-EL traps opened for FP/SIMD and the
 * timers, set a known SCTLR_EL1, enable FP/SIMD, check the load address, set
 * the stacks, move the DTB out of the image's footprint if it is in it,
 * zero BSS, install the vectors and enter C (sys_start).
 *
 * Everything here runs with the MMU off: position-independent (adr), aligned
 * accesses only, no C.
 */
#include "arch/layout.h"
#include "arch/sysreg.h"

#define FDT_MAGIC 0xd00dfeed
#define R_AARCH64_NONE 0
#define R_AARCH64_RELATIVE 1027

/*
 * The arm64 Linux Image header (Linux Documentation/arch/arm64/booting.rst),
 * 64 bytes at the image's first byte:
 *
 *   0x00  code0        b primary_entry; in a PIE, an instruction whose
 *                      first bytes read "MZ" (the PE/COFF DOS signature)
 *   0x04  code1        0; in a PIE, b primary_entry
 *   0x08  text_offset  PG_TEXT_OFFSET: the image starts this far above a
 *                      2 MiB boundary (board images 0x80000, generic 0)
 *   0x10  image_size   the whole footprint, BSS, stacks and heap included
 *   0x18  flags        bit 0 = 0 little-endian; bits 1-2 = 1 4 KiB pages;
 *                      bit 3 = 1: the 2 MiB-aligned base may be anywhere in
 *                      RAM (PG_IMAGE_FLAGS: 0xa for a PIE, which relocates
 *                      itself below; 0x2 for an image linked for its board,
 *                      whose loader must honour text_offset near RAM start)
 *   0x20  res2..res4   0
 *   0x38  magic        "ARM\x64"
 *   0x3c  res5         0; in a PIE, the offset of the PE/COFF header (the
 *                      DOS header's e_lfanew): the same file is a UEFI
 *                      application (boot/efi_entry.S)
 */
	.section .text.head, "ax"
	.globl	_start
_start:
#if PG_IMAGE_FLAGS & 8
	/* ADD X13, X18, #0x16: bytes 4d 5a ("MZ"); x13 means nothing here. */
	.inst	0x91005a4d			/* code0 */
	b	primary_entry			/* code1 */
#else
	b	primary_entry			/* code0 */
	.long	0				/* code1 */
#endif
	.quad	PG_TEXT_OFFSET			/* text_offset */
	.quad	__image_size			/* image_size */
	.quad	PG_IMAGE_FLAGS			/* flags */
	.quad	0				/* res2 */
	.quad	0				/* res3 */
	.quad	0				/* res4 */
	.ascii	"ARM\x64"			/* magic */
#if PG_IMAGE_FLAGS & 8
	.long	pe_header - _start		/* res5: PE/COFF header offset */
#include "pe_header.inc"
#else
	.long	0				/* res5: no PE/COFF header */
#endif
image_flags = _start + 0x18

	.text

/*
 * EL2 to EL1 (the boot core's from_el2, each secondary's): HCR_EL2.RW, timer
 * and counter open to EL1, FP/SIMD untrapped, VPIDR/VMPIDR = this core's,
 * no debug or PMU traps, the stub vectors, then ERET to target at EL1h.
 * Clobbers: x0, x1.
 */
.macro	el2_to_el1 target
	ldr	x0, =HCR_RW
	msr	hcr_el2, x0
	isb					/* E2H now 0: CNTHCTL uses the layout below */
	mrs	x0, cnthctl_el2
	orr	x0, x0, #(CNTHCTL_EL1PCTEN | CNTHCTL_EL1PCEN)
	msr	cnthctl_el2, x0
	msr	cntvoff_el2, xzr
	ldr	x0, =(CPTR_EL2_RES1 | CPTR_EL2_TZ)
	msr	cptr_el2, x0
	msr	hstr_el2, xzr
	/* A GICv3's system-register interface (ID_AA64PFR0_EL1.GIC): EL2 on
	 * it (SRE) and EL1 allowed to turn it on (Enable); without them
	 * ICC_SRE_EL1.SRE stays 0 (IHI 0069, ICC_SRE_EL2). */
	mrs	x0, id_aa64pfr0_el1
	ubfx	x0, x0, #ID_AA64PFR0_GIC_SHIFT, #4
	cbz	x0, 3f
	mrs	x0, icc_sre_el2
	mov	x1, #(ICC_SRE_EL2_SRE | ICC_SRE_EL2_ENABLE)
	orr	x0, x0, x1
	msr	icc_sre_el2, x0
	isb
3:	mrs	x0, midr_el1
	msr	vpidr_el2, x0
	mrs	x0, mpidr_el1
	msr	vmpidr_el2, x0
	/* MDCR_EL2: no debug traps; all PMU counters to EL1 (HPMN = PMCR_EL0.N)
	 * when a PMUv3 exists (PMCR_EL0 is UNDEFINED without one). */
	mov	x1, #0
	mrs	x0, id_aa64dfr0_el1
	ubfx	x0, x0, #8, #4			/* PMUVer */
	cbz	x0, 2f
	cmp	x0, #0xf			/* IMPLEMENTATION DEFINED PMU */
	b.eq	2f
	mrs	x0, pmcr_el0
	ubfx	x1, x0, #PMCR_N_SHIFT, #5
2:	msr	mdcr_el2, x1
	adr	x0, el2_stub_vectors
	msr	vbar_el2, x0
	ldr	x0, =SCTLR_EL2_RES1		/* MMU and caches off at EL2 */
	msr	sctlr_el2, x0
	mov	x0, #(SPSR_DAIF | SPSR_MODE_EL1H)
	msr	spsr_el2, x0
	adr	x0, \target
	msr	elr_el2, x0
	eret
.endm

/*
 * In:  x0 = DTB physical address (0 when the loader gave none), MMU off,
 *      any of EL3, EL2, EL1.
 * Out: never returns.  x19 = DTB and x20 = entry EL live until sys_start.
 */
primary_entry:
	mov	x19, x0
	mrs	x20, CurrentEL
	ubfx	x20, x20, #CURRENTEL_SHIFT, #2

	/* Only the boot core runs pairguard; loaders that start every core
	 * at the entry point (QEMU raspi3b) get the others parked here. */
	mrs	x1, mpidr_el1
	ldr	x2, =MPIDR_AFF_MASK
	tst	x1, x2
	b.ne	park_secondary

	cmp	x20, #3
	b.eq	from_el3
	cmp	x20, #2
	b.eq	from_el2
	b	at_el1

/*
 * EL3 (QEMU -M virt,secure=on): lower ELs Non-secure AArch64, FP/SIMD not
 * trapped, SMC and HVC UNDEFINED below EL3 (there is no monitor and no
 * hypervisor to answer them; the exit path catches the UNDEFINED through the
 * recovery API).  Continue at EL2 if it exists, else straight at EL1.
 */
from_el3:
	msr	cptr_el3, xzr
	msr	mdcr_el3, xzr
	ldr	x0, =(SCR_NS | SCR_RES1 | SCR_SMD | SCR_RW)
	msr	scr_el3, x0
	mrs	x0, id_aa64pfr0_el1
	ubfx	x0, x0, #ID_AA64PFR0_EL2_SHIFT, #4
	cbz	x0, 1f
	mov	x0, #(SPSR_DAIF | SPSR_MODE_EL2H)
	msr	spsr_el3, x0
	adr	x0, from_el2
	msr	elr_el3, x0
	eret
1:	mov	x0, #(SPSR_DAIF | SPSR_MODE_EL1H)
	msr	spsr_el3, x0
	adr	x0, at_el1
	msr	elr_el3, x0
	eret

/*
 * EL2 (a Raspberry Pi, QEMU -M virt,virtualization=on): EL1 is AArch64 with
 * no stage 2, may use the physical timer and counter, FP/SIMD untrapped (SVE
 * stays trapped), and reads its own MIDR/MPIDR (VPIDR/VMPIDR reset to
 * UNKNOWN on hardware).  HVC from EL1 lands in el2_stub_vectors, which
 * answers NOT_SUPPORTED.
 */
from_el2:
	el2_to_el1 at_el1

/*
 * EL1: a known SCTLR_EL1 (MMU, caches and alignment checks off) and FP/SIMD
 * on before any C: printf's variadic prologue saves the vector registers.
 */
at_el1:
	ldr	x0, =SCTLR_EL1_RES1
	msr	sctlr_el1, x0
	ldr	x0, =CPACR_FPEN_ALL
	msr	cpacr_el1, x0
	isb

	/*
	 * Where the image runs against where it was linked.  A position-
	 * independent image (header flags bit 3) applies its relocations
	 * (relocate below); one linked for its board's address gets a message
	 * on the board's UART instead of a mysterious crash.  Until then only
	 * PC-relative addressing (adr): every literal still holds its link
	 * value, which is how the link address is read here.
	 */
	adr	x1, _start
	ldr	x2, =_start
	ldr	x3, image_flags
	tbz	x3, #3, 7f
	tst	x1, #0xfff			/* the MMU maps it in 4 KiB pages */
	b.ne	misaligned_load_address
	sub	x0, x1, x2
	bl	relocate
	b	8f
7:	cmp	x1, x2
	b.ne	wrong_load_address
8:

	/* Exceptions run on their own stack (SP_EL1); pairguard itself runs on
	 * SP_EL0 (EL1t).  JIT code may load anything into SP: the handler's
	 * stack stays intact, so the recovery API still works. */
	msr	spsel, #1
	ldr	x0, =__exc_stack_top
	mov	sp, x0
	msr	spsel, #0
	ldr	x0, =__stack_top
	mov	sp, x0

	/*
	 * The image's footprint is [_start, _end) (image_size in the header):
	 * BSS, the stacks and the heap follow the file, and a loader that
	 * reads only the file's size may have put the DTB there (the Pi
	 * firmware has).  Zeroing BSS or using the heap would wipe it, so a
	 * DTB that starts inside the footprint moves to _end, where the page
	 * pool starts and keeps it out (mmu.c).  Copied from its last word
	 * down: _end lies above, the two may overlap.
	 */
	ldr	x4, =__image_start
	ldr	x5, =_end
	cmp	x19, x4
	b.lo	6f
	cmp	x19, x5
	b.hs	6f
	tst	x19, #7
	b.ne	6f
	ldr	w0, [x19]
	rev	w0, w0
	ldr	w1, =FDT_MAGIC
	cmp	w0, w1
	b.ne	6f				/* not a DTB: dtb_init says so later */
	ldr	w2, [x19, #4]
	rev	w2, w2				/* totalsize: a header's worth */
	cmp	w2, #40				/* to 2 MiB, or it is not a DTB */
	b.lo	6f
	cmp	w2, #0x200000
	b.hi	6f
	add	x2, x2, #7
	bic	x2, x2, #7
	mov	x0, x5
	add	x1, x5, x2
	bl	dcache_inval_range		/* see below: before writing */
5:	sub	x2, x2, #8
	ldr	x6, [x19, x2]
	str	x6, [x5, x2]
	cbnz	x2, 5b
	ldr	x0, =boot_dtb_moved_from
	str	x19, [x0]			/* .data: not zeroed below */
	mov	x19, x5
6:
	/*
	 * BSS, stacks and heap are written around the caches from here on (the
	 * MMU is off); drop any line a boot loader left for them first, or its
	 * write-back could land on top (src/arch/cache.h cites the Arm ARM).
	 * mmu_enable invalidates again before the caches go on.
	 */
	ldr	x0, =__bss_start
	ldr	x1, =_end
	bl	dcache_inval_range

	/* BSS is 16-byte aligned and sized (linker script): plain STP of zero,
	 * no DC ZVA (it faults on Device memory, which is all memory now). */
	ldr	x0, =__bss_start
	ldr	x1, =__bss_end
3:	cmp	x0, x1
	b.hs	4f
	stp	xzr, xzr, [x0], #16
	b	3b
4:
	ldr	x0, =exc_vectors
	msr	vbar_el1, x0
	ldr	x0, =recover_boot_cpu		/* this core's recovery state (recover.h) */
	msr	tpidr_el1, x0
	isb

	mov	x0, x19
	mov	x1, x20
	mov	x29, #0				/* the outermost frame for backtraces */
	mov	x30, #0
	bl	sys_start			/* does not return */
	b	park

/*
 * Apply the image's R_AARCH64_RELATIVE relocations (the only kind a static
 * PIE linked with -static-pie has: .rela.dyn, [__rela_start, __rela_end)):
 * for each Elf64_Rela {r_offset, r_info, r_addend}, the 64-bit word at
 * r_offset + delta becomes r_addend + delta; R_AARCH64_NONE is skipped.
 * Any other type stops the boot (status 2): a build problem, not a board's.
 * MMU off: the stores go around the caches, so the lines of the words
 * written are invalidated to the PoC before (a loader's dirty line must not
 * land on them later) and after (no stale line may hide them once the cache
 * is on), as for BSS below (Arm ARM DDI0487, "Cache enabling and
 * disabling", DC IVAC; src/arch/cache.h).
 * In: x0 = delta (load address - link address).  Out: delta and the
 * number applied in boot_reloc_delta and boot_relocs.  Clobbers: x0-x14.
 */
relocate:
	mov	x13, x30
	mov	x9, x0
	mov	x14, #0
	adrp	x10, __rela_start
	add	x10, x10, :lo12:__rela_start
	adrp	x11, __rela_end
	add	x11, x11, :lo12:__rela_end
	adr	x0, __image_start
	adrp	x1, __bss_start
	add	x1, x1, :lo12:__bss_start
	bl	dcache_inval_range
1:	cmp	x10, x11
	b.hs	2f
	ldp	x0, x1, [x10]			/* r_offset, r_info */
	ldr	x12, [x10, #16]			/* r_addend */
	add	x10, x10, #24
	cmp	w1, #R_AARCH64_NONE		/* ELF64_R_TYPE: the low 32 bits */
	b.eq	1b				/* a placeholder the linker left */
	cmp	w1, #R_AARCH64_RELATIVE
	b.ne	bad_relocation
	add	x12, x12, x9
	str	x12, [x0, x9]
	add	x14, x14, #1
	b	1b
2:	adrp	x0, boot_relocs			/* .data: BSS zeroing leaves it */
	str	x14, [x0, :lo12:boot_relocs]
	adrp	x0, boot_reloc_delta
	str	x9, [x0, :lo12:boot_reloc_delta]
	adr	x0, __image_start
	adrp	x1, __bss_start
	add	x1, x1, :lo12:__bss_start
	bl	dcache_inval_range
	ret	x13

/* A relocation of another type than RELATIVE, or a PIE loaded at an
 * address that is not 4 KiB aligned: no console is known yet, so only the
 * semihosting console and exit (status 2), else park. */
bad_relocation:
	adr	x0, msg_bad_relocation
	b	1f
misaligned_load_address:
	adr	x0, msg_misaligned
1:	mov	x1, #0
	mov	x2, #0
	/* fall through */

/*
 * Stop before any console exists (MMU off, any board): each non-NULL
 * string on the semihosting console (SYS_WRITE0), then SYS_EXIT_EXTENDED
 * with status 2.  Without semihosting the first HLT is UNDEFINED and
 * early_vectors parks the core.
 * In: x0, x1, x2 = NUL-terminated strings or 0.  Out: never.
 */
	.globl	early_stop
early_stop:
	mov	x19, x0
	mov	x20, x1
	mov	x21, x2
	adr	x0, early_vectors
	msr	vbar_el1, x0
	isb
	mov	w0, #0x04			/* SYS_WRITE0 */
	mov	x1, x19
	cbz	x1, 2f
	hlt	#0xf000
2:	mov	w0, #0x04
	mov	x1, x20
	cbz	x1, 3f
	hlt	#0xf000
3:	mov	w0, #0x04
	mov	x1, x21
	cbz	x1, 4f
	adr	x1, msg_colon
	hlt	#0xf000
	mov	w0, #0x04
	mov	x1, x21
	hlt	#0xf000
4:	mov	w0, #0x04
	adr	x1, msg_newline
	hlt	#0xf000
	mov	w0, #0x20			/* SYS_EXIT_EXTENDED */
	adr	x1, exit_block
	hlt	#0xf000
	b	park

/*
 * Loaded at x1, linked for x2.  Print both on the platform's PL011, then try
 * a semihosting exit with status 2 (QEMU -semihosting); without semihosting
 * HLT is UNDEFINED and early_vectors parks the core.
 */
wrong_load_address:
	mov	x21, x1
	mov	x22, x2
	adr	x0, early_vectors
	msr	vbar_el1, x0
	isb
	adr	x0, msg_loaded
	bl	early_puts
	mov	x0, x21
	bl	early_puthex
	adr	x0, msg_linked
	bl	early_puts
	mov	x0, x22
	bl	early_puthex
	adr	x0, msg_end
	bl	early_puts
	mov	w0, #0x20			/* SYS_EXIT_EXTENDED */
	adr	x1, exit_block
	hlt	#0xf000
	b	park

/*
 * A secondary core started by pairguard (src/arch/smp.c), MMU off.
 * secondary_spin_entry: released from a spin table (no argument): its slot
 * is smp_spin_slot[MPIDR.Aff0].  secondary_psci_entry: PSCI CPU_ON, x0 =
 * the context id = its slot (struct smp_core; offsets in arch/layout.h).
 * Then as the boot core: EL2 to EL1, known SCTLR_EL1, FP/SIMD on, the boot
 * core's translation tables (MMU and caches on), its own SP_EL1 and SP_EL0
 * stacks, the same vectors, and smp_secondary_main(slot).  Nothing is
 * written before the MMU is on.  In: x0 (PSCI).  Out: never returns.
 */
	.globl	secondary_spin_entry
secondary_spin_entry:
	mrs	x1, mpidr_el1
	and	x1, x1, #0xff
	cmp	x1, #SMP_MAX
	b.hs	park_secondary
	ldr	x2, =smp_spin_slot
	ldr	x0, [x2, x1, lsl #3]
	cbz	x0, park_secondary
	.globl	secondary_psci_entry
secondary_psci_entry:
	mov	x19, x0
	mrs	x20, CurrentEL
	ubfx	x20, x20, #CURRENTEL_SHIFT, #2
	cmp	x20, #2
	b.eq	1f
	cmp	x20, #1
	b.eq	secondary_el1
	b	park_secondary			/* EL3: not a path pairguard starts */
1:	el2_to_el1 secondary_el1

secondary_el1:
	ldr	x0, =SCTLR_EL1_RES1
	msr	sctlr_el1, x0
	ldr	x0, =CPACR_FPEN_ALL
	msr	cpacr_el1, x0
	isb
	ldr	x0, [x19, #SMP_CORE_TTBR0]
	ldr	x1, [x19, #SMP_CORE_TCR]
	ldr	x2, [x19, #SMP_CORE_MAIR]
	ldr	x3, [x19, #SMP_CORE_SCTLR]
	mov	x4, #0				/* nothing written with the MMU off */
	mov	x5, #0
	bl	mmu_enable
	msr	spsel, #1
	ldr	x0, [x19, #SMP_CORE_EXC_STACK]
	mov	sp, x0
	msr	spsel, #0
	ldr	x0, [x19, #SMP_CORE_STACK]
	mov	sp, x0
	ldr	x0, =exc_vectors
	msr	vbar_el1, x0
	isb
	mov	x0, x19
	mov	x29, #0
	mov	x30, #0
	bl	smp_secondary_main		/* does not return */
	b	park_secondary

/*
 * Park a secondary core for good.  WFI, not WFE: QEMU's multi-threaded TCG
 * treats WFE as a yield, so three cores spinning on it take host CPU from
 * the boot core (raspi3b ran 4x slower); WFI halts the vCPU.  No interrupt
 * is ever routed to these cores.  In: nothing.  Out: never.
 */
	.globl	park_secondary
park_secondary:
	wfi
	b	park_secondary

	.globl	park
/* Park this core for good.  In: nothing.  Out: never. */
park:
	wfe
	b	park

/*
 * Invalidate the data cache lines of [x0, x1) to the PoC (MMU off).
 * In: x0, x1.  Clobbers: x0, x3, x7, x8.
 */
dcache_inval_range:
	mrs	x3, ctr_el0
	ubfx	x3, x3, #16, #4			/* DminLine: log2(words) */
	mov	x7, #4
	lsl	x7, x7, x3
	sub	x8, x7, #1
	bic	x0, x0, x8
	dsb	sy				/* earlier Device stores first */
1:	cmp	x0, x1
	b.hs	2f
	dc	ivac, x0
	add	x0, x0, x7
	b	1b
2:	dsb	sy
	ret

/* In: x0 = NUL-terminated string.  Clobbers: x0, x3, x4, x5. */
early_puts:
	ldr	x3, =PLAT_UART_PHYS
1:	ldrb	w4, [x0], #1
	cbz	w4, 3f
2:	ldr	w5, [x3, #0x18]			/* PL011 FR */
	tbnz	w5, #5, 2b			/* TXFF */
	str	w4, [x3]			/* PL011 DR */
	b	1b
3:	ret

/* In: x0 = value, printed as 0x + 16 hex digits.  Clobbers: x0, x3-x7. */
early_puthex:
	ldr	x3, =PLAT_UART_PHYS
	mov	x6, x0
	mov	x7, #64
	mov	w4, #'0'
1:	ldr	w5, [x3, #0x18]
	tbnz	w5, #5, 1b
	str	w4, [x3]
	mov	w4, #'x'
2:	ldr	w5, [x3, #0x18]
	tbnz	w5, #5, 2b
	str	w4, [x3]
3:	sub	x7, x7, #4
	lsr	x4, x6, x7
	and	x4, x4, #0xf
	cmp	x4, #10
	add	x5, x4, #'0'
	add	x4, x4, #('a' - 10)
	csel	x4, x5, x4, lo
4:	ldr	w5, [x3, #0x18]
	tbnz	w5, #5, 4b
	str	w4, [x3]
	cbnz	x7, 3b
	ret

	.ltorg

	/* Kept in .text: adr reaches them position-independently. */
msg_loaded:
	.asciz	"\r\npairguard: loaded at "
msg_linked:
	.asciz	" but linked for "
msg_end:
	.asciz	"; load the image at its link address (the board's .mk file says it)\r\n"
msg_bad_relocation:
	.asciz	"pairguard: a relocation other than R_AARCH64_RELATIVE (a build problem); stopping"
msg_misaligned:
	.asciz	"pairguard: loaded at an address that is not 4 KiB aligned; stopping"
msg_colon:
	.asciz	": "
msg_newline:
	.asciz	"\n"
	.balign	8
exit_block:
	.quad	0x20026				/* ADP_Stopped_ApplicationExit */
	.quad	2				/* exit status */

/* Where the loader had put a DTB that moved out of the footprint (0: it
 * did not move).  In .data, which BSS zeroing leaves alone. */
	.data
	.balign	8
	.globl	boot_dtb_moved_from
boot_dtb_moved_from:
	.quad	0
/* What relocate did: the load address less the link address, and how many
 * relocations it applied (both 0 for an image linked for its board). */
	.globl	boot_reloc_delta, boot_relocs
boot_reloc_delta:
	.quad	0
boot_relocs:
	.quad	0
	.text

/*
 * Vectors for the wrong-load-address path only: every exception parks.
 * Position-independent, like everything before sys_start.
 */
	.balign	2048
early_vectors:
	.rept	16
	.balign	0x80
	b	park
	.endr

/*
 * EL2 stub vectors, left behind when pairguard drops to EL1: an HVC from EL1
 * (a PSCI call over the wrong conduit) gets x0 = -1 (NOT_SUPPORTED) back;
 * anything else taken to EL2 parks the core.
 */
	.balign	2048
el2_stub_vectors:
	.rept	8
	.balign	0x80
	b	park
	.endr
	.balign	0x80				/* lower EL, AArch64, synchronous */
	mrs	x0, esr_el2
	ubfx	x0, x0, #ESR_EC_SHIFT, #6
	cmp	x0, #EC_HVC64
	b.ne	park
	mov	x0, #-1
	eret
	.rept	7
	.balign	0x80
	b	park
	.endr
