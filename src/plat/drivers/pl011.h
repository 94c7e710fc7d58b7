/* Arm PL011 UART (PrimeCell UART, Arm DDI0183): polled transmit only. */
#ifndef PG_PLAT_PL011_H
#define PG_PLAT_PL011_H

#include <stdint.h>

/* 8N1, FIFOs on, interrupts masked, at baud from a uartclk_hz reference. */
void pl011_init(uint64_t base, uint32_t uartclk_hz, uint32_t baud);
void pl011_putc(uint64_t base, char c);
void pl011_flush(uint64_t base);

#endif
