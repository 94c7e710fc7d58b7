"""tools/pairguard-run end to end: recorded logs, a fake QEMU (tests/runner/
fake-qemu) that prints a stream, hangs, dies or fails to start, bad
arguments.  Each checks the verdict, the exit status and the JUnit XML read
back with xml.etree."""

import io
import os
import shlex
import subprocess
import sys
import time
import unittest

from runnertest import FAKE_QEMU, ROOT, RUNNER, STREAMS, RunnerCase, process_dead, stream_bytes
from pgrun import configs, dtb
from pgrun.progress import Progress


def log(name):
    return os.path.join(STREAMS, name + ".log")


class Logs(RunnerCase):
    def test_passing_log(self):
        xml, tap = self.path("r.xml"), self.path("r.tap")
        rc, out, err = self.cli("--log", log("pass"), "--junit", xml, "--tap", tap, "--count-line")
        self.assertEqual(rc, 0, out + err)
        self.assertRegex(out, r"PASS +pass.log +4 groups, 6100 cases")
        self.assertEqual(out.splitlines()[-1], "4 passed, 0 failed")
        suite = self.junit(xml, 1)[0]
        self.assertEqual((suite.get("tests"), suite.get("failures"), suite.get("errors")), ("4", "0", "0"))
        self.assertIn("regression/STRx/kong", self.cases(suite))
        with open(tap) as f:
            lines = f.read().splitlines()
        self.assertEqual(lines[:1] + lines[2:4], ["TAP version 13", "1..4", "ok 1 - regression/STRx/kong # cases=2"])
        self.assertFalse(any("progress" in l for l in lines))

    def test_failing_log_with_diagnostics(self):
        xml = self.path("r.xml")
        rc, out, err = self.cli("--log", log("fail"), "--junit", xml, "--count-line")
        self.assertEqual(rc, 1, out + err)
        self.assertIn("not ok 2 sweep/STRx/prev-below: 64 of 4096 cases failed", out)
        self.assertIn("bytes 496..503 clobbered: expected a5a5a5a5a5a5a5a5, actual 0001020304050607", out)
        self.assertIn("emitted a91e827e  stp x30, x0, [x19, #488]", out)
        self.assertEqual(out.splitlines()[-1], "2 passed, 1 failed")
        suite = self.junit(xml, 1)[0]
        self.assertEqual((suite.get("tests"), suite.get("failures"), suite.get("errors")), ("3", "1", "0"))
        failure = self.cases(suite)["sweep/STRx/prev-below"].find("failure")
        self.assertEqual(failure.get("message"), "64 of 4096 cases failed")
        self.assertIn("{from: 496, to: 503, what: clobbered", failure.text)
        self.assertIn("class: fusion", failure.text)

    def test_per_core_log(self):
        """A per-core run: a summary line per core, one JUnit testsuite per
        core with its identity, and the expectations cores= and per-core=."""
        xml = self.path("r.xml")
        rc, out, err = self.cli("--log", log("fw-cores"), "--junit", xml)
        self.assertEqual(rc, 1, out + err)
        self.assertIn("    cpu0 mpidr 0x80000000 midr 0x000f0510 revidr 0x0: 13 groups (4 failed), "
                      "25 cases (4 failed)", out)
        self.assertIn("    cpu2 down: not started: the test hook nostart= skipped its start: "
                      "1 groups (1 failed), 1 cases (1 failed)", out)
        suites = self.junit(xml, 3)
        self.assertEqual([s.get("name").rsplit("/", 1)[1] for s in suites], ["cpu0", "cpu1", "cpu2"])
        self.assertEqual([(s.get("tests"), s.get("failures")) for s in suites],
                         [("13", "4"), ("13", "4"), ("1", "1")])
        props = {p.get("name"): p.get("value") for p in suites[1].find("properties")}
        self.assertEqual(props["core.mpidr"], "0x80000001")
        self.assertIn("cpu1/regression/STRx/kong", self.cases(suites[1]))
        # Two cores up of three; the two that ran failed alike.
        rc, out, err = self.cli("--log", log("fw-cores"), "--expect", "fail per-core=same")
        self.assertEqual(rc, 0, out + err)
        rc, out, err = self.cli("--log", log("fw-cores"), "--expect", "fail cores=3")
        self.assertEqual(rc, 1, out + err)
        self.assertIn("expected 3 cores up, the run shows 2 up of 3", out)
        rc, out, err = self.cli("--log", log("fw-cores"), "--expect", "fail cores=2")
        self.assertEqual(rc, 1, out + err)
        # A core that failed otherwise is named (the log edited: cpu1 failed
        # another group than cpu0).
        with open(log("fw-cores")) as f:
            text = f.read()
        edited = self.path("edited.log")
        with open(edited, "w") as f:
            f.write(text.replace("cpu1/regression/STRx/kong", "cpu1/regression/STRx/kang"))
        rc, out, err = self.cli("--log", edited, "--expect", "fail per-core=same")
        self.assertEqual(rc, 1, out + err)
        self.assertIn("cpu1 failed otherwise than cpu0: regression/STRx/kang (1), regression/STRx/kong (1)",
                      out)
        rc, out, err = self.cli("--log", log("pass"), "--expect", "pass per-core=same")
        self.assertEqual(rc, 1, out + err)
        self.assertIn("expected a per-core run", out)
        rc, out, err = self.cli("--log", log("pass"), "--expect", "pass cores=x")
        self.assertEqual(rc, 2, out + err)
        self.assertIn("cores=x: needs a number of cores", out + err)

    def test_truncated_log(self):
        xml = self.path("r.xml")
        rc, out, err = self.cli("--log", log("truncated"), "--junit", xml, "--count-line")
        self.assertEqual(rc, 2, out + err)
        self.assertIn("stream truncated after test point 2 of 4", out)
        self.assertEqual(out.splitlines()[-1], "2 passed, 1 failed")
        suite = self.junit(xml, 1)[0]
        self.assertEqual((suite.get("tests"), suite.get("errors")), ("3", "1"))
        error = self.cases(suite)["run"].find("error")
        self.assertIn("stream truncated", error.get("message"))
        self.assertIn("| # progress: sweep 2048/4096", error.text)

    def test_garbage_log_gives_valid_xml(self):
        xml, tap = self.path("r.xml"), self.path("r.tap")
        rc, out, err = self.cli("--log", log("garbage"), "--junit", xml, "--tap", tap)
        self.assertEqual(rc, 2, out + err)
        self.assertIn("no pairguard banner", out)
        error = self.cases(self.junit(xml, 1)[0])["run"].find("error")
        self.assertIn("no pairguard banner", error.get("message"))
        with open(tap) as f:
            self.assertIn("Bail out! pairguard-run: no pairguard banner", f.read())

    def test_error_streams(self):
        for name, fragment in {
            "plan-mismatch": "plan 1..5 but 4 test points",
            "unclosed-yaml": "YAML block opened at line 8 is not closed",
            "status-exit-mismatch": "says PASS but exit=1",
            "summary-mismatch": "the summary's passed + failed is 6000",
            "bailout": "firmware bailed out: bootarg policy=bogus",
            "exception": "firmware bailed out: unexpected exception: data abort",
            "garbage-inside": "garbage inside the report",
        }.items():
            with self.subTest(name):
                xml = self.path(name + ".xml")
                rc, out, err = self.cli("--log", log(name), "--junit", xml)
                self.assertEqual(rc, 2, out + err)
                self.assertIn(fragment, out)
                error = self.cases(self.junit(xml, 1)[0])["run"].find("error")
                self.assertIn(fragment, error.get("message") + error.text)

    def test_board_log_from_stdin(self):
        xml = self.path("pi.xml")
        rc, out, err = self.cli("--log", "-", "--junit", xml, "--no-progress", stdin=stream_bytes("board-pi"))
        self.assertEqual(rc, 0, out + err)
        props = {p.get("name"): p.get("value") for p in self.junit(xml, 1)[0].iter("property")}
        self.assertEqual((props["firmware.plat"], props["header.cpu"]), ("rpi3", "cortex-a53"))

    def live(self, stream, *args):
        """The runner reading a pipe that stays open, like a serial port."""
        p = subprocess.Popen([sys.executable, RUNNER, "--log", "-", "--no-progress"] + list(args),
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            p.stdin.write(stream_bytes(stream))
            p.stdin.flush()
            out, err = p.stdout.read(), p.stderr.read()     # EOF: the runner has exited
            return p.wait(timeout=20), out.decode(), err.decode()
        finally:
            p.kill()
            p.stdin.close()
            p.wait()

    def test_live_board_stops_at_the_status_line(self):
        rc, out, err = self.live("board-pi")
        self.assertEqual(rc, 0, out + err)
        self.assertRegex(out, r"PASS +log +4 groups")

    def test_live_board_that_hangs(self):
        rc, out, err = self.live("truncated", "--timeout", "1")
        self.assertEqual(rc, 2, out + err)
        self.assertIn("timeout after 1 s reading stdin", out)

    def test_expect_known_bad_on_a_log(self):
        xml = self.path("r.xml")
        spec = "fail groups=sweep/* class=fusion word=a91e827e bytes=496..503:clobbered failed=64"
        rc, out, err = self.cli("--log", log("fail"), "--expect", spec, "--junit", xml, "--count-line")
        self.assertEqual(rc, 0, out + err)
        self.assertIn("failed as expected", out)
        self.assertEqual(out.splitlines()[-1], "1 passed, 0 failed")
        suite = self.junit(xml, 1)[0]
        cases = self.cases(suite)
        self.assertEqual(suite.get("failures"), "0")
        self.assertIn("from: 496", cases["sweep/STRx/prev-below [expected failure]"].find("system-out").text)
        self.assertIsNone(cases["expectation"].find("failure"))

    def test_expectation_not_met(self):
        for stream, spec, fragment in (
                ("pass", "fail", "expected failure did not happen"),
                ("fail", "fail bytes=0..7:clobbered", "expected a byte run {from: 0, to: 7, what: clobbered}"),
                ("fail", "pass", "expected a pass; 1 group failed")):
            with self.subTest(spec):
                xml = self.path("r.xml")
                rc, out, err = self.cli("--log", log(stream), "--expect", spec, "--junit", xml)
                self.assertEqual(rc, 1, out + err)
                self.assertIn(fragment, out)
                suite = self.junit(xml, 1)[0]
                self.assertNotEqual(suite.get("failures"), "0")


class FakeQemu(RunnerCase):
    def test_pass_and_the_command_line(self):
        argv_file = self.path("argv")
        rc, out, err = self.fake_run("stream=pass policy=fixed seed=1", config="virt-a57",
                                     env={"FAKE_QEMU_ARGV": argv_file})
        self.assertEqual(rc, 0, out + err)
        with open(argv_file) as f:
            argv = f.read().splitlines()
        for opt, value in (("-M", "virt"), ("-cpu", "cortex-a57"), ("-m", "1G"), ("-kernel", self.image),
                           ("-append", "stream=pass policy=fixed seed=1"), ("-monitor", "none")):
            self.assertEqual(argv[argv.index(opt) + 1], value)
        for flag in ("-nographic", "-semihosting", "-no-reboot"):
            self.assertIn(flag, argv)

    def test_each_configuration_s_machine(self):
        for config, machine, cpu, kernel, dtb in (
                ("virt-el2", "virt,virtualization=on", "max", "qemu-virt/Image", None),
                ("virt-el3", "virt,secure=on", "cortex-a57", "qemu-virt/pairguard.elf", None),
                ("raspi3b", "raspi3b", None, "rpi3/kernel8.img", "test.dtb")):
            with self.subTest(config):
                argv_file = self.path("argv")
                self.fake_run("", config=config, env={"FAKE_QEMU_ARGV": argv_file, "FAKE_QEMU_APPEND": "stream=pass"})
                with open(argv_file) as f:
                    argv = f.read().splitlines()
                self.assertEqual(argv[argv.index("-M") + 1], machine)
                self.assertEqual(argv[argv.index("-cpu") + 1] if "-cpu" in argv else None, cpu)
                self.assertEqual(argv[argv.index("-kernel") + 1], os.path.join(self.build, kernel))
                self.assertEqual(argv[argv.index("-dtb") + 1] if "-dtb" in argv else None,
                                 dtb and os.path.join(self.build, dtb))
                self.assertNotIn("-append", argv)

    def test_failing_run(self):
        xml = self.path("r.xml")
        rc, out, err = self.fake_run("stream=fail", "--junit", xml)
        self.assertEqual(rc, 1, out + err)
        self.assertEqual(self.junit(xml, 1)[0].get("failures"), "1")

    def test_hang_is_killed_with_its_children(self):
        pids, xml = self.path("pids"), self.path("r.xml")
        start = time.monotonic()
        rc, out, err = self.fake_run("stream=truncated mode=hang pidfile=%s" % pids, "--timeout", "1",
                                     "--junit", xml)
        self.assertLess(time.monotonic() - start, 30)
        self.assertEqual(rc, 2, out + err)
        self.assertIn("timeout after 1 s: QEMU (process group", out)
        self.assertIn("| # progress: sweep 2048/4096", out)
        with open(pids) as f:
            for pid in map(int, f.read().split()):
                for _ in range(50):
                    if process_dead(pid):
                        break
                    time.sleep(0.02)
                self.assertTrue(process_dead(pid), "pid %d survived the timeout" % pid)
        error = self.cases(self.junit(xml, 1)[0])["run"].find("error")
        self.assertIn("timeout after 1 s", error.get("message"))
        self.assertIn("| ok 2 - regression/STRw/alias-252 # cases=2", error.text)

    def test_qemu_dies(self):
        rc, out, err = self.fake_run("stream=truncated mode=die")
        self.assertEqual(rc, 2, out + err)
        self.assertIn("QEMU was killed by signal 9", out)

    def test_qemu_fails_to_start(self):
        rc, out, err = self.fake_run("mode=nostart")
        self.assertEqual(rc, 2, out + err)
        self.assertIn("QEMU failed (exit status 1) before the firmware printed anything: "
                      "qemu-system-aarch64: -machine virt: fake failure to start", out)

    def test_qemu_missing(self):
        rc, out, err = self.cli("--qemu", self.path("no-such-qemu"), "--image", self.image, "--no-progress")
        self.assertEqual(rc, 2, out + err)
        self.assertIn("cannot start QEMU", out)

    def test_qemu_from_the_environment(self):
        rc, out, err = self.cli("--image", self.image, "--args", "stream=pass", "--no-progress",
                                env={"PAIRGUARD_QEMU": FAKE_QEMU})
        self.assertEqual(rc, 0, out + err)

    def test_exit_status_disagrees_with_the_stream(self):
        rc, out, err = self.fake_run("stream=pass exit=1")
        self.assertEqual(rc, 2, out + err)
        self.assertIn("QEMU exited with status 1 but the status line says exit=0", out)

    def test_qemu_exits_early(self):
        rc, out, err = self.fake_run("stream=truncated exit=0")
        self.assertEqual(rc, 2, out + err)
        self.assertIn("QEMU exited with status 0 before the report finished", out)

    def test_loader_gives_up(self):
        # QEMU exits 0 before any banner (U-Boot's script powered off): the
        # loader's last words are the reason.
        rc, out, err = self.fake_run("stream=loader-gave-up exit=0")
        self.assertEqual(rc, 2, out + err)
        self.assertIn("QEMU exited with status 0 before the firmware printed anything (the last lines: "
                      "'pairguard boot.scr: no EFI/BOOT/BOOTAA64.EFI on virtio 0:1, powering off | "
                      "poweroff ...')", out)

    def test_the_run_must_be_the_one_asked_for(self):
        for config, args, fragment in (
                ("virt-a53", "stream=pass", "the header says cpu=cortex-a57, this configuration runs cpu=cortex-a53"),
                ("virt-el2", "stream=pass", "the header says cpu=cortex-a57, this configuration runs cpu=qemu-max"),
                ("virt-a57", "stream=board-pi", "the banner says plat=rpi3, this configuration runs plat=qemu-virt"),
                ("virt-a57", "stream=board-pi", "the header says entry-el=2, this configuration runs entry-el=1"),
                ("virt-a57", "stream=pass policy=none", "bootarg policy=none asked for, but the header says policy=fixed"),
                ("virt-a57", "stream=pass echo=none", "the firmware did not echo its command line ('# cmdline: ...'): "
                                                     "nothing shows that the bootargs 'stream=pass echo=none' reached it"),
                ("virt-a57", "stream=pass echo=wrong", "the firmware received the bootargs 'policy=other', not the "
                                                      "'stream=pass echo=wrong' passed")):
            with self.subTest(config=config, args=args):
                rc, out, err = self.fake_run(args, config=config)
                self.assertEqual(rc, 2, out + err)
                self.assertIn(fragment, out)
        rc, out, err = self.fake_run("stream=pass seed=1 suites=regression,sweep,random")
        self.assertEqual(rc, 0, out + err)    # seed=1 is the header's seed=0x1

    def test_no_bootargs_no_echo_needed(self):
        rc, out, err = self.fake_run("", env={"FAKE_QEMU_APPEND": "stream=pass"})
        self.assertEqual(rc, 0, out + err)

    def test_uart_log_and_verbose(self):
        uart = self.path("uart.log")
        rc, out, err = self.fake_run("stream=board-pi", "--uart-log", uart, "-v", config="raspi3b")
        self.assertEqual(rc, 0, out + err)
        self.assertIn("U-Boot 2023.01", out)
        with open(uart, "rb") as f:
            self.assertEqual(f.read(), stream_bytes("board-pi").replace(
                b"batch=256\r\n", b"batch=256\r\n# cmdline: stream=board-pi\r\n"))


class OneTable(RunnerCase):
    """The QEMU configurations are one table (tools/pgrun/configs.py): the
    Makefile's run/debug take their command line from --print-cmd, and
    nothing else spells a QEMU command line."""

    def print_cmd(self, *args):
        rc, out, err = self.cli("--print-cmd", "--qemu", FAKE_QEMU, "--build", self.build, *args)
        return rc, out.strip(), err

    def test_list_lines_up_every_configuration(self):
        rc, out, err = self.cli("--list")
        self.assertEqual(rc, 0, err)
        rows = out.split("configurations:\n")[1].split("\nmatrices")[0].splitlines()
        self.assertEqual(len(rows), len(configs.CONFIGS))
        # Each row's machine starts in the same column, the longest name's.
        starts = {r.index(configs.get(r.split()[0]).machine, len(r.split()[0]) + 2) for r in rows}
        self.assertEqual(starts, {2 + max(map(len, configs.CONFIGS)) + 1})

    def test_list_into_a_closed_pipe_is_quiet(self):
        # A reader that goes away (| head -1) is no error to report.  The
        # pipe is closed before the runner writes, and the matrix's listing
        # is more than one buffer, so the write fails inside the runner.
        p = subprocess.Popen([sys.executable, RUNNER, "--list", "--matrix", "all"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        p.stdout.close()
        err = p.stderr.read().decode()
        p.wait()
        self.assertEqual(err, "")

    def test_print_cmd_is_what_a_run_starts(self):
        for args, config in ((("--config", "virt-el2", "--args", "stream=pass a='b c'"), "virt-el2"),
                             (("--plat", "qemu-virt", "--args", "stream=pass"), "virt-a57"),
                             (("--plat", "qemu-virt", "--el", "3"), "virt-el3"),
                             (("--plat", "rpi3", "--dtb", self.dtb, "--args", "stream=pass"), "raspi3b")):
            with self.subTest(args):
                rc, line, err = self.print_cmd(*args)
                self.assertEqual(rc, 0, line + err)
                argv_file = self.path("argv")
                env = {"FAKE_QEMU_ARGV": argv_file, "FAKE_QEMU_APPEND": "stream=pass"}
                self.cli("--qemu", FAKE_QEMU, "--build", self.build, "--no-progress", *args, env=env)
                with open(argv_file) as f:
                    self.assertEqual(shlex.split(line)[1:], f.read().splitlines())
                self.assertEqual(shlex.split(line)[:3], [FAKE_QEMU, "-M", configs.get(config).machine])

    def test_boot_disk(self):
        """virt-uboot-efi: no -kernel and no -append; the image and the
        bootargs (in U-Boot's boot script) on a read-only FAT disk, one per
        run, removed after it; --print-cmd's stays under BUILD/runner/."""
        rc, line, err = self.print_cmd("--config", "virt-uboot-efi", "--image", self.image,
                                       "--args", "suite=selftest seed=7")
        self.assertEqual(rc, 0, line + err)
        argv = shlex.split(line)
        disk = os.path.join(self.build, "runner", "disk-virt-uboot-efi")
        self.assertNotIn("-kernel", argv)
        self.assertNotIn("-append", argv)
        self.assertEqual(argv[argv.index("-drive") + 1],
                         "if=none,format=raw,readonly=on,id=bootdisk,file=fat:" + disk)
        self.assertEqual(argv[argv.index("-bios") + 1], configs.UBOOT_QEMU_ARM64)
        with open(os.path.join(disk, "EFI", "BOOT", "BOOTAA64.EFI"), "rb") as f, \
                open(self.image, "rb") as g:
            self.assertEqual(f.read(), g.read())
        with open(os.path.join(disk, "boot.scr"), "rb") as f:
            script = f.read()
        self.assertEqual(script[:4], b"\x27\x05\x19\x56")     # a U-Boot image (mkimage)
        self.assertIn(b"setenv bootargs 'suite=selftest seed=7'", script)
        self.assertIn(b"bootefi ${kernel_addr_r} ${fdtcontroladdr}", script)
        # A run: its own disk, gone after it.
        argv_file = self.path("argv")
        self.cli("--qemu", FAKE_QEMU, "--build", self.build, "--no-progress", "--config",
                 "virt-uboot-efi", "--image", self.image, env={"FAKE_QEMU_ARGV": argv_file})
        with open(argv_file) as f:
            drive = [a for a in f.read().splitlines() if a.startswith("if=none,")][0]
        run_disk = drive.split("file=fat:", 1)[1]
        self.assertNotEqual(run_disk, disk)
        self.assertFalse(os.path.exists(run_disk))
        # Bootargs the script cannot quote are refused, naming the character.
        rc, line, err = self.print_cmd("--config", "virt-uboot-efi", "--image", self.image,
                                       "--args", "suite='x")
        self.assertEqual((rc, line), (2, ""))
        self.assertIn("bootargs 'suite='x' contain \"'\", which the U-Boot script cannot quote", err)

    def test_print_cmd_on_another_cpu(self):
        rc, line, err = self.print_cmd("--plat", "qemu-virt", "--el", "2", "--cpu", "cortex-a53")
        argv = shlex.split(line)
        self.assertEqual((argv[argv.index("-M") + 1], argv[argv.index("-cpu") + 1]),
                         ("virt,virtualization=on", "cortex-a53"))
        self.assertIn("tcg,tb-size=1024", argv)

    def test_print_cmd_errors_name_the_accepted(self):
        for args, fragment in ((("--plat", "qemu-virt", "--el", "4"), "accepted EL: 1 2 3"),
                               (("--plat", "rpi4"), "accepted: generic, qemu-virt, rpi3"),
                               (("--plat", "rpi3", "--cpu", "max"), "whose CPU is fixed (cortex-a53)"),
                               (("--plat", "qemu-virt", "--el", "3", "--args", "suite=selftest"),
                                "bootargs 'suite=selftest' cannot reach the firmware"),
                               (("--config", "virt-a57", "--plat", "qemu-virt"), "exclude each other"),
                               (("--el", "2",), "--el goes with --plat")):
            with self.subTest(args):
                rc, line, err = self.print_cmd(*args)
                self.assertEqual((rc, line), (2, ""))
                self.assertIn(fragment, err)

    def test_nothing_else_spells_a_qemu_command_line(self):
        for rel in ("Makefile", "tests/fw/test-boot", "tests/fw/test-engine", "src/plat/qemu-virt.mk",
                    "src/plat/rpi3.mk"):
            with self.subTest(rel):
                with open(os.path.join(ROOT, rel)) as f:
                    text = f.read()
                for word in ("qemu-system-aarch64", "-nographic", "-monitor", "-no-reboot", '"-M"', "-M $",
                             "-serial stdio"):
                    self.assertNotIn(word, text)


class BadArguments(RunnerCase):
    def test_unknown_configuration_lists_the_accepted(self):
        rc, out, err = self.cli("--config", "virt-a99")
        self.assertEqual(rc, 2)
        self.assertIn("unknown configuration 'virt-a99' (accepted: virt-a53, virt-a57, virt-a72, virt-max, "
                      "virt-el2, virt-a57-smp4, virt-max-smp4, virt-max-smp2, virt-el2-smp4, virt-el3, "
                      "virt-el3-el2, raspi3b, virt-generic, virt-uboot, raspi3b-generic, virt-uefi, ",
                      err)
        # ... and every other configuration of the table, in its order.
        self.assertIn("(accepted: %s)" % ", ".join(configs.names()), err)

    def test_bootargs_that_cannot_reach_the_image(self):
        rc, out, err = self.cli("--config", "virt-el3", "--args", "policy=none", "--build", self.build)
        self.assertEqual(rc, 2)
        self.assertIn("configuration virt-el3 boots the ELF (QEMU enters only an ELF at EL3) and QEMU gives an "
                      "ELF no DTB: bootargs 'policy=none' cannot reach the firmware", err)

    def test_dtb_is_made_with_tools_mkdtb(self):
        mkdtb = self.path("mkdtb")
        with open(mkdtb, "w") as f:
            f.write("#!/bin/sh\necho \"$@\" > \"$1\"\n")
        os.chmod(mkdtb, 0o755)
        saved = dtb.MKDTB
        try:
            dtb.MKDTB = mkdtb
            made = dtb.ensure(configs.get("raspi3b"), self.build)
            self.assertEqual(made, os.path.join(self.build, "runner", "raspi3b.dtb"))
            with open(made) as f:
                self.assertIn("--model pairguard: QEMU raspi3b --memory 0:0x40000000", f.read())
            argv_file = self.path("argv")
            rc, out, err = self.cli("--qemu", FAKE_QEMU, "--build", self.build, "--config", "raspi3b",
                                    "--no-progress", env={"FAKE_QEMU_ARGV": argv_file,
                                                          "FAKE_QEMU_APPEND": "stream=board-pi"})
            self.assertEqual(rc, 0, out + err)
            with open(argv_file) as f:
                argv = f.read().splitlines()
            self.assertEqual(argv[argv.index("-dtb") + 1], made)
            dtb.MKDTB = self.path("no-mkdtb")
            with self.assertRaises(ValueError) as cm:
                dtb.ensure(configs.get("raspi3b"), self.build)
            self.assertIn("no-mkdtb not found (give one with --dtb)", str(cm.exception))
        finally:
            dtb.MKDTB = saved

    def test_missing_or_misplaced_dtb(self):
        rc, out, err = self.cli("--config", "raspi3b", "--build", self.build, "--dtb", self.path("none.dtb"))
        self.assertEqual(rc, 2)
        self.assertIn("device tree %s not found" % self.path("none.dtb"), err)
        rc, out, err = self.cli("--config", "virt-a57", "--build", self.build, "--dtb", self.dtb)
        self.assertIn("--dtb: configuration virt-a57 takes no DTB (QEMU makes its own); those that do: raspi3b", err)

    def test_unreadable_log(self):
        rc, out, err = self.cli("--log", self.path("absent.log"))
        self.assertEqual(rc, 2)
        self.assertIn("cannot read the log %s: no such file" % self.path("absent.log"), err)
        rc, out, err = self.cli("--log", self.tmp)
        self.assertEqual(rc, 2)
        self.assertIn("it is a directory", err)

    def test_other_bad_arguments(self):
        for args, fragment in (
                (["--log", log("pass"), "--config", "virt-a57"], "--config does not apply to --log"),
                (["--log", log("pass"), "--matrix", "test"], "--log and --matrix exclude each other"),
                (["--matrix", "test", "--args", "seed=1"], "--args does not apply to --matrix"),
                (["--matrix", "test", "-v"], "--verbose does not apply to --matrix"),
                (["--matrix", "nightly"], "unknown matrix 'nightly' (accepted: all,"),
                (["--timeout", "5", "--log", log("pass")], "--timeout applies to a live log (--log -) only"),
                (["--timeout", "-3"], "--timeout must be a positive number"),
                (["-j", "0", "--matrix", "test"], "-j must be at least 1"),
                (["--log", log("pass"), "--expect", "fail colour=red"], "unknown expectation key 'colour'"),
                (["--out", "x"], "--out applies to --matrix only"),
                (["--timeout", "soon"], "invalid float value: 'soon'")):
            with self.subTest(args):
                rc, out, err = self.cli(*args)
                self.assertEqual(rc, 2, out + err)
                self.assertIn(fragment, err)


class ProgressDisplay(unittest.TestCase):
    def test_terminal_gets_one_updating_line(self):
        buf = io.StringIO()
        p = Progress(stream=buf, tty=True)
        p.status("virt-a57", "booting")
        p.update("virt-a57", "sweep", 10, 100)
        p.update("virt-a57", "sweep", 20, 100)
        p.print("PASS virt-a57")
        p.finish("virt-a57")
        p.close()
        text = buf.getvalue()
        self.assertIn("\rvirt-a57: sweep 20/100", text.replace("\x1b[K", ""))
        self.assertEqual(text.count("\n"), 1)          # only the final line is a line
        # The final output is on a line of its own: erased progress before it.
        self.assertIn("\r\x1b[KPASS virt-a57\n", text)
        self.assertTrue(text.endswith("\r\x1b[K"))

    def test_pipes_get_plain_lines(self):
        buf = io.StringIO()
        p = Progress(stream=buf, tty=False)
        p.status("a", "booting")
        for done in range(0, 101, 10):
            p.update("a", "sweep", done, 100)
        p.update("a", "random", 1, 10)
        p.print("PASS a")
        self.assertEqual(buf.getvalue(), "a: progress sweep 0/100\na: progress sweep 100/100\n"
                                         "a: progress random 1/10\nPASS a\n")

    def test_runner_output_in_a_pipe_has_no_carriage_return(self):
        rc, out, err = RunnerCase.cli(self, "--qemu", FAKE_QEMU, "--image", os.path.join(STREAMS, "pass.log"),
                                      "--args", "stream=pass", subprocess_run=True)
        self.assertEqual(rc, 0)
        self.assertNotIn("\r", out)
        self.assertIn("progress sweep 2048/4096", out)


if __name__ == "__main__":
    unittest.main()
