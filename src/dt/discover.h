/*
 * What a device tree says about the board pairguard runs on: the console
 * (and which earlycon driver writes to it), RAM, the CPUs and how they are
 * started, the timer frequency.  Portable: built for the firmware (the DTB
 * the loader passed) and the host (`pairguard dtb`, tests), with libfdt.
 * Produces a record; prints nothing.
 */
#ifndef PG_DT_DISCOVER_H
#define PG_DT_DISCOVER_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/gic.h"
#include "lib/psci_dt.h"
#include "plat/drivers/earlycon.h"

#define DT_RAM_MAX	32
#define DT_RESERVED_MAX 64
#define DT_CPU_MAX	256
#define DT_WHY_MAX	320

typedef struct dt_range {
	uint64_t base;
	uint64_t size;
} dt_range;

/* Where the console choice came from. */
typedef enum dt_console_source {
	DT_CONSOLE_STDOUT_PATH, /* /chosen/stdout-path (or linux,stdout-path) */
	DT_CONSOLE_SERIAL0,	/* the serial0 alias */
	DT_CONSOLE_FIRST_UART,	/* the first enabled UART with a driver */
} dt_console_source;

typedef struct dt_console {
	bool ok; /* a console with a driver and a CPU address */
	dt_console_source source;
	int node;		     /* its node offset in the blob */
	const char *compatible;	     /* the compatible string that matched (in the blob) */
	const earlycon_match *match; /* the table entry */
	uint64_t addr;		     /* CPU physical address of the registers */
	uint64_t size;
	unsigned reg_shift, io_width;
	const char *options; /* after ':' in stdout-path ("115200n8"), or NULL */
} dt_console;

typedef enum dt_enable {
	DT_ENABLE_NONE, /* no CPU gave an enable-method (e.g. a single core) */
	DT_ENABLE_PSCI,
	DT_ENABLE_SPIN_TABLE,
	DT_ENABLE_MIXED, /* CPUs disagree */
	DT_ENABLE_OTHER, /* a method pairguard does not know (see enable_other) */
} dt_enable;

typedef struct dt_cpu {
	uint64_t mpidr;	       /* the node's reg: MPIDR affinity fields */
	uint64_t release_addr; /* spin-table's cpu-release-addr, else 0 */
} dt_cpu;

typedef struct dt_board {
	const char *model;  /* /model, or NULL */
	bool console_named; /* stdout-path or the serial0 alias names a console */
	dt_console console;
	char console_why[DT_WHY_MAX]; /* when !console.ok: the reason */

	dt_range ram[DT_RAM_MAX]; /* /memory banks minus every reservation, sorted */
	unsigned nram;
	dt_range reserved[DT_RESERVED_MAX]; /* /memreserve/ and /reserved-memory with reg */
	unsigned nreserved;
	bool ram_truncated; /* more banks or reservations than fit */

	unsigned ncpus; /* cpu nodes under /cpus (all kept up to DT_CPU_MAX) */
	dt_cpu cpus[DT_CPU_MAX];
	dt_enable enable;
	const char *enable_other; /* the unknown method's name, for DT_ENABLE_OTHER */
	psci_conduit psci;	  /* from /psci (lib/psci_dt.h) */

	uint32_t timer_hz; /* the timer node's clock-frequency; 0: read CNTFRQ_EL0 */

	/* The interrupt controller: a GICv2 ("arm,cortex-a15-gic",
	 * "arm,gic-400"), a GICv3 ("arm,gic-v3") or a BCM2836/7 ARM-local
	 * ("brcm,bcm2836-l1-intc"); kind GIC_NONE when none. */
	gic_desc gic;
} dt_board;

/* Read the blob (which must already be known to be a valid FDT of the given
 * size: the caller checked fdt_check_header).  Returns false only when the
 * blob is not a device tree at all (why says so); everything else,
 * including an undrivable console, is in *b. */
bool dt_discover(const void *fdt, dt_board *b, char *why, unsigned why_len);

const char *dt_enable_name(dt_enable e);
const char *dt_console_source_name(dt_console_source s);

/* Translate a bus address of node's registers (its reg, in its parent's
 * address space) to a CPU physical address through every parent's ranges.
 * False (why filled) when some parent has no ranges or the address is in
 * none of them. */
bool dt_translate(const void *fdt, int node, uint64_t addr, uint64_t *cpu, char *why,
		  unsigned why_len);

#endif
