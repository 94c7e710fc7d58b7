"""pairguard-run --lava-results on recorded LAVA results: lava-run logs of
tools/lava/check-lava's two runs (results/fixed-output.yaml,
results/pre1075-output.yaml) and the pre1075 results in a LAVA server's
export form (results/pre1075-export.yaml; see results/README)."""

import os
import shutil
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
RESULTS = os.path.join(HERE, "results")
RUNNER = os.path.join(ROOT, "tools", "pairguard-run")
KONG = ["regression/STRx/kong", "regression/STRd/kong", "regression/STRw/alias252", "regression/STRs/alias252",
        "sweep/STRw/alias", "sweep/STRx/alias", "sweep/STRs/alias", "sweep/STRd/alias"]


def results_file(name):
    return os.path.join(RESULTS, name)


def read(name):
    with open(results_file(name)) as f:
        return f.read()


class ResultsCase(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory(prefix="pg-lava-test-")
        self.tmp = self._tmp.name

    def tearDown(self):
        self._tmp.cleanup()

    def write(self, name, text):
        path = os.path.join(self.tmp, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def run_results(self, path, *extra):
        """(exit status, stdout, stderr, JUnit root, TAP lines)."""
        junit, tap = os.path.join(self.tmp, "out.xml"), os.path.join(self.tmp, "out.tap")
        for f in (junit, tap):
            if os.path.exists(f):
                os.remove(f)
        p = subprocess.run([sys.executable, RUNNER, "--lava-results", path, "--no-progress", "--junit", junit,
                            "--tap", tap] + list(extra), capture_output=True, text=True)
        root = ET.parse(junit).getroot() if os.path.exists(junit) else None
        lines = open(tap).read().splitlines() if os.path.exists(tap) else None
        return p.returncode, p.stdout, p.stderr, root, lines

    def failing_junit(self, root):
        return [c.get("name") for c in root.iter("testcase") if c.find("failure") is not None]


class TestLogs(ResultsCase):
    def test_fixed_log_passes(self):
        rc, out, err, root, tap = self.run_results(results_file("fixed-output.yaml"), "--count-line")
        self.assertEqual(rc, 0, out + err)
        self.assertTrue(out.startswith("PASS"), out)
        self.assertIn("52 passed, 0 failed", out)
        self.assertEqual((root.get("tests"), root.get("failures"), root.get("errors")), ("52", "0", "0"))
        self.assertIn("ok 1 - regression/STRx/kong # cases=2", tap)
        self.assertIn("# pairguard-result: PASS exit=0 groups=52 groups-failed=0 cases=243564 cases-failed=0", tap)

    def test_pre1075_log_fails_with_diagnostics(self):
        rc, out, err, root, tap = self.run_results(results_file("pre1075-output.yaml"))
        self.assertEqual(rc, 1, out + err)
        self.assertTrue(out.startswith("FAIL"), out)
        self.assertIn("emitted a91e827e  stp x30, x0, [x19, #488]", out)  # read from the serial lines
        self.assertEqual(self.failing_junit(root), KONG)
        self.assertIn('        - "str x30, [x19, #488]"', tap)        # LAVA's \" escapes undone

    def test_result_line_logged_as_feedback(self):
        # The last line's newline came after the monitor stopped: the
        # dispatcher logs it in read-feedback as `feedback` (seen in make
        # test); it is serial output all the same.
        lines = read("fixed-output.yaml").splitlines(True)
        at = [i for i, l in enumerate(lines) if '"lvl": "target", "msg": "pairguard-result: PASS' in l]
        fb = [i for i, l in enumerate(lines) if "start: 4.2 read-feedback" in l]
        self.assertEqual((len(at), len(fb)), (1, 1))
        moved = lines[at[0]].replace('"lvl": "target"', '"lvl": "feedback"')
        text = "".join(lines[:at[0]] + lines[at[0] + 1:fb[0] + 1] + [moved] + lines[fb[0] + 1:])
        rc, out, err, root, tap = self.run_results(self.write("late.yaml", text))
        self.assertEqual(rc, 0, out + err)
        self.assertIn("# pairguard-result: PASS exit=0 groups=52 groups-failed=0 cases=243564 cases-failed=0", tap)

    def test_output_directory(self):
        d = os.path.join(self.tmp, "run")
        os.makedirs(d)
        shutil.copy(results_file("fixed-output.yaml"), os.path.join(d, "output.yaml"))
        self.write("run/result.yaml", "case: job\ndefinition: lava\nresult: pass\n")
        self.assertEqual(self.run_results(d)[0], 0)
        self.write("run/result.yaml", "case: job\ndefinition: lava\nresult: fail\nerror_type: Infrastructure\n")
        rc, out, err, _, _ = self.run_results(d)
        self.assertEqual(rc, 2)
        self.assertIn("the LAVA job itself failed", out)

    def test_directory_without_log(self):
        os.makedirs(os.path.join(self.tmp, "empty"))
        rc, out, err, _, _ = self.run_results(os.path.join(self.tmp, "empty"))
        self.assertEqual(rc, 2)
        self.assertIn("holds no output.yaml", err)

    def test_lava_disagreeing_with_the_serial_log(self):
        # LAVA says a group failed that the serial report says passed.
        text = read("fixed-output.yaml").replace(
            '"case": "regression_strw_misaligned", "definition": "pairguard", "extra": {"test_case_id": '
            '"regression/STRw/misaligned"}, "level": "3.1", "measurement": "2", "result": "pass"',
            '"case": "regression_strw_misaligned", "definition": "pairguard", "extra": {"test_case_id": '
            '"regression/STRw/misaligned"}, "level": "3.1", "measurement": "2", "result": "fail"')
        self.assertNotEqual(text, read("fixed-output.yaml"))
        rc, out, err, _, _ = self.run_results(self.write("flipped.yaml", text))
        self.assertEqual(rc, 2, out + err)
        self.assertIn("LAVA recorded fail for regression/STRw/misaligned, the serial log says pass", out)


class TestExport(ResultsCase):
    def export(self):
        return read("pre1075-export.yaml")

    def test_export_fails_on_the_kong_groups(self):
        rc, out, err, root, tap = self.run_results(results_file("pre1075-export.yaml"))
        self.assertEqual(rc, 1, out + err)
        self.assertIn("50 groups (8 failed), 243308 cases (134 failed)", out)
        self.assertEqual(self.failing_junit(root), KONG)      # names restored from metadata.extra
        self.assertIn("not ok 1 - regression/STRx/kong # cases=2", tap)
        self.assertIn("ok 11 - sweep/STRw/prev-below # cases=4540", tap)

    def test_export_all_pass(self):
        # The same export with every group passing and 0 failed cases.
        text = self.export().replace("result: fail", "result: pass").replace(
            "measurement: '134.0000000000'", "measurement: '0E-10'")
        rc, out, err, root, _ = self.run_results(self.write("pass.yaml", text))
        self.assertEqual(rc, 0, out + err)
        self.assertEqual(root.get("failures"), "0")

    def test_one_failing_case_exits_1(self):
        # Known-bad control: a passing export with one failing group (and
        # the summary's failed count to match) must be a failure.
        text = self.export().replace("result: fail", "result: pass").replace(
            "measurement: '134.0000000000'", "measurement: '1.0000000000'")
        one = text.replace("  name: sweep_strd_edges_label\n  result: pass", "  name: sweep_strd_edges_label\n"
                           "  result: fail")
        self.assertNotEqual(one, text)
        rc, out, err, root, _ = self.run_results(self.write("one.yaml", one))
        self.assertEqual(rc, 1, out + err)
        self.assertEqual(self.failing_junit(root), ["sweep/STRd/edges/label"])

    def test_inconsistent_summary_is_an_error(self):
        text = self.export().replace("result: fail", "result: pass")       # groups pass, summary 134 failed
        rc, out, err, _, _ = self.run_results(self.write("odd.yaml", text))
        self.assertEqual(rc, 2)
        self.assertIn("the summary says 134 failed cases but 0 groups failed", out)

    def test_missing_summary_is_an_error(self):
        cases = self.export().split("\n- ")
        kept = "\n- ".join(c for c in cases if "suite: pairguard-summary" not in c)
        rc, out, err, _, _ = self.run_results(self.write("nosummary.yaml", kept))
        self.assertEqual(rc, 2)
        self.assertIn("no summary", out)

    def test_no_pairguard_results(self):
        rc, out, err, _, _ = self.run_results(self.write("empty.yaml", "[]\n"))
        self.assertEqual(rc, 2)
        self.assertIn("no 'pairguard' results", out)


class TestBadInput(ResultsCase):
    def test_not_results(self):
        for text, says in (("just: a map\n", "neither a LAVA results export"),
                           ("- [1, 2]\n", "item 1 is not a LAVA test case"),
                           ("{{{\n", "is not YAML"),
                           ("- {suite: pairguard, name: x, result: pass, measurement: 'lots'}\n",
                            "measurement 'lots' is not a number")):
            with self.subTest(text=text):
                rc, out, err, _, _ = self.run_results(self.write("bad.yaml", text))
                self.assertEqual(rc, 2)
                self.assertIn(says, err)

    def test_missing_file(self):
        rc, out, err, _, _ = self.run_results(os.path.join(self.tmp, "nope.yaml"))
        self.assertEqual(rc, 2)
        self.assertIn("No such file", err)

    def test_excludes_running(self):
        p = subprocess.run([sys.executable, RUNNER, "--lava-results", results_file("pre1075-export.yaml"),
                            "--args", "policy=fixed"], capture_output=True, text=True)
        self.assertEqual(p.returncode, 2)
        self.assertIn("--args does not apply to --lava-results", p.stderr)


if __name__ == "__main__":
    unittest.main()
