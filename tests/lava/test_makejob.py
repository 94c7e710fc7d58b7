"""tools/lava/make-job: the jobs it writes, LAVA's schema on them, its errors."""

import os
import subprocess
import sys
import tempfile
import unittest

import yaml
from lava_common.schemas import validate
from voluptuous import Invalid

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
MAKE_JOB = os.path.join(ROOT, "tools", "lava", "make-job")
IMAGE_URL = "https://lab.example/pairguard/Image"
DTB_URL = "https://lab.example/dtbs/bcm2711-rpi-4-b.dtb"


def make_job(*args):
    """(exit status, stdout, stderr) of make-job."""
    p = subprocess.run([sys.executable, MAKE_JOB] + list(args), capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


class MakeJobCase(unittest.TestCase):
    def job(self, *args):
        rc, out, err = make_job(*args)
        self.assertEqual(rc, 0, err)
        self.assertEqual(err, "")
        return yaml.safe_load(out)

    def action(self, job, kind):
        return next(a[kind] for a in job["actions"] if kind in a)

    def bad(self, *args, says=()):
        """make-job must refuse args with exit 2, naming what is wrong."""
        rc, out, err = make_job(*args)
        self.assertEqual(rc, 2, "accepted %s" % (args,))
        self.assertEqual(out, "")
        self.assertTrue(err.startswith("make-job: error: "), err)
        for text in says:
            self.assertIn(text, err)


class TestJobs(MakeJobCase):
    def test_qemu_job(self):
        job = self.job("--image", IMAGE_URL, "--bootargs", "policy=fixed  seed=7")
        self.assertEqual(job["device_type"], "qemu")
        deploy = self.action(job, "deploy")
        self.assertEqual(deploy["to"], "tmpfs")
        self.assertEqual(deploy["images"]["kernel"],
                         {"url": IMAGE_URL, "image_arg": '-kernel {kernel} -append "policy=fixed seed=7"'})
        self.assertEqual(self.action(job, "boot")["method"], "qemu")
        monitors = self.action(job, "test")["monitors"]
        self.assertEqual([m["name"] for m in monitors], ["pairguard", "pairguard-summary"])

    def test_no_bootargs_no_append(self):
        job = self.job("--image", IMAGE_URL)
        self.assertEqual(self.action(job, "deploy")["images"]["kernel"]["image_arg"], "-kernel {kernel}")

    def test_local_file_becomes_file_url(self):
        with tempfile.NamedTemporaryFile(suffix="Image") as f:
            job = self.job("--image", f.name)
            self.assertEqual(self.action(job, "deploy")["images"]["kernel"]["url"], "file://" + f.name)

    def test_timeouts_follow_the_suites(self):
        def test_minutes(bootargs):
            job = self.job("--image", IMAGE_URL, "--bootargs", bootargs)
            minutes = self.action(job, "test")["timeout"]["minutes"]
            self.assertEqual(job["timeouts"]["connections"]["lava-test-monitor"]["minutes"], minutes)
            self.assertEqual(job["timeouts"]["job"]["minutes"], 2 + 1 + minutes + 2)
            return minutes
        self.assertEqual(test_minutes(""), 1 + 3 + 2)                     # regression, sweep, random
        self.assertEqual(test_minutes("suite=forms"), 1)
        self.assertEqual(test_minutes("suite=regression"), 1)
        self.assertEqual(test_minutes("suite=sweep bases=x0,x1,sp"), 3 * 3)
        self.assertEqual(test_minutes("pg.suite=sweep,random bases=all"), 3 * 32 + 2)
        job = self.job("--image", IMAGE_URL, "--bootargs", "suite=bench", "--timeout", "45")
        self.assertEqual(self.action(job, "test")["timeout"]["minutes"], 45)

    def test_u_boot_job(self):
        job = self.job("--boot", "u-boot", "--device-type", "bcm2711-rpi-4-b", "--image", IMAGE_URL,
                       "--dtb", DTB_URL, "--bootargs", "policy=fixed")
        self.assertEqual(job["device_type"], "bcm2711-rpi-4-b")
        deploy = self.action(job, "deploy")
        self.assertEqual((deploy["to"], deploy["kernel"], deploy["dtb"]),
                         ("tftp", {"url": IMAGE_URL, "type": "image"}, {"url": DTB_URL}))
        boot = self.action(job, "boot")
        self.assertIn("setenv bootargs 'policy=fixed'", boot["commands"])
        self.assertEqual(boot["commands"][-1], "booti {KERNEL_ADDR} - {DTB_ADDR}")

    def test_uefi_job(self):
        job = self.job("--boot", "uefi", "--device-type", "juno", "--image", IMAGE_URL, "--bootargs", "seed=3")
        boot = self.action(job, "boot")
        self.assertEqual(boot["method"], "uefi")
        self.assertEqual(boot["commands"][-1], "pairguard.efi seed=3")

    def test_uefi_local_image_is_an_efi_application(self):
        # The generic image (its PE/COFF header) is taken; a board image,
        # linked for one address and without one, is refused by name.
        with tempfile.TemporaryDirectory() as d:
            good, bad = os.path.join(d, "Image"), os.path.join(d, "board.img")
            head = bytearray(4096)
            head[0:2] = b"MZ"
            head[0x3c:0x40] = (0x40).to_bytes(4, "little")
            head[0x40:0x44] = b"PE\0\0"
            head[0x58:0x5a] = (0x20b).to_bytes(2, "little")
            head[0x58 + 68:0x58 + 70] = (10).to_bytes(2, "little")
            with open(good, "wb") as f:
                f.write(head)
            job = self.job("--boot", "uefi", "--device-type", "juno", "--image", good)
            self.assertTrue(self.action(job, "deploy")["kernel"]["url"].startswith("file://"))
            head[0x58 + 68] = 3          # a Windows console program, not an EFI application
            with open(bad, "wb") as f:
                f.write(head)
            self.bad("--boot", "uefi", "--device-type", "juno", "--image", bad,
                     says=("'%s' is not a UEFI application" % bad, "not a PE32+ EFI application",
                           "build/generic/Image"))
            with open(bad, "wb") as f:
                f.write(b"\x00" * 4096)
            self.bad("--boot", "uefi", "--device-type", "juno", "--image", bad, says=("no 'MZ'",))
            # The qemu boot takes any image.
            self.job("--image", bad)

    def test_output_file(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "job.yaml")
            rc, out, err = make_job("--image", IMAGE_URL, "-o", path)
            self.assertEqual((rc, out, err), (0, "", ""))
            with open(path) as f:
                self.assertEqual(yaml.safe_load(f)["device_type"], "qemu")


class TestLavaSchema(MakeJobCase):
    """Every job make-job writes passes LAVA's own job schema (lava_common,
    as the server and lava-run use it)."""

    JOBS = {
        "qemu": ("--image", IMAGE_URL, "--bootargs", "policy=luajit-pre1075 suite=regression,sweep"),
        "u-boot": ("--boot", "u-boot", "--device-type", "bcm2711-rpi-4-b", "--image", IMAGE_URL, "--dtb", DTB_URL),
        "uefi": ("--boot", "uefi", "--device-type", "juno", "--image", IMAGE_URL, "--bootargs", "policy=fixed"),
    }

    def test_every_boot_validates(self):
        for boot, args in self.JOBS.items():
            with self.subTest(boot=boot):
                validate(self.job(*args), strict=True)

    def test_schema_rejects_a_broken_job(self):
        # Known-bad control: the schema check is not a rubber stamp.
        for boot, args in self.JOBS.items():
            with self.subTest(boot=boot):
                job = self.job(*args)
                del self.action(job, "test")["monitors"][0]["start"]
                with self.assertRaises(Invalid):
                    validate(job, strict=True)


class TestErrors(MakeJobCase):
    def test_bad_boot(self):
        self.bad("--boot", "grub", "--image", IMAGE_URL, says=("'grub'", "qemu, u-boot, uefi"))

    def test_board_needs_device_type(self):
        self.bad("--boot", "u-boot", "--image", IMAGE_URL, "--dtb", DTB_URL, says=("--device-type",))
        self.bad("--boot", "uefi", "--image", IMAGE_URL, says=("--device-type",))

    def test_bad_device_type(self):
        self.bad("--device-type", "rpi 4", "--image", IMAGE_URL, says=("'rpi 4'", "letters, digits"))

    def test_missing_image_file(self):
        self.bad("--image", "/no/such/Image", says=("'/no/such/Image'", "no such file", "http, https, file, scp"))

    def test_bad_url_scheme(self):
        self.bad("--image", "ftp://lab/Image", says=("'ftp'", "http, https, file, scp"))
        self.bad("--image", "https://lab/", says=("names no file",))

    def test_u_boot_takes_only_a_relocatable_image(self):
        with tempfile.TemporaryDirectory() as tmp:
            self.relocatable_only(tmp)

    def relocatable_only(self, tmp):
        def image(name, flags, magic=b"ARM\x64"):
            path = os.path.join(tmp, name)
            head = bytearray(64)
            head[0x18:0x20] = flags.to_bytes(8, "little")
            head[0x38:0x3c] = magic
            with open(path, "wb") as f:
                f.write(bytes(head) + bytes(64))
            return path

        args = ("--boot", "u-boot", "--device-type", "rpi4", "--dtb", DTB_URL, "--image")
        board = image("kernel8.img", 0x2)
        self.bad(*args, board, says=("'%s'" % board, "flags 0x2", "bit 3 clear", "build/generic/Image"))
        other = image("zImage", 0xa, magic=b"\0\0\0\0")
        self.bad(*args, other, says=("'%s'" % other, "not an arm64 Image", "build/generic/Image"))
        job = self.job(*args, image("Image", 0xa))
        self.assertTrue(self.action(job, "deploy")["kernel"]["url"].startswith("file://"))

    def test_dtb_rules(self):
        self.bad("--boot", "u-boot", "--device-type", "rpi4", "--image", IMAGE_URL, says=("--dtb",))
        self.bad("--image", IMAGE_URL, "--dtb", DTB_URL, says=("--dtb applies to --boot u-boot only",))

    def test_bad_suite(self):
        self.bad("--image", IMAGE_URL, "--bootargs", "suite=regression,swep",
                 says=("'swep'", "regression, sweep, random, forms, loads, xpub, memtypes, bench, selftest, canary, crash, overflow"))

    def test_bootargs_that_cannot_be_carried(self):
        for bad in ('policy="fixed"', "seed=1;reboot", "a\\b", "seed=$x", "ctl\x01"):
            with self.subTest(bootargs=bad):
                self.bad("--image", IMAGE_URL, "--bootargs", bad, says=("--bootargs", "not allowed"))

    def test_bad_timeout(self):
        self.bad("--image", IMAGE_URL, "--timeout", "ten", says=("'ten'", "whole number of minutes"))
        self.bad("--image", IMAGE_URL, "--timeout", "0", says=("minutes must be 1..1440",))
        self.bad("--image", IMAGE_URL, "--timeout", "99999", says=("99999",))


if __name__ == "__main__":
    unittest.main()
