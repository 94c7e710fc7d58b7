# Raspberry Pi 3 (BCM2837): make facts for the board file src/plat/rpi3.c.
# The firmware loads kernel8.img at 0x80000 and enters it at EL2.
PLAT_LOAD_ADDR := 0x80000
PLAT_UART_PHYS := 0x3F201000
PLAT_IMAGE := kernel8.img
PLAT_DRIVERS := src/plat/drivers/pl011.c src/plat/drivers/bcm2835_gpio.c src/plat/drivers/bcm2835_mbox.c \
	src/plat/drivers/rpi_board.c src/plat/rpi_armstub.c
# How QEMU boots it: tools/pgrun/configs.py (the one table of QEMU
# configurations; `make run` and the tests read it).
