/* The firmware's main program (src/fw/main.c). */
#ifndef PG_FW_FW_H
#define PG_FW_FW_H

#include "sys/boot.h"

/* Read the bootargs, run the selected suites, print the report; returns
 * the exit status (0 PASS, 1 FAIL, 2 ERROR).  boot: what the bring-up
 * found (entry EL, DTB, bootargs, memory, PSCI conduit). */
int fw_main(const boot_info *boot);

/* The boot facts fw_main was given, for the suites. */
const boot_info *fw_boot_info(void);

#endif
