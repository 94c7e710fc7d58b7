# QEMU -M virt: make facts for the board file src/plat/qemu-virt.c.
PLAT_LOAD_ADDR := 0x40080000
PLAT_UART_PHYS := 0x09000000
PLAT_IMAGE := Image
PLAT_DRIVERS := src/plat/drivers/pl011.c
# What `make run` boots (CPU=, EL= adjust it, see the README).
PLAT_QEMU_CPU := cortex-a57
PLAT_QEMU_MEM := 256M
# The machine per entry EL (make run EL=2 ...).  QEMU enters the Image at
# EL1, or at EL2 with virtualization=on.  It enters an Image at EL1 even with
# secure=on (it plays the firmware for a Linux kernel); only an ELF starts at
# EL3, and QEMU gives an ELF no DTB, hence no bootargs.
PLAT_QEMU_EL := 1
PLAT_QEMU_ELS := 1 2 3
PLAT_QEMU_MACHINE_EL1 := virt
PLAT_QEMU_MACHINE_EL2 := virt,virtualization=on
PLAT_QEMU_MACHINE_EL3 := virt,secure=on
PLAT_QEMU_KERNEL_EL3 := pairguard.elf
PLAT_QEMU_NO_BOOTARGS_EL3 := yes
