/* Arm PL011 UART driver (register map from the PL011 TRM, DDI0183). */
#include "plat/drivers/hw.h"
#include "plat/drivers/pl011.h"

#define UART_DR	  0x00
#define UART_FR	  0x18
#define UART_IBRD 0x24
#define UART_FBRD 0x28
#define UART_LCRH 0x2c
#define UART_CR	  0x30
#define UART_IMSC 0x38
#define UART_ICR  0x44

#define FR_BUSY	   (1u << 3)
#define FR_TXFF	   (1u << 5)
#define FR_TXFE	   (1u << 7)
#define LCRH_FEN   (1u << 4)
#define LCRH_WLEN8 (3u << 5)
#define CR_UARTEN  (1u << 0)
#define CR_TXE	   (1u << 8)
#define CR_RXE	   (1u << 9)

/*
 * Bound on the status polls of one wait (about a second of MMIO reads on a
 * Pi 3).  A UART that never drains (flow control holding CTS, a clock
 * switched off) must not hang the board: the caller goes on regardless.
 */
#define PL011_SPIN_MAX 10000000u

static uint32_t rd(uint64_t base, unsigned off)
{
	return hw_read32(base + off);
}

static void wr(uint64_t base, unsigned off, uint32_t v)
{
	hw_write32(base + off, v);
}

/* Poll FR until (FR & mask) == want; false when the bound ran out. */
static bool wait_fr(uint64_t base, uint32_t mask, uint32_t want)
{
	for (uint32_t i = 0; i < PL011_SPIN_MAX; i++)
		if ((rd(base, UART_FR) & mask) == want)
			return true;
	return false;
}

bool pl011_flush(uint64_t base)
{
	/* BUSY covers the FIFO and the shift register, but only drains while
	 * the transmitter is enabled. */
	if ((rd(base, UART_CR) & (CR_UARTEN | CR_TXE)) != (CR_UARTEN | CR_TXE))
		return !(rd(base, UART_FR) & FR_BUSY);
	return wait_fr(base, FR_BUSY | FR_TXFE, FR_TXFE);
}

void pl011_quiesce(uint64_t base)
{
	/*
	 * PL011 TRM (DDI0183) 3.3.8, UARTCR, and 3.3.3, UARTFR.BUSY: BUSY is
	 * set while the transmit FIFO holds data "regardless of whether the
	 * UART is enabled", and a disabled UART finishes only the character
	 * in the shift register.  Bytes a boot loader left in the FIFO
	 * (uart_2ndstage=1, U-Boot's last line) would keep BUSY set forever
	 * after disabling.  So: drain while still enabled, disable, flush the
	 * FIFO by clearing LCRH.FEN, then wait for the last character.
	 */
	(void)pl011_flush(base);
	wr(base, UART_CR, 0);
	wr(base, UART_LCRH, 0);
	(void)wait_fr(base, FR_BUSY, 0);
}

void pl011_init(uint64_t base, uint32_t uartclk_hz, uint32_t baud)
{
	/* Divisor in 1/64ths: uartclk / (16 * baud) * 64, rounded. */
	uint32_t div = (uint32_t)(((uint64_t)uartclk_hz * 4 + baud / 2) / baud);

	pl011_quiesce(base);
	wr(base, UART_ICR, 0x7ff);
	wr(base, UART_IBRD, div >> 6);
	wr(base, UART_FBRD, div & 63);
	wr(base, UART_LCRH, LCRH_WLEN8 | LCRH_FEN); /* IBRD/FBRD latch on this write */
	wr(base, UART_IMSC, 0);
	wr(base, UART_CR, CR_UARTEN | CR_TXE | CR_RXE);
}

void pl011_putc(uint64_t base, char c)
{
	/* Only a UART that never drains fills up for good: then drop the
	 * byte rather than hang the run. */
	if (wait_fr(base, FR_TXFF, 0))
		wr(base, UART_DR, (uint8_t)c);
}

bool pl011_adopt(uint64_t base, uint32_t *ibrd, uint32_t *fbrd)
{
	uint32_t cr;

	*ibrd = rd(base, UART_IBRD);
	*fbrd = rd(base, UART_FBRD);
	if (!*ibrd && !*fbrd)
		return false;
	/* PL011 TRM (DDI0183) 3.3.7, UARTLCR_H: IBRD/FBRD take effect with a
	 * UARTLCR_H write, so writing none of them keeps the firmware's baud. */
	cr = rd(base, UART_CR);
	if ((cr & (CR_UARTEN | CR_TXE)) != (CR_UARTEN | CR_TXE))
		wr(base, UART_CR, cr | CR_UARTEN | CR_TXE);
	return true;
}
