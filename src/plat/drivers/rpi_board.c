/* The Raspberry Pi 3 and 4 boards' shared set-up (see rpi_board.h). */
#include <stdio.h>

#include "plat/drivers/hw.h"
#include "plat/drivers/pl011.h"
#include "plat/drivers/rpi_board.h"

#define CLOCK_UART 2u /* the mailbox's clock id of the PL011's reference */

void rpi_uart0_init(const rpi_uart0 *u, bcm_mbox_buf *buf, uint64_t buf_pa, char *note,
		    size_t note_n)
{
	uint32_t set = 0, clock = u->clock_hz;
	int err;

	/* Whatever the boot loader left in the FIFO goes out at its rate
	 * before the clock and the pins change under it. */
	pl011_quiesce(u->uart);
	err = bcm_mbox_set_clock(u->mbox, buf, buf_pa, CLOCK_UART, u->clock_hz, &set);
	if (err == BCM_MBOX_OK && set) {
		clock = set;
		snprintf(note, note_n, "uart clock %lu Hz (mailbox, asked %lu)", (unsigned long)set,
			 (unsigned long)u->clock_hz);
	} else {
		/* The firmware's clock stays; init_uart_clock= in config.txt
		 * makes that the same rate. */
		snprintf(note, note_n,
			 "uart clock assumed %lu Hz (mailbox: %s; config.txt init_uart_clock)",
			 (unsigned long)u->clock_hz, err ? bcm_mbox_strerror(err) : "clock rate 0");
	}
	bcm_gpio_set_function(u->gpio, 14, BCM_GPIO_ALT0);
	bcm_gpio_set_function(u->gpio, 15, BCM_GPIO_ALT0);
	u->pulls_off(u->gpio, (1u << 14) | (1u << 15));
	pl011_init(u->uart, clock, u->baud);
}

void rpi_spin_release(volatile uint64_t *table, unsigned cores, uint64_t entry)
{
	for (unsigned core = 1; core < cores; core++)
		table[core] = entry;
	/* Clean and invalidate, not clean: Cortex-A53 erratum 855873 (an
	 * eviction may overtake a DC CVAC). */
	hw_dcache_clean_inval((const void *)table, cores * 8u);
	hw_sev();
}
