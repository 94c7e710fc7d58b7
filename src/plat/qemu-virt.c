/*
 * QEMU -M virt: RAM from 0x40000000, devices below it, PL011 at 0x09000000
 * clocked at 24 MHz, PSCI as the DTB says (hvc at EL1 entry, smc with
 * virtualization=on, none with secure=on).
 */
#include <stddef.h>

#include "plat/drivers/pl011.h"
#include "plat/plat.h"

#define VIRT_UART 0x09000000u

const plat_info plat = {
	.name = "qemu-virt",
	/* Up to 1 GiB, cut to the -m size the DTB reports. */
	.ram = { 0x40000000u, 0x40000000u },
	/* Without a DTB (the ELF at EL3): QEMU's default -m, 128 MiB. */
	.ram_fallback = 0x08000000u,
	.mmio = { { 0x00000000u, 0x40000000u } },
	.uart_base = VIRT_UART,
	.psci_from_dtb = true,
};

void plat_secondaries_park(void)
{
	/* Secondaries stay powered off under PSCI until CPU_ON: nothing to do. */
}

const char *plat_uart_init(const void *dtb)
{
	(void)dtb;
	pl011_init(VIRT_UART, 24000000u, 115200u);
	return NULL;
}

const char *plat_note(void)
{
	return NULL;
}

void plat_putc(char c)
{
	pl011_putc(VIRT_UART, c);
}

void plat_uart_flush(void)
{
	(void)pl011_flush(VIRT_UART);
}

void plat_poweroff(void)
{
	/* virt powers off through PSCI only. */
}
