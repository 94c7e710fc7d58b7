/*
 * Models of the Raspberry Pi devices the board files program, for the
 * board tests (test_plat_rpi*.c) on the hwfake register file:
 *
 * - the GPIO block of the BCM2837 (pulls clocked in through GPPUD and
 *   GPPUDCLK0, BCM2835 ARM Peripherals 6.1) or of the BCM2711 (a 2-bit
 *   pull field per pin in GPIO_PUP_PDN_CNTRL_REG0..3 at 0xE4..0xF0,
 *   BCM2711 ARM Peripherals 5.2; GPPUD and GPPUDCLK do not exist: an
 *   access there is recorded as a fault and changes no pull);
 * - a PL011 register file whose transmitter is always ready;
 * - a mailbox whose VideoCore answers a set-clock-rate request at once.
 */
#ifndef PG_TESTS_BCMFAKE_H
#define PG_TESTS_BCMFAKE_H

#include <stdbool.h>
#include <stdint.h>

#include "hwfake.h"

typedef enum { BCMFAKE_2837, BCMFAKE_2711 } bcmfake_soc;

enum { BCMFAKE_PULL_NONE = 0, BCMFAKE_PULL_UP = 1, BCMFAKE_PULL_DOWN = 2 };

typedef struct bcmfake_gpio {
	bcmfake_soc soc;
	uint32_t regs[0x100 / 4];
	uint8_t pull[58]; /* each pin's resistor, BCMFAKE_PULL_* */
	unsigned faults;  /* accesses to registers this SoC does not have */
	hwfake_dev dev;
} bcmfake_gpio;

/* Every pin pulled down, every GPFSEL field 7 (ALT3). */
void bcmfake_gpio_attach(bcmfake_gpio *g, bcmfake_soc soc, uint64_t base);

typedef struct bcmfake_uart {
	uint32_t regs[0x1000 / 4];
	unsigned writes[0x1000 / 4]; /* writes per register */
	char out[256];		     /* bytes written to DR */
	unsigned nout;
	hwfake_dev dev;
} bcmfake_uart;

void bcmfake_uart_attach(bcmfake_uart *u, uint64_t base);

typedef struct bcmfake_mbox {
	uint32_t *buf;	   /* the message buffer as the VideoCore sees it */
	uint32_t rate;	   /* what it says it set */
	uint32_t msg;	   /* the last request (bus address | channel) */
	uint32_t clock_id; /* and what it asked */
	uint32_t asked_hz;
	unsigned requests;
	bool answered;
	hwfake_dev dev;
} bcmfake_mbox;

void bcmfake_mbox_attach(bcmfake_mbox *m, uint64_t base, uint32_t *buf, uint32_t rate);

/* The index of the first logged event at or after from that writes addr
 * (any value); hwfake_nlog if none. */
size_t bcmfake_first_write(uint64_t addr, size_t from);

#endif
