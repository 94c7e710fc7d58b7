/* NXP LPUART as on i.MX 7ULP/8QXP (reference manual, LPUART memory map:
 * VERID, PARAM, GLOBAL, PINCFG, BAUD, STAT at 0x14, CTRL, DATA at 0x1c);
 * STAT.TDRE (bit 23) set when the transmit buffer can take a byte. */
#include "plat/drivers/earlycon.h"

#define LPUART_STAT	 0x14
#define LPUART_DATA	 0x1c
#define LPUART_STAT_TDRE (1u << 23)

static bool lpuart_tx_ready(const earlycon_port *p)
{
	return (earlycon_read32(p, LPUART_STAT) & LPUART_STAT_TDRE) != 0;
}

static void lpuart_tx_write(const earlycon_port *p, uint8_t c)
{
	earlycon_write32(p, LPUART_DATA, c);
}

const earlycon_driver earlycon_lpuart = { "lpuart", lpuart_tx_ready, lpuart_tx_write };
