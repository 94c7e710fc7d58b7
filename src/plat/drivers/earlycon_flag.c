/*
 * The UARTs whose transmitter readiness is one bit of one 32-bit status
 * register and whose data register takes a 32-bit write: data, no code
 * (earlycon_try_putc does the polling).  Register facts from each part's
 * manual.
 */
#include "plat/drivers/earlycon.h"

#define BIT(n) (1u << (n))

/* PL011 (Arm DDI0183, 3.3): DR 0x00; FR 0x18, TXFF (bit 5) set while the
 * transmit FIFO is full.  SBSA UARTs: the same registers, 32-bit only. */
const earlycon_driver earlycon_pl011 = { "pl011", NULL, NULL, { 0x18, BIT(5), false, 0x00 } };

/* i.MX UART (i.MX 6Dual/6Quad Reference Manual, UART memory map): UTXD
 * 0x40; UTS 0xb4, TXFULL (bit 4) set while the transmit FIFO is full. */
const earlycon_driver earlycon_imx = { "imx", NULL, NULL, { 0xb4, BIT(4), false, 0x40 } };

/* NXP LPUART as on i.MX 7ULP/8QXP (LPUART memory map: VERID, PARAM,
 * GLOBAL, PINCFG, BAUD, STAT 0x14, CTRL, DATA 0x1c): STAT.TDRE (bit 23)
 * set when the transmit buffer can take a byte. */
const earlycon_driver earlycon_lpuart = { "lpuart", NULL, NULL, { 0x14, BIT(23), true, 0x1c } };

/* Amlogic Meson UART (S905 datasheet, UART registers): WFIFO 0x00; STATUS
 * 0x0c, TX_FULL (bit 21) set while the FIFO is full. */
const earlycon_driver earlycon_meson = { "meson", NULL, NULL, { 0x0c, BIT(21), false, 0x00 } };

/* Cadence UART (Zynq UltraScale+ TRM, UART registers): Channel_sts 0x2c,
 * TFUL (bit 4) set while the transmit FIFO is full; TX_RX_FIFO 0x30. */
const earlycon_driver earlycon_cdns = { "cdns", NULL, NULL, { 0x2c, BIT(4), false, 0x30 } };

/* Marvell Armada 3700 standard UART (functional specification, UART
 * registers): TSH (transmit holding) 0x04; STAT 0x0c, bit 11 set while the
 * transmit FIFO is full.  The "-uart-ext" UART2 has another layout and is
 * not driven. */
const earlycon_driver earlycon_mvebu = { "mvebu", NULL, NULL, { 0x0c, BIT(11), false, 0x04 } };
