"""tools/lava/monitors.yaml against recorded report streams (the serial
output in the recorded lava-run logs of tests/lava/results/), matched the way
LAVA 2023.01 matches them: pexpect over the serial output as it arrives
(reads of at most 2000 characters, a search window of the last 4000:
lava_dispatcher/shell.py ShellCommand), the earliest match in the window
winning and `end` winning a tie (lava_dispatcher/actions/test/monitor.py),
the case id lower-cased with runs of non-word characters made `_`."""

import os
import random
import re
import sys
import unittest

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
STREAMS = os.path.join(ROOT, "tests", "runner", "streams")
sys.path.insert(0, os.path.join(ROOT, "tools"))

from pgrun import lava  # noqa: E402
from pgrun.stream import StreamParser  # noqa: E402

RESULTS = os.path.join(HERE, "results")

MAX_READ, WINDOW = 2000, 4000


def load_monitors():
    with open(os.path.join(ROOT, "tools", "lava", "monitors.yaml")) as f:
        return yaml.safe_load(f)


class Serial:
    """The serial output arriving in reads of the given sizes."""

    def __init__(self, text, sizes):
        self.text, self.pos, self.sizes = text, 0, sizes
        self.buffer = ""

    def read(self):
        if self.pos >= len(self.text):
            raise EOFError
        n = min(next(self.sizes), MAX_READ)
        self.buffer += self.text[self.pos:self.pos + n]
        self.pos += n

    def expect(self, patterns):
        """(index of the pattern, match), as pexpect's searcher_re."""
        while True:
            window = self.buffer[-WINDOW:]
            best = None
            for k, p in enumerate(patterns):
                m = p.search(window)
                if m and (best is None or m.start() < best[1].start()):
                    best = (k, m)
            if best:
                self.buffer = window[best[1].end():]
                return best
            self.buffer = window
            self.read()


def lava_results(monitors, text, sizes):
    """{(monitor, case): (result, measurement)} as LAVA would record them."""
    serial = Serial(text, sizes)
    out = {}
    for mon in monitors:
        name = mon["name"].replace(" ", "-").lower()
        serial.expect([re.compile(mon["start"], re.DOTALL)])
        end, pattern = re.compile(mon["end"], re.DOTALL), re.compile(mon["pattern"], re.DOTALL)
        while True:
            which, match = serial.expect([end, pattern])
            if which == 0:
                break
            d = match.groupdict()
            result = (mon.get("fixupdict") or {}).get(d.get("result"), d.get("result") or "pass")
            case = re.sub(r"\W+", "_", d["test_case_id"].strip().lower())
            out[(name, case)] = (result, d.get("measurement"), d["test_case_id"])
    return out


def stream_text(name):
    """A recorded stream: the serial lines of a recorded job log, or one of
    the runner's recorded streams."""
    log = os.path.join(RESULTS, name + "-output.yaml")
    if os.path.isfile(log):
        return "\r\n".join(lava.load(log).serial) + "\r\n"
    with open(os.path.join(STREAMS, name + ".log"), "rb") as f:
        return f.read().decode("latin-1")


def parse_stream(text):
    p = StreamParser()
    for line in text.split("\n"):
        p.feed(line)
    return p.finish(None)


def expected(report):
    out = {}
    for p in report.points:
        case = re.sub(r"\W+", "_", p.name.lower())
        out[("pairguard", case)] = ("pass" if p.ok else "fail", str(p.cases), p.name)
    passed, failed = report.summary
    out[("pairguard-summary", "passed")] = ("pass", str(passed), "passed")
    out[("pairguard-summary", "failed")] = ("pass", str(failed), "failed")
    return out


class TestMonitors(unittest.TestCase):
    STREAMS = ("fixed", "pre1075")

    def check(self, monitors, name, sizes):
        text = stream_text(name)
        return lava_results(monitors, text, sizes), expected(parse_stream(text))

    def test_whole_lines(self):
        for name in self.STREAMS:
            with self.subTest(stream=name):
                got, want = self.check(load_monitors(), name, iter(lambda: MAX_READ, None))
                self.assertEqual(got, want)

    def test_any_read_sizes(self):
        # Lines arrive cut anywhere: a TAP point must never be taken half-read.
        for name in self.STREAMS:
            for seed in range(4):
                rng = random.Random(seed)
                with self.subTest(stream=name, seed=seed):
                    got, want = self.check(load_monitors(), name, iter(lambda: rng.choice((1, 2, 7, 300)), None))
                    self.assertEqual(got, want)

    def test_naive_pattern_is_caught(self):
        # Known-bad control: without the lookahead after the number, a line
        # read one character at a time records a cut-off case count.
        monitors = load_monitors()
        monitors[0]["pattern"] = monitors[0]["pattern"].replace(r"(?=\s)", "")
        got, want = self.check(monitors, "fixed", iter(lambda: 1, None))
        self.assertNotEqual(got, want)

    def test_names_map_as_documented(self):
        got, _ = self.check(load_monitors(), "pre1075", iter(lambda: MAX_READ, None))
        self.assertEqual(got[("pairguard", "regression_strx_kong")][2], "regression/STRx/kong")
        self.assertIn(("pairguard", "sweep_strw_prev_below_label"), got)

    def test_bail_out_ends_both_monitors(self):
        # After Bail out! the summary monitor starts and stops on the
        # status line, recording nothing: the job does not wait out its timeout.
        got = lava_results(load_monitors(), stream_text("bailout"), iter(lambda: MAX_READ, None))
        self.assertFalse([k for k in got if k[0] == "pairguard-summary"])


if __name__ == "__main__":
    unittest.main()
