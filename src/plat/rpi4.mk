# Raspberry Pi 4 / 400 / CM4 (BCM2711): make facts for the board file
# src/plat/rpi4.c.  The firmware loads kernel8.img at kernel_address
# (config.txt: 0x80000) and the armstub enters it at EL2.
PLAT_LOAD_ADDR := 0x80000
PLAT_UART_PHYS := 0xFE201000
PLAT_IMAGE := kernel8.img
PLAT_DRIVERS := src/plat/drivers/pl011.c src/plat/drivers/bcm2835_gpio.c src/plat/drivers/bcm2835_mbox.c \
	src/plat/drivers/rpi_board.c src/plat/rpi_armstub.c
# No QEMU configuration: QEMU 7.2 has no raspi4b (it came in QEMU 9.0).
