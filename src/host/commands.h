/* Host CLI subcommands that live in their own files (pairguard.c
 * dispatches to them). */
#ifndef PG_HOST_COMMANDS_H
#define PG_HOST_COMMANDS_H

/* pairguard dtb FILE.dtb...: the board each device tree describes. */
int cmd_dtb(int argc, char **argv);
extern const char cmd_dtb_usage[];

#endif
