"""pairguard-run against the real qemu-system-aarch64, on a stub image that
prints a recorded stream (tests/runner/stub/stub.S): every configuration's
command line boots, the UART reaches the runner, semihosting's exit status
comes through, and a hung QEMU is killed at the timeout."""

import os
import re
import shutil
import subprocess
import unittest

from runnertest import ROOT, RunnerCase, process_dead, stream_bytes
from pgrun import configs

STUB = os.path.join(os.path.dirname(os.path.abspath(__file__)), "stub", "stub.S")
STUB_BUILD = os.path.join(ROOT, "build", "runner-stub")
UART = {"qemu-virt": ["-DUART_BASE=0x09000000"], "rpi3": ["-DUART_BASE=0x3F201000"]}
# The generic image writes to the console its device tree names: virt's
# PL011, the Pi 3's mini-UART (QEMU's second serial port on raspi3b).
GENERIC_UART = {"virt": UART["qemu-virt"], "raspi3b": ["-DUART_BASE=0x3F215040", "-DUART_MINI"]}
MIDR = {"cortex-a53": "0x410fd034", "cortex-a57": "0x411fd070", "cortex-a72": "0x410fd083",
        "qemu-max": "0x000f0510"}
HEADER = "el=1 entry-el=1 midr=0x411fd070 cpu=cortex-a57"


def cross_prefix():
    """The Makefile's choice: $CROSS_COMPILE, else aarch64-none-elf- if present."""
    if os.environ.get("CROSS_COMPILE"):
        return os.environ["CROSS_COMPILE"]
    return "aarch64-none-elf-" if shutil.which("aarch64-none-elf-gcc") else "aarch64-linux-gnu-"


def stream_for(config, name, bootargs):
    """A recorded stream made to claim the configuration's plat, core and
    entry EL, echoing the bootargs the test passes (the stub cannot read them)."""
    text = stream_bytes(name).decode().replace("plat=qemu-virt", "plat=" + config.plat)
    cpu, el = config.header["cpu"], config.header["entry-el"]
    assert HEADER in text
    text = text.replace(HEADER, "el=1 entry-el=%s midr=%s cpu=%s" % (el, MIDR[cpu], cpu))
    if bootargs:
        text = text.replace("batch=256\n", "batch=256\n# cmdline: %s\n" % bootargs, 1)
    return text


def build_stub(config, stream, exit_code, hang=False, bootargs=""):
    """Assemble and link the stub; returns the file QEMU boots (ELF for EL3)."""
    os.makedirs(STUB_BUILD, exist_ok=True)
    tag = "%s-%s-%d%s" % (config.name, stream, exit_code, "-hang" if hang else "")
    stream_file = os.path.join(STUB_BUILD, tag + ".log")
    with open(stream_file, "w") as f:
        f.write(stream_for(config, stream, bootargs))
    elf, image = os.path.join(STUB_BUILD, tag + ".elf"), os.path.join(STUB_BUILD, tag + ".img")
    cc = cross_prefix()
    # Position independent: linked in virt's RAM so that the ELF (EL3) loads there.
    cmd = [cc + "gcc", "-nostdlib", "-nostartfiles", "-static", "-Wl,-Ttext=0x40080000", "-Wl,--build-id=none",
           *(GENERIC_UART[config.machine] if config.plat == "generic" else UART[config.plat]),
           '-DSTREAM="%s"' % stream_file, "-DEXIT_CODE=%d" % exit_code,
           "-o", elf, STUB] + (["-DHANG"] if hang else [])
    subprocess.run(cmd, check=True, capture_output=True)
    subprocess.run([cc + "objcopy", "-O", "binary", elf, image], check=True, capture_output=True)
    return elf if config.image.endswith(".elf") else image


def any_dtb():
    """A valid device tree for raspi3b's -dtb: QEMU's own for virt (the stub
    ignores it; what counts is that QEMU takes -dtb and boots)."""
    path = os.path.join(STUB_BUILD, "virt.dtb")
    if not os.path.isfile(path):
        subprocess.run([configs.DEFAULT_QEMU, "-M", "virt", "-nic", "none", "-machine",
                        "dumpdtb=" + path],
                       check=True, capture_output=True)
    return path


class RealQemu(RunnerCase):
    def setUp(self):
        super().setUp()
        for tool in (configs.DEFAULT_QEMU, cross_prefix() + "gcc"):
            # Setup installs both; their absence is a failure, not a skip.
            self.assertIsNotNone(shutil.which(tool), "%s not found: run tools/setup" % tool)

    def run_stub(self, config, image, *extra):
        dtb = ["--dtb", any_dtb()] if configs.get(config).dtb_memory else []
        return self.cli("--config", config, "--image", image, "--no-progress", "--timeout", "30", *dtb, *extra)

    def test_every_configuration_boots_and_passes(self):
        for name, config in configs.CONFIGS.items():
            if isinstance(config, configs.LinuxConfig):
                continue    # the Linux process, not a QEMU image: tests/linux/test-linux
            if config.firmware:
                # UEFI firmware starts only an EFI application, which the
                # stub is not: tests/fw/test-uefi boots these configurations
                # with the real image.
                continue
            with self.subTest(name):
                xml = self.path(name + ".xml")
                bootargs = "policy=fixed seed=1" if config.bootargs else ""
                rc, out, err = self.run_stub(name, build_stub(config, "pass", 0, bootargs=bootargs), "--junit", xml,
                                             "--args", bootargs)
                self.assertEqual(rc, 0, out + err)
                self.assertRegex(out, r"PASS +%s +4 groups, 6100 cases" % re.escape((name + " " + bootargs).strip()))
                self.assertEqual(self.junit(xml, 1)[0].get("tests"), "4")

    def test_failure_exit_status_comes_through(self):
        config = configs.get("virt-a57")
        rc, out, err = self.run_stub("virt-a57", build_stub(config, "fail", 1))
        self.assertEqual(rc, 1, out + err)
        self.assertIn("bytes 496..503 clobbered", out)

    def test_exit_status_mismatch_with_real_qemu(self):
        config = configs.get("raspi3b")
        rc, out, err = self.run_stub("raspi3b", build_stub(config, "pass", 3))
        self.assertEqual(rc, 2, out + err)
        self.assertIn("QEMU exited with status 3 but the status line says exit=0", out)

    def test_hung_qemu_is_killed(self):
        config = configs.get("virt-a53")
        image = build_stub(config, "truncated", 0, hang=True)
        rc, out, err = self.run_stub("virt-a53", image, "--timeout", "1")
        self.assertEqual(rc, 2, out + err)
        self.assertIn("timeout after 1 s: QEMU (process group", out)
        pid = int(out.split("process group ")[1].split(")")[0])
        self.assertTrue(process_dead(pid), "QEMU %d survived the timeout" % pid)


if __name__ == "__main__":
    unittest.main()
