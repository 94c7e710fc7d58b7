"""The boot disk of a configuration whose firmware finds the image on a disk
(Config.disk), as a board's boot loader does.

Layout "u-boot-efi" (configuration virt-uboot-efi): a directory that QEMU
exposes as a read-only FAT disk (vvfat: `-drive file=fat:DIR`, one MBR
partition) on virtio-blk, holding

    EFI/BOOT/BOOTAA64.EFI   a copy of the image (the removable-media path
                            of UEFI 2.10 3.5.1.1)
    boot.scr                a U-Boot script (mkimage, Debian u-boot-tools)

U-Boot 2023.01's distro boot (include/config_distro_bootcmd.h) scans each
disk's partitions for boot.scr before its EFI fallback and runs it.  The
script sets `bootargs`, which bootefi hands to the application as its
LOADED_IMAGE load options (cmd/bootefi.c, efi_env_set_load_options, UTF-8
to UTF-16), loads the image (the `load` that tells bootefi the image's
size and device path) and runs `bootefi ${kernel_addr_r}
${fdtcontroladdr}`: U-Boot's own device tree (QEMU's, as U-Boot patched it)
in the EFI configuration table.  If the image is missing, or bootefi
returns (the application refused to start), the script says so and powers
the machine off: QEMU exits instead of U-Boot waiting at its prompt.

A run makes its own directory (the bootargs are in it) and removes it
after; --print-cmd writes one under BUILD/runner/ that stays.
"""

import contextlib
import os
import shutil
import subprocess
import tempfile

MKIMAGE = "mkimage"
EFI_PATH = "EFI/BOOT/BOOTAA64.EFI"
LAYOUTS = ("u-boot-efi",)

# The script's text; %(bootargs)s is single-quoted for U-Boot's shell.
SCRIPT = """\
setenv bootargs '%(bootargs)s'
echo pairguard boot.scr: bootargs "${bootargs}"
if load ${devtype} ${devnum}:${distro_bootpart} ${kernel_addr_r} %(efi)s; then
  bootefi ${kernel_addr_r} ${fdtcontroladdr}
  echo pairguard boot.scr: bootefi returned: the application did not start, powering off
else
  echo pairguard boot.scr: no %(efi)s on ${devtype} ${devnum}:${distro_bootpart}, powering off
fi
poweroff
"""


def check_bootargs(bootargs):
    """ValueError when bootargs cannot be written into the script."""
    bad = [c for c in (bootargs or "") if c in "'\n\r" or not c.isprintable()]
    if bad:
        raise ValueError("bootargs '%s' contain %r, which the U-Boot script cannot quote "
                         "(accepted: printable characters other than ')" % (bootargs, bad[0]))


def make(layout, image, bootargs, directory, with_image=True, with_script=True):
    """Write the disk's files into directory (created if missing) and return
    it.  with_image False leaves the image out (a control: the boot must
    fail, saying so); with_script False the script (U-Boot's distro boot
    then starts EFI/BOOT/BOOTAA64.EFI itself, its removable-media fallback,
    with no load options: no bootargs).  ValueError saying why when it
    cannot be made."""
    if layout not in LAYOUTS:
        raise ValueError("unknown boot disk layout '%s' (accepted: %s)" % (layout, ", ".join(LAYOUTS)))
    check_bootargs(bootargs)
    if not with_script and bootargs:
        raise ValueError("bootargs '%s': without the boot script nothing passes them" % bootargs)
    mkimage = shutil.which(MKIMAGE)
    if not mkimage:
        raise ValueError("%s not found: the boot script needs Debian's u-boot-tools "
                         "(tools/setup installs it)" % MKIMAGE)
    efi = os.path.join(directory, EFI_PATH)
    if os.path.isdir(directory):
        shutil.rmtree(directory)
    os.makedirs(os.path.dirname(efi))
    if with_image:
        shutil.copyfile(image, efi)
    if not with_script:
        return directory
    source = os.path.join(directory, "boot.cmd")
    with open(source, "w", encoding="utf-8") as f:
        f.write(SCRIPT % {"bootargs": bootargs or "", "efi": EFI_PATH})
    p = subprocess.run([mkimage, "-A", "arm64", "-O", "linux", "-T", "script", "-C", "none",
                        "-n", "pairguard", "-d", source, os.path.join(directory, "boot.scr")],
                       capture_output=True, text=True)
    if p.returncode != 0:
        raise ValueError("cannot make the boot script: %s failed: %s"
                         % (MKIMAGE, (p.stderr or p.stdout).strip()))
    return directory


@contextlib.contextmanager
def temporary(layout, image, bootargs, parent=None, with_image=True):
    """A fresh disk directory for one run, removed after it."""
    directory = tempfile.mkdtemp(prefix="pg-disk-", dir=parent)
    try:
        yield make(layout, image, bootargs, directory, with_image)
    finally:
        shutil.rmtree(directory, ignore_errors=True)
