"""The human summary: one line per run, then what a person needs to act."""

import os

from .stream import shown

SHOW_GROUPS = 3       # failing groups detailed per run
SHOW_FAILURES = 1     # failures detailed per group
INDENT = "    "


def counts(report):
    """'3 groups (1 failed), 122882 cases (64 failed)' from what was seen."""
    gp, gf = report.counts()
    text = "%d group%s" % (gp + gf, "" if gp + gf == 1 else "s")
    if gf:
        text += " (%d failed)" % gf
    if report.status is not None and "cases" in report.status[2]:
        keys = report.status[2]
        text += ", %s cases" % keys.get("cases")
        if keys.get("cases-failed", "0") != "0":
            text += " (%s failed)" % keys.get("cases-failed")
    elif report.points:
        text += ", %d cases" % sum(p.cases for p in report.points)
    return text


def run_line(label, name, report, seconds, note=None):
    tail = note if note is not None else (report.reason if report.verdict == "ERROR" else counts(report))
    if report.rate and report.verdict != "ERROR":
        tail += ", %d cases/s" % report.rate[2]
    return "%-6s %-34s %s  [%.1f s]" % (label, name, tail, seconds)


def failure_details(report, indent=INDENT):
    out = []
    failing = report.failed_points
    for p in failing[:SHOW_GROUPS]:
        out.append("%snot ok %d %s: %d of %d cases failed" % (indent, p.number, p.name, p.failed, p.cases))
        d = p.diag if isinstance(p.diag, dict) else {}
        for f in (d.get("failures") or [])[:SHOW_FAILURES]:
            if not isinstance(f, dict):
                continue
            if "class" not in f and "check" in f:   # a firmware self-check, not a fusion case
                out.append("%s  case %s check %s: expected %s, actual %s" % (
                    indent, f.get("case"), f.get("check"), f.get("expected"), f.get("actual")))
                continue
            reqs = "; ".join(str(r) for r in f.get("requests") or [])
            out.append("%s  case %s seed %s (%s): %s" % (indent, f.get("case"), f.get("seed"), f.get("class"), reqs))
            for w in f.get("emitted") or []:
                out.append("%s    emitted %s" % (indent, w))
            if f.get("fault") not in (None, "none"):
                out.append("%s    fault %s" % (indent, f.get("fault")))
            for b in f.get("bytes") or []:
                if isinstance(b, dict):
                    out.append("%s    bytes %s..%s %s: expected %s, actual %s" % (
                        indent, b.get("from"), b.get("to"), b.get("what"), b.get("expected"), b.get("actual")))
        more = p.failed - min(SHOW_FAILURES, len(d.get("failures") or []))
        if more > 0:
            out.append("%s  (%d more failed case%s in this group: see the diagnostics)"
                       % (indent, more, "" if more == 1 else "s"))
    if len(failing) > SHOW_GROUPS:
        out.append("%s(%d more failing groups)" % (indent, len(failing) - SHOW_GROUPS))
    return out


def error_details(result, indent=INDENT):
    report = result.report
    out = []
    for p in report.problems[1:]:
        out.append("%salso: %s" % (indent, p))
    if report.bailout is not None and report.problems:
        out.append("%sfirmware bailed out: %s" % (indent, report.bailout))
    if report.last_lines:
        out.append("%slast lines seen:" % indent)
        out += ["%s  | %s" % (indent, shown(l)) for l in report.last_lines]
    if result.stderr and report.banner is None:
        out.append("%sQEMU stderr:" % indent)
        out += ["%s  | %s" % (indent, l) for l in result.stderr[-5:]]
    return out


def nice(path):
    """A path as a person wants to read it: relative inside the tree."""
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel
