/*
 * The board contract (plat.h) for the Raspberry Pi boards started through
 * Raspberry Pi's armstub, the Pi 3 (rpi3.c) and the Pi 4 (rpi4.c): the
 * PL011 UART0 brought up by pairguard as the board's rpi_uart says
 * (rpi_board.h), cores 1..3 held on the armstub's spin table, no PSCI.
 * The board file gives plat and rpi_uart; this file is in both boards'
 * PLAT_DRIVERS.
 */
#include "plat/drivers/pl011.h"
#include "plat/drivers/rpi_board.h"
#include "plat/plat.h"

static bcm_mbox_buf mbox_buf;
static char note[160];

const char *plat_uart_init(const void *dtb)
{
	(void)dtb; /* UART0 at the board's fixed address, set up here */
	rpi_uart0_init(&rpi_uart, &mbox_buf, (uint64_t)(uintptr_t)&mbox_buf, note, sizeof(note));
	return NULL;
}

const char *plat_note(void)
{
	return note[0] ? note : NULL;
}

/* boot/start.S: a WFI loop, safe with the MMU off at any EL. */
extern char park_secondary[];

/*
 * The armstub (and QEMU raspi3b's own stub) holds cores 1..3 in a WFE loop
 * polling the spin table at 0xd8 + 8 * core.  WFE polling is free on
 * silicon but QEMU's multi-threaded TCG runs it as a busy loop on host
 * cores (raspi3b ran about 2x slower), so release them into
 * park_secondary, which halts them with WFI.
 */
void plat_secondaries_park(void)
{
	uintptr_t table = RPI_SPIN_TABLE;

	/* GCC takes a constant address this low for a null-pointer offset
	 * (-Warray-bounds); hide the constant. */
	__asm__("" : "+r"(table));
	rpi_spin_release((volatile uint64_t *)table, RPI_SPIN_CORES,
			 (uint64_t)(uintptr_t)park_secondary);
}

void plat_putc(char c)
{
	pl011_putc(rpi_uart.uart, c);
}

void plat_uart_flush(void)
{
	(void)pl011_flush(rpi_uart.uart);
}

void plat_poweroff(void)
{
	/* No power-off without PSCI; the caller parks the core. */
}
