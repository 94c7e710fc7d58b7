# Raspberry Pi 5 (BCM2712): make facts for the board file src/plat/rpi5.c.
# The firmware loads kernel_2712.img at kernel_address (config.txt:
# 0x80000) and its BL31 enters it at EL2.
PLAT_LOAD_ADDR := 0x80000
PLAT_UART_PHYS := 0x107D001000
PLAT_IMAGE := kernel_2712.img
PLAT_DRIVERS := src/plat/drivers/pl011.c
# No QEMU configuration: QEMU 7.2 has no Raspberry Pi 5 model.
