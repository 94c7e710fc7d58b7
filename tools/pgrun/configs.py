"""The QEMU configurations: the one table of how pairguard boots under QEMU.

Everything that starts QEMU reads this table: the runner (its runs and
matrices), the Makefile (`make run`, `debug`, `bench`, through
`tools/pairguard-run --print-cmd`) and tests/fw/test-boot.

Measured with QEMU 7.2 (a stub image printing CurrentEL and x0), and as
tests/fw/test-boot boots the images:
- `virt` with -kernel starts a raw arm64 Image at EL1, x0 = the DTB (bootargs
  from -append in /chosen/bootargs); `virtualization=on` starts it at EL2.
- `virt,secure=on` still starts an Image in non-secure EL1 (QEMU's boot
  code plays the secure firmware); only an ELF starts at EL3, and QEMU gives
  an ELF no DTB, so no bootargs reach it.
- `raspi3b` starts kernel8.img at EL2 at 0x80000 without a device tree (x0 =
  0x100, ATAGs); the firmware reads bootargs from a DTB only, so the runner
  passes a minimal one (dtb.py), as a Pi's boot firmware always passes one;
  QEMU fills in /chosen/bootargs.  The machine fixes the CPU (Cortex-A53)
  and needs exactly 1 GiB.
- Semihosting SYS_EXIT_EXTENDED makes QEMU's exit status the firmware's on
  every configuration below.
- `-accel tcg,tb-size=1024` (MiB of translated code) against QEMU's default
  buffer: the sweep 12-40% faster on virt (/work/shared/QEMU-NOTES.md).
- The generic image (PLAT=generic, a position-independent Image with text_offset
  0 and header flags bit 3): QEMU virt's -kernel loads it at 0x40200000
  (RAM base + 2 MiB: text_offset 0 would put it under QEMU's boot stub);
  Debian's U-Boot (u-boot-qemu 2023.01, -bios) loads it with qfw at
  kernel_addr_r 0x40400000 and `booti` starts it there (flags bit 3: no
  move), at EL1 with U-Boot's DTB in x0 and -append as its bootargs, after
  a 2 s autoboot delay; raspi3b loads it at 0x200000 and passes -dtb.
  The firmware's `# boot: image at ...` line says where it ran.
- raspi3b's mini-UART (the Pi 3's own tree's stdout-path) is QEMU's second
  serial port: `-serial null -serial stdio`.
"""

import os
import shlex

from . import bootdisk

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_QEMU = "qemu-system-aarch64"
# Debian u-boot-qemu (tools/setup installs it).
UBOOT_QEMU_ARM64 = "/usr/lib/u-boot/qemu_arm64/u-boot.bin"
DEFAULT_TIMEOUT = 120.0

# -nographic puts the first UART on stdout; -monitor none keeps the monitor
# off it; -no-reboot turns a guest reset into an exit instead of a loop.
# -nic none: no default network card, whose boot ROM (efi-virtio.rom, from
# ipxe-qemu, only a recommendation of qemu-system-arm) QEMU would need.
COMMON_ARGS = ["-nographic", "-monitor", "none", "-no-reboot", "-nic", "none"]

# The header's cpu= for a -cpu name (MIDR-derived; REPORT-FORMAT.md).
CORE_NAMES = {"max": "qemu-max"}


class Config:
    """One row of the table; see TABLE for the fields."""

    def __init__(self, name, machine, cpu, el, plat, image, about, memory="1G", tb_size=None,
                 extra=(), timeout=DEFAULT_TIMEOUT, dtb_memory=None, core=None, run_default=False,
                 board_dtb=None, boot_path=False, firmware=None, disk=None):
        self.name = name
        self.machine = machine
        self.cpu = cpu              # None: the machine's fixed CPU (core names it)
        self.el = el                # the EL QEMU enters the image at
        self.plat = plat            # the build's PLAT and the banner's plat=
        self.image = image          # file name in the plat's build directory
        self.about = about
        self.memory = memory
        self.tb_size = tb_size      # MiB of TCG translation buffer; None: QEMU's default
        self.extra = list(extra)    # further QEMU arguments
        self.timeout = timeout      # the runner's default wall-clock limit, seconds
        self.dtb_memory = dtb_memory  # BASE:SIZE: the machine needs a DTB made for it (dtb.py)
        self.core = core or CORE_NAMES.get(cpu, cpu)   # the header's cpu=
        self.run_default = run_default  # what `make run PLAT=plat EL=el` boots
        self.native = False         # runs only on an ARM64 host (linux-native)
        self.firmware = firmware    # -bios: firmware that starts the image (UEFI), or None
        # The firmware finds the image on a disk laid out as bootdisk.py's
        # layout of this name (the bootargs go there too), not with -kernel.
        self.disk = disk
        # A board's own device tree, shipped in Debian's arm64 kernel package
        # (build/deps/linux-image, fetched by dtb.py): its path under the
        # package's usr/lib/linux-image-*/.  QEMU gets a copy with -dtb.
        self.board_dtb = board_dtb
        # The configuration proves a boot path (loader, board) of an engine
        # that other configurations' product matrix covers: its matrix runs
        # the defaults (tests/fw/matrix.txt).
        self.boot_path = boot_path
        # QEMU gives an ELF no DTB: nothing carries bootargs to it.
        self.bootargs = not image.endswith(".elf")

    @property
    def header(self):
        """Header fields this configuration must produce."""
        return {"cpu": self.core, "entry-el": str(self.el)}

    def with_cpu(self, cpu):
        """The same configuration on another -cpu; ValueError if the machine fixes it."""
        if not cpu or cpu == self.cpu:
            return self
        if self.cpu is None:
            raise ValueError("configuration %s runs QEMU's %s, whose CPU is fixed (%s): no other -cpu"
                             % (self.name, self.machine, self.core))
        other = Config.__new__(Config)
        other.__dict__.update(self.__dict__, cpu=cpu, core=CORE_NAMES.get(cpu, cpu),
                              name="%s,cpu=%s" % (self.name, cpu))
        return other

    @property
    def takes_dtb(self):
        """QEMU needs a -dtb for this machine (made, or the board's own)."""
        return bool(self.dtb_memory or self.board_dtb)

    def image_path(self, build_dir):
        return os.path.join(build_dir, self.plat, self.image)

    def build_hint(self):
        return "make PLAT=%s" % self.plat

    def check_bootargs(self, bootargs):
        """ValueError when bootargs are given that cannot reach the image."""
        if self.disk:
            bootdisk.check_bootargs(bootargs)
        if bootargs and not self.bootargs:
            raise ValueError("configuration %s boots the ELF (QEMU enters only an ELF at EL3) and QEMU "
                             "gives an ELF no DTB: bootargs '%s' cannot reach the firmware; run it "
                             "with default bootargs, or use another configuration" % (self.name, bootargs))

    def qemu_argv(self, qemu, image, bootargs, dtb=None, semihosting=True, extra=(), disk=None):
        """QEMU's command line; image None: no -kernel (extra loads it).
        With self.disk, disk is the directory bootdisk.make wrote (image and
        bootargs are in it): QEMU shows it as a read-only FAT disk."""
        if self.disk:
            if not disk:
                raise ValueError("configuration %s boots from a disk: no disk directory given"
                                 % self.name)
            image = bootargs = None
        argv = [qemu, "-M", self.machine]
        if self.cpu:
            argv += ["-cpu", self.cpu]
        argv += ["-m", self.memory]
        if self.tb_size:
            argv += ["-accel", "tcg,tb-size=%d" % self.tb_size]
        argv += COMMON_ARGS + (["-semihosting"] if semihosting else [])
        if self.firmware:
            argv += ["-bios", self.firmware]
        if image:
            argv += ["-kernel", image]
        if dtb:
            argv += ["-dtb", dtb]
        if bootargs:
            argv += ["-append", bootargs]
        if self.disk:
            argv += ["-drive", "if=none,format=raw,readonly=on,id=bootdisk,file=fat:" + disk,
                     "-device", "virtio-blk-device,drive=bootdisk"]
        return argv + self.extra + list(extra)

    def expected_header(self):
        """Header fields this configuration must produce (plat from the banner)."""
        return dict(self.header, plat=self.plat)


# tb-size (MiB of translated code), measured 2026-12-06 (QEMU 7.2, virt,
# -cpu max, -m 1G, `policy=fixed suite=sweep`, 243,288 cases; two rounds
# alternating the sizes, under the heavy-run lock, host load average ~4):
#   256:  62,864  69,411 cases/s      512:  60,052 104,209
#   1024: 58,650  77,707              2048: 64,759  57,891
# Again the same day with `suite=bench` (the batched store sweep, 272,564
# cases, and its floor in one run; three rounds, the order of the sizes
# alternating, each run under the lock, host load average 4-6; rounds 1-2
# main's image at 37f336a, round 3 with -O3; batched / floor cases/s =
# ratio):
#   256:  79,446/187,447=0.42  61,491/40,078=1.53   111,028/264,498=0.41
#   512:  42,097/95,269=0.44   104,590/153,781=0.68  88,842/158,656=0.55
#   1024: 48,847/132,293=0.36  47,179/115,966=0.40   87,800/132,256=0.66
#   2048: 69,676/133,540=0.52  53,205/195,679=0.27   91,362/186,489=0.48
#   QEMU's default: 97,922/106,943=0.91  57,354/69,640=0.82  130,015/192,087=0.67
# QEMU 7.2's default buffer on this host (24 GiB) is itself 1 GiB: its rwx
# mapping in /proc/PID/maps is 1024 MiB with and without the option.  So
# "default" and 1024 are one configuration here, and their runs differ as
# much as any two sizes do: the spread is the shared host's, and no size
# is measurably better.  1024 stays: it pins what QEMU picks on a large
# host also on a smaller one, where QEMU's default is smaller (QEMU-NOTES:
# the default 12-40% slower on such a machine).
def _virt(name, cpu, about, machine="virt", el=1, image="Image", **kw):
    return Config(name, machine, cpu, el, "qemu-virt", image, about, tb_size=1024, **kw)


# The table.  name, -cpu, what it is; the machine, entry EL and image where
# they differ from virt's (virt, EL1, the Image).
TABLE = [
    _virt("virt-a53", "cortex-a53", "QEMU virt, Cortex-A53, entry at EL1"),
    _virt("virt-a57", "cortex-a57", "QEMU virt, Cortex-A57, entry at EL1", run_default=True),
    _virt("virt-a72", "cortex-a72", "QEMU virt, Cortex-A72, entry at EL1"),
    _virt("virt-max", "max", "QEMU virt, cpu max (every feature QEMU has), entry at EL1"),
    _virt("virt-el2", "max", "QEMU virt with EL2, cpu max, entry at EL2",
          machine="virt,virtualization=on", el=2, run_default=True),
    # Several cores (issue 14): cpus=all runs on each, PSCI CPU_ON over hvc
    # (EL1 entry) or smc (EL2 entry).
    _virt("virt-a57-smp4", "cortex-a57", "QEMU virt, 4 Cortex-A57 cores, entry at EL1",
          extra=["-smp", "4"]),
    _virt("virt-max-smp4", "max", "QEMU virt, 4 cpu max cores, entry at EL1", extra=["-smp", "4"]),
    _virt("virt-max-smp2", "max", "QEMU virt, 2 cpu max cores, entry at EL1 (make bench)",
          extra=["-smp", "2"]),
    _virt("virt-el2-smp4", "max", "QEMU virt with EL2, 4 cpu max cores, entry at EL2",
          machine="virt,virtualization=on", el=2, extra=["-smp", "4"]),
    _virt("virt-el3", "cortex-a57", "QEMU virt with EL3, Cortex-A57, the ELF entered at EL3 (no DTB: no bootargs)",
          machine="virt,secure=on", el=3, image="pairguard.elf", run_default=True),
    _virt("virt-el3-el2", "max", "QEMU virt with EL3 and EL2, cpu max, the ELF entered at EL3 (no DTB: no bootargs)",
          machine="virt,secure=on,virtualization=on", el=3, image="pairguard.elf"),
    # Measured: the default run takes 44-52 s here, 5x virt's (four
    # emulated cores), against 8-12 s on virt.  tb-size not measured here.
    Config("raspi3b", "raspi3b", None, 2, "rpi3", "kernel8.img",
           "QEMU Raspberry Pi 3B, Cortex-A53, entry at EL2, bootargs by a minimal DTB",
           core="cortex-a53", dtb_memory="0:0x40000000", timeout=300.0, run_default=True),
    # The generic image (one Image for any board that boots an arm64 Linux
    # Image): board facts from the device tree only.
    Config("virt-generic", "virt", "cortex-a57", 1, "generic", "Image",
           "QEMU virt, Cortex-A57, the generic Image with -kernel (loaded at 0x40200000)",
           tb_size=1024, run_default=True, boot_path=True),
    Config("virt-uboot", "virt", "cortex-a57", 1, "generic", "Image",
           "QEMU virt, Cortex-A57, Debian's U-Boot (u-boot-qemu) loading the generic Image "
           "with qfw and starting it with booti (at 0x40400000)",
           tb_size=1024, extra=["-bios", UBOOT_QEMU_ARM64], boot_path=True),
    Config("raspi3b-generic", "raspi3b", None, 2, "generic", "Image",
           "QEMU Raspberry Pi 3B, the generic Image with the Pi 3's own DTB from Debian's kernel "
           "package, console the mini-UART (QEMU's second serial port)",
           core="cortex-a53", board_dtb="broadcom/bcm2837-rpi-3-b.dtb", timeout=300.0,
           extra=["-serial", "null", "-serial", "stdio"], boot_path=True),
]

# UEFI (issue 11): EDK2 for QEMU (Debian qemu-efi-aarch64) starts the generic
# Image as an EFI application: with -kernel it runs the image straight away
# (no boot menu, no countdown) with the -append text as its load options.
# EDK2's own start-up measured here: about 2 s of a run (3.3 s for
# suite=regression against 1.2 s without firmware).  With acpi=off EDK2
# passes QEMU's device tree in its configuration table; by default it gives
# ACPI only, and the console comes from the SPCR table.
EDK2_AARCH64 = "/usr/share/qemu-efi-aarch64/QEMU_EFI.fd"
TABLE += [
    Config("virt-uefi", "virt,acpi=off", "max", 1, "generic", "Image",
           "QEMU virt under UEFI (EDK2), cpu max, the DTB from the EFI configuration table",
           tb_size=1024, firmware=EDK2_AARCH64, boot_path=True),
    Config("virt-uefi-acpi", "virt", "max", 1, "generic", "Image",
           "QEMU virt under UEFI (EDK2) with ACPI only, cpu max, the console from SPCR",
           tb_size=1024, firmware=EDK2_AARCH64, boot_path=True),
    # The same with a GICv3: its MADT gives a GICR range instead of the
    # GICv2's CPU interface (the plug-in watchdog, tests/plugin).
    Config("virt-uefi-acpi-gicv3", "virt,gic-version=3", "max", 1, "generic", "Image",
           "QEMU virt with a GICv3 under UEFI (EDK2) with ACPI only, cpu max, the console "
           "from SPCR, the GIC from the MADT",
           tb_size=1024, firmware=EDK2_AARCH64, boot_path=True),
    # EDK2 itself at EL2: the hand-over turns the MMU off in SCTLR_EL2.
    Config("virt-uefi-el2", "virt,acpi=off,virtualization=on", "max", 2, "generic", "Image",
           "QEMU virt with EL2 under UEFI (EDK2 at EL2), cpu max, the DTB from the EFI "
           "configuration table", tb_size=1024, firmware=EDK2_AARCH64, boot_path=True),
    # U-Boot's bootefi, the way U-Boot-based boards (SystemReady IR, a Pi
    # with U-Boot) start an EFI application: distro boot finds boot.scr on a
    # FAT disk; it sets bootargs (bootefi's load options) and runs
    # `bootefi` on EFI/BOOT/BOOTAA64.EFI with U-Boot's DTB (bootdisk.py).
    Config("virt-uboot-efi", "virt", "cortex-a57", 1, "generic", "Image",
           "QEMU virt, Cortex-A57, Debian's U-Boot starting the generic Image with bootefi "
           "(distro boot: boot.scr on a FAT disk, the image as EFI/BOOT/BOOTAA64.EFI)",
           tb_size=1024, firmware=UBOOT_QEMU_ARM64, disk="u-boot-efi", boot_path=True),
    # U-Boot itself at EL2 (virtualization=on): bootefi enters at EL2.
    Config("virt-uboot-efi-el2", "virt,virtualization=on", "cortex-a57", 2, "generic", "Image",
           "QEMU virt with EL2, Cortex-A57, Debian's U-Boot at EL2 starting the generic Image "
           "with bootefi (as virt-uboot-efi)",
           tb_size=1024, firmware=UBOOT_QEMU_ARM64, disk="u-boot-efi", boot_path=True),
]

# A GICv3 (distributor, one redistributor per core, the system-register CPU
# interface) instead of virt's default GICv2: the plug-in watchdog's and the
# idle sleep's other interrupt controller (tests/plugin).  Like a boot path,
# it proves a board variant of the engine virt-a57 covers: its matrix runs
# the defaults.
TABLE += [
    _virt("virt-gicv3", "cortex-a57", "QEMU virt with a GICv3, Cortex-A57, entry at EL1",
          machine="virt,gic-version=3", boot_path=True),
    _virt("virt-gicv3-smp2", "cortex-a57", "QEMU virt with a GICv3, 2 Cortex-A57 cores, entry at EL1",
          machine="virt,gic-version=3", extra=["-smp", "2"]),
]

class LinuxConfig(Config):
    """pairguard as a Linux process (build/linux/pairguard, `make PLAT=linux`):
    under Debian's qemu-aarch64 (user mode) on any host, or run directly on an
    ARM64 Linux host.  The bootargs are its arguments; stdout is the stream
    and its exit status the run's, as for the firmware."""

    def __init__(self, name, user_cpu, about, core, timeout=DEFAULT_TIMEOUT):
        Config.__init__(self, name, "linux-user" if user_cpu else "linux-native", user_cpu, 0, "linux",
                        "pairguard", about, memory=None, timeout=timeout, core=core)
        self.native = user_cpu is None

    def with_cpu(self, cpu):
        if not cpu or cpu == self.cpu:
            return self
        if self.cpu is None:
            raise ValueError("configuration %s runs on the host's own CPU: no other -cpu" % self.name)
        return Config.with_cpu(self, cpu)

    def qemu_argv(self, qemu, image, bootargs, dtb=None, semihosting=True, extra=(), disk=None):
        """The process's command line (qemu, dtb, semihosting and disk do not apply)."""
        argv = (["qemu-aarch64", "-cpu", self.cpu] if self.cpu else []) + [image]
        return argv + shlex.split(bootargs or "") + list(extra)

    @property
    def header(self):
        h = {"entry-el": "0"}
        if self.core:
            h["cpu"] = self.core
        return h


TABLE += [
    LinuxConfig("linux-user", "max", "the Linux process under qemu-aarch64 (user mode), cpu max", "qemu-max"),
    # The host's own CPU: its name comes from its MIDR, whatever it is.
    LinuxConfig("linux-native", None, "the Linux process run directly on an ARM64 Linux host", None,
                timeout=600.0),
]
CONFIGS = {c.name: c for c in TABLE}

DEFAULT_CONFIG = "virt-a57"


def names():
    return list(CONFIGS)


def get(name):
    """The named configuration; ValueError naming the accepted ones."""
    if name not in CONFIGS:
        raise ValueError("unknown configuration '%s' (accepted: %s)" % (name, ", ".join(CONFIGS)))
    return CONFIGS[name]


def for_plat(plat, el=None):
    """What `make run PLAT=plat [EL=el]` boots: the plat's run default for
    that entry EL (without el: its first).  ValueError naming the accepted."""
    defaults = [c for c in TABLE if c.run_default]
    plats = sorted({c.plat for c in defaults})
    if plat not in plats:
        raise ValueError("no QEMU configuration for PLAT=%s (accepted: %s)" % (plat, ", ".join(plats)))
    mine = [c for c in defaults if c.plat == plat]
    if el is None:
        return mine[0]
    for c in mine:
        if str(c.el) == str(el):
            return c
    raise ValueError("PLAT=%s has no QEMU configuration entering at EL=%s (accepted EL: %s)"
                     % (plat, el, " ".join(str(c.el) for c in mine)))


def shell_line(argv):
    """argv as one shell-quoted line (what --print-cmd prints)."""
    return " ".join(shlex.quote(a) for a in argv)
