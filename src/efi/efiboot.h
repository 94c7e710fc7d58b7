/*
 * pairguard started as a UEFI application: everything between the EFI
 * entry and the common boot path, over the system table's services only
 * (so the host tests run it against a fake system table).
 *
 * efi_boot reads the bootargs from the load options, takes the firmware's
 * device tree from the configuration table, or where the firmware gives
 * ACPI only, the console from the SPCR table, the PSCI conduit from the
 * FADT and the interrupt controller from the MADT; gets the memory map;
 * writes the device tree the common boot path reads (bootargs in /chosen, /memory = the RAM that is
 * free after ExitBootServices); and exits the boot services, getting the map again while the
 * firmware says the map key is stale (UEFI 2.10 7.4.6).
 */
#ifndef PG_EFI_EFIBOOT_H
#define PG_EFI_EFIBOOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "efi/acpi.h"
#include "efi/efi.h"
#include "lib/psci_dt.h"

#define EFI_BOOTARGS_MAX 1024
#define EFI_WHY_MAX	 320
#define EFI_RAM_MAX	 8    /* /memory banks written (what lib/fdtmem reads) */
#define EFI_EBS_TRIES	 8    /* ExitBootServices attempts before giving up */
#define EFI_MAP_SLACK	 16   /* descriptors beyond what GetMemoryMap asked for */
#define EFI_DTB_SLACK	 8192 /* bytes added to the firmware's DTB for our edits */

/*
 * The load options (UCS-2, load_options_size bytes, possibly without a
 * terminating NUL) as ASCII in out (cap bytes).  Printable ASCII only
 * (U+0020..U+007E; a tab is a space); false and why naming the first bad
 * character (U+xxxx and its position) or the bad size.
 */
bool efi_bootargs(const void *opts, uint32_t size, char *out, size_t cap, char *why,
		  size_t why_len);

/* The vendor table of the configuration table entry with this GUID, or NULL. */
void *efi_config_table(const efi_system_table *st, const efi_guid *guid);

typedef struct efi_range {
	uint64_t base, size;
} efi_range;

/*
 * The RAM an OS may use after ExitBootServices (UEFI 2.10 table 7-6: loader
 * and boot-services code and data, conventional memory; write-back
 * cacheable), adjacent descriptors merged, sorted by address.  At most max
 * banks: the one holding keep, and the largest of the others.  Returns the
 * number written.
 */
unsigned efi_ram(const void *map, uint64_t map_size, uint64_t desc_size, uint64_t keep,
		 efi_range *out, unsigned max);

/* A memory map buffer and the last map read into it. */
typedef struct efi_memmap {
	efi_memory_descriptor *buf;
	uint64_t cap;  /* bytes */
	uint64_t size; /* bytes of the last map */
	uint64_t key;
	uint64_t desc_size;
	uint32_t desc_version;
} efi_memmap;

/* Allocate m->buf (loader data) for the map as it is now plus
 * EFI_MAP_SLACK descriptors, and read the map into it. */
efi_status efi_memmap_read(efi_boot_services *bs, efi_memmap *m);

/*
 * Get the map into m (no allocation: boot services may be half shut down
 * after a failed attempt) and exit the boot services with its key; while
 * the firmware answers EFI_INVALID_PARAMETER (the map changed since it was
 * read), read it again and retry, up to EFI_EBS_TRIES attempts.  *tries:
 * the attempts made.
 */
efi_status efi_exit_boot_services(efi_boot_services *bs, efi_handle image, efi_memmap *m,
				  unsigned *tries);

/* What the device tree handed to the common boot path says. */
typedef struct efi_board {
	const void *efi_dtb;  /* the firmware's device tree, or NULL (ACPI) */
	const char *bootargs; /* for /chosen/bootargs */
	acpi_console console; /* without efi_dtb: the SPCR console */
	psci_conduit psci;    /* without efi_dtb: the FADT's PSCI conduit */
	acpi_gic gic;	      /* without efi_dtb: the MADT's GIC (version 0: no node) */
	efi_range ram[EFI_RAM_MAX];
	unsigned nram;
	/* The system table's FirmwareVendor (ASCII) and FirmwareRevision, for
	 * /chosen/pairguard,efi-firmware: the report says which UEFI started
	 * it ("EDK II", "Das U-Boot"); NULL: none written. */
	const char *firmware;
} efi_board;

/* The property of /chosen that names the UEFI firmware (efi_board.firmware). */
#define EFI_FIRMWARE_PROP "pairguard,efi-firmware"

/* "VENDOR revision 0xREV" in out (cap bytes): the vendor's UCS-2 as ASCII,
 * '?' for anything else; "(no vendor)" when there is none. */
void efi_firmware_name(const efi_system_table *st, char *out, size_t cap);

/* The blob (cap bytes at buf) for the common boot path; false and why on
 * a libfdt error. */
bool efi_make_dtb(void *buf, size_t cap, const efi_board *b, char *why, size_t why_len);

/* The image as the firmware loaded it (untouched: not yet relocated). */
typedef struct efi_image {
	uint64_t base;	    /* where the firmware put it */
	uint64_t file_size; /* bytes of the Image file */
	uint64_t mem_size;  /* its footprint: image_size, BSS, stacks and heap */
	uint64_t pool;	    /* free RAM the common path wants after the footprint */
} efi_image;

#define EFI_HOME_ALIGN (2u << 20) /* the home's alignment: block mappings */

/* Where the common boot path starts, with which device tree. */
typedef struct efi_handoff {
	uint64_t home; /* a copy of the file at a 2 MiB boundary, pool bytes of
			  free RAM after its footprint: enter it at offset 0 */
	uint64_t dtb;
} efi_handoff;

/*
 * The whole EFI phase.  The common path runs from a "home" copy of the
 * image, not where the firmware loaded it: firmware loads an application
 * wherever it likes (EDK2: high up, below its own allocations), leaving too
 * little RAM after it for the page pool that starts at the image's end.
 * On success the boot services are gone and *out says where to go; on
 * failure the message went to the firmware's console (ConOut) and the boot
 * services are still there.
 */
efi_status efi_boot(efi_handle image, efi_system_table *st, const efi_image *img, efi_handoff *out);

/* For the tests and the firmware's messages: ASCII to the firmware's
 * console. */
void efi_puts(efi_system_table *st, const char *s);

#endif
