/* Marvell Armada 3700 standard UART (functional specification, UART
 * registers): TSH (transmit holding) at 0x04, STAT at 0x0c; STAT bit 11
 * set while the transmit FIFO is full.  The "-uart-ext" UART2 has another
 * layout and is not driven. */
#include "plat/drivers/earlycon.h"

#define MVEBU_TSH		0x04
#define MVEBU_STAT		0x0c
#define MVEBU_STAT_TX_FIFO_FULL (1u << 11)

static bool mvebu_tx_ready(const earlycon_port *p)
{
	return !(earlycon_read32(p, MVEBU_STAT) & MVEBU_STAT_TX_FIFO_FULL);
}

static void mvebu_tx_write(const earlycon_port *p, uint8_t c)
{
	earlycon_write32(p, MVEBU_TSH, c);
}

const earlycon_driver earlycon_mvebu = { "mvebu", mvebu_tx_ready, mvebu_tx_write };
