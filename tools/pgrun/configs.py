"""Named QEMU configurations: machine, CPU, memory, image, what the header must say.

Measured with QEMU 7.2 (a stub image printing CurrentEL and x0), and as the
foundation's tests/fw/test-boot boots the images:
- `virt` with -kernel starts a raw arm64 Image at EL1, x0 = the DTB (bootargs
  from -append in /chosen/bootargs); `virtualization=on` starts it at EL2.
- `virt,secure=on` still starts an Image in non-secure EL1 (QEMU's boot
  code plays the secure firmware); only an ELF starts at EL3, and QEMU gives
  an ELF no DTB, so no bootargs reach it.
- `raspi3b` starts kernel8.img at EL2 at 0x80000 without a device tree (x0 =
  0x100, ATAGs); the firmware reads bootargs from a DTB only, so the runner
  passes a minimal one (dtb.py), as a Pi's boot firmware always passes one;
  QEMU fills in /chosen/bootargs.
- Semihosting SYS_EXIT_EXTENDED makes QEMU's exit status the firmware's on
  every configuration below.
"""

import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_QEMU = "qemu-system-aarch64"
DEFAULT_TIMEOUT = 120.0

# -nographic puts the first UART on stdout; -monitor none keeps the monitor
# off it; -no-reboot turns a guest reset into an exit instead of a loop.
# -nic none: no default network card, whose boot ROM (efi-virtio.rom, from
# ipxe-qemu, only a recommendation of qemu-system-arm) QEMU would need.
COMMON_ARGS = ["-nographic", "-monitor", "none", "-no-reboot", "-semihosting", "-nic", "none"]


class Config:
    def __init__(self, name, machine, cpu, plat, image, header, about, dtb_memory=None, bootargs=True,
                 timeout=DEFAULT_TIMEOUT):
        self.name = name
        self.machine = machine
        self.cpu = cpu              # None: the machine's fixed CPU
        self.memory = "1G"          # raspi3b needs exactly 1 GiB; virt gets as much
        self.plat = plat            # the build's PLAT and the banner's plat=
        self.image = image          # relative to the build directory
        self.dtb_memory = dtb_memory  # BASE:SIZE: the machine needs a DTB made for it (dtb.py)
        self.header = header        # header fields this configuration must produce
        self.bootargs = bootargs    # False: nothing can carry bootargs to the image
        self.about = about
        self.timeout = timeout

    def image_path(self, build_dir):
        return os.path.join(build_dir, self.image)

    def build_hint(self):
        return "make PLAT=%s" % self.plat

    def check_bootargs(self, bootargs):
        """ValueError when bootargs are given that cannot reach the image."""
        if bootargs and not self.bootargs:
            raise ValueError("configuration %s boots the ELF (QEMU enters only an ELF at EL3) and QEMU "
                             "gives an ELF no DTB: bootargs '%s' cannot reach the firmware; run it "
                             "with default bootargs, or use another configuration" % (self.name, bootargs))

    def qemu_argv(self, qemu, image, bootargs, dtb=None):
        argv = [qemu, "-M", self.machine]
        if self.cpu:
            argv += ["-cpu", self.cpu]
        argv += ["-m", self.memory] + COMMON_ARGS + ["-kernel", image]
        if dtb:
            argv += ["-dtb", dtb]
        if bootargs:
            argv += ["-append", bootargs]
        return argv

    def expected_header(self):
        """Header fields this configuration must produce (plat from the banner)."""
        return dict(self.header, plat=self.plat)


VIRT_IMAGE = os.path.join("qemu-virt", "Image")
VIRT_ELF = os.path.join("qemu-virt", "pairguard.elf")
RPI3_IMAGE = os.path.join("rpi3", "kernel8.img")


def _virt(name, machine, cpu, cpu_name, el, about, image=VIRT_IMAGE, bootargs=True):
    return Config(name, machine, cpu, "qemu-virt", image, {"cpu": cpu_name, "entry-el": str(el)}, about,
                  bootargs=bootargs)


CONFIGS = {c.name: c for c in [
    _virt("virt-a53", "virt", "cortex-a53", "cortex-a53", 1, "QEMU virt, Cortex-A53, entry at EL1"),
    _virt("virt-a57", "virt", "cortex-a57", "cortex-a57", 1, "QEMU virt, Cortex-A57, entry at EL1"),
    _virt("virt-a72", "virt", "cortex-a72", "cortex-a72", 1, "QEMU virt, Cortex-A72, entry at EL1"),
    _virt("virt-max", "virt", "max", "qemu-max", 1, "QEMU virt, cpu max (every feature QEMU has), entry at EL1"),
    _virt("virt-el2", "virt,virtualization=on", "max", "qemu-max", 2, "QEMU virt with EL2, cpu max, entry at EL2"),
    _virt("virt-el3", "virt,secure=on", "cortex-a57", "cortex-a57", 3,
          "QEMU virt with EL3, Cortex-A57, the ELF entered at EL3 (no DTB: no bootargs)",
          image=VIRT_ELF, bootargs=False),
    Config("raspi3b", "raspi3b", None, "rpi3", RPI3_IMAGE, {"cpu": "cortex-a53", "entry-el": "2"},
           "QEMU Raspberry Pi 3B, Cortex-A53, entry at EL2, bootargs by a minimal DTB",
           # Measured: the default run takes 44-52 s here, 5x virt's (four
           # emulated cores), against 8-12 s on virt.
           dtb_memory="0:0x40000000", timeout=300.0),
]}

DEFAULT_CONFIG = "virt-a57"


def names():
    return list(CONFIGS)


def get(name):
    """The named configuration; ValueError naming the accepted ones."""
    if name not in CONFIGS:
        raise ValueError("unknown configuration '%s' (accepted: %s)" % (name, ", ".join(CONFIGS)))
    return CONFIGS[name]
