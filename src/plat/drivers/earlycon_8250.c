/* The 16550 family: THR is register 0, LSR register 5, LSR.THRE (bit 5)
 * set when the transmit holding register (or FIFO) can take a byte.
 * Register n sits at n << reg_shift and is accessed io_width bytes wide
 * (the DT's reg-shift and reg-io-width). */
#include "plat/drivers/earlycon.h"

#define UART_THR      0
#define UART_LSR      5
#define UART_LSR_THRE (1u << 5)

static uintptr_t reg_addr(const earlycon_port *p, unsigned idx)
{
	return p->base + ((uintptr_t)idx << p->reg_shift);
}

static uint32_t reg_read(const earlycon_port *p, unsigned idx)
{
	uintptr_t a = reg_addr(p, idx);

	switch (p->io_width) {
	case 4:
		return *(volatile const uint32_t *)a;
	case 2:
		return *(volatile const uint16_t *)a;
	default:
		return *(volatile const uint8_t *)a;
	}
}

static void reg_write(const earlycon_port *p, unsigned idx, uint8_t v)
{
	uintptr_t a = reg_addr(p, idx);

	switch (p->io_width) {
	case 4:
		*(volatile uint32_t *)a = v;
		break;
	case 2:
		*(volatile uint16_t *)a = v;
		break;
	default:
		*(volatile uint8_t *)a = v;
		break;
	}
}

static bool ns16550_tx_ready(const earlycon_port *p)
{
	return (reg_read(p, UART_LSR) & UART_LSR_THRE) != 0;
}

static void ns16550_tx_write(const earlycon_port *p, uint8_t c)
{
	reg_write(p, UART_THR, c);
}

const earlycon_driver earlycon_8250 = { "8250", ns16550_tx_ready, ns16550_tx_write, { 0 } };
