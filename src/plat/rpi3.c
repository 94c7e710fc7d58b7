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

#define SPIN_TABLE 0xd8u /* release addresses of cores 0..3, 8 bytes each */

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
	dcache_clean_poc((const void *)table, 4 * 8u);
	__asm__ volatile("dsb sy\n\tsev" : : : "memory");
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
