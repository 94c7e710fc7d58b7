"""Fingerprint lines in the stream parser, and tools/pairguard-diff on
recorded firmware logs (tests/runner/streams/fp-*.log, see its README):
same inputs on two machines and two batch sizes (exit 0), the same inputs
with one run's core injected with a fault (exit 1, the case named),
different inputs, a truncated log and a log without fingerprints (exit 2)."""

import io
import os
import re
import subprocess
import tempfile
import unittest

from runnertest import ROOT, STREAMS, parse_text, stream_lines
from pgrun import diff
from pgrun.stream import FNV_BASIS, fnv1a, fold_run

DIFF = os.path.join(ROOT, "tools", "pairguard-diff")


def text_of(name):
    return "\n".join(l.decode().rstrip("\r") for l in stream_lines(name)) + "\n"


def refold(text):
    """The run line recomputed from the points' lines (for edited streams)."""
    fixed, opens, cases, open_cases = [], [], 0, 0
    for m in re.finditer(r"^# fingerprint: \S+/\S+ fixed=(\w+) cases=(\d+)(?: open=(\w+) open-cases=(\d+))?$",
                         text, re.M):
        fixed.append(int(m.group(1), 16))
        cases += int(m.group(2))
        if m.group(3):
            opens.append(int(m.group(3), 16))
            open_cases += int(m.group(4))
    return re.sub(r"^# fingerprint: run .*$",
                  "# fingerprint: run fixed=%016x open=%016x cases=%d open-cases=%d"
                  % (fold_run(fixed), fold_run(opens), cases, open_cases), text, flags=re.M)


class FingerprintLines(unittest.TestCase):
    def test_fnv_vectors(self):
        self.assertEqual(fnv1a(b""), FNV_BASIS)
        self.assertEqual(fnv1a(b"a"), 0xaf63dc4c8601ec8c)
        self.assertEqual(fnv1a(b"foobar"), 0x85944171f73967e8)

    def test_recorded_run_parses(self):
        r = parse_text(text_of("fp-a57"), exit_status=1)
        self.assertEqual((r.verdict, r.problems), ("FAIL", []))
        self.assertEqual(r.header["fingerprint"], "version,policy,seed,suites,count,bases")
        self.assertEqual(len([p for p in r.points if p.fingerprint]), 12)
        self.assertEqual((r.fingerprint.fixed, r.fingerprint.cases), (0xccd92590962bd410, 24))
        self.assertEqual(r.points[0].fingerprint.text(), "fixed=c07da94af3663f3d cases=2")

    def test_run_line_must_be_the_fold(self):
        text = text_of("fp-a57").replace("fixed=c07da94af3663f3d", "fixed=c07da94af3663f3e")
        r = parse_text(text)
        self.assertEqual(r.verdict, "ERROR")
        self.assertIn("is not the fold of its points'", r.problems[0])
        self.assertEqual(parse_text(refold(text)).problems, [])

    def test_misplaced_and_malformed(self):
        text = text_of("fp-fixed")
        line = re.search(r"^# fingerprint: regression/STRx/kong .*$", text, re.M).group(0)
        moved = text.replace(line + "\n", "").replace("# fingerprint: run", line + "\n# fingerprint: run")
        self.assertIn("does not follow its test point", " ".join(parse_text(moved).problems))
        bad = text.replace(line, line.replace("fixed=", "fixed=0x"))
        self.assertIn("malformed fingerprint or choice comment", " ".join(parse_text(bad).problems))
        gone = re.sub(r"^# fingerprint: run .*\n", "", text, flags=re.M)
        self.assertIn("the run's ('# fingerprint: run ...') is missing", " ".join(parse_text(gone).problems))
        choice = text.replace(line, line + "\n# choice: regression/STRd/kong lower-value cases=1")
        self.assertIn("does not follow its fingerprint", " ".join(parse_text(choice).problems))


class Diff(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory(prefix="pgdiff-")

    def tearDown(self):
        self._tmp.cleanup()

    def write(self, name, text):
        path = os.path.join(self._tmp.name, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def diff(self, a, b):
        out = io.StringIO()
        code = diff.compare(a, b, out)
        return code, out.getvalue()

    def stream(self, name):
        return os.path.join(STREAMS, name + ".log")

    def test_same_inputs_two_machines_two_batches(self):
        # virt cortex-a57 batch=256 against virt max batch=1 (entered at EL2).
        code, out = self.diff(self.stream("fp-a57"), self.stream("fp-max-batch1"))
        self.assertEqual(code, 0, out)
        self.assertIn("SAME: 12 test points, run fingerprint fixed=ccd92590962bd410 over 24 cases", out)
        self.assertIn("cpu=cortex-a57", out)
        self.assertIn("cpu=qemu-max", out)

    def test_outcome_differs(self):
        # inject= is not an input: a core that runs a flipped offset bit.
        code, out = self.diff(self.stream("fp-a57"), self.stream("fp-inject"))
        self.assertEqual(code, 1, out)
        self.assertIn("DIFFERENT: first at test point 1 regression/STRx/kong", out)
        self.assertIn("first case that differs: regression/0", out)
        self.assertIn("{from: 480, to: 487, what: clobbered", out)

    def test_one_byte_differs(self):
        # The same run with one clobbered byte's value changed (and the
        # fingerprints that a core writing it would print).
        text = text_of("fp-a57")
        edited = text.replace("actual: \"0f347639783b7a3d\"}", "actual: \"0f347639783b7a3e\"}", 1)
        self.assertNotEqual(edited, text)
        edited = refold(edited.replace("fixed=c07da94af3663f3d", "fixed=0123456789abcdef"))
        code, out = self.diff(self.stream("fp-a57"), self.write("b.log", edited))
        self.assertEqual(code, 1, out)
        self.assertIn("first case that differs: regression/0", out)
        self.assertIn("0f347639783b7a3e", out)

    def test_difference_past_the_shown_failures(self):
        text = text_of("fp-a57")
        edited = refold(text.replace("fixed=c07da94af3663f3d", "fixed=0123456789abcdef"))
        code, out = self.diff(self.stream("fp-a57"), self.write("b.log", edited))
        self.assertEqual(code, 1, out)
        self.assertIn("the case that differs is not among them; rerun both with verbose=1", out)

    def test_different_inputs(self):
        code, out = self.diff(self.stream("fp-a57"), self.stream("fp-fixed"))
        self.assertEqual(code, 2, out)
        self.assertIn("not comparable: different inputs: policy=luajit-pre1075 (A) vs policy=fixed (B)", out)

    def test_truncated(self):
        lines = text_of("fp-a57").splitlines(True)
        cut = self.write("cut.log", "".join(lines[:60]))
        code, out = self.diff(self.stream("fp-a57"), cut)
        self.assertEqual(code, 2, out)
        self.assertIn("cut.log: a truncated log: stream truncated after test point", out)

    def test_no_fingerprints(self):
        code, out = self.diff(self.stream("fw-fixed"), self.stream("fp-fixed"))
        self.assertEqual(code, 2, out)
        self.assertIn("fw-fixed.log: the report has no fingerprints", out)

    def test_open_choices_differ_but_runs_same(self):
        text = text_of("fp-fixed")
        line = re.search(r"^# fingerprint: regression/STRx/kong fixed=(\w+) cases=2$", text, re.M)

        def with_choice(name, value):
            new = ("# fingerprint: regression/STRx/kong fixed=%s cases=1 open=%s open-cases=1\n"
                   "# choice: regression/STRx/kong %s cases=1 first=regression/1"
                   % (line.group(1), value, name))
            return self.write(name + ".log", refold(text.replace(line.group(0), new)))
        a, b = with_choice("lower-value", "1111111111111111"), with_choice("undef", "2222222222222222")
        self.assertEqual(parse_text(open(a).read()).problems, [])
        code, out = self.diff(a, b)
        self.assertEqual(code, 0, out)
        self.assertIn("open cases (outcome left open by the architecture) chose differently", out)
        self.assertIn("regression/STRx/kong: lower-value=1", out)
        self.assertIn("| undef=1", out)
        self.assertIn("open cases differ (permitted)", out)

    def test_command_line(self):
        p = subprocess.run([DIFF, self.stream("fp-a57"), self.stream("fp-inject")],
                           stdout=subprocess.PIPE, universal_newlines=True)
        self.assertEqual(p.returncode, 1)
        p = subprocess.run([DIFF, self.stream("fp-a57"), "/nonexistent.log"],
                           stdout=subprocess.PIPE, universal_newlines=True)
        self.assertEqual(p.returncode, 2)
        self.assertIn("/nonexistent.log: cannot read", p.stdout)


if __name__ == "__main__":
    unittest.main()
