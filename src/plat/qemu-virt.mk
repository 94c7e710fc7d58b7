# QEMU -M virt: make facts for the board file src/plat/qemu-virt.c.
PLAT_LOAD_ADDR := 0x40080000
PLAT_UART_PHYS := 0x09000000
PLAT_IMAGE := Image
PLAT_DRIVERS := src/plat/drivers/pl011.c
# What `make run` boots (CPU=, EL= adjust it, see the README).
PLAT_QEMU_CPU := cortex-a57
PLAT_QEMU_MEM := 256M
# The machine per entry EL (make run EL=2 ...): QEMU enters at EL1 by
# default, at EL2 with virtualization=on, at EL3 with secure=on.
PLAT_QEMU_EL := 1
PLAT_QEMU_ELS := 1 2 3
PLAT_QEMU_MACHINE_EL1 := virt
PLAT_QEMU_MACHINE_EL2 := virt,virtualization=on
PLAT_QEMU_MACHINE_EL3 := virt,secure=on
