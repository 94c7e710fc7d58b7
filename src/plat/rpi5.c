/*
 * Raspberry Pi 5 (BCM2712, Cortex-A76): RAM from 0; the debug UART (UART10,
 * a PL011 on the 3-pin debug header) at 0x10_7D00_1000, its clock and
 * divisors set by the firmware; generic timer at 54 MHz (CNTFRQ_EL0 set by
 * the firmware).  The firmware's built-in BL31 enters the image at EL2
 * with x0 = DTB, holds the other cores until PSCI CPU_ON and powers off
 * with PSCI SYSTEM_OFF (the DTB's /psci names the conduit).
 *
 * What the device tree cannot say: little.  The console is driven as the
 * firmware left it (the earlycon model: no clock, divisor or pin
 * programming), so the generic DTB-driven image covers the Pi 5 as well;
 * this image exists for a fixed-address build that prints before any DTB
 * is read (the early boot path's messages), and to pin the debug header's
 * UART when the DTB's stdout-path names another (the 40-pin header's RP1
 * UART behind PCIe, which pairguard cannot drive).  config.txt pins the
 * load address (kernel_address=0x80000) and has the firmware set the UART
 * up (uart_2ndstage=1), see the README.  Never run on a board: host tests
 * only (QEMU 7.2 has no raspi5).
 */
#include <stdio.h>

#include "plat/drivers/pl011.h"
#include "plat/plat.h"

#define PERI_BASE 0x107c000000ull /* main peripherals, ARM local, GIC-400 */
#define UART10	  0x107d001000ull

const plat_info plat = {
    .name = "rpi5",
    /* The image lives in the first /memory bank, below 1 GiB. */
    .ram = {0x00000000u, 0x40000000u},
    /* Without a DTB: 512 MiB (every Pi 5 has at least 2 GiB). */
    .ram_fallback = 0x20000000u,
    .mmio =
	{
	    {PERI_BASE, 0x04000000u},
	},
    .uart_base = UART10,
    .psci_from_dtb = true,
};

static char note[160];

const char *plat_uart_init(const void *dtb)
{
	uint32_t ibrd, fbrd;

	(void)dtb; /* the debug UART at its fixed address */
	if (pl011_adopt(UART10, &ibrd, &fbrd))
		snprintf(note, sizeof(note),
			 "debug uart as the firmware set it: IBRD %lu FBRD %lu (not reprogrammed)",
			 (unsigned long)ibrd, (unsigned long)fbrd);
	else
		snprintf(note, sizeof(note),
			 "debug uart never set up by the firmware (IBRD 0): left alone "
			 "(config.txt uart_2ndstage=1)");
	return NULL;
}

const char *plat_note(void)
{
	return note[0] ? note : NULL;
}

void plat_secondaries_park(void)
{
	/* The other cores stay in BL31 until PSCI CPU_ON: nothing to do. */
}

void plat_putc(char c)
{
	pl011_putc(UART10, c);
}

void plat_uart_flush(void)
{
	(void)pl011_flush(UART10);
}

void plat_poweroff(void)
{
	/* The Pi 5 powers off through PSCI only. */
}
