/*
 * Raspberry Pi 3 (BCM2837, Cortex-A53): RAM from 0, peripherals at
 * 0x3F000000, PL011 (UART0) at 0x3F201000.
 *
 * Real hardware needs the PL011 routed to GPIO14/15 (ALT0, pulls off) and a
 * known UART reference clock, set here through the VideoCore mailbox
 * property interface; config.txt must give the PL011 to the header pins
 * (dtoverlay=disable-bt, see the README).  No PSCI: the firmware parks the
 * other cores on a spin table, and pairguard parks in WFE at the end.
 */
#include <stdio.h>

#include "arch/cache.h"
#include "plat/drivers/bcm2835_gpio.h"
#include "plat/drivers/bcm2835_mbox.h"
#include "plat/drivers/pl011.h"
#include "plat/plat.h"

#define PERI_BASE 0x3f000000u
#define GPIO_BASE (PERI_BASE + 0x200000u)
#define UART0	  (PERI_BASE + 0x201000u)
#define MBOX_BASE (PERI_BASE + 0xb880u)

#define SPIN_TABLE 0xd8u /* release addresses of cores 0..3, 8 bytes each */

#define CLOCK_UART    2u
#define UART_CLOCK_HZ 48000000u

const plat_info plat = {
    .name = "rpi3",
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
};

static bcm_mbox_buf mbox_buf;
static char note[160];

const char *plat_uart_init(const void *dtb)
{
	uint32_t set = 0, clock = UART_CLOCK_HZ;
	int err;

	(void)dtb; /* the PL011 is at a fixed address; the tree names the mini-UART */
	/* Whatever the boot loader left in the FIFO goes out at its rate
	 * before the clock and the pins change under it. */
	pl011_quiesce(UART0);
	err = bcm_mbox_set_clock(MBOX_BASE, &mbox_buf, (uint64_t)(uintptr_t)&mbox_buf, CLOCK_UART,
				 UART_CLOCK_HZ, &set);
	if (err == BCM_MBOX_OK && set) {
		clock = set;
		snprintf(note, sizeof(note), "uart clock %lu Hz (mailbox, asked %lu)",
			 (unsigned long)set, (unsigned long)UART_CLOCK_HZ);
	} else {
		/* The firmware's clock stays; init_uart_clock=48000000 in
		 * config.txt makes that the same rate. */
		snprintf(note, sizeof(note),
			 "uart clock assumed %lu Hz (mailbox: %s; config.txt init_uart_clock)",
			 (unsigned long)UART_CLOCK_HZ,
			 err ? bcm_mbox_strerror(err) : "clock rate 0");
	}

	/* GPIO14 (TXD0) and GPIO15 (RXD0) to ALT0, pull-up/down off. */
	bcm_gpio_set_function(GPIO_BASE, 14, BCM_GPIO_ALT0);
	bcm_gpio_set_function(GPIO_BASE, 15, BCM_GPIO_ALT0);
	bcm_gpio_pulls_off(GPIO_BASE, (1u << 14) | (1u << 15));

	pl011_init(UART0, clock, 115200u);
	return NULL;
}

const char *plat_note(void)
{
	return note[0] ? note : NULL;
}

/* boot/start.S: a WFI loop, safe with the MMU off at any EL. */
extern char park_secondary[];

/*
 * The boot stub (the Pi firmware's armstub8, and QEMU raspi3b's own) holds
 * cores 1..3 in a WFE loop polling the spin table at 0xd8 + 8 * core.  WFE
 * polling is free on silicon but QEMU's multi-threaded TCG runs it as a busy
 * loop on host cores (raspi3b ran about 2x slower), so release them into
 * park_secondary, which halts them with WFI.  They read the table with the
 * MMU off: clean it to the PoC before SEV.
 */
void plat_secondaries_park(void)
{
	uintptr_t table = SPIN_TABLE;

	/* GCC takes a constant address this low for a null-pointer offset
	 * (-Warray-bounds); hide the constant. */
	__asm__("" : "+r"(table));
	for (unsigned core = 1; core < 4; core++)
		((volatile uint64_t *)table)[core] = (uint64_t)(uintptr_t)park_secondary;
	/* Clean and invalidate, not clean: Cortex-A53 erratum 855873 (an
	 * eviction may overtake a DC CVAC). */
	dcache_clean_inval_poc((const void *)table, 4 * 8u);
	__asm__ volatile("dsb sy\n\tsev" : : : "memory");
}

void plat_putc(char c)
{
	pl011_putc(UART0, c);
}

void plat_uart_flush(void)
{
	(void)pl011_flush(UART0);
}

void plat_poweroff(void)
{
	/* No power-off without PSCI; the caller parks the core. */
}
