/*
 * Console drivers in the style of Linux's earlycon: the boot loader has set
 * the UART up (clock, baud, pins), so a driver only polls its transmit
 * status and writes.  Each works on a register-base address, so host tests
 * point it at a register-file fake.  The compatible -> driver table is
 * earlycon_table (earlycon.c); the device-tree discovery (src/dt/) picks an
 * entry from it.
 */
#ifndef PG_PLAT_EARLYCON_H
#define PG_PLAT_EARLYCON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One UART's registers.  reg_shift and io_width matter to the 16550 family
 * only (the DT's reg-shift and reg-io-width); the other drivers use their
 * hardware's fixed 32-bit layout. */
typedef struct earlycon_port {
	uintptr_t base;	    /* the register block (CPU address; a fake on the host) */
	unsigned reg_shift; /* register index << reg_shift = byte offset */
	unsigned io_width;  /* bytes per access: 1, 2 or 4 */
} earlycon_port;

/* Most UARTs: the transmitter is ready when one bit of a 32-bit status
 * register is set (or clear), and a byte goes out as a 32-bit write. */
typedef struct earlycon_flag_regs {
	uint32_t status_off;
	uint32_t tx_bit;
	bool ready_when_set;
	uint32_t data_off;
} earlycon_flag_regs;

typedef struct earlycon_driver {
	const char *name;
	/* The transmitter can take one more byte now (NULL: use flag). */
	bool (*tx_ready)(const earlycon_port *p);
	/* Hand one byte to the transmitter (only after tx_ready said yes). */
	void (*tx_write)(const earlycon_port *p, uint8_t c);
	earlycon_flag_regs flag; /* when tx_ready is NULL */
} earlycon_driver;

/* A compatible string and how to drive it.  Where the DT may leave reg-shift
 * or reg-io-width out, def_shift/def_width are the hardware's own spacing
 * (e.g. the TI and MediaTek 16550s space registers 4 bytes apart);
 * dt_props says whether the node's reg-shift/reg-io-width override them. */
typedef struct earlycon_match {
	const char *compatible;
	const earlycon_driver *driver;
	uint8_t def_shift;
	uint8_t def_width;
	bool dt_props;
} earlycon_match;

extern const earlycon_driver earlycon_pl011, earlycon_8250, earlycon_imx, earlycon_lpuart,
	earlycon_meson, earlycon_cdns, earlycon_mvebu, earlycon_geni, earlycon_scif,
	earlycon_uartdm;

/* The table, ended by an entry with a NULL compatible. */
extern const earlycon_match earlycon_table[];

/* The entry for one compatible string, or NULL. */
const earlycon_match *earlycon_find(const char *compatible);

/* Write c if the transmitter is ready now; false (nothing written) if not. */
bool earlycon_try_putc(const earlycon_driver *d, const earlycon_port *p, uint8_t c);

/* Write c, waiting for the transmitter as long as it takes. */
void earlycon_putc(const earlycon_driver *d, const earlycon_port *p, uint8_t c);

/* Register access for the drivers. */
static inline uint32_t earlycon_read32(const earlycon_port *p, uint32_t off)
{
	return *(volatile const uint32_t *)(p->base + off);
}

static inline void earlycon_write32(const earlycon_port *p, uint32_t off, uint32_t v)
{
	*(volatile uint32_t *)(p->base + off) = v;
}

#endif
