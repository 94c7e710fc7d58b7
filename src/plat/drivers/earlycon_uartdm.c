/*
 * Qualcomm UART_DM version 1.4 (the debug UART of MSM8916/8994/8996/8998
 * era boards), left set up by the boot loader.  A UARTDM sends transfers of
 * NCF_TX characters; one byte is a one-character transfer.  The transmitter
 * can take one when its FIFO has room (SR.TXRDY, bit 2) and the previous
 * transfer is done: the transmitter is empty (SR.TXEMT, bit 3) or all the
 * characters it announced are in the FIFO (ISR.TX_READY, bit 7, cleared by
 * the RESET_TX_READY command, 3 << 8 in CR).  Register offsets of v1.4:
 * NCF_TX 0x40, SR 0xa4, CR 0xa8, ISR 0xb4, TF 0x100.  Verified against a
 * register-file fake only.
 */
#include "plat/drivers/earlycon.h"

#define UARTDM_NCF_TX		 0x040
#define UARTDM_SR		 0x0a4
#define UARTDM_SR_TXRDY		 (1u << 2)
#define UARTDM_SR_TXEMT		 (1u << 3)
#define UARTDM_CR		 0x0a8
#define UARTDM_CR_RESET_TX_READY (3u << 8)
#define UARTDM_ISR		 0x0b4
#define UARTDM_ISR_TX_READY	 (1u << 7)
#define UARTDM_TF		 0x100

static bool uartdm_tx_ready(const earlycon_port *p)
{
	uint32_t sr = earlycon_read32(p, UARTDM_SR);

	if (!(sr & UARTDM_SR_TXRDY))
		return false;
	return (sr & UARTDM_SR_TXEMT) || (earlycon_read32(p, UARTDM_ISR) & UARTDM_ISR_TX_READY);
}

static void uartdm_tx_write(const earlycon_port *p, uint8_t c)
{
	earlycon_write32(p, UARTDM_CR, UARTDM_CR_RESET_TX_READY);
	earlycon_write32(p, UARTDM_NCF_TX, 1);
	earlycon_write32(p, UARTDM_TF, c);
}

const earlycon_driver earlycon_uartdm = { "uartdm", uartdm_tx_ready, uartdm_tx_write, { 0 } };
