/*
 * The device tree the loader passed in x0, read with libfdt (Debian's arm64
 * libfdt-dev, fetched into build/deps by the Makefile).
 */
#ifndef PG_SYS_DTB_H
#define PG_SYS_DTB_H

#include <stdbool.h>
#include <stdint.h>

/* Check and keep the DTB at pa (0: none).  False when there is none or it
 * is unusable; dtb_problem() then says why. */
bool dtb_init(uint64_t pa);

/* Why there is no usable DTB, or NULL when there is one. */
const char *dtb_problem(void);

/* The blob, or NULL. */
const void *dtb_blob(void);

/* /chosen/bootargs, or NULL when absent (or no DTB). */
const char *dtb_bootargs(void);

/* The /memory range that holds addr (the image), else the first
 * (lib/fdtmem.h, fdtmem_ram_of); false when there is none. */
bool dtb_memory(uint64_t addr, uint64_t *base, uint64_t *size);

/* /chosen/pairguard,efi-firmware (written by the EFI phase, src/efi), or
 * NULL. */
const char *dtb_efi_firmware(void);

/* /model, or NULL. */
const char *dtb_model(void);

/* A property of the node at path, NULL if absent; *len its length. */
const void *dtb_prop(const char *path, const char *name, int *len);

#endif
