/* The compatible -> console driver table, and the polled write. */
#include <string.h>

#include "plat/drivers/earlycon.h"

/* 32-bit registers at their manual's offsets: the DT's reg-shift and
 * reg-io-width do not apply. */
#define FIXED32(c, d) { c, &d, 0, 4, false }
/* 16550 family: the node's reg-shift/reg-io-width, else these. */
#define NS16550(c, shift, width) { c, &earlycon_8250, shift, width, true }

const earlycon_match earlycon_table[] = {
	FIXED32("arm,pl011", earlycon_pl011),
	FIXED32("arm,sbsa-uart", earlycon_pl011), /* SBSA: 32-bit accesses only */
	NS16550("ns16550a", 0, 1),
	NS16550("ns16550", 0, 1),
	NS16550("ns16450", 0, 1),
	NS16550("ns8250", 0, 1),
	NS16550("fsl,ns16550", 0, 1),
	NS16550("snps,dw-apb-uart", 0, 1), /* the DTs give reg-shift 2, reg-io-width 4 */
	NS16550("nvidia,tegra20-uart", 0, 1), /* the DTs give reg-shift 2 */
	/* TI K3 UARTs (AM65x TRM, UART registers): 16550 registers 4 bytes
	 * apart, which the DTs do not state. */
	NS16550("ti,am654-uart", 2, 1),
	/* MediaTek UARTs: 16550 registers at 4-byte spacing, 32-bit access. */
	NS16550("mediatek,mt6577-uart", 2, 4),
	/* BCM2835 ARM Peripherals 2.2: the mini-UART's AUX_MU_IO/LSR sit at
	 * 16550 positions 4 bytes apart from the node's reg (AUX + 0x40). */
	{ "brcm,bcm2835-aux-uart", &earlycon_8250, 2, 4, false },
	FIXED32("fsl,imx6q-uart", earlycon_imx),
	FIXED32("fsl,imx53-uart", earlycon_imx),
	FIXED32("fsl,imx21-uart", earlycon_imx),
	FIXED32("fsl,imx7ulp-lpuart", earlycon_lpuart),
	FIXED32("fsl,imx8qxp-lpuart", earlycon_lpuart),
	FIXED32("amlogic,meson-ao-uart", earlycon_meson),
	FIXED32("amlogic,meson-gx-uart", earlycon_meson),
	FIXED32("cdns,uart-r1p12", earlycon_cdns),
	FIXED32("cdns,uart-r1p8", earlycon_cdns),
	FIXED32("xlnx,zynqmp-uart", earlycon_cdns),
	FIXED32("marvell,armada-3700-uart", earlycon_mvebu),
	FIXED32("qcom,geni-debug-uart", earlycon_geni),
	FIXED32("qcom,geni-uart", earlycon_geni),
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
	if (!d->tx_ready(p))
		return false;
	d->tx_write(p, c);
	return true;
}

void earlycon_putc(const earlycon_driver *d, const earlycon_port *p, uint8_t c)
{
	while (!earlycon_try_putc(d, p, c))
		;
}
