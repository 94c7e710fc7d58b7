/* Cadence UART (Zynq UltraScale+ TRM, UART registers): Channel_sts at
 * 0x2c, TX_RX_FIFO at 0x30; Channel_sts.TFUL (bit 4) set while the
 * transmit FIFO is full. */
#include "plat/drivers/earlycon.h"

#define CDNS_SR	     0x2c
#define CDNS_FIFO    0x30
#define CDNS_SR_TFUL (1u << 4)

static bool cdns_tx_ready(const earlycon_port *p)
{
	return !(earlycon_read32(p, CDNS_SR) & CDNS_SR_TFUL);
}

static void cdns_tx_write(const earlycon_port *p, uint8_t c)
{
	earlycon_write32(p, CDNS_FIFO, c);
}

const earlycon_driver earlycon_cdns = { "cdns", cdns_tx_ready, cdns_tx_write };
