# The generic image: any board whose boot loader starts an arm64 Linux Image
# (U-Boot booti, QEMU -kernel, ...) and passes a device tree; board file
# src/plat/generic.c.  A static PIE: boot/start.S applies its own
# R_AARCH64_RELATIVE relocations, so it runs wherever it is loaded (the
# Image header's flags bit 3; text_offset 0, as Linux since 5.8).  Console,
# RAM and MMIO come from the device tree (src/dt/discover.c).
PLAT_PIE := 1
PLAT_LOAD_ADDR := 0
PLAT_TEXT_OFFSET := 0
# No fixed UART: boot/start.S's wrong-load-address message (for images with a
# fixed link address) never runs in a PIE.
PLAT_UART_PHYS := 0
PLAT_IMAGE := Image
PLAT_DRIVERS :=
# How QEMU boots it: tools/pgrun/configs.py (virt-generic, virt-uboot,
# raspi3b-generic).
