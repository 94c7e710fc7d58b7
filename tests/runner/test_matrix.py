"""Matrices: the matrix file's syntax, tests/fw/matrix.txt itself, and whole
matrix runs on the fake QEMU (verdicts, exit status, JUnit, artefacts)."""

import os
import unittest

from runnertest import ROOT, RunnerCase
from pgrun import configs, matrix


def parse(text, path):
    with open(path, "w") as f:
        f.write(text)
    return matrix.load(path)


class MatrixFile(RunnerCase):
    def test_entries(self):
        entries = parse('# comment\n'
                        'test,smoke virt-a57 "policy=fixed seed=7" pass  # trailing comment\n'
                        '\n'
                        'all raspi3b - fail class=fusion bytes=496..503:clobbered timeout=300 name=pi-bad\n',
                        self.path("m.txt"))
        a, b = entries
        self.assertEqual(a.matrices, {"test", "smoke", "all"})
        self.assertEqual((a.config.name, a.bootargs, a.name, a.timeout), ("virt-a57", "policy=fixed seed=7",
                                                                       "virt-a57 policy=fixed seed=7", None))
        self.assertEqual((b.bootargs, b.name, b.timeout, b.expect.outcome), ("", "pi-bad", 300.0, "fail"))
        self.assertEqual(b.expect.bytes, [(496, 503, "clobbered")])
        self.assertEqual([e.name for e in matrix.select(entries, "all")], [a.name, "pi-bad"])
        self.assertEqual(matrix.names(entries), ["all", "smoke", "test"])

    def test_errors_name_file_line_and_accepted_values(self):
        for text, fragment in {
            "test virt-a99 - pass": "m.txt:1: unknown configuration 'virt-a99' (accepted: virt-a53,",
            "test virt-a57 - perhaps": "m.txt:1: an expectation starts with 'pass' or 'fail'",
            "test virt-a57 - pass class=fusion": "only makes sense after 'fail'",
            "Test virt-a57 - pass": "bad matrix name 'Test'",
            "test virt-a57 -": "needs MATRICES CONFIG BOOTARGS EXPECTATION",
            "test virt-a57 - pass timeout=0": "'timeout=0' needs a positive number",
            'test virt-a57 "policy=fixed pass': "No closing quotation",
            "test virt-a57 - pass\ntest virt-a57 - pass": "m.txt:2: entry 'virt-a57' already defined at",
            "test virt-el3 policy=none pass": "bootargs 'policy=none' cannot reach the firmware",
        }.items():
            with self.subTest(text):
                with self.assertRaises(matrix.MatrixError) as cm:
                    parse(text + "\n", self.path("m.txt"))
                self.assertIn(fragment, str(cm.exception))

    def test_unknown_matrix_lists_the_accepted(self):
        entries = parse("test virt-a57 - pass\n", self.path("m.txt"))
        with self.assertRaises(matrix.MatrixError) as cm:
            matrix.select(entries, "nightly")
        self.assertIn("unknown matrix 'nightly' (accepted: all, test)", str(cm.exception))

    def test_the_project_matrix(self):
        entries = matrix.load(os.path.join(ROOT, "tests", "fw", "matrix.txt"))
        test = matrix.select(entries, "test")
        self.assertEqual(len(matrix.select(entries, "all")), len(entries))
        def several_cores(c):
            return "-smp" in configs.get(c).extra

        # A configuration with several cores (issue 14) is proven per core:
        # a cpus=all run in `test` (its one-core runs are its base's).
        for config in (c for c in configs.names() if several_cores(c)):
            self.assertTrue(any(e.config.name == config and "cpus=all" in e.bootargs.split()
                                for e in test), config)
        # The Linux process's configurations have matrix `linux`
        # (tests/linux/test-linux); linux-native needs an ARM64 host.
        linux = matrix.select(entries, "linux")
        here = [c for c in configs.names() if not configs.get(c).native and not several_cores(c)]
        for config in (c for c in here if configs.get(c).bootargs):
            if configs.get(config).boot_path:   # its defaults: below, and tests/fw/test-boot
                continue
            for policy in ("fixed", "none"):
                chosen = linux if configs.get(config).plat == "linux" else test
                self.assertTrue(any(e.config.name == config and "policy=%s" % policy in e.bootargs.split()
                                    and e.expect.outcome == "pass" for e in chosen), (config, policy))
        self.assertTrue(any(e.expect.outcome == "fail" for e in test))
        for config in here:                 # the defaults run everywhere
            self.assertTrue(any(e.config.name == config and e.bootargs == "" for e in matrix.select(entries, "all")),
                            config)


class MatrixRuns(RunnerCase):
    MIXED = """\
m virt-a57  "stream=pass"                 pass
m virt-a57  "stream=fail"                 fail groups=sweep/* class=fusion word=a91e827e bytes=496..503:clobbered
m raspi3b   "stream=board-pi"             pass
m virt-a57  "stream=pass n=2"             fail
m virt-a57  "stream=fail n=3"             fail bytes=0..7:clobbered
m virt-a57  "stream=truncated mode=hang"  pass timeout=1
m virt-a57  "stream=bailout"              pass
"""

    def run_matrix(self, text, *extra):
        path = self.path("m.txt")
        with open(path, "w") as f:
            f.write(text)
        out_dir = self.path("out")
        rc, out, err = self.cli("--matrix", "m", "--matrix-file", path, "--qemu", os.path.join(
            os.path.dirname(__file__), "fake-qemu"), "--build", self.build, "--out", out_dir,
            "--no-progress", "--count-line", "--dtb", self.dtb, *extra)
        return rc, out, err, out_dir

    def test_mixed_matrix(self):
        rc, out, err, out_dir = self.run_matrix(self.MIXED)
        self.assertEqual(rc, 2, out + err)     # some run could not complete
        self.assertEqual(out.splitlines()[-1], "3 passed, 4 failed")
        self.assertIn("matrix m: 3 met their expectation, 2 failed, 2 could not run", out)
        self.assertRegex(out, r"ok +virt-a57 stream=fail +failed as expected")
        self.assertRegex(out, r"FAILED +virt-a57 stream=pass n=2 +expected fail: expected failure did not happen")
        self.assertRegex(out, r"ERROR +virt-a57 stream=truncated mode=hang +timeout after 1 s")
        self.assertRegex(out, r"ERROR +virt-a57 stream=bailout +firmware bailed out")
        root = self.junit(os.path.join(out_dir, "junit.xml"), 7)
        suites = {s.get("name"): s for s in root.findall("testsuite")}
        met = self.cases(suites["virt-a57 stream=fail"])
        self.assertIn("sweep/STRx/prev-below [expected failure]", met)
        self.assertIsNone(met["expectation"].find("failure"))
        unmet = self.cases(suites["virt-a57 stream=fail n=3"])
        self.assertIn("{from: 0, to: 7, what: clobbered}", unmet["expectation"].find("failure").get("message"))
        self.assertIsNotNone(unmet["sweep/STRx/prev-below"].find("failure"))
        self.assertIn("U-Boot 2023.01", suites["raspi3b stream=board-pi"].find("system-out").text)
        hang = self.cases(suites["virt-a57 stream=truncated mode=hang"])
        self.assertIn("timeout after 1 s", hang["run"].find("error").get("message"))
        uart = sorted(os.listdir(os.path.join(out_dir, "uart")))
        self.assertEqual(len(uart), 7)
        self.assertEqual(uart[0], "01-virt-a57-stream-pass.log")
        with open(os.path.join(out_dir, "matrix.tap")) as f:
            tap = f.read()
        self.assertIn("1..7\nok 1 - virt-a57 stream=pass\n", tap)
        self.assertIn("not ok 6 - virt-a57 stream=truncated mode=hang\n  ---\n  outcome: ERROR", tap)

    def test_all_met_is_exit_0_and_unmet_is_exit_1(self):
        good = "\n".join(self.MIXED.splitlines()[:3]) + "\n"
        rc, out, err, _ = self.run_matrix(good, "-j", "1")
        self.assertEqual(rc, 0, out + err)
        self.assertEqual(out.splitlines()[-1], "3 passed, 0 failed")
        unmet = self.MIXED.splitlines()[3] + "\n"
        rc, out, err, _ = self.run_matrix(unmet)
        self.assertEqual(rc, 1, out + err)
        self.assertEqual(out.splitlines()[-1], "0 passed, 1 failed")

    def test_budget_bounds_the_whole_matrix(self):
        hangs = "".join('m virt-a57 "stream=truncated mode=hang n=%d" pass timeout=60\n' % k for k in range(3))
        rc, out, err, _ = self.run_matrix(hangs, "-j", "1", "--budget", "1")
        self.assertEqual(rc, 2, out + err)
        self.assertIn("timeout after 1 s", out)
        self.assertEqual(out.count("not run: the matrix's budget of 1 s was used up"), 2)
        self.assertEqual(out.splitlines()[-1], "0 passed, 3 failed")

    def test_missing_image_is_an_error_not_a_pass(self):
        os.remove(os.path.join(self.build, "rpi3", "kernel8.img"))
        rc, out, err, out_dir = self.run_matrix('m raspi3b "stream=board-pi" pass\n')
        self.assertEqual(rc, 2, out + err)
        self.assertIn("rpi3/kernel8.img not found (build it with 'make PLAT=rpi3')", out)
        self.assertEqual(out.splitlines()[-1], "0 passed, 1 failed")
        self.junit(os.path.join(out_dir, "junit.xml"), 1)


if __name__ == "__main__":
    unittest.main()
