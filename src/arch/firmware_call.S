/*
 * The instructions that call firmware or a debugger: PSCI over HVC or SMC
 * (SMC Calling Convention, Arm DEN0028: function in x0, arguments in x1..x3,
 * result in x0) and the A64 semihosting trap (HLT #0xF000: operation in w0,
 * parameter block in x1).  AAPCS64 already puts C's arguments in x0..x3.
 */
	.text

/* uint64_t psci_hvc(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
 * Clobbers: x0..x17 (SMCCC v1.0 lets the callee clobber x4..x17). */
	.globl	psci_hvc
psci_hvc:
	hvc	#0
	ret

/* uint64_t psci_smc(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3) */
	.globl	psci_smc
psci_smc:
	smc	#0
	ret

/* uint64_t semihost_trap(uint64_t op, const void *block)
 * UNDEFINED (an exception) when no debugger or QEMU -semihosting answers. */
	.globl	semihost_trap
semihost_trap:
	hlt	#0xf000
	ret
