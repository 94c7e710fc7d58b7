/*
 * The board contract.  Exactly one board file (src/plat/<plat>.c, chosen by
 * `make PLAT=<plat>`) defines everything below; its make facts (link
 * address, image name, QEMU machine, extra driver files) are in
 * src/plat/<plat>.mk.  Shared code never tests which board it is on.
 */
#ifndef PG_PLAT_PLAT_H
#define PG_PLAT_PLAT_H

#include <stdbool.h>
#include <stdint.h>

#define PLAT_MMIO_MAX 4

typedef struct plat_range {
	uint64_t base;
	uint64_t size;
} plat_range;

typedef struct plat_info {
	const char *name;		/* "qemu-virt", "rpi3", "generic": plat= */
	plat_range ram;			/* the most RAM the board can have; what is
					   mapped as Normal memory (image, heap,
					   page pool) is this cut to the DTB's
					   /memory */
	uint64_t ram_fallback;		/* without a usable DTB /memory: the RAM
					   size from ram.base assumed (0: all of
					   ram); said in the report */
	plat_range mmio[PLAT_MMIO_MAX]; /* identity-mapped Device-nGnRnE; size 0 ends */
	uint64_t uart_base;		/* PL011 (also PLAT_UART_PHYS in the .mk);
					   0: the console the DTB names */
	bool psci_from_dtb;		/* power off with PSCI if the DTB has /psci */
	uint64_t spin_table;		/* the boot stub's release addresses (core N's
					   at spin_table + 8 * N, N < spin_cores), for
					   a DTB that lists no CPUs; 0: none */
	unsigned spin_cores;
	uint64_t arm_local; /* the BCM2836/7 ARM-local interrupt
			       controller, for a DTB that names no
			       interrupt controller; 0: none */
} plat_info;

extern const plat_info plat;

/* Set up the console UART (MMU on).  dtb: the checked device tree the
 * loader passed, or NULL; a board with a fixed UART may ignore it, the
 * generic board finds its console there.  NULL when the console works,
 * else why there is none (the run then stops, exit status 2). */
const char *plat_uart_init(const void *dtb);

/* Write one byte to the UART, waiting for FIFO space.  Works before
 * plat_uart_init wherever the boot firmware left the UART usable. */
void plat_putc(char c);

/* Wait until everything written has left the UART. */
void plat_uart_flush(void);

/* A line about the board set-up for the report (the UART clock the
 * firmware set, ...), or NULL. */
const char *plat_note(void);

/* Put every other core that the boot loader still holds somewhere it burns
 * no time (called once, MMU on, before the tests, after the cores a
 * per-core run uses were started: a started core no longer reads its
 * release address). */
void plat_secondaries_park(void);

/* The board's own power-off, tried after semihosting and PSCI; returns when
 * the board has none (pairguard then parks the core). */
void plat_poweroff(void);

#endif
