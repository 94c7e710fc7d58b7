"""The YAML subset reader used for the diagnostics blocks."""

import unittest

import runnertest  # noqa: F401  (puts tools/ on the path)
from pgrun import yamlsub

DOC_BLOCK = """\
group: sweep/STRx/prev-below
cases: 4096
failed: 64
shown: 1
failures:
  - case: sweep/1234
    seed: 0x1
    class: fusion
    requests:
      - "str x30, [x19, #488]"
      - "stur x0, [x19, #-16]"
    emitted:
      - "a91e827e  stp x30, x0, [x19, #488]"
    fault: none
    bytes:
      - {from: -16, to: -9, what: missed, expected: "0001020304050607", actual: "a5a5a5a5a5a5a5a5"}
      - {from: 496, to: 503, what: clobbered, expected: "a5a5a5a5a5a5a5a5", actual: "0001020304050607"}
"""


class YamlSubset(unittest.TestCase):
    def test_diagnostics_block(self):
        d = yamlsub.parse(DOC_BLOCK.splitlines())
        self.assertEqual(d["group"], "sweep/STRx/prev-below")
        self.assertEqual((d["cases"], d["failed"], d["shown"]), (4096, 64, 1))
        f = d["failures"][0]
        self.assertEqual(f["seed"], "0x1")
        self.assertEqual(f["requests"], ["str x30, [x19, #488]", "stur x0, [x19, #-16]"])
        self.assertEqual(f["bytes"][1], {"from": 496, "to": 503, "what": "clobbered",
                                         "expected": "a5a5a5a5a5a5a5a5", "actual": "0001020304050607"})
        self.assertEqual(f["fault"], "none")

    def test_fault_map_and_flow_sequence(self):
        d = yamlsub.parse(['fault: {class: "data abort", esr: 0x96000045, far-offset: -520}',
                           "list: [1, two, \"th ree\"]", "empty: []", "q: 'it''s'"])
        self.assertEqual(d["fault"], {"class": "data abort", "esr": "0x96000045", "far-offset": -520})
        self.assertEqual(d["list"], [1, "two", "th ree"])
        self.assertEqual(d["empty"], [])
        self.assertEqual(d["q"], "it's")

    def test_sequence_at_key_indent_and_escapes(self):
        d = yamlsub.parse(["items:", "- a", "- \"x\\\"y\\x41\"", "next: 1  # comment"])
        self.assertEqual(d, {"items": ["a", 'x"yA'], "next": 1})

    def test_errors_name_the_line(self):
        bad = {
            "bad indentation": ["a: 1", "   b: 2"],
            "unterminated": ['a: "open'],
            "duplicate": ["a: 1", "a: 2"],
            "tab": ["a:", "\tb: 1"],
            "not key: value": ["just words"],
            "empty nested": ["a:"],
            "flow garbage": ["a: {b: 1"],
            "trailing": ['a: "x" y'],
        }
        for what, lines in bad.items():
            with self.subTest(what):
                with self.assertRaises(yamlsub.YamlError) as cm:
                    yamlsub.parse(lines)
                self.assertGreaterEqual(cm.exception.line, 1)


if __name__ == "__main__":
    unittest.main()
