/*
 * Facts from the boot: the EL pairguard was entered at and the DTB address
 * the loader passed in x0.
 */
#ifndef PG_SYS_BOOT_H
#define PG_SYS_BOOT_H

#include <stdint.h>

#include "lib/report.h"

/* 1, 2 or 3. */
unsigned boot_entry_el(void);

/* Physical (= virtual) address of the DTB, 0 when the loader passed none. */
uint64_t boot_dtb(void);

/* boot/start.S: where the loader had put the DTB when it lay inside the
 * image's footprint (BSS, stacks, heap) and was moved to _end; else 0. */
extern uint64_t boot_dtb_moved_from;

/* The boot's memory facts as report comments: the RAM mapped and where
 * that came from, a moved DTB, the board's note (plat_note). */
void boot_report_facts(report *rep);

/* boot.c: first C code, MMU off.  init.c: the rest of the bring-up. */
void sys_start(uint64_t dtb, uint64_t entry_el) __attribute__((noreturn));
void sys_init(uint64_t dtb, unsigned entry_el) __attribute__((noreturn));

#endif
