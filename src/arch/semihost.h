/*
 * Arm semihosting (the "Semihosting for AArch32 and AArch64" spec): A64
 * uses HLT #0xF000 with the operation in w0 and a parameter block in x1.
 * Only QEMU started with -semihosting answers; elsewhere HLT is UNDEFINED
 * and these calls return (through the recovery API).
 */
#ifndef PG_ARCH_SEMIHOST_H
#define PG_ARCH_SEMIHOST_H

#include <stdbool.h>

/* SYS_EXIT_EXTENDED with ADP_Stopped_ApplicationExit and code: QEMU exits
 * with that status.  Returns only when semihosting is not available. */
void semihost_exit(int code);

/* SYS_WRITE0: s on QEMU's semihosting console (its standard error); does
 * nothing without semihosting.  For a message when no UART can be driven. */
void semihost_write0(const char *s);

/* The same without the recovery API (for use inside an exception handler:
 * without semihosting, HLT then traps again). */
void semihost_exit_unguarded(int code);

#endif
