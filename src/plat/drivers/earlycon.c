/* The compatible -> console driver table, and the polled write. */
#include <string.h>

#include "plat/drivers/earlycon.h"

/* Columns: compatible, driver, register spacing (reg-shift) and access width
 * when the node does not say, whether the node's reg-shift/reg-io-width
 * apply (16550 family only; the others are 32-bit registers at their
 * manual's offsets). */
const earlycon_match earlycon_table[] = {
	{ "arm,pl011", &earlycon_pl011, 0, 4, false },
	{ "arm,sbsa-uart", &earlycon_pl011, 0, 4, false }, /* SBSA: 32-bit accesses only */
	{ "ns16550a", &earlycon_8250, 0, 1, true },
	{ "ns16550", &earlycon_8250, 0, 1, true },
	{ "ns16450", &earlycon_8250, 0, 1, true },
	{ "ns8250", &earlycon_8250, 0, 1, true },
	{ "fsl,ns16550", &earlycon_8250, 0, 1, true },
	/* The DTs give dw-apb-uart reg-shift 2 and reg-io-width 4, Tegra
	 * reg-shift 2. */
	{ "snps,dw-apb-uart", &earlycon_8250, 0, 1, true },
	{ "nvidia,tegra20-uart", &earlycon_8250, 0, 1, true },
	/* TI K3 UARTs (AM65x TRM, UART registers): 16550 registers 4 bytes
	 * apart, which the DTs do not state. */
	{ "ti,am654-uart", &earlycon_8250, 2, 1, true },
	/* MediaTek UARTs: 16550 registers at 4-byte spacing, 32-bit access. */
	{ "mediatek,mt6577-uart", &earlycon_8250, 2, 4, true },
	/* BCM2835 ARM Peripherals 2.2: the mini-UART's AUX_MU_IO/LSR sit at
	 * 16550 positions 4 bytes apart from the node's reg (AUX + 0x40). */
	{ "brcm,bcm2835-aux-uart", &earlycon_8250, 2, 4, false },
	{ "fsl,imx6q-uart", &earlycon_imx, 0, 4, false },
	{ "fsl,imx53-uart", &earlycon_imx, 0, 4, false },
	{ "fsl,imx21-uart", &earlycon_imx, 0, 4, false },
	{ "fsl,imx7ulp-lpuart", &earlycon_lpuart, 0, 4, false },
	{ "fsl,imx8qxp-lpuart", &earlycon_lpuart, 0, 4, false },
	{ "amlogic,meson-ao-uart", &earlycon_meson, 0, 4, false },
	{ "amlogic,meson-gx-uart", &earlycon_meson, 0, 4, false },
	{ "cdns,uart-r1p12", &earlycon_cdns, 0, 4, false },
	{ "cdns,uart-r1p8", &earlycon_cdns, 0, 4, false },
	{ "xlnx,zynqmp-uart", &earlycon_cdns, 0, 4, false },
	{ "marvell,armada-3700-uart", &earlycon_mvebu, 0, 4, false },
	{ "qcom,geni-debug-uart", &earlycon_geni, 0, 4, false },
	{ "qcom,geni-uart", &earlycon_geni, 0, 4, false },
	/* Version 1.4 register offsets only. */
	{ "qcom,msm-uartdm-v1.4", &earlycon_uartdm, 0, 4, false },
	/* R-Car Gen3 / RZ/G2 layout only: other SCIF generations differ. */
	{ "renesas,rcar-gen3-scif", &earlycon_scif, 0, 2, false },
	{ "renesas,rcar-gen3-hscif", &earlycon_scif, 0, 2, false },
	{ NULL, NULL, 0, 0, false },
};

const earlycon_match *earlycon_find(const char *compatible)
{
	for (const earlycon_match *m = earlycon_table; m->compatible; m++)
		if (strcmp(m->compatible, compatible) == 0)
			return m;
	return NULL;
}

bool earlycon_try_putc(const earlycon_driver *d, const earlycon_port *p, uint8_t c)
{
	if (d->tx_ready) {
		if (!d->tx_ready(p))
			return false;
		d->tx_write(p, c);
		return true;
	}
	bool set = (earlycon_read32(p, d->flag.status_off) & d->flag.tx_bit) != 0;
	if (set != d->flag.ready_when_set)
		return false;
	earlycon_write32(p, d->flag.data_off, c);
	return true;
}

void earlycon_putc(const earlycon_driver *d, const earlycon_port *p, uint8_t c)
{
	while (!earlycon_try_putc(d, p, c))
		;
}
