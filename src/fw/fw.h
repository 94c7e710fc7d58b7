/* The firmware's main program (src/fw/main.c). */
#ifndef PG_FW_FW_H
#define PG_FW_FW_H

/* Read the bootargs, run the selected suites, print the report; returns
 * the exit status (0 PASS, 1 FAIL, 2 ERROR). */
int fw_main(void);

#endif
