/*
 * Qualcomm GENI serial engine in UART mode, the debug UART the boot loader
 * leaves set up.  A GENI engine sends in commands: a byte goes out as a
 * one-byte START_TX command (transfer length 1, opcode in M_CMD0, the byte
 * in the TX FIFO); the engine is ready for the next while no main-sequencer
 * command is active (GENI_STATUS.M_GENI_CMD_ACTIVE, bit 0).  The done and
 * watermark interrupts latch in M_IRQ_STATUS even when masked, so each
 * command clears them first.  Register offsets: the GENI SE register map
 * (SE_GENI_STATUS 0x40, SE_UART_TX_TRANS_LEN 0x270, SE_GENI_M_CMD0 0x600,
 * SE_GENI_M_IRQ_CLEAR 0x618, SE_GENI_TX_FIFOn 0x700).  Verified against a
 * register-file fake only: no Qualcomm board has run it.
 */
#include "plat/drivers/earlycon.h"

#define GENI_STATUS		 0x040
#define GENI_STATUS_M_CMD_ACTIVE (1u << 0)
#define GENI_TX_TRANS_LEN	 0x270
#define GENI_M_CMD0		 0x600
#define GENI_M_CMD_OPCODE_SHIFT	 27
#define GENI_M_CMD_START_TX	 1u
#define GENI_M_IRQ_CLEAR	 0x618
#define GENI_M_IRQ_CMD_DONE	 (1u << 0)
#define GENI_M_IRQ_TX_WATERMARK	 (1u << 30)
#define GENI_TX_FIFO		 0x700

static bool geni_tx_ready(const earlycon_port *p)
{
	return !(earlycon_read32(p, GENI_STATUS) & GENI_STATUS_M_CMD_ACTIVE);
}

static void geni_tx_write(const earlycon_port *p, uint8_t c)
{
	earlycon_write32(p, GENI_M_IRQ_CLEAR, GENI_M_IRQ_CMD_DONE | GENI_M_IRQ_TX_WATERMARK);
	earlycon_write32(p, GENI_TX_TRANS_LEN, 1);
	earlycon_write32(p, GENI_M_CMD0, GENI_M_CMD_START_TX << GENI_M_CMD_OPCODE_SHIFT);
	earlycon_write32(p, GENI_TX_FIFO, c);
}

const earlycon_driver earlycon_geni = { "geni", geni_tx_ready, geni_tx_write, { 0 } };
