"""The diagnostics blocks' YAML: PyYAML plus the report contract's rules
(tools/pgrun/diagyaml.py)."""

import os
import subprocess
import unittest

import runnertest  # noqa: F401  (puts tools/ on the path)
from runnertest import ROOT
from pgrun import diagyaml

DOC_BLOCK = """\
group: sweep/STRx/prev-below
cases: 4096
failed: 64
shown: 1
failures:
  - case: sweep/1234
    seed: "0x1"
    class: fusion
    requests:
      - "str x30, [x19, #488]"
      - "stur x0, [x19, #-16]"
    registers: {x0: "0x3768194a7b2c5d0e", x19: "0x5020010710", d30: "0x16416c17426d1843"}
    emitted:
      - "a91e827e  stp x30, x0, [x19, #488]"
    fault: {class: "data abort", esr: "0x96000045", far: "0x5020010500", elr: "0x8000", far-offset: -520, word: 1}
    bytes:
      - {from: -16, to: -9, what: missed, expected: "0001020304050607", actual: "a5a5a5a5a5a5a5a5"}
      - {from: 496, to: 503, what: clobbered, expected: "a5a5a5a5a5a5a5a5", actual: "0001020304050607"}
"""


def parse_error(lines):
    with unittest.TestCase().assertRaises(diagyaml.YamlError) as cm:
        diagyaml.parse(lines)
    return cm.exception


class DiagnosticsYaml(unittest.TestCase):
    def test_diagnostics_block(self):
        d = diagyaml.parse(DOC_BLOCK.splitlines())
        self.assertEqual(d["group"], "sweep/STRx/prev-below")
        self.assertEqual((d["cases"], d["failed"], d["shown"]), (4096, 64, 1))
        f = d["failures"][0]
        self.assertEqual(f["seed"], "0x1")
        self.assertEqual(f["requests"], ["str x30, [x19, #488]", "stur x0, [x19, #-16]"])
        self.assertEqual(f["registers"]["x19"], "0x5020010710")
        self.assertEqual(f["fault"], {"class": "data abort", "esr": "0x96000045", "far": "0x5020010500",
                                      "elr": "0x8000", "far-offset": -520, "word": 1})
        self.assertEqual(f["bytes"][1], {"from": 496, "to": 503, "what": "clobbered",
                                         "expected": "a5a5a5a5a5a5a5a5", "actual": "0001020304050607"})

    def test_flow_sequences_quotes_and_comments(self):
        d = diagyaml.parse(["list: [1, two, \"th ree\"]", "empty: []", "q: 'it''s'", "fault: none",
                            "items:", "- a", "- \"x\\\"y\\x41\"", "next: 1  # comment"])
        self.assertEqual(d, {"list": [1, "two", "th ree"], "empty": [], "q": "it's", "fault": "none",
                             "items": ["a", 'x"yA'], "next": 1})

    def test_quoted_values_stay_text(self):
        # What YAML 1.1 would turn into numbers, booleans or null, quoted.
        for text in ("0x96000045", "08", "1e5", "0001020304050607", "010", "yes", "null", "1:30"):
            with self.subTest(text):
                self.assertEqual(diagyaml.parse(['v: "%s"' % text]), {"v": text})

    def test_unquoted_values_that_yaml_would_coerce(self):
        # PyYAML alone reads these as 2516582469, 8, 1000, 90, False, None, ...
        # instead of the text the firmware wrote: each must be an error.
        for text, fragment in (("0x96000045", "number in YAML 1.1"), ("010", "number in YAML 1.1"),
                               ("1_000", "number in YAML 1.1"), ("1:30", "number in YAML 1.1"),
                               ("0001020304050607", "number in YAML 1.1"), ("08", "looks like a number"),
                               ("1e5", "looks like a number"), ("no", "a boolean"), ("on", "a boolean"),
                               ("~", "null"), ("1.5", "a float"), ("2026-12-06", "a timestamp"),
                               ("+5", "number in YAML 1.1")):
            with self.subTest(text):
                e = parse_error(["a: 1", "v: %s" % text])
                self.assertEqual(e.line, 2)
                self.assertIn(fragment, e.message)
                self.assertIn("quoted", e.message)
        e = parse_error(["r: {x0: 0x1f, x1: \"0x2\"}"])
        self.assertIn("'0x1f' is a number", e.message)

    def test_errors_name_the_line(self):
        bad = {
            "bad indentation": (["a: 1", "   b: 2"], 2, "mapping values are not allowed"),
            "unterminated": (["a: 1", 'b: "open'], 3, "end of stream"),
            "duplicate": (["a: 1", "a: 2"], 2, "duplicate key 'a'"),
            "duplicate in a flow map": (["a: {b: 1, b: 2}"], 1, "duplicate key 'b'"),
            "tab": (["a:", "\tb: 1"], 2, "'\\t'"),
            "not key: value": (["just words"], 1, "a map of 'key: value' lines"),
            "a list": (["- a"], 1, "a map of 'key: value' lines"),
            "empty nested": (["a: 1", "b:"], 2, "empty value"),
            "flow garbage": (["a: {b: 1"], 2, "expected ',' or '}'"),
            "trailing": (['a: "x" y'], 1, "expected <block end>"),
            "continued plain value": (["a: one", "  two"], 1, "continues on the next line"),
            "second document": (["a: 1", "---", "b: 2"], 2, "another document"),
            "anchor": (["a: &x {b: 1}"], 1, "an anchor (&x)"),
            "alias": (["a: 1", "c: *x"], 2, "an alias (*x)"),
            "tag": (["a: !!int 5"], 1, "a tag"),
            "quoted key": (['"a": 1'], 1, "plain text"),
        }
        for what, (lines, line, fragment) in bad.items():
            with self.subTest(what):
                e = parse_error(lines)
                self.assertEqual(e.line, line, e)
                self.assertIn(fragment, e.message)

    def test_empty_block(self):
        self.assertIsNone(diagyaml.parse(["# only a comment", ""]))


class Interpreter(unittest.TestCase):
    """The tools run under Debian's python3, where tools/setup installs python3-yaml."""

    def test_scripts_name_debian_s_python(self):
        scripts = []
        for top in ("tools", "tests"):
            for d, _, files in os.walk(os.path.join(ROOT, top)):
                for name in files:
                    path = os.path.join(d, name)
                    with open(path, "rb") as f:
                        first = f.readline().decode("latin-1").rstrip("\n")
                    if first.startswith("#!") and "python" in first:
                        scripts.append((os.path.relpath(path, ROOT), first))
        self.assertIn(("tools/pairguard-run", "#!/usr/bin/python3"), scripts)
        for rel, first in scripts:
            with self.subTest(rel):
                self.assertEqual(first, "#!/usr/bin/python3")

    def test_setup_installs_pyyaml(self):
        with open(os.path.join(ROOT, "tools", "setup")) as f:
            self.assertIn("python3-yaml", f.read())

    def test_the_runner_starts_from_its_shebang(self):
        # Not through this interpreter: the script's own first line picks it.
        p = subprocess.run([os.path.join(ROOT, "tools", "pairguard-run"), "--list"], capture_output=True,
                           text=True, timeout=60)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn("virt-a57", p.stdout)


if __name__ == "__main__":
    unittest.main()
