"""Compare two pairguard runs by their fingerprints (tools/REPORT-FORMAT.md
"Fingerprints"): tools/pairguard-diff A.log B.log.

Both logs are read by the runner's stream parser.  The runs are comparable
when both are complete, well-formed reports with fingerprints, the header
keys that the `fingerprint=` header value names hold the same values, and
the test points are the same.  Then the first test point whose fixed
(architecturally determined) fingerprint differs is named, with the first
case whose outcome differs, both outcomes side by side.  Open cases
(CONSTRAINED UNPREDICTABLE, IMPLEMENTATION DEFINED) may differ between
machines: their choices are listed, and do not make the runs different.

Exit status: 0 same, 1 different, 2 not comparable (say why).
"""

import argparse
import re
import sys

from .run import run_log, _same

SAME, DIFFERENT, NOT_COMPARABLE = 0, 1, 2
FAIL_LINE_RE = re.compile(r"^# fail: ([a-z]+/[0-9]+) (.*)$")
# Diagnostic keys that say what a case did, independent of where it ran
# (far, elr and the registers hold addresses: they differ with placement).
OUTCOME_KEYS = ("class", "emitter-error", "emitted", "decoder", "injected", "expected-fault",
                "open", "unchecked", "bad-bytes", "runs", "bytes")
FAULT_KEYS = ("class", "esr", "far-offset", "far-base", "word")
COLUMN = 58


class NotComparable(Exception):
    pass


def load(path):
    """The finished report of a log; NotComparable when it cannot be compared."""
    try:
        result = run_log(path)
    except OSError as e:
        raise NotComparable("%s: cannot read: %s" % (path, e.strerror or e))
    r = result.report
    truncated = [p for p in r.problems if "truncated" in p]
    if truncated:
        raise NotComparable("%s: a truncated log: %s" % (path, truncated[0]))
    if r.problems:
        raise NotComparable("%s: not a well-formed report: %s" % (path, r.problems[0]))
    if r.bailout is not None:
        raise NotComparable("%s: the run bailed out: %s" % (path, r.bailout))
    if r.header is None or "fingerprint" not in r.header or r.fingerprint is None:
        raise NotComparable("%s: the report has no fingerprints (a firmware before them?)" % path)
    return r


def check_inputs(a, b, names):
    """The runs' inputs: the header keys their `fingerprint=` names."""
    keys_a, keys_b = a.header["fingerprint"].split(","), b.header["fingerprint"].split(",")
    if keys_a != keys_b:
        raise NotComparable("different inputs: the fingerprints depend on %s in %s but on %s in %s"
                            % (",".join(keys_a), names[0], ",".join(keys_b), names[1]))
    differ = []
    for key in keys_a:
        va, vb = a.header.get(key), b.header.get(key)
        if va is None or vb is None or not _same(va, vb):
            differ.append("%s=%s (A) vs %s=%s (B)" % (key, va, key, vb))
    if differ:
        raise NotComparable("different inputs: " + "; ".join(differ))
    if [p.name for p in a.points] != [p.name for p in b.points]:
        raise NotComparable("different test points (%d in A, %d in B; the first that differs: %s)"
                            % (len(a.points), len(b.points), first_name_difference(a, b)))
    for pa, pb in zip(a.points, b.points):
        if (pa.fingerprint is None) != (pb.fingerprint is None):
            raise NotComparable("test point %s has a fingerprint in only one run" % pa.name)
    return keys_a


def first_name_difference(a, b):
    for k, (pa, pb) in enumerate(zip(a.points, b.points), 1):
        if pa.name != pb.name:
            return "point %d: %s vs %s" % (k, pa.name, pb.name)
    k = min(len(a.points), len(b.points))
    return "point %d exists in only one run" % (k + 1)


def case_key(case_id):
    suite, _, index = case_id.partition("/")
    return (suite, int(index) if index.isdigit() else -1)


class PointCases:
    """What a report shows of a test point's failed cases."""

    def __init__(self, report, point):
        self.point = point
        self.shown = {}             # case id -> diagnostics entry
        self.lines = {}             # case id -> `# fail:` line text
        diag = point.diag or {}
        for f in diag.get("failures") or []:
            if isinstance(f, dict) and "case" in f:
                self.shown[str(f["case"])] = f
        pending = []
        for item in report.body:
            if isinstance(item, str):
                m = FAIL_LINE_RE.match(item)
                if m:
                    pending.append((m.group(1), m.group(2)))
            elif item is point:
                self.lines = dict(pending)
                break
            else:
                pending = []
        # Every failed case is known when all are shown or each has a line.
        self.complete = len(self.shown) >= point.failed or len(self.lines) >= point.failed
        ids = list(self.shown) + list(self.lines)
        self.last_known = max((case_key(c) for c in ids), default=None)

    def outcome(self, case_id):
        """('failed', lines) / ('passed', None) / ('unknown', None)."""
        if case_id in self.shown:
            return "failed", outcome_lines(self.shown[case_id])
        if case_id in self.lines:
            return "failed", ["# fail: " + self.lines[case_id]]
        if self.complete or (self.last_known is not None and case_key(case_id) < self.last_known):
            return "passed", None
        return "unknown", None


def outcome_lines(f):
    """A diagnostics entry as lines, only the keys that say what the case did."""
    out = ["case: %s" % f.get("case")]
    for key in OUTCOME_KEYS:
        if key not in f:
            continue
        v = f[key]
        if isinstance(v, list):
            out.append("%s:" % key)
            out += ["  - %s" % flow(x) for x in v]
        else:
            out.append("%s: %s" % (key, flow(v)))
    fault = f.get("fault")
    if isinstance(fault, dict):
        out.append("fault: " + flow({k: fault[k] for k in FAULT_KEYS if k in fault}))
    elif fault is not None:
        out.append("fault: %s" % fault)
    return out


def flow(v):
    if isinstance(v, dict):
        return "{" + ", ".join("%s: %s" % (k, flow(x)) for k, x in v.items()) + "}"
    return str(v)


def wrap(text):
    return [text[i:i + COLUMN] for i in range(0, len(text), COLUMN)] or [""]


def side_by_side(left, right, out):
    """Two columns, A | B, long lines wrapped, lines that differ marked '*'."""
    out.write("  %-*s | %s\n" % (COLUMN, "A", "B"))
    for k in range(max(len(left), len(right))):
        la = left[k] if k < len(left) else ""
        lb = right[k] if k < len(right) else ""
        mark = " " if la == lb else "*"
        wa, wb = wrap(la), wrap(lb)
        for row in range(max(len(wa), len(wb))):
            out.write("%s %-*s | %s\n" % (mark if row == 0 else " ", COLUMN,
                                          wa[row] if row < len(wa) else "",
                                          wb[row] if row < len(wb) else ""))


def first_case(a, b, pa, pb, out):
    """Name the first case whose outcome differs in point pa/pb."""
    ca, cb = PointCases(a, pa), PointCases(b, pb)
    ids = sorted(set(ca.shown) | set(ca.lines) | set(cb.shown) | set(cb.lines), key=case_key)
    for cid in ids:
        oa, ob = ca.outcome(cid), cb.outcome(cid)
        if oa == ob:
            continue
        if "unknown" in (oa[0], ob[0]):
            break
        out.write("first case that differs: %s\n" % cid)
        side_by_side(oa[1] or ["case: %s" % cid, "passed"], ob[1] or ["case: %s" % cid, "passed"], out)
        return
    out.write("the failures both reports show agree (%s shown in A, %s in B): the case that "
              "differs is not among them; rerun both with verbose=1 (a `# fail:` line per "
              "failed case) or verbose=2 (64 shown in full)\n"
              % (len(ca.shown) + len(ca.lines), len(cb.shown) + len(cb.lines)))


def choices_table(a, b, out):
    """The open cases' choices of every point where they differ."""
    rows = []
    for pa, pb in zip(a.points, b.points):
        if pa.choices != pb.choices or (pa.fingerprint and pb.fingerprint
                                        and pa.fingerprint.open != pb.fingerprint.open):
            rows.append((pa.name, describe(pa.choices), describe(pb.choices)))
    if not rows:
        return False
    out.write("open cases (outcome left open by the architecture) chose differently:\n")
    side_by_side(["%s: %s" % (n, x) for n, x, _ in rows], ["%s" % y for _, _, y in rows], out)
    return True


def describe(choices):
    return ", ".join("%s=%d" % (name, n) for name, n, _ in choices) or "(none listed)"


def compare(path_a, path_b, out):
    """Exit status of comparing two logs; the findings written to out."""
    try:
        a, b = load(path_a), load(path_b)
        keys = check_inputs(a, b, (path_a, path_b))
    except NotComparable as e:
        out.write("not comparable: %s\n" % e)
        return NOT_COMPARABLE
    inputs = " ".join("%s=%s" % (k, a.header[k]) for k in keys)
    out.write("A: %s (%s, cpu=%s)\nB: %s (%s, cpu=%s)\ninputs: %s\n"
              % (path_a, a.header.get("plat"), a.header.get("cpu"),
                 path_b, b.header.get("plat"), b.header.get("cpu"), inputs))
    for k, (pa, pb) in enumerate(zip(a.points, b.points), 1):
        fa, fb = pa.fingerprint, pb.fingerprint
        if fa is None and pa.ok == pb.ok:
            continue                # not an engine point: its verdict is all there is
        if fa is not None and (fa.fixed, fa.cases) == (fb.fixed, fb.cases) and pa.failed == pb.failed:
            continue
        out.write("DIFFERENT: first at test point %d %s\n" % (k, pa.name))
        side_by_side(["%s: %s" % ("ok" if pa.ok else "not ok", fa.text() if fa else ""),
                      "failed=%d of %d" % (pa.failed, pa.cases)],
                     ["%s: %s" % ("ok" if pb.ok else "not ok", fb.text() if fb else ""),
                      "failed=%d of %d" % (pb.failed, pb.cases)], out)
        if fa is not None:
            first_case(a, b, pa, pb, out)
        return DIFFERENT
    open_differ = choices_table(a, b, out)
    out.write("SAME: %d test points, run fingerprint fixed=%016x over %d cases%s\n"
              % (len(a.points), a.fingerprint.fixed, a.fingerprint.cases,
                 "; open cases differ (permitted)" if open_differ else ""))
    return SAME


def main(argv=None):
    ap = argparse.ArgumentParser(
        prog="pairguard-diff",
        description="Compare two pairguard runs (UART logs or Linux-process outputs) by their "
                    "fingerprints. Exit 0 same, 1 different, 2 not comparable.")
    ap.add_argument("a", metavar="A.log")
    ap.add_argument("b", metavar="B.log")
    args = ap.parse_args(argv)
    return compare(args.a, args.b, sys.stdout)
