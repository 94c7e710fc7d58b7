"""Shared helpers for the runner's unit tests (tests/runner/test_*.py)."""

import contextlib
import io
import os
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
STREAMS = os.path.join(HERE, "streams")
RUNNER = os.path.join(ROOT, "tools", "pairguard-run")
FAKE_QEMU = os.path.join(HERE, "fake-qemu")

sys.path.insert(0, os.path.join(ROOT, "tools"))

from pgrun import cli  # noqa: E402
from pgrun.stream import StreamParser  # noqa: E402


def stream_bytes(name):
    with open(os.path.join(STREAMS, name + ".log"), "rb") as f:
        return f.read()


def parse_lines(lines, exit_status=None):
    """Feed byte lines to a parser; return the finished report."""
    p = StreamParser()
    for line in lines:
        p.feed(line)
    return p.finish(exit_status)


def stream_lines(name):
    """The recorded stream's lines as bytes, without their newlines."""
    data = stream_bytes(name)
    return (data[:-1] if data.endswith(b"\n") else data).split(b"\n")


def parse_stream(name, exit_status=None):
    return parse_lines(stream_lines(name), exit_status)


def parse_text(text, exit_status=None):
    return parse_lines(text.encode().split(b"\n"), exit_status)


def process_dead(pid):
    """True when pid is gone or a zombie (killed, waiting to be reaped)."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


class RunnerCase(unittest.TestCase):
    """A test case with a scratch directory, a fake image and CLI helpers."""

    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory(prefix="pgrun-test-")
        self.tmp = self._tmp.name
        self.build = os.path.join(self.tmp, "build")
        for rel in ("qemu-virt/Image", "qemu-virt/pairguard.elf", "rpi3/kernel8.img", "test.dtb"):
            path = os.path.join(self.build, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(b"not a real image: the fake QEMU never reads it\n")
        self.image = os.path.join(self.build, "qemu-virt", "Image")
        self.dtb = os.path.join(self.build, "test.dtb")    # the fake QEMU never reads it either

    def tearDown(self):
        self._tmp.cleanup()

    def path(self, name):
        return os.path.join(self.tmp, name)

    def cli(self, *args, stdin=None, env=None, subprocess_run=False):
        """Run pairguard-run; returns (exit status, stdout, stderr).

        In-process (pgrun.cli.main, fast) unless stdin is given or
        subprocess_run is set: then tools/pairguard-run itself runs."""
        e = dict(os.environ)
        e.pop("PAIRGUARD_QEMU", None)
        e.update(env or {})
        if stdin is not None or subprocess_run:
            p = subprocess.run([sys.executable, RUNNER] + list(args), input=stdin, capture_output=True,
                               env=e, cwd=ROOT, timeout=60)
            return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")
        out, err = io.StringIO(), io.StringIO()
        saved = dict(os.environ)
        os.environ.clear()
        os.environ.update(e)
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                try:
                    rc = cli.main(list(args))
                except SystemExit as exit:      # argparse's own errors
                    rc = exit.code
        finally:
            os.environ.clear()
            os.environ.update(saved)
        return rc, out.getvalue(), err.getvalue()

    def fake_run(self, bootargs, *args, config="virt-a57", env=None):
        dtb = ["--dtb", self.dtb] if config == "raspi3b" else []
        return self.cli("--qemu", FAKE_QEMU, "--build", self.build, "--config", config,
                        "--args", bootargs, "--no-progress", *dtb, *args, env=env)

    def junit(self, path, suites):
        """Parse JUnit XML back; check its counts agree with its elements."""
        root = ET.parse(path).getroot()
        self.assertEqual(root.tag, "testsuites")
        found = root.findall("testsuite")
        self.assertEqual(len(found), suites)
        for s in found:
            cases = s.findall("testcase")
            self.assertEqual(int(s.get("tests")), len(cases))
            self.assertEqual(int(s.get("failures")), sum(len(c.findall("failure")) for c in cases))
            self.assertEqual(int(s.get("errors")), sum(len(c.findall("error")) for c in cases))
        for k in ("tests", "failures", "errors"):
            self.assertEqual(int(root.get(k)), sum(int(s.get(k)) for s in found))
        return root

    @staticmethod
    def cases(suite):
        return {c.get("name"): c for c in suite.findall("testcase")}
