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
#include "arch/cache.h"
#include "plat/drivers/pl011.h"
#include "plat/plat.h"

#define PERI_BASE 0x3f000000u
#define GPIO_BASE (PERI_BASE + 0x200000u)
#define UART0	  (PERI_BASE + 0x201000u)
#define MBOX_BASE (PERI_BASE + 0xb880u)

#define GPFSEL1	  (GPIO_BASE + 0x04u)
#define GPPUD	  (GPIO_BASE + 0x94u)
#define GPPUDCLK0 (GPIO_BASE + 0x98u)

#define MBOX_READ    (MBOX_BASE + 0x00u)
#define MBOX_STATUS  (MBOX_BASE + 0x18u)
#define MBOX_WRITE   (MBOX_BASE + 0x20u)
#define MBOX_FULL    0x80000000u
#define MBOX_EMPTY   0x40000000u
#define MBOX_CH_PROP 8u

#define TAG_SET_CLOCK_RATE 0x00038002u
#define CLOCK_UART	   2u
#define UART_CLOCK_HZ	   48000000u

const plat_info plat = {
    .name = "rpi3",
    /* 960 MiB: all ARM memory with the default 64 MiB GPU split; the pool is
     * cut to what the DTB reports. */
    .ram = {0x00000000u, 0x3c000000u},
    .mmio =
	{
	    {PERI_BASE, 0x01000000u},	/* SoC peripherals */
	    {0x40000000u, 0x00200000u}, /* ARM local: core timers, mailboxes */
	},
    .uart_base = UART0,
    .psci_from_dtb = false,
};

static inline volatile uint32_t *reg(uint32_t addr)
{
	return (volatile uint32_t *)(uintptr_t)addr;
}

static void delay_cycles(unsigned n)
{
	while (n--)
		__asm__ volatile("nop");
}

/* One property-channel call; false on timeout or a firmware error. */
static bool mbox_call(volatile uint32_t *msg, uint32_t bytes)
{
	uint32_t addr = (uint32_t)(uintptr_t)msg | MBOX_CH_PROP;
	unsigned spins;

	/* The VideoCore reads and writes the buffer behind the CPU's caches. */
	dcache_clean_inval_poc((const void *)msg, bytes);
	for (spins = 0; *reg(MBOX_STATUS) & MBOX_FULL; spins++)
		if (spins > 1000000u)
			return false;
	*reg(MBOX_WRITE) = addr;
	for (spins = 0; spins < 10000000u; spins++) {
		if (*reg(MBOX_STATUS) & MBOX_EMPTY)
			continue;
		if (*reg(MBOX_READ) == addr) {
			dcache_clean_inval_poc((const void *)msg, bytes);
			return msg[1] == 0x80000000u;
		}
	}
	return false;
}

void plat_uart_init(void)
{
	static volatile uint32_t msg[9] __attribute__((aligned(16)));
	uint32_t sel;

	*reg(UART0 + 0x30u) = 0; /* UART off while the pins move */

	msg[0] = sizeof(msg);
	msg[1] = 0;
	msg[2] = TAG_SET_CLOCK_RATE;
	msg[3] = 12;
	msg[4] = 0;
	msg[5] = CLOCK_UART;
	msg[6] = UART_CLOCK_HZ;
	msg[7] = 0;
	msg[8] = 0;
	/* On failure the firmware's clock stays; init_uart_clock=48000000 in
	 * config.txt makes that the same rate. */
	(void)mbox_call(msg, sizeof(msg));

	/* GPIO14 (TXD0) and GPIO15 (RXD0) to ALT0, pull-up/down off. */
	sel = *reg(GPFSEL1);
	sel &= ~((7u << 12) | (7u << 15));
	sel |= (4u << 12) | (4u << 15);
	*reg(GPFSEL1) = sel;
	*reg(GPPUD) = 0;
	delay_cycles(150);
	*reg(GPPUDCLK0) = (1u << 14) | (1u << 15);
	delay_cycles(150);
	*reg(GPPUDCLK0) = 0;

	pl011_init(UART0, UART_CLOCK_HZ, 115200u);
}

void plat_putc(char c)
{
	pl011_putc(UART0, c);
}

void plat_uart_flush(void)
{
	pl011_flush(UART0);
}

void plat_poweroff(void)
{
	/* No power-off without PSCI; the caller parks the core. */
}
