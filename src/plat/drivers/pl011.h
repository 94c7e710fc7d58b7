/* Arm PL011 UART (PrimeCell UART, Arm DDI0183): polled transmit only. */
#ifndef PG_PLAT_PL011_H
#define PG_PLAT_PL011_H

#include <stdbool.h>
#include <stdint.h>

/* 8N1, FIFOs on, interrupts masked, at baud from a uartclk_hz reference.
 * Safe on a UART a boot loader left running with bytes in its FIFO. */
void pl011_init(uint64_t base, uint32_t uartclk_hz, uint32_t baud);
void pl011_putc(uint64_t base, char c);

/* Send what is queued, then disable the UART with its FIFO empty (the
 * first half of pl011_init; before changing its clock or pins). */
void pl011_quiesce(uint64_t base);

/*
 * Take the UART as the boot firmware set it up (the Pi 5's debug UART):
 * divisors, line control and clock untouched.  *ibrd and *fbrd get the
 * divisors found.  A UART programmed but disabled gets its transmitter
 * enabled (UARTCR only); one never programmed (IBRD and FBRD 0) is left
 * alone and the answer is false.
 */
bool pl011_adopt(uint64_t base, uint32_t *ibrd, uint32_t *fbrd);

/* Wait until everything written has left the UART; false when it did not
 * drain within the bound (about a second), or cannot (transmitter off). */
bool pl011_flush(uint64_t base);

#endif
