/* PL011 (Arm DDI0183 3.3): DR at 0x00, FR at 0x18, FR.TXFF (bit 5) set
 * while the transmit FIFO is full.  SBSA UARTs are the same registers,
 * 32-bit accesses only. */
#include "plat/drivers/earlycon.h"

#define PL011_DR      0x00
#define PL011_FR      0x18
#define PL011_FR_TXFF (1u << 5)

static bool pl011_tx_ready(const earlycon_port *p)
{
	return !(earlycon_read32(p, PL011_FR) & PL011_FR_TXFF);
}

static void pl011_tx_write(const earlycon_port *p, uint8_t c)
{
	earlycon_write32(p, PL011_DR, c);
}

const earlycon_driver earlycon_pl011 = { "pl011", pl011_tx_ready, pl011_tx_write };
