/*
 * System-register bit names shared by C and assembly (boot/start.S, the
 * vectors, the MMU code).  Every bit that pairguard writes has a name here;
 * values come from the Arm ARM (DDI0487) register descriptions.
 */
#ifndef PG_ARCH_SYSREG_H
#define PG_ARCH_SYSREG_H

#ifdef __ASSEMBLER__
#define PG_U64(x) (x)
#else
#define PG_U64(x) (x##ULL)
#endif
#define PG_BIT(n) (PG_U64(1) << (n))

/* CurrentEL: the EL is in bits [3:2]. */
#define CURRENTEL_SHIFT 2

/* MPIDR_EL1: affinity fields; a core is the boot core when all are 0. */
#define MPIDR_AFF_MASK PG_U64(0xff00ffffff)

/* ID_AA64PFR0_EL1 */
#define ID_AA64PFR0_EL2_SHIFT 8	 /* EL2 handling; 0 = EL2 not implemented */
#define ID_AA64PFR0_GIC_SHIFT 24 /* 0: no GIC system-register interface */

/* ICC_SRE_EL2 (Arm IHI 0069): EL2 uses the GIC system registers, and lets
 * EL1 set ICC_SRE_EL1.SRE. */
#define ICC_SRE_EL2_SRE	   PG_BIT(0)
#define ICC_SRE_EL2_ENABLE PG_BIT(3)

/* ID_AA64MMFR0_EL1 */
#define ID_AA64MMFR0_PARANGE_MASK PG_U64(0xf)

/* SCR_EL3 */
#define SCR_NS	 PG_BIT(0) /* lower ELs are Non-secure */
#define SCR_RES1 (PG_BIT(4) | PG_BIT(5))
#define SCR_SMD	 PG_BIT(7)  /* SMC is UNDEFINED below EL3 */
#define SCR_HCE	 PG_BIT(8)  /* HVC enabled */
#define SCR_RW	 PG_BIT(10) /* next lower EL is AArch64 */

/* HCR_EL2 */
#define HCR_RW PG_BIT(31) /* EL1 is AArch64 */

/* CPTR_EL2 (HCR_EL2.E2H == 0 layout) */
#define CPTR_EL2_RES1 PG_U64(0x32ff) /* bits 13:12, 9, 7:0 */
#define CPTR_EL2_TZ   PG_BIT(8)	     /* trap SVE (RES1 without SVE) */
#define CPTR_EL2_TFP  PG_BIT(10)     /* trap FP/SIMD */

/* CPTR_EL3: all-zero means FP/SIMD untrapped, SVE (EZ=0) trapped. */

/* CNTHCTL_EL2 (E2H == 0): let EL1 read the physical counter and timer. */
#define CNTHCTL_EL1PCTEN PG_BIT(0)
#define CNTHCTL_EL1PCEN	 PG_BIT(1)

/* PMCR_EL0.N and MDCR_EL2.HPMN */
#define PMCR_N_SHIFT 11
#define PMCR_N_MASK  PG_U64(0x1f)

/* SPSR_ELx: mode and the DAIF mask bits. */
#define SPSR_MODE_EL1T PG_U64(0x4)
#define SPSR_MODE_EL1H PG_U64(0x5)
#define SPSR_MODE_EL2H PG_U64(0x9)
#define SPSR_F	       PG_BIT(6)
#define SPSR_I	       PG_BIT(7)
#define SPSR_A	       PG_BIT(8)
#define SPSR_D	       PG_BIT(9)
#define SPSR_DAIF      (SPSR_D | SPSR_A | SPSR_I | SPSR_F)

/* SCTLR_ELx */
#define SCTLR_M	  PG_BIT(0)  /* stage 1 MMU */
#define SCTLR_A	  PG_BIT(1)  /* alignment check (left off: unaligned is tested) */
#define SCTLR_C	  PG_BIT(2)  /* data cacheable */
#define SCTLR_SA  PG_BIT(3)  /* SP alignment check at EL1 */
#define SCTLR_SA0 PG_BIT(4)  /* SP alignment check at EL0 */
#define SCTLR_I	  PG_BIT(12) /* instruction cacheable */
#define SCTLR_WXN PG_BIT(19) /* writable implies execute-never */
/* Bits that are RES1 in the Armv8.0 layout (11, 20, 22, 23, 28, 29). */
#define SCTLR_EL1_RES1 PG_U64(0x30d00800)
/* SCTLR_EL2 RES1 bits when E2H == 0 (4, 5, 11, 16, 18, 22, 23, 28, 29). */
#define SCTLR_EL2_RES1 PG_U64(0x30c50830)

/* CPACR_EL1 */
#define CPACR_FPEN_ALL (PG_U64(3) << 20) /* no FP/SIMD trap at EL1/EL0 */

/* CTR_EL0 */
#define CTR_IMINLINE_SHIFT 0
#define CTR_DMINLINE_SHIFT 16
#define CTR_IDC		   PG_BIT(28) /* D-cache clean to PoU not needed for I/D coherence */
#define CTR_DIC		   PG_BIT(29) /* I-cache invalidation not needed */

/* MAIR_EL1 attribute indexes and their encodings. */
#define MAIR_IDX_DEVICE	      0
#define MAIR_IDX_NORMAL	      1
#define MAIR_IDX_NORMAL_NC    2 /* suite memtypes' arena */
#define MAIR_IDX_DEVICE_nGnRE 3 /* suite memtypes' arena */
#define MAIR_DEVICE_nGnRnE    PG_U64(0x00)
#define MAIR_DEVICE_nGnRE     PG_U64(0x04)
#define MAIR_NORMAL_WB	      PG_U64(0xff) /* inner/outer write-back, R+W allocate */
#define MAIR_NORMAL_NC	      PG_U64(0x44) /* inner/outer non-cacheable */
#define MAIR_ATTR(idx, enc)   ((enc) << (8 * (idx)))

/* TCR_EL1 */
#define TCR_T0SZ(bits) (PG_U64(64) - (bits))
#define TCR_IRGN0_WBWA (PG_U64(1) << 8)
#define TCR_ORGN0_WBWA (PG_U64(1) << 10)
#define TCR_SH0_INNER  (PG_U64(3) << 12)
#define TCR_TG0_4K     (PG_U64(0) << 14)
#define TCR_EPD1       PG_BIT(23) /* no walks through TTBR1 */
#define TCR_IPS_SHIFT  32

/* Translation table descriptors, 4 KiB granule (VMSAv8-64). */
#define PTE_VALID      PG_BIT(0)
#define PTE_TABLE      PG_BIT(1) /* level 0-2: next-level table */
#define PTE_PAGE       PG_BIT(1) /* level 3: page */
#define PTE_ATTRIDX(i) (PG_U64(i) << 2)
#define PTE_AP_RO      PG_BIT(7) /* AP[2]: read-only */
#define PTE_SH_INNER   (PG_U64(3) << 8)
#define PTE_AF	       PG_BIT(10)
#define PTE_PXN	       PG_BIT(53)
#define PTE_UXN	       PG_BIT(54)
#define PTE_ADDR_MASK  PG_U64(0x0000fffffffff000)

/* ESR_ELx */
#define ESR_EC_SHIFT  26
#define ESR_EC_MASK   PG_U64(0x3f)
#define ESR_ISS_MASK  PG_U64(0x1ffffff)
#define ESR_FNV	      PG_BIT(10) /* data/instruction abort: FAR not valid */
#define ESR_WNR	      PG_BIT(6)	 /* data abort: caused by a write */
#define ESR_xFSC_MASK PG_U64(0x3f)

/* Exception classes pairguard looks at by value. */
#define EC_UNKNOWN     0x00
#define EC_HVC64       0x16
#define EC_IABT_LOWER  0x20
#define EC_IABT_CUR    0x21
#define EC_PC_ALIGN    0x22
#define EC_DABT_LOWER  0x24
#define EC_DABT_CUR    0x25
#define EC_SP_ALIGN    0x26
#define EC_SERROR      0x2f
#define EC_WATCH_LOWER 0x34
#define EC_WATCH_CUR   0x35
#define EC_BRK64       0x3c

/* PAR_EL1 after AT: F bit says the translation faulted. */
#define PAR_F PG_BIT(0)

#endif
