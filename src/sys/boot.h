/*
 * Facts from the boot: the EL pairguard was entered at and the DTB address
 * the loader passed in x0.
 */
#ifndef PG_SYS_BOOT_H
#define PG_SYS_BOOT_H

#include <stdint.h>

/* 1, 2 or 3. */
unsigned boot_entry_el(void);

/* Physical (= virtual) address of the DTB, 0 when the loader passed none. */
uint64_t boot_dtb(void);

/* boot.c: first C code, MMU off.  init.c: the rest of the bring-up. */
void sys_start(uint64_t dtb, uint64_t entry_el) __attribute__((noreturn));
void sys_init(uint64_t dtb, unsigned entry_el) __attribute__((noreturn));

#endif
