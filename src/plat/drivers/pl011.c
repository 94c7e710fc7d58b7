/* Arm PL011 UART driver (register map from the PL011 TRM, DDI0183). */
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
#define LCRH_FEN   (1u << 4)
#define LCRH_WLEN8 (3u << 5)
#define CR_UARTEN  (1u << 0)
#define CR_TXE	   (1u << 8)
#define CR_RXE	   (1u << 9)

static inline volatile uint32_t *reg(uint64_t base, unsigned off)
{
	return (volatile uint32_t *)(uintptr_t)(base + off);
}

void pl011_flush(uint64_t base)
{
	while (*reg(base, UART_FR) & FR_BUSY)
		;
}

void pl011_init(uint64_t base, uint32_t uartclk_hz, uint32_t baud)
{
	/* Divisor in 1/64ths: uartclk / (16 * baud) * 64, rounded. */
	uint32_t div = (uint32_t)(((uint64_t)uartclk_hz * 4 + baud / 2) / baud);

	*reg(base, UART_CR) = 0;
	pl011_flush(base);
	*reg(base, UART_LCRH) = 0; /* flushes the transmit FIFO */
	*reg(base, UART_ICR) = 0x7ff;
	*reg(base, UART_IBRD) = div >> 6;
	*reg(base, UART_FBRD) = div & 63;
	*reg(base, UART_LCRH) = LCRH_WLEN8 | LCRH_FEN; /* IBRD/FBRD latch on this write */
	*reg(base, UART_IMSC) = 0;
	*reg(base, UART_CR) = CR_UARTEN | CR_TXE | CR_RXE;
}

void pl011_putc(uint64_t base, char c)
{
	while (*reg(base, UART_FR) & FR_TXFF)
		;
	*reg(base, UART_DR) = (uint8_t)c;
}
