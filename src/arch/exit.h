/*
 * Ending the run: after the report's status line, pass the exit status on.
 * In order: semihosting SYS_EXIT_EXTENDED (QEMU -semihosting makes it
 * QEMU's exit status), PSCI SYSTEM_OFF over the conduit psci_init picked,
 * the board's power-off, then park the core in WFE.
 */
#ifndef PG_ARCH_EXIT_H
#define PG_ARCH_EXIT_H

__attribute__((noreturn)) void machine_exit(int code);

/* For the exception handler itself: semihosting without the recovery API,
 * then park. */
__attribute__((noreturn)) void machine_exit_unguarded(int code);

#endif
