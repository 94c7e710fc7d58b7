/*
 * Renesas SCIF / HSCIF as on R-Car Gen3 and RZ/G2 (hardware manual, SCIF
 * registers): SCFTDR (8-bit) at 0x0c, SCFSR (16-bit) at 0x10; SCFSR.TDFE
 * (bit 5) set when the transmit FIFO has room.  TDFE and TEND (bit 6) stay
 * set until software writes 0 to them after reading them as 1, so each byte
 * is followed by clearing both (the other SCFSR flags are written back as
 * read: writing 1 leaves them).  Verified against a register-file fake
 * only.
 */
#include "plat/drivers/earlycon.h"

#define SCIF_SCFTDR	0x0c
#define SCIF_SCFSR	0x10
#define SCIF_SCFSR_TDFE (1u << 5)
#define SCIF_SCFSR_TEND (1u << 6)

static uint16_t scfsr(const earlycon_port *p)
{
	return *(volatile const uint16_t *)(p->base + SCIF_SCFSR);
}

static bool scif_tx_ready(const earlycon_port *p)
{
	return (scfsr(p) & SCIF_SCFSR_TDFE) != 0;
}

static void scif_tx_write(const earlycon_port *p, uint8_t c)
{
	*(volatile uint8_t *)(p->base + SCIF_SCFTDR) = c;
	*(volatile uint16_t *)(p->base + SCIF_SCFSR) =
		(uint16_t)(scfsr(p) & ~(SCIF_SCFSR_TDFE | SCIF_SCFSR_TEND));
}

const earlycon_driver earlycon_scif = { "scif", scif_tx_ready, scif_tx_write, { 0 } };
