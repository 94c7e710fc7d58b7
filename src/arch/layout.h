/*
 * Offsets shared by assembly and C: the exception frame (boot/vectors.S,
 * src/arch/exc.c) and a recovery slot (src/arch/recover_entry.S,
 * src/arch/recover.c).  The C structures pin these with _Static_assert.
 */
#ifndef PG_ARCH_LAYOUT_H
#define PG_ARCH_LAYOUT_H

/* exc_frame: x0..x30, then the interrupted SP and the syndrome registers. */
#define EXC_FRAME_X0   0
#define EXC_FRAME_SP   248
#define EXC_FRAME_ELR  256
#define EXC_FRAME_SPSR 264
#define EXC_FRAME_ESR  272
#define EXC_FRAME_FAR  280
#define EXC_FRAME_KIND 288
#define EXC_FRAME_SIZE 304 /* multiple of 16: SP stays aligned */

/* Vector kinds: (group << 2) | type. */
#define EXC_TYPE_SYNC	  0
#define EXC_TYPE_IRQ	  1
#define EXC_TYPE_FIQ	  2
#define EXC_TYPE_SERROR	  3
#define EXC_GROUP_SP0	  0 /* current EL, SP_EL0: pairguard's normal mode */
#define EXC_GROUP_SPX	  1 /* current EL, SP_ELx: inside an exception handler */
#define EXC_GROUP_LOWER64 2
#define EXC_GROUP_LOWER32 3

/* recover_slot: what recover_call saves before calling the function. */
#define RECOVER_SLOT_X19     0 /* x19..x30, 12 registers */
#define RECOVER_SLOT_SP	     96
#define RECOVER_SLOT_DAIF    104
#define RECOVER_SLOT_FPCR    112
#define RECOVER_SLOT_D8	     120 /* d8..d15, 8 registers */
#define RECOVER_SLOT_FAULTED 184
#define RECOVER_SLOT_SIZE    256 /* the fault record follows; see recover.c */
#define RECOVER_DEPTH_MAX    4
#define RECOVER_CPU_SLOTS    16 /* recover_cpu: depth, watch, then the slots */

/* smp_core (arch/smp.h): the words a secondary reads with its MMU off. */
#define SMP_CORE_TTBR0	   0
#define SMP_CORE_TCR	   8
#define SMP_CORE_MAIR	   16
#define SMP_CORE_SCTLR	   24
#define SMP_CORE_STACK	   32 /* SP_EL0 top */
#define SMP_CORE_EXC_STACK 40 /* SP_EL1 top */
#define SMP_CORE_BOOT_SIZE 48 /* the part cleaned to the PoC before a start */
#define SMP_MAX		   8  /* cores pairguard can start (also the spin slots) */

#endif
