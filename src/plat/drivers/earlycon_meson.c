/* Amlogic Meson UART (S905 datasheet, UART registers): WFIFO at 0x00,
 * STATUS at 0x0c, STATUS.TX_FULL (bit 21) set while the FIFO is full. */
#include "plat/drivers/earlycon.h"

#define MESON_WFIFO	     0x00
#define MESON_STATUS	     0x0c
#define MESON_STATUS_TX_FULL (1u << 21)

static bool meson_tx_ready(const earlycon_port *p)
{
	return !(earlycon_read32(p, MESON_STATUS) & MESON_STATUS_TX_FULL);
}

static void meson_tx_write(const earlycon_port *p, uint8_t c)
{
	earlycon_write32(p, MESON_WFIFO, c);
}

const earlycon_driver earlycon_meson = { "meson", meson_tx_ready, meson_tx_write };
