/* i.MX UART (i.MX 6Dual/6Quad Reference Manual, UART memory map): UTXD at
 * 0x40, UTS at 0xb4, UTS.TXFULL (bit 4) set while the transmit FIFO is
 * full. */
#include "plat/drivers/earlycon.h"

#define IMX_UTXD       0x40
#define IMX_UTS	       0xb4
#define IMX_UTS_TXFULL (1u << 4)

static bool imx_tx_ready(const earlycon_port *p)
{
	return !(earlycon_read32(p, IMX_UTS) & IMX_UTS_TXFULL);
}

static void imx_tx_write(const earlycon_port *p, uint8_t c)
{
	earlycon_write32(p, IMX_UTXD, c);
}

const earlycon_driver earlycon_imx = { "imx", imx_tx_ready, imx_tx_write };
