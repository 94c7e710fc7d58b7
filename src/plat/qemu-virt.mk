# QEMU -M virt: make facts for the board file src/plat/qemu-virt.c.
PLAT_LOAD_ADDR := 0x40080000
PLAT_UART_PHYS := 0x09000000
PLAT_IMAGE := Image
PLAT_DRIVERS := src/plat/drivers/pl011.c
# How QEMU boots it: tools/pgrun/configs.py (the one table of QEMU
# configurations; `make run` and the tests read it).
