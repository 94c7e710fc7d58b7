/*
 * Raspberry Pi 3 (BCM2837, Cortex-A53): RAM from 0, peripherals at
 * 0x3F000000, PL011 (UART0) at 0x3F201000.
 *
 * What the device tree cannot say, and why this board has its own image:
 * the PL011 must be routed to GPIO14/15 (ALT0, pulls off, through the
 * BCM2837's GPPUD/GPPUDCLK sequence) and given a known reference clock
 * through the VideoCore mailbox before it prints on real hardware; and
 * the boot stub's spinning cores are parked in WFI.  config.txt must give
 * the PL011 to the header pins (dtoverlay=disable-bt, see the README).  No
 * PSCI: pairguard parks in WFE at the end.  The plat_* functions are the
 * armstub boards' (rpi_armstub.c).
 */
#include "plat/drivers/rpi_board.h"
#include "plat/plat.h"

#define PERI_BASE 0x3f000000u
#define GPIO_BASE (PERI_BASE + 0x200000u)
#define UART0	  (PERI_BASE + 0x201000u)
#define MBOX_BASE (PERI_BASE + 0xb880u)

const plat_info plat = {
    .name = "rpi3",
    .spin_table = RPI_SPIN_TABLE,
    .spin_cores = RPI_SPIN_CORES,
    /* RAM ends at the peripherals at most; what is mapped is the DTB's
     * /memory within this (0x3b400000 with the default gpu_mem=76), the
     * rest belongs to the VideoCore. */
    .ram = {0x00000000u, 0x3f000000u},
    /* Without a DTB: 512 MiB, what the ARM has with any gpu_mem up to 512. */
    .ram_fallback = 0x20000000u,
    .mmio =
	{
	    {PERI_BASE, 0x01000000u},	/* SoC peripherals */
	    {0x40000000u, 0x00200000u}, /* ARM local: core timers, mailboxes */
	},
    .uart_base = UART0,
    .psci_from_dtb = false,
    .arm_local = 0x40000000u,
};

const rpi_uart0 rpi_uart = {
	.gpio = GPIO_BASE,
	.uart = UART0,
	.mbox = MBOX_BASE,
	.pulls_off = bcm_gpio_pulls_off,
	.clock_hz = 48000000u,
	.baud = 115200u,
};
