/*
 * Raspberry Pi 4, 400 and Compute Module 4 (BCM2711, Cortex-A72) in the
 * default low-peripheral mode: ARM peripherals at 0xFC000000 (the
 * 0x7E000000 bus block at 0xFE000000, BCM2711 ARM Peripherals 1.2.3, "ARM physical addresses"),
 * PL011 (UART0) at 0xFE201000, GPIO at 0xFE200000, mailbox at 0xFE00B880;
 * ARM local and GIC-400 from 0xFF800000.  Generic timer at 54 MHz (the
 * firmware sets CNTFRQ_EL0; the report prints it).
 *
 * What the device tree cannot say, and why this board has its own image:
 * the PL011 needs GPIO14/15 on ALT0 with the pulls off, through the
 * BCM2711's own pull registers (GPIO_PUP_PDN_CNTRL_REG0: the BCM2837's
 * GPPUD/GPPUDCLK sequence does nothing here), and a known reference clock
 * through the VideoCore mailbox; the armstub's spinning cores are parked in
 * WFI.  config.txt gives the PL011 to the header pins (dtoverlay=disable-bt)
 * and pins the load address (kernel_address=0x80000), see the README.
 * The armstub (armstub8.S) enters at EL2 with x0 = DTB; no PSCI: pairguard
 * parks in WFE at the end (the plat_* functions: rpi_armstub.c).  Never run
 * on a board: host tests only (QEMU 7.2 has no raspi4b).
 */
#include "plat/drivers/rpi_board.h"
#include "plat/plat.h"

#define ARM_PERI  0xfc000000u
#define PERI_BASE 0xfe000000u /* bus 0x7e000000 */
#define GPIO_BASE (PERI_BASE + 0x200000u)
#define UART0	  (PERI_BASE + 0x201000u)
#define MBOX_BASE (PERI_BASE + 0xb880u)

const plat_info plat = {
    .name = "rpi4",
    .spin_table = RPI_SPIN_TABLE,
    .spin_cores = RPI_SPIN_CORES,
    /* The image lives in the first /memory bank (0..0x3b400000 with the
     * default gpu_mem=76); the banks above 1 GiB (boards of 2..8 GiB) are
     * not used. */
    .ram = {0x00000000u, 0x40000000u},
    /* Without a DTB: 512 MiB, what the ARM has with any gpu_mem up to 512. */
    .ram_fallback = 0x20000000u,
    .mmio =
	{
	    {ARM_PERI, 0x04000000u}, /* peripherals, ARM local, GIC-400 */
	},
    .uart_base = UART0,
    .psci_from_dtb = false,
};

const rpi_uart0 rpi_uart = {
	.gpio = GPIO_BASE,
	.uart = UART0,
	.mbox = MBOX_BASE,
	.pulls_off = bcm2711_gpio_pulls_off,
	.clock_hz = 48000000u,
	.baud = 115200u,
};
