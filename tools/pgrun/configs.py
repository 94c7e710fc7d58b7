"""Named QEMU configurations: machine, CPU, memory, image, what the header must say.

Measured with QEMU 7.2 (a stub image printing CurrentEL and x0):
- `virt` with -kernel starts a raw arm64 Image at EL1, x0 = the DTB (bootargs
  from -append in /chosen/bootargs); `virtualization=on` starts it at EL2.
- `virt,secure=on` with -kernel still starts the image in non-secure EL1
  (QEMU's built-in boot code plays the secure firmware); only -bios would
  enter at EL3, from flash at address 0 and without a DTB, which the image
  does not support.  Hence the name virt-secure, not virt-el3.
- `raspi3b` starts kernel8.img at EL2 at 0x80000 with x0 = 0x100, where
  QEMU writes ATAGs (ATAG_CORE, ATAG_MEM, ATAG_CMDLINE carrying -append).
- Semihosting SYS_EXIT_EXTENDED makes QEMU's exit status the firmware's on
  every configuration below.
"""

import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_QEMU = "qemu-system-aarch64"
DEFAULT_TIMEOUT = 120.0

# -nographic puts the first UART on stdout; -monitor none keeps the monitor
# off it; -no-reboot turns a guest reset into an exit instead of a loop.
COMMON_ARGS = ["-nographic", "-monitor", "none", "-no-reboot", "-semihosting"]


class Config:
    def __init__(self, name, machine, cpu, memory, plat, image, header_cpu, about):
        self.name = name
        self.machine = machine
        self.cpu = cpu              # None: the machine's fixed CPU
        self.memory = memory
        self.plat = plat            # the build's PLAT and the banner's plat=
        self.image = image          # relative to the build directory
        self.header_cpu = header_cpu  # the header's cpu= on this machine, None: not checked
        self.about = about
        self.timeout = DEFAULT_TIMEOUT

    def image_path(self, build_dir):
        return os.path.join(build_dir, self.image)

    def build_hint(self):
        return "make PLAT=%s" % self.plat

    def qemu_argv(self, qemu, image, bootargs):
        argv = [qemu, "-M", self.machine]
        if self.cpu:
            argv += ["-cpu", self.cpu]
        argv += ["-m", self.memory] + COMMON_ARGS + ["-kernel", image]
        if bootargs:
            argv += ["-append", bootargs]
        return argv

    def expected_header(self):
        """Header fields this configuration must produce (plat from the banner)."""
        want = {"plat": self.plat}
        if self.header_cpu:
            want["cpu"] = self.header_cpu
        return want


VIRT_IMAGE = os.path.join("qemu-virt", "Image")
RPI3_IMAGE = os.path.join("rpi3", "kernel8.img")

CONFIGS = {c.name: c for c in [
    Config("virt-a53", "virt", "cortex-a53", "1G", "qemu-virt", VIRT_IMAGE, "cortex-a53",
           "QEMU virt, Cortex-A53, entry at EL1"),
    Config("virt-a57", "virt", "cortex-a57", "1G", "qemu-virt", VIRT_IMAGE, "cortex-a57",
           "QEMU virt, Cortex-A57, entry at EL1"),
    Config("virt-a72", "virt", "cortex-a72", "1G", "qemu-virt", VIRT_IMAGE, "cortex-a72",
           "QEMU virt, Cortex-A72, entry at EL1"),
    Config("virt-max", "virt", "max", "1G", "qemu-virt", VIRT_IMAGE, None,
           "QEMU virt, cpu max (every feature QEMU has), entry at EL1"),
    Config("virt-el2", "virt,virtualization=on", "max", "1G", "qemu-virt", VIRT_IMAGE, None,
           "QEMU virt with EL2, cpu max, entry at EL2"),
    Config("virt-secure", "virt,secure=on", "cortex-a57", "1G", "qemu-virt", VIRT_IMAGE, "cortex-a57",
           "QEMU virt with the secure world, Cortex-A57, entry at non-secure EL1"),
    Config("raspi3b", "raspi3b", None, "1G", "rpi3", RPI3_IMAGE, "cortex-a53",
           "QEMU Raspberry Pi 3B, Cortex-A53, entry at EL2, bootargs as ATAGs"),
]}

DEFAULT_CONFIG = "virt-a57"


def names():
    return list(CONFIGS)


def get(name):
    """The named configuration; ValueError naming the accepted ones."""
    if name not in CONFIGS:
        raise ValueError("unknown configuration '%s' (accepted: %s)" % (name, ", ".join(CONFIGS)))
    return CONFIGS[name]
