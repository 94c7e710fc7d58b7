/*
 * What the Raspberry Pi 3 and 4 board files share (src/plat/rpi3.c,
 * rpi4.c): the PL011 (UART0) brought out on GPIO14/15 with its reference
 * clock asked of the VideoCore, and the boot stub's spin table.  The
 * generation's differences are parameters: the peripheral base and the
 * GPIO pull control.
 */
#ifndef PG_PLAT_RPI_BOARD_H
#define PG_PLAT_RPI_BOARD_H

#include <stddef.h>
#include <stdint.h>

#include "plat/drivers/bcm2835_gpio.h"
#include "plat/drivers/bcm2835_mbox.h"

typedef struct rpi_uart0 {
	uint64_t gpio, uart, mbox;    /* register blocks (ARM physical) */
	bcm_gpio_pulls_fn *pulls_off; /* the SoC's pull control */
	uint32_t clock_hz;	      /* the UART clock asked for, and assumed if
					 the mailbox will not set it */
	uint32_t baud;
} rpi_uart0;

/* The board's UART0 (rpi3.c, rpi4.c), for the shared plat_* functions of
 * src/plat/rpi_armstub.c. */
extern const rpi_uart0 rpi_uart;

/*
 * Drain and stop the PL011, set its clock through the mailbox (buf at
 * physical buf_pa), route GPIO14 (TXD0) and 15 (RXD0) to ALT0 with the
 * pulls off, then program 8N1 at u->baud.  A line for the report (the
 * clock set, or assumed and why) goes into note.
 */
void rpi_uart0_init(const rpi_uart0 *u, bcm_mbox_buf *buf, uint64_t buf_pa, char *note,
		    size_t note_n);

/*
 * The boot stub (armstub8 on the Pi 3 and 4) holds cores 1..cores-1 in
 * WFE polling table[core] (8 bytes each, read with the MMU off): write
 * entry for each, clean the table to the PoC, wake them.
 */
void rpi_spin_release(volatile uint64_t *table, unsigned cores, uint64_t entry);

/* armstub8's table: release addresses of cores 0..3, 8 bytes each. */
#define RPI_SPIN_TABLE 0xd8u
#define RPI_SPIN_CORES 4u

#endif
