# Raspberry Pi 3 (BCM2837): make facts for the board file src/plat/rpi3.c.
# The firmware loads kernel8.img at 0x80000 and enters it at EL2.
PLAT_LOAD_ADDR := 0x80000
PLAT_UART_PHYS := 0x3F201000
PLAT_IMAGE := kernel8.img
PLAT_DRIVERS := src/plat/drivers/pl011.c src/plat/drivers/bcm2835_gpio.c src/plat/drivers/bcm2835_mbox.c
# QEMU's model of the board (used by `make run PLAT=rpi3` and the tests);
# raspi3b fixes the CPU (cortex-a53) and needs exactly 1 GiB.
PLAT_QEMU_CPU :=
PLAT_QEMU_MEM := 1G
# QEMU (like the firmware) enters kernel8.img at EL2.
PLAT_QEMU_EL := 2
PLAT_QEMU_ELS := 2
PLAT_QEMU_MACHINE_EL2 := raspi3b
# raspi3b has no device tree of its own: make run passes a minimal one.
PLAT_QEMU_DTB_MEMORY := 0:0x40000000
