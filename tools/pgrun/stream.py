"""Read the firmware's UART report (tools/REPORT-FORMAT.md) into a verdict.

StreamParser is fed one line at a time (live from QEMU or from a log), then
finish() checks what only the whole stream can show (truncation, plan and
count mismatches, summary versus status, the exit status).  Every way a
stream can be wrong becomes a `problem`; any problem makes the verdict ERROR
(exit 2): a stream the runner cannot trust is never a pass.
"""

import collections
import re

from . import diagyaml

BANNER_RE = re.compile(r"(?:^|[^\x20-\x7e])pairguard ([0-9A-Za-z.+_-]+) plat=([0-9A-Za-z._-]+)$")
TAP_VERSION = "TAP version 13"
HEADER_PREFIX = "# pairguard:"
KV_RE = re.compile(r"^([A-Za-z0-9_.-]+)=(\S*)$")
PLAN_RE = re.compile(r"^1\.\.([0-9]+)$")
POINT_RE = re.compile(
    r"^(ok|not ok) ([0-9]+) - ([A-Za-z0-9_.+-]+(?:/[A-Za-z0-9_.+-]+)+)"
    r" # cases=([0-9]+)(?: failed=([0-9]+))?$")
SUMMARY_RE = re.compile(r"^cases: ([0-9]+) passed, ([0-9]+) failed$")
STATUS_RE = re.compile(r"^pairguard-result: (PASS|FAIL|ERROR) exit=([0-9]+)((?: [A-Za-z0-9_.-]+=\S*)*)$")
PROGRESS_RE = re.compile(r"^# progress: ([A-Za-z0-9_.+/-]+) ([0-9]+)/([0-9]+)$")
RATE_RE = re.compile(r"^# rate: ([0-9]+) cases in ([0-9.]+) s, ([0-9.]+) cases/s$")
BAIL_RE = re.compile(r"^Bail out!(?: (.*))?$")
NAME = r"[A-Za-z0-9_.+-]+(?:/[A-Za-z0-9_.+-]+)+"
HEX16 = r"[0-9a-f]{16}"
FP_POINT_RE = re.compile(r"^# fingerprint: (%s) fixed=(%s) cases=([0-9]+)(?: open=(%s) open-cases=([0-9]+))?$"
                         % (NAME, HEX16, HEX16))
FP_RUN_RE = re.compile(r"^# fingerprint: run fixed=(%s) open=(%s) cases=([0-9]+) open-cases=([0-9]+)$"
                       % (HEX16, HEX16))
CHOICE_RE = re.compile(r"^# choice: (%s) ([a-z0-9-]+) cases=([0-9]+)(?: first=(%s|[a-z]+/[0-9]+))?$"
                       % (NAME, NAME))
FNV_BASIS = 0xcbf29ce484222325
FNV_PRIME = 0x100000001b3
CMDLINE_PREFIX = "# cmdline:"

# Lines that start like a report line but do not match its form are malformed.
RESERVED = [
    (re.compile(r"^(?:not )?ok\b"), "test point"),
    (re.compile(r"^[0-9]+\.\."), "plan"),
    (re.compile(r"^TAP version"), "TAP version line"),
    (re.compile(r"^Bail out"), "Bail out line"),
    (re.compile(r"^cases:"), "summary line"),
    (re.compile(r"^pairguard-result:"), "status line"),
    (re.compile(r"^# (?:progress|rate):"), "progress or rate comment"),
    (re.compile(r"^# pairguard:"), "header"),
    (re.compile(r"^# cmdline:"), "command-line echo"),
    (re.compile(r"^# (?:fingerprint|choice):"), "fingerprint or choice comment"),
]
STATUS_EXIT = {"PASS": 0, "FAIL": 1, "ERROR": 2}
STATUS_KEYS = ("groups", "groups-failed", "cases", "cases-failed")
VERDICT_EXIT = STATUS_EXIT
MAX_PROBLEMS = 20


def fnv1a(data, h=FNV_BASIS):
    """FNV-1a 64 of bytes data, continued from h."""
    for b in data:
        h = ((h ^ b) * FNV_PRIME) & 0xffffffffffffffff
    return h


def fold_run(values):
    """The run's fingerprint from the points' values in order (REPORT-FORMAT.md)."""
    h = FNV_BASIS
    for v in values:
        h = fnv1a(v.to_bytes(8, "little"), h)
    return h


class Fingerprint:
    """A test point's or the run's `# fingerprint:` line."""

    def __init__(self, fixed, cases, open_=FNV_BASIS, open_cases=0):
        self.fixed, self.cases, self.open, self.open_cases = fixed, cases, open_, open_cases

    def __eq__(self, other):
        return isinstance(other, Fingerprint) and vars(self) == vars(other)

    def text(self):
        out = "fixed=%016x cases=%d" % (self.fixed, self.cases)
        if self.open_cases:
            out += " open=%016x open-cases=%d" % (self.open, self.open_cases)
        return out


def printable(text):
    return all(" " <= c <= "~" or c == "\t" for c in text)


def decode_line(raw):
    """bytes or str without its newline -> str; trailing CRs dropped."""
    if isinstance(raw, bytes):
        raw = raw.decode("latin-1")
    return raw.rstrip("\r")


def shown(text, limit=120):
    """A line as a person can read it in a message (noise made visible)."""
    out = text if printable(text) else ascii(text)
    return out if len(out) <= limit else out[:limit] + "..."


class TestPoint:
    def __init__(self, number, ok, name, cases, failed, line):
        self.number, self.ok, self.name = number, ok, name
        self.cases, self.failed, self.line = cases, failed, line
        self.yaml_lines = None  # raw block lines, "  ---" and "  ..." excluded
        self.diag = None        # parsed block
        self.fingerprint = None  # Fingerprint, from its `# fingerprint:` line
        self.choices = []        # (behaviour, cases, first case) of its open cases

    @property
    def yaml_text(self):
        return "\n".join(self.yaml_lines or [])

    def tap_lines(self):
        head = "%s %d - %s # cases=%d" % ("ok" if self.ok else "not ok", self.number, self.name, self.cases)
        if not self.ok:
            head += " failed=%d" % self.failed
        out = [head]
        if self.yaml_lines is not None:
            out += ["  ---"] + self.yaml_lines + ["  ..."]
        return out


class Report:
    """What a stream said, and every problem found in it."""

    def __init__(self):
        self.banner = None          # (version, plat)
        self.banner_line = None
        self.tap_version = False
        self.header = None          # dict
        self.cmdline = None         # the bootargs as the firmware received them
        self.plan = None
        self.points = []
        self.summary = None         # (passed, failed)
        self.status = None          # (word, exit, dict)
        self.bailout = None
        self.rate = None            # (cases, seconds, per_second)
        self.progress = {}          # suite -> (done, total)
        self.fingerprint = None     # the run's Fingerprint
        self.body = []              # test points and kept comments, in order
        self.problems = []          # strings; any makes the verdict ERROR
        self.exit_status = None     # QEMU's, when there was a QEMU
        self.lines = 0
        self.last_lines = collections.deque(maxlen=10)
        self.finished = False

    def problem(self, message):
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(message)
        elif len(self.problems) == MAX_PROBLEMS:
            self.problems.append("(more problems not shown)")

    @property
    def verdict(self):
        if self.problems or self.status is None or self.status[0] == "ERROR":
            return "ERROR"
        return self.status[0]

    @property
    def exit_code(self):
        return VERDICT_EXIT[self.verdict]

    @property
    def reason(self):
        """One line saying why the verdict is ERROR (None otherwise)."""
        if self.problems:
            return self.problems[0]
        if self.bailout is not None:
            return "firmware bailed out: %s" % self.bailout
        if self.verdict == "ERROR":
            return "firmware reported ERROR"
        return None

    @property
    def failed_points(self):
        return [p for p in self.points if not p.ok]

    def counts(self):
        """(groups passed, groups failed) over the test points seen."""
        failed = len(self.failed_points)
        return len(self.points) - failed, failed

    def tap_lines(self):
        """The report as a clean TAP stream: chatter, progress and CRs gone."""
        out = [TAP_VERSION]
        if self.header is not None:
            out.append(HEADER_PREFIX + "".join(" %s=%s" % kv for kv in self.header.items()))
        if self.plan is not None:
            out.append("1..%d" % self.plan)
        for item in self.body:
            out += item.tap_lines() if isinstance(item, TestPoint) else [item]
        if self.bailout is not None:
            out.append("Bail out! %s" % self.bailout)
        elif self.verdict == "ERROR":
            out.append("Bail out! pairguard-run: %s" % self.reason)
        if self.summary is not None:
            out.append("# cases: %d passed, %d failed" % self.summary)
        if self.status is not None:
            word, code, keys = self.status
            out.append("# pairguard-result: %s exit=%d%s" % (word, code, "".join(" %s=%s" % kv for kv in keys.items())))
        return out


class StreamParser:
    """Feed lines with feed(); call finish() once at the end of the stream.

    on_progress(suite, done, total) is called for each progress comment.
    """

    def __init__(self, on_progress=None):
        self.report = Report()
        self.on_progress = on_progress
        self._yaml = None           # (test point, opening line number) while inside a block
        self._prev_point = None     # the test point on the line just before, if any
        self._after_status = False

    @property
    def complete(self):
        """The status line has been read: the firmware has nothing more to say."""
        return self._after_status

    # -- per line ------------------------------------------------------------

    def feed(self, raw):
        r = self.report
        line = decode_line(raw)
        r.lines += 1
        n = r.lines
        r.last_lines.append(line)
        if r.banner is None:
            m = BANNER_RE.search(line)
            if m:
                r.banner, r.banner_line = (m.group(1), m.group(2)), n
            return                  # before the banner anything goes
        if self._after_status:
            if BANNER_RE.search(line):
                r.problem("line %d: a second report starts after the status line "
                          "(the log holds more than one run; cut it to one)" % n)
            return
        if not printable(line):
            r.problem("line %d: garbage inside the report: %s" % (n, shown(line)))
            return
        if self._yaml is not None:
            self._yaml_line(line, n)
            return
        if BANNER_RE.search(line):
            r.problem("line %d: the report restarts (a second banner before the status line: did the board reset?)" % n)
            self._restart(line)
            return
        self._report_line(line, n)

    def _restart(self, line):
        """Read the new report on its own, keeping the problems seen so far."""
        old = self.report
        self.report = Report()
        for keep in ("problems", "lines", "last_lines"):
            setattr(self.report, keep, getattr(old, keep))
        self.report.banner_line = old.lines
        self.report.banner = BANNER_RE.search(line).groups()
        self._yaml = self._prev_point = None

    def _yaml_line(self, line, n):
        point, opened = self._yaml
        if line == "  ...":
            self._close_yaml(point, opened)
            return
        if line.strip() and not line.startswith("  "):
            self.report.problem("line %d: YAML block opened at line %d is not closed (no '  ...' before %s)"
                                % (n, opened, shown(line, 60)))
            self._yaml = None
            self._report_line(line, n)
            return
        point.yaml_lines.append(line)

    def _close_yaml(self, point, opened):
        self._yaml = None
        try:
            point.diag = diagyaml.parse([l[2:] for l in point.yaml_lines])
        except diagyaml.YamlError as e:
            self.report.problem("line %d: diagnostics of test point %d: %s"
                                % (opened + e.line, point.number, e.message))
            return
        if not point.ok and point.number > 0:
            self._check_diag(point, opened)

    def _check_diag(self, p, opened):
        r, d = self.report, p.diag
        where = "diagnostics of test point %d (line %d)" % (p.number, opened)
        if not isinstance(d, dict):
            r.problem("%s: not a map" % where)
            return
        for key, want in (("group", p.name), ("cases", p.cases), ("failed", p.failed)):
            if d.get(key) != want:
                r.problem("%s: %s is %r, the test point says %r" % (where, key, d.get(key), want))
        failures, shown_n = d.get("failures"), d.get("shown")
        if not isinstance(shown_n, int) or not isinstance(failures, list):
            r.problem("%s: needs 'shown' (a number) and 'failures' (a list)" % where)
            return
        if len(failures) != shown_n or shown_n > p.failed or shown_n < 1:
            r.problem("%s: shown is %d but failures lists %d (of %d failed; at least one must be shown)"
                      % (where, shown_n, len(failures), p.failed))
        for k, f in enumerate(failures, 1):
            # A fusion case says its class; a firmware self-check says its check.
            if not isinstance(f, dict) or "case" not in f or not (
                    f.get("class") in ("fusion", "execution", "unpredictable") or
                    ("class" not in f and "check" in f)):
                r.problem("%s: failure %d needs 'case' and either 'class: fusion|execution|unpredictable' or "
                          "(a self-check) 'check'" % (where, k))

    def _report_line(self, line, n):
        r = self.report
        if line == TAP_VERSION:
            if r.tap_version:
                r.problem("line %d: a second 'TAP version' line" % n)
            r.tap_version = True
            return
        if not r.tap_version:
            if line.startswith("#") or not any(rx.match(line) for rx, _ in RESERVED):
                return              # firmware chatter between banner and TAP
            r.problem("line %d: %s before 'TAP version 13'" % (n, shown(line, 60)))
            r.tap_version = True    # report the missing line once, read on
        prev_point, self._prev_point = self._prev_point, None
        if self._bailout_line(line, n) or self._status_line(line, n):
            return
        if r.bailout is not None:
            if line.startswith("#"):
                r.body.append(line)
            elif any(rx.match(line) for rx, _ in RESERVED):
                r.problem("line %d: %s after 'Bail out!'" % (n, shown(line, 60)))
            return
        if line == "  ---":
            self._open_yaml(prev_point, n)
            return
        for handler in (self._header_line, self._cmdline_line, self._plan_line, self._point_line,
                        self._summary_line, self._comment_line):
            if handler(line, n):
                return
        for rx, what in RESERVED:
            if rx.match(line):
                r.problem("line %d: malformed %s: %s" % (n, what, shown(line)))
                return
        # Any other printable line is firmware chatter: allowed, not TAP.

    def _bailout_line(self, line, n):
        m = BAIL_RE.match(line)
        if not m:
            return False
        r = self.report
        if r.bailout is not None:
            r.problem("line %d: a second 'Bail out!'" % n)
        r.bailout = (m.group(1) or "").strip() or "(no message)"
        return True

    def _status_line(self, line, n):
        m = STATUS_RE.match(line)
        if not m:
            return False
        r = self.report
        keys = {}
        for tok in m.group(3).split():
            k, _, v = tok.partition("=")
            keys[k] = v
        r.status = (m.group(1), int(m.group(2)), keys)
        self._after_status = True
        return True

    def _header_line(self, line, n):
        if not line.startswith(HEADER_PREFIX):
            return False
        r = self.report
        fields = {}
        for tok in line[len(HEADER_PREFIX):].split():
            m = KV_RE.match(tok)
            if not m:
                r.problem("line %d: header field %r is not key=value" % (n, tok))
                return True
            fields[m.group(1)] = m.group(2)
        if r.header is not None:
            r.problem("line %d: a second header line" % n)
        elif r.plan is not None or r.points:
            r.problem("line %d: the header comes after the plan" % n)
        r.header = fields
        return True

    def _cmdline_line(self, line, n):
        if not (line == CMDLINE_PREFIX or line.startswith(CMDLINE_PREFIX + " ")):
            return False
        r = self.report
        if r.cmdline is not None:
            r.problem("line %d: a second command-line echo" % n)
        elif r.plan is not None:
            r.problem("line %d: the command-line echo comes after the plan" % n)
        r.cmdline = line[len(CMDLINE_PREFIX):].strip()
        r.body.append(line)
        return True

    def _plan_line(self, line, n):
        m = PLAN_RE.match(line)
        if not m:
            return False
        r = self.report
        if r.plan is not None:
            r.problem("line %d: a second plan" % n)
        elif r.points:
            r.problem("line %d: the plan comes after test points (it must come first)" % n)
        r.plan = int(m.group(1))
        return True

    def _point_line(self, line, n):
        m = POINT_RE.match(line)
        if not m:
            return False
        r = self.report
        ok = m.group(1) == "ok"
        number, name, cases = int(m.group(2)), m.group(3), int(m.group(4))
        failed = int(m.group(5)) if m.group(5) is not None else 0
        if ok and m.group(5) is not None:
            r.problem("line %d: an 'ok' test point carries failed=: %s" % (n, line))
        if not ok and not 1 <= failed <= cases:
            r.problem("line %d: 'not ok' needs 1 <= failed <= cases: %s" % (n, line))
        expected = len(r.points) + 1
        if r.plan is None:
            r.problem("line %d: test point %d before the plan" % (n, number))
        if number != expected:
            r.problem("line %d: test point %d out of order (expected %d)" % (n, number, expected))
        if r.summary is not None:
            r.problem("line %d: test point after the summary line" % n)
        if any(p.name == name for p in r.points):
            r.problem("line %d: test point name %s used twice" % (n, name))
        point = TestPoint(number, ok, name, cases, failed, n)
        r.points.append(point)
        r.body.append(point)
        self._prev_point = point
        return True

    def _summary_line(self, line, n):
        m = SUMMARY_RE.match(line)
        if not m:
            return False
        r = self.report
        if r.summary is not None:
            r.problem("line %d: a second summary line" % n)
        r.summary = (int(m.group(1)), int(m.group(2)))
        return True

    def _open_yaml(self, point, n):
        r = self.report
        if point is None:
            r.problem("line %d: a YAML block that does not directly follow a 'not ok' test point" % n)
            point = TestPoint(0, False, "(stray block)", 0, 0, n)
        elif point.ok:
            r.problem("line %d: a YAML block after 'ok' test point %d (only 'not ok' has diagnostics)"
                      % (n, point.number))
        point.yaml_lines = []
        self._yaml = (point, n)

    def _fingerprint_line(self, line, n):
        """`# fingerprint:` (a point's, right after it, or the run's) and `# choice:`."""
        r = self.report
        last = r.points[-1] if r.points else None
        m = FP_RUN_RE.match(line)
        if m:
            if r.fingerprint is not None:
                r.problem("line %d: a second run fingerprint" % n)
            r.fingerprint = Fingerprint(int(m.group(1), 16), int(m.group(3)),
                                        int(m.group(2), 16), int(m.group(4)))
            return True
        m = FP_POINT_RE.match(line)
        if m:
            if last is None or last.name != m.group(1) or last.fingerprint is not None:
                r.problem("line %d: fingerprint of %s does not follow its test point" % (n, m.group(1)))
            elif r.fingerprint is not None:
                r.problem("line %d: a point's fingerprint after the run's" % n)
            else:
                last.fingerprint = Fingerprint(int(m.group(2), 16), int(m.group(3)),
                                               int(m.group(4) or "%x" % FNV_BASIS, 16),
                                               int(m.group(5) or 0))
            return True
        m = CHOICE_RE.match(line)
        if m:
            if last is None or last.name != m.group(1) or last.fingerprint is None:
                r.problem("line %d: choice of %s does not follow its fingerprint" % (n, m.group(1)))
            else:
                last.choices.append((m.group(2), int(m.group(3)), m.group(4)))
            return True
        return False

    def _comment_line(self, line, n):
        """Comments: progress and rate have a form; others pass into the TAP."""
        r = self.report
        if self._fingerprint_line(line, n):
            r.body.append(line)
            return True
        m = PROGRESS_RE.match(line)
        if m:
            done, total = int(m.group(2)), int(m.group(3))
            r.progress[m.group(1)] = (done, total)
            if self.on_progress:
                self.on_progress(m.group(1), done, total)
            return True
        m = RATE_RE.match(line)
        if m:
            r.rate = (int(m.group(1)), float(m.group(2)), float(m.group(3)))
            r.body.append(line)
            return True
        if line.startswith("#") and not any(rx.match(line) for rx, _ in RESERVED):
            r.body.append(line)
            return True
        return False

    # -- end of stream -----------------------------------------------------

    def finish(self, exit_status=None):
        """Check the whole stream.  exit_status: QEMU's, or None for a log."""
        r = self.report
        r.finished = True
        r.exit_status = exit_status
        if self._yaml is not None:
            r.problem("YAML block opened at line %d is not closed (stream ended)" % self._yaml[1])
            self._yaml = None
        if r.banner is None:
            r.problem("no pairguard banner ('pairguard <version> plat=<plat>') in %d line%s: "
                      "not a pairguard report, or the firmware printed nothing"
                      % (r.lines, "" if r.lines == 1 else "s"))
            return r
        if not r.tap_version:
            r.problem("stream truncated: nothing after the banner (line %d)" % r.banner_line)
            return r
        if r.status is None:
            where = ("after test point %d of %s" % (len(r.points), r.plan if r.plan is not None else "?")
                     if r.points else "before any test point")
            r.problem("stream truncated %s: no status line ('pairguard-result: ...')" % where)
        if r.bailout is not None:
            self._finish_bailout()
        else:
            self._finish_report()
        if exit_status is not None and r.status is not None and exit_status != r.status[1]:
            r.problem("QEMU exited with status %d but the status line says exit=%d" % (exit_status, r.status[1]))
        return r

    def _finish_bailout(self):
        r = self.report
        if r.status is not None and (r.status[0], r.status[1]) != ("ERROR", 2):
            r.problem("after 'Bail out!' the status must be 'ERROR exit=2', not '%s exit=%d'"
                      % (r.status[0], r.status[1]))

    def _finish_report(self):
        r = self.report
        truncated = r.status is None
        if r.header is None:
            r.problem("no header line ('# pairguard: key=value ...')")
        if r.plan is None:
            r.problem("no plan line ('1..N')")
        elif not truncated and len(r.points) != r.plan:
            r.problem("plan 1..%d but %d test point%s" % (r.plan, len(r.points), "" if len(r.points) == 1 else "s"))
        elif r.plan == 0:
            r.problem("the plan is 1..0: the run tested nothing")
        for p in r.failed_points:
            if p.yaml_lines is None:
                r.problem("line %d: 'not ok' test point %d has no YAML diagnostics" % (p.line, p.number))
        if truncated:
            return
        if r.summary is None:
            r.problem("no summary line ('cases: P passed, F failed')")
        word, code, keys = r.status
        if code != STATUS_EXIT[word]:
            r.problem("status line says %s but exit=%d (%s is exit=%d)" % (word, code, word, STATUS_EXIT[word]))
        if word == "ERROR":
            r.problem("status ERROR without 'Bail out!' (the contract requires the reason)")
            return
        nums = {}
        for k in STATUS_KEYS:
            v = keys.get(k, "")
            if not v.isdigit():
                r.problem("status line needs %s=<number> (has %r)" % (k, keys.get(k)))
                return
            nums[k] = int(v)
        cases = sum(p.cases for p in r.points)
        failed = sum(p.failed for p in r.points)
        checks = [
            ("groups", len(r.points), "test points"),
            ("groups-failed", len(r.failed_points), "'not ok' test points"),
            ("cases", cases, "the sum of the test points' cases="),
            ("cases-failed", failed, "the sum of the test points' failed="),
        ]
        if r.summary is not None:
            checks += [("cases", sum(r.summary), "the summary's passed + failed"),
                       ("cases-failed", r.summary[1], "the summary's failed")]
        for key, seen, what in checks:
            if nums[key] != seen:
                r.problem("status line says %s=%d but %s is %d" % (key, nums[key], what, seen))
        if (word == "PASS") != (nums["cases-failed"] == 0):
            r.problem("status %s disagrees with cases-failed=%d" % (word, nums["cases-failed"]))
        self._finish_fingerprints()

    def _finish_fingerprints(self):
        """The run's fingerprint is the fold of the points' (REPORT-FORMAT.md)."""
        r = self.report
        fps = [p.fingerprint for p in r.points if p.fingerprint is not None]
        if not fps and r.fingerprint is None:
            return                  # a run without fingerprints (an older firmware)
        if r.fingerprint is None:
            r.problem("points have fingerprints but the run's ('# fingerprint: run ...') is missing")
            return
        opens = [f.open for f in fps if f.open_cases]
        want = Fingerprint(fold_run(f.fixed for f in fps), sum(f.cases for f in fps),
                           fold_run(opens), sum(f.open_cases for f in fps))
        if r.fingerprint != want:
            r.problem("the run's fingerprint (%s) is not the fold of its points' (%s)"
                      % (r.fingerprint.text(), want.text()))
        for p in r.points:
            if p.fingerprint is not None and p.fingerprint.cases + p.fingerprint.open_cases != p.cases:
                r.problem("test point %d: its fingerprint covers %d cases, the point has %d"
                          % (p.number, p.fingerprint.cases + p.fingerprint.open_cases, p.cases))
