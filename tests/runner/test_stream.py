"""The report-stream parser against the recorded streams and edited copies of
them: every way a stream can be wrong is an ERROR with a message, never a pass."""

import os
import tempfile
import unittest

from runnertest import ROOT, parse_lines, parse_stream, parse_text, stream_lines
from pgrun import summary
from pgrun.expect import Expectation
from pgrun.run import MAX_LINE, run_log

PASS_TEXT = "\n".join(l.decode() for l in stream_lines("pass"))


def edited(old, new, text=PASS_TEXT):
    assert old in text, old
    return text.replace(old, new)


class RecordedStreams(unittest.TestCase):
    def assertError(self, report, *fragments):
        self.assertEqual(report.verdict, "ERROR", report.problems)
        self.assertEqual(report.exit_code, 2)
        text = "\n".join(report.problems + [report.reason or ""])
        for frag in fragments:
            self.assertIn(frag, text)

    def test_pass(self):
        r = parse_stream("pass", exit_status=0)
        self.assertEqual((r.verdict, r.exit_code, r.problems), ("PASS", 0, []))
        self.assertEqual(r.counts(), (4, 0))
        self.assertEqual(r.banner, ("0.1.0", "qemu-virt"))
        self.assertEqual(r.header["policy"], "fixed")
        self.assertEqual(r.summary, (6100, 0))
        self.assertEqual(r.rate, (6100, 0.05, 122000.0))
        self.assertEqual(r.progress, {"sweep": (4096, 4096), "random": (1000, 2000)})

    def test_fail_with_diagnostics(self):
        r = parse_stream("fail", exit_status=1)
        self.assertEqual((r.verdict, r.exit_code, r.problems), ("FAIL", 1, []))
        self.assertEqual(r.counts(), (2, 1))
        p = r.failed_points[0]
        self.assertEqual((p.number, p.name, p.cases, p.failed), (2, "sweep/STRx/prev-below", 4096, 64))
        f = p.diag["failures"][0]
        self.assertEqual(f["class"], "fusion")
        self.assertEqual(f["emitted"], ["a91e827e  stp x30, x0, [x19, #488]"])
        self.assertIn({"from": 496, "to": 503, "what": "clobbered", "expected": "a5a5a5a5a5a5a5a5",
                       "actual": "0001020304050607"}, f["bytes"])
        self.assertIn("from: 496, to: 503, what: clobbered", p.yaml_text)

    def test_board_log_crlf_and_chatter(self):
        r = parse_stream("board-pi")
        self.assertEqual((r.verdict, r.problems), ("PASS", []))
        self.assertEqual(r.banner, ("0.1.0", "rpi3"))
        self.assertEqual(r.header["cpu"], "cortex-a53")
        self.assertNotIn("\r", "".join(r.tap_lines()))

    def test_truncated(self):
        self.assertError(parse_stream("truncated"), "stream truncated after test point 2 of 4")

    def test_garbage(self):
        self.assertError(parse_stream("garbage"), "no pairguard banner")

    def test_garbage_inside_the_report(self):
        self.assertError(parse_stream("garbage-inside"), "line 7: garbage inside the report")

    def test_plan_mismatch(self):
        self.assertError(parse_stream("plan-mismatch"), "plan 1..5 but 4 test points")

    def test_unclosed_yaml(self):
        self.assertError(parse_stream("unclosed-yaml"), "YAML block opened at line 8 is not closed")

    def test_summary_disagrees_with_status(self):
        self.assertError(parse_stream("summary-mismatch"), "cases=6100 but the summary's passed + failed is 6000")

    def test_status_word_disagrees_with_exit(self):
        self.assertError(parse_stream("status-exit-mismatch"), "says PASS but exit=1")

    def test_qemu_exit_status_disagrees(self):
        self.assertError(parse_stream("pass", exit_status=1), "QEMU exited with status 1 but the status line says exit=0")

    def test_bail_out(self):
        r = parse_stream("bailout", exit_status=2)
        self.assertEqual(r.problems, [])
        self.assertError(r, "firmware bailed out: bootarg policy=bogus: unknown policy (accepted: fixed")

    def test_unexpected_exception(self):
        r = parse_stream("exception", exit_status=2)
        self.assertEqual(r.problems, [])
        self.assertError(r, "unexpected exception: data abort")
        self.assertIn("# esr=0x96000045 elr=0x40081234 far=0xfffffffffffffff0", r.tap_lines())

    def test_malformed_test_point(self):
        self.assertError(parse_stream("malformed-point"), "line 6: malformed test point: ok 2 regression")

    def test_out_of_order(self):
        self.assertError(parse_stream("out-of-order"), "test point 2 out of order (expected 1)")

    def test_restarted_report(self):
        self.assertError(parse_stream("restarted"), "line 7: the report restarts")


class NeverAPass(unittest.TestCase):
    """Properties over whole streams: no cut and no lost line passes."""

    def test_every_truncation_is_an_error(self):
        for name in ("pass", "fail", "board-pi"):
            lines = stream_lines(name)
            end = next(k for k, l in enumerate(lines) if l.startswith(b"pairguard-result:")) + 1
            for k in range(end):
                with self.subTest(stream=name, lines=k):
                    self.assertEqual(parse_lines(lines[:k]).verdict, "ERROR")
            self.assertNotEqual(parse_lines(lines[:end]).verdict, "ERROR")

    def test_losing_any_report_line_is_never_a_pass(self):
        for name in ("pass", "fail"):
            lines = stream_lines(name)
            for k, line in enumerate(lines):
                if line.startswith((b"# progress:", b"# rate:")):
                    continue        # comments: losing one changes nothing
                with self.subTest(stream=name, dropped=line):
                    self.assertNotEqual(parse_lines(lines[:k] + lines[k + 1:]).verdict, "PASS")

    def test_losing_a_report_line_of_a_pass_is_an_error(self):
        lines = stream_lines("pass")
        for k, line in enumerate(lines):
            if not line.startswith((b"# progress:", b"# rate:")):
                with self.subTest(dropped=line):
                    self.assertEqual(parse_lines(lines[:k] + lines[k + 1:]).verdict, "ERROR")


class EditedStreams(unittest.TestCase):
    """Single edits of the passing stream, each a distinct contract rule."""

    CASES = {
        "plan 1..0": (edited("1..4", "1..0").replace("groups=4", "groups=0"), "plan 1..0 but 4"),
        "ok with failed=": (edited("ok 1 - regression/STRx/kong # cases=2",
                                   "ok 1 - regression/STRx/kong # cases=2 failed=1"), "carries failed="),
        "not ok without YAML": (edited("ok 1 - regression/STRx/kong # cases=2",
                                       "not ok 1 - regression/STRx/kong # cases=2 failed=1"),
                                "has no YAML diagnostics"),
        "YAML after ok": (edited("ok 1 - regression/STRx/kong # cases=2",
                                 "ok 1 - regression/STRx/kong # cases=2\n  ---\n  group: x\n  ..."),
                          "YAML block after 'ok'"),
        "stray YAML": (edited("cases: 6100", "  ---\n  a: 1\n  ...\ncases: 6100"), "does not directly follow"),
        "ERROR without Bail out": (edited("PASS exit=0", "ERROR exit=2"), "ERROR without 'Bail out!'"),
        "duplicate name": (edited("regression/STRw/alias-252", "regression/STRx/kong"), "used twice"),
        "malformed progress": (edited("# progress: sweep 2048/4096", "# progress: sweep half"),
                               "malformed progress or rate comment"),
        "malformed summary": (edited("cases: 6100 passed, 0 failed", "cases: 6100 passed"), "malformed summary"),
        "no summary": (edited("cases: 6100 passed, 0 failed\n", ""), "no summary line"),
        "no header": (edited(PASS_TEXT.splitlines()[2] + "\n", ""), "no header line"),
        "header field": (edited("batch=256", "batch 256"), "header field 'batch'"),
        "status counts": (edited("cases-failed=0", "cases-failed=3"), "cases-failed=3"),
        "status keys": (edited(" groups-failed=0", ""), "needs groups-failed="),
        "second TAP version": (edited("1..4", "1..4\nTAP version 13"), "a second 'TAP version'"),
        "TAP version 14": (edited("TAP version 13", "TAP version 14"), "malformed TAP version"),
        "name without suite": (edited("ok 4 - random/mixed", "ok 4 - mixed"), "malformed test point"),
        "tab noise": (edited("1..4", "1..4\n\x07beep"), "garbage inside the report"),
    }

    def test_each_edit_is_an_error(self):
        for what, (text, fragment) in self.CASES.items():
            with self.subTest(what):
                r = parse_text(text)
                self.assertEqual(r.verdict, "ERROR", r.problems)
                self.assertTrue(any(fragment in p for p in r.problems), (fragment, r.problems))

    def test_header_after_plan(self):
        lines = PASS_TEXT.split("\n")
        lines[2], lines[3] = lines[3], lines[2]
        r = parse_text("\n".join(lines))
        self.assertIn("line 4: the header comes after the plan", r.problems)

    def test_endless_line_is_cut_and_rejected(self):
        lines = stream_lines("pass")
        path = os.path.join(tempfile.mkdtemp(prefix="pgrun-"), "long.log")
        with open(path, "wb") as f:
            f.write(b"\n".join(lines[:5] + [b"x" * (3 * MAX_LINE)] + lines[5:]) + b"\n")
        r = run_log(path).report
        self.assertEqual(r.verdict, "PASS", r.problems)  # printable chatter, in pieces
        with open(path, "wb") as f:
            f.write(b"\n".join(lines[:5] + [b"ok " * MAX_LINE] + lines[5:]) + b"\n")
        r = run_log(path).report
        self.assertEqual(r.verdict, "ERROR")
        self.assertIn("malformed test point", r.problems[0])

    def test_chatter_and_trailing_output_are_allowed(self):
        text = edited("1..4", "1..4\nmmu: on, 1 GiB identity map\n\tindented note") + \
            "\nreboot: power down\n\x00\xff"
        r = parse_text(text)
        self.assertEqual((r.verdict, r.problems), ("PASS", []))
        self.assertNotIn("mmu: on, 1 GiB identity map", r.tap_lines())

    def test_noise_before_the_banner_on_its_line(self):
        r = parse_lines([b"\x00\xffboot", b"\xfe\xfe" + stream_lines("pass")[0]] + stream_lines("pass")[1:])
        self.assertEqual((r.verdict, r.problems), ("PASS", []))

    def test_printable_prefix_is_not_a_banner(self):
        lines = stream_lines("pass")
        r = parse_lines([b"say pairguard 0.1.0 plat=qemu-virt"] + lines[1:])
        self.assertIn("no pairguard banner", r.reason)

    def test_diagnostics_must_match_the_test_point(self):
        fail = "\n".join(l.decode() for l in stream_lines("fail"))
        for what, (old, new, fragment) in {
            "group": ("  group: sweep/STRx/prev-below", "  group: sweep/other", "group is 'sweep/other'"),
            "failed": ("  failed: 64", "  failed: 63", "failed is 63"),
            "shown": ("  shown: 2", "  shown: 3", "shown is 3 but failures lists 2"),
            "class": ("      class: fusion\n      requests:\n        - \"str x30, [x19, #480]\"",
                      "      class: cosmic\n      requests:\n        - \"str x30, [x19, #480]\"",
                      "failure 2 needs 'case' and either 'class: fusion|execution|unpredictable' or (a self-check) 'check'"),
            "unreadable": ("  cases: 4096", "  cases: 4096\n  bad: {x: ", "diagnostics of test point 2"),
        }.items():
            with self.subTest(what):
                r = parse_text(edited(old, new, fail))
                self.assertEqual(r.verdict, "ERROR")
                self.assertTrue(any(fragment in p for p in r.problems), r.problems)

    def test_self_check_failure_has_check_not_class(self):
        text = edited("ok 1 - regression/STRx/kong # cases=2", "\n".join([
            "not ok 1 - canary/deliberate-failure # cases=2 failed=1", "  ---", "  group: canary/deliberate-failure",
            "  cases: 2", "  failed: 1", "  shown: 1", "  failures:", "    - case: canary/deliberate-failure/1",
            '      check: "1 + 1 == 3 (wrong on purpose)"', '      expected: "0x3"', '      actual: "0x2"', "  ..."]))
        text = text.replace("groups-failed=0", "groups-failed=1").replace("cases-failed=0", "cases-failed=1")
        text = text.replace("cases: 6100 passed, 0 failed", "cases: 6099 passed, 1 failed").replace("PASS exit=0", "FAIL exit=1")
        r = parse_text(text)
        self.assertEqual((r.verdict, r.problems), ("FAIL", []))
        self.assertIn("      case canary/deliberate-failure/1 check 1 + 1 == 3 (wrong on purpose): expected 0x3, "
                      "actual 0x2", summary.failure_details(r))
        r = parse_text(text.replace('      check: "1 + 1 == 3 (wrong on purpose)"', "      seen: 2"))
        self.assertIn("or (a self-check) 'check'", r.problems[0])

    def test_clean_tap(self):
        tap = parse_stream("fail").tap_lines()
        self.assertEqual(tap[0], "TAP version 13")
        self.assertEqual(tap[2], "1..3")
        self.assertIn("not ok 2 - sweep/STRx/prev-below # cases=4096 failed=64", tap)
        self.assertFalse(any(l.startswith("# progress") for l in tap))
        self.assertIn("  ...", tap)
        # The clean TAP of an error says why, as a TAP consumer understands.
        self.assertTrue(parse_stream("truncated").tap_lines()[-1].startswith("Bail out! pairguard-run: stream truncated"))


class Expectations(unittest.TestCase):
    def check(self, spec, stream="fail"):
        return Expectation.parse(spec.split()).check(parse_stream(stream))

    def test_known_bad_policy_matches(self):
        self.assertEqual(self.check("fail groups=sweep/* groups-failed=1 failed=64 class=fusion "
                                    "word=a91e827e bytes=496..503:clobbered bytes=-16..-9:missed "
                                    "text=stp\\sx30 header.policy=luajit-pre1075"), [])

    def test_each_check_can_fail(self):
        for spec, fragment in {
            "fail groups=random/*": "group sweep/STRx/prev-below failed, not expected",
            "fail groups=sweep/*,regression/*": "expected a failing group matching regression/*",
            "fail failed=63": "expected 63 failed cases, got 64",
            "fail groups-failed=2": "expected 2 failing groups, got 1",
            "fail class=execution": "class execution",
            "fail word=a9000000": "emit a9000000",
            "fail bytes=496..503:missed": "{from: 496, to: 503, what: missed}",
            "fail text=ldp": "match /ldp/",
            "fail header.policy=fixed": "header policy=fixed expected",
            "pass": "expected a pass; 1 group failed: sweep/STRx/prev-below",
        }.items():
            with self.subTest(spec):
                unmet = self.check(spec)
                self.assertTrue(any(fragment in u for u in unmet), unmet)

    def test_known_emulator_divergence(self):
        # The forms suite on QEMU 7.2: the architecture's SP alignment fault
        # never comes; an execution finding in those groups, named.
        spec = ("fail divergence=forms/STPw/sp-pre,forms/STPx/sp-pre failed=160 "
                "text=expected-fault:.[{]class:..sp.alignment.fault.,.word:.1[}] text=fault:.none")
        self.assertEqual(self.check(spec, stream="fw-forms"), [])
        for spec, fragment in {
            # a divergence that is not where the groups fail
            "fail divergence=forms/STPq/*": "group forms/STPw/sp-pre failed, not expected",
            "fail divergence=forms/*/sp-pre,forms/STPq/post": "matching forms/STPq/post; none failed",
        }.items():
            with self.subTest(spec):
                unmet = self.check(spec, stream="fw-forms")
                self.assertTrue(any(fragment in u for u in unmet), unmet)
        # A divergence is an execution finding, never a fusion bug.
        unmet = self.check("fail divergence=sweep/*")
        self.assertTrue(any("execution findings only; seen: fusion" in u for u in unmet), unmet)
        with self.assertRaises(ValueError):
            Expectation.parse("pass divergence=forms/*".split())

    def test_expected_failure_that_does_not_happen(self):
        self.assertIn("expected failure did not happen", self.check("fail", stream="pass")[0])

    def test_a_run_error_never_meets_an_expectation(self):
        for spec in ("pass", "fail"):
            self.assertIn("did not complete", self.check(spec, stream="truncated")[0])

    def test_bad_specs(self):
        for spec, fragment in {
            "": "starts with 'pass' or 'fail'",
            "maybe": "starts with 'pass' or 'fail'",
            "pass class=fusion": "only makes sense after 'fail'",
            "fail class=cosmic": "accepted classes",
            "fail word=xyz": "8 hex digits",
            "fail bytes=1-2": "FROM..TO:WHAT",
            "fail failed=lots": "needs a number",
            "fail text=(": "bad regular expression",
            "fail colour=red": "unknown expectation key 'colour'",
            "fail groups": "not key=value",
            "fail may-fail=random/*": "may-fail= needs groups=",
        }.items():
            with self.subTest(spec):
                with self.assertRaises(ValueError) as cm:
                    Expectation.parse(spec.split())
                self.assertIn(fragment, str(cm.exception))


if __name__ == "__main__":
    unittest.main()


class ContractExample(unittest.TestCase):
    def test_the_example_in_report_format_reads_as_a_failure(self):
        with open(os.path.join(ROOT, "tools", "REPORT-FORMAT.md")) as f:
            doc = f.read()
        example = doc.split("```\n", 2)[1]
        r = parse_text(example.rstrip("\n"), exit_status=1)
        self.assertEqual((r.verdict, r.problems), ("FAIL", []))
        self.assertEqual(r.cmdline, "policy=luajit-pre1075")
        self.assertEqual(r.header["entry-el"], "1")

    def test_cmdline_rules(self):
        for text, fragment in (
                (edited("1..4", "# cmdline: a=1\n# cmdline: a=1\n1..4"), "a second command-line echo"),
                (edited("1..4", "1..4\n# cmdline: a=1"), "the command-line echo comes after the plan"),
                (edited("1..4", "# cmdline:a=1\n1..4"), "malformed command-line echo")):
            r = parse_text(text)
            self.assertTrue(any(fragment in p for p in r.problems), r.problems)
        self.assertEqual(parse_text(edited("1..4", "# cmdline:\n1..4")).cmdline, "")


class EngineOutput(unittest.TestCase):
    """What the engine's own driver prints (streams/README)."""

    def test_fixed_passes(self):
        r = parse_stream("engine-fixed", exit_status=0)
        self.assertEqual((r.verdict, r.problems), ("PASS", []))
        self.assertEqual(r.counts(), (52, 0))

    def test_pre1075_fails_with_the_kong_bytes(self):
        r = parse_stream("engine-pre1075", exit_status=1)
        self.assertEqual((r.verdict, r.problems), ("FAIL", []))
        spec = ("fail groups=regression/*/kong,regression/*/alias252,sweep/*/alias may-fail=random/* "
                "class=fusion word=a91e827e word=291f8660 bytes=496..503:clobbered bytes=-16..-9:missed")
        self.assertEqual(Expectation.parse(spec.split()).check(r), [])
        self.assertIn("expected a failing group matching sweep/*/misaligned; none failed",
                      Expectation.parse("fail groups=sweep/*/misaligned may-fail=*".split()).check(r))
        self.assertIn("group random/plain failed, not expected",
                      " ".join(Expectation.parse("fail groups=regression/*,sweep/*".split()).check(r)))


class FirmwareCaptures(unittest.TestCase):
    """Real UART output of the engine's firmware under QEMU (streams/README)."""

    def test_fixed_passes(self):
        r = parse_stream("fw-fixed", exit_status=0)
        self.assertEqual((r.verdict, r.problems), ("PASS", []))
        self.assertEqual((r.counts(), r.header["policy"], r.header["entry-el"]), ((62, 0), "fixed", "1"))

    def test_pre1075_meets_the_matrix_expectation(self):
        r = parse_stream("fw-pre1075", exit_status=1)
        self.assertEqual((r.verdict, r.problems), ("FAIL", []))
        spec = ("fail groups=regression/*/kong,regression/*/alias252,sweep/*/alias may-fail=random/* "
                "class=fusion word=a91e827e word=291f8660 bytes=496..503:clobbered bytes=-16..-9:missed")
        self.assertEqual(Expectation.parse(spec.split()).check(r), [])
