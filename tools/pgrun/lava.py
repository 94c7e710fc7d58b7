"""pairguard-run --lava-results: a LAVA job's results back into pairguard's
verdict, JUnit XML and TAP (see tools/lava/monitors.yaml for how the job
turns the report into LAVA results, and the README's "Board farms (LAVA)").

Three forms are read (LAVA 2023.01):
- a server's results export (`/results/<job>/yaml`, `lavacli results`): a
  YAML list of test cases, each with `suite`, `name`, `result`,
  `measurement`, `unit` and `metadata` (lava_results_app/utils.py
  `export_testcase`); `metadata.extra` holds the monitor's original
  `test_case_id`;
- a job log: the dispatcher's output (`lava-run ... 2> output.yaml`, a
  server's `output.yaml`, one `- ` item or bare flow map per line) whose
  `lvl: results` lines carry each result as the dispatcher logged it
  (`definition`, `case`, `result`, `measurement`, `extra`);
- a lava-run output directory holding such a log as `output.yaml` (lava-run
  itself writes only `result.yaml`, the job's own result, there).

A job log also holds the serial output (its `lvl: target` lines, and the
`lvl: feedback` lines: the dispatcher's ShellLogger logs a line when its
newline arrives, so a line whose end came after the test monitor stopped,
such as a last `pairguard-result:` line, is logged in the finalize
stage's read-feedback as `feedback`, once, not as `target`): then the
report is read from it exactly as from a board's UART log (verdict,
diagnostics, JUnit and TAP as a local run gives), and LAVA's results must
agree with it, group by group and in the summary.  A results export has
no serial output: the verdict and artefacts come from the LAVA results
alone (group names, pass/fail, the cases counts; no diagnostics).

Exit status as for a run: 0 every group passed, 1 a group failed, 2 the
results cannot be trusted (no pairguard results, no summary, a summary that
disagrees with the groups, the LAVA job or its monitor failed).
"""

import os
import time
import xml.etree.ElementTree as ET

from . import junit, summary
from .junit import clean
from .run import RunResult
from .stream import StreamParser

SUITE = "pairguard"             # the monitors' names (tools/lava/monitors.yaml)
SUMMARY_SUITE = "pairguard-summary"
EXIT_OK, EXIT_FAIL, EXIT_ERROR = 0, 1, 2
LOG_NAME = "output.yaml"


class LavaError(Exception):
    """The input is not a LAVA results file pairguard-run can read."""


class Case:
    def __init__(self, suite, name, result, measurement=None, original=None):
        self.suite = suite
        self.name = name                    # LAVA's case id
        self.original = original or name    # the group's name as pairguard printed it
        self.result = result
        self.measurement = measurement


class LavaResults:
    """The verdict over one job's results."""

    def __init__(self, source, cases, job_result=None, serial=None):
        self.source = source
        self.serial = serial        # the job log's serial lines (None: not a log)
        self.groups = [c for c in cases if c.suite == SUITE]
        summary = {c.name: c for c in cases if c.suite == SUMMARY_SUITE}
        self.passed = _count(summary.get("passed"))
        self.failed = _count(summary.get("failed"))
        lava = {c.name: c for c in cases if c.suite == "lava"}
        self.job_result = job_result or (lava["job"].result if "job" in lava else None)
        self.monitor_result = lava["lava-test-monitor"].result if "lava-test-monitor" in lava else None
        self.problems = self._problems()

    def _problems(self):
        out = []
        if not self.groups:
            out.append("no '%s' results: the monitor never saw a test point (wrong job, or the "
                       "firmware did not start)" % SUITE)
        if self.passed is None or self.failed is None:
            out.append("no summary ('%s' passed/failed): the report stopped early (Bail out!, "
                       "a hang, or a timeout; see the job log)" % SUMMARY_SUITE)
        bad = [c for c in self.groups if c.result not in ("pass", "fail")]
        if bad:
            out.append("group %s has result '%s' (pass or fail expected)" % (bad[0].original, bad[0].result))
        if self.failed is not None and self.groups:
            if (self.failed == 0) != (not self.failing):
                out.append("the summary says %d failed cases but %d groups failed"
                           % (self.failed, len(self.failing)))
        if self.job_result not in (None, "pass"):
            out.append("the LAVA job itself failed (result '%s'): its results may be incomplete"
                       % self.job_result)
        if self.monitor_result not in (None, "pass"):
            out.append("LAVA's monitor action failed (result '%s'): it timed out or lost the "
                       "serial line" % self.monitor_result)
        return out

    @property
    def failing(self):
        return [c for c in self.groups if c.result == "fail"]

    @property
    def verdict(self):
        if self.problems:
            return "ERROR"
        return "FAIL" if self.failing else "PASS"

    @property
    def exit_code(self):
        return {"PASS": EXIT_OK, "FAIL": EXIT_FAIL, "ERROR": EXIT_ERROR}[self.verdict]

    @property
    def name(self):
        return "lava " + os.path.basename(self.source.rstrip("/"))

    def count(self):
        """(groups passed, groups failed + 1 if the results cannot be trusted)."""
        return len(self.groups) - len(self.failing), len(self.failing) + (1 if self.problems else 0)

    def counts_text(self):
        text = "%d groups" % len(self.groups)
        if self.failing:
            text += " (%d failed)" % len(self.failing)
        if self.passed is not None and self.failed is not None:
            text += ", %d cases" % (self.passed + self.failed)
            if self.failed:
                text += " (%d failed)" % self.failed
        return text

    def lines(self):
        """The summary for a person: one line, then what to act on."""
        tail = self.problems[0] if self.problems else self.counts_text()
        out = ["%-6s %-34s %s" % (self.verdict, self.name, tail)]
        out += ["    also: %s" % p for p in self.problems[1:]]
        for c in self.failing:
            out.append("    not ok %s (LAVA %s/%s)" % (c.original, SUITE, c.name))
        return out

    def tap_lines(self):
        out = ["TAP version 13", "1..%d" % len(self.groups)]
        for k, c in enumerate(self.groups, 1):
            head = "%s %d - %s" % ("ok" if c.result == "pass" else "not ok", k, c.original)
            if c.measurement is not None:
                head += " # cases=%d" % c.measurement
            out.append(head)
            if c.result != "pass":
                out += ["  ---", "  lava: {suite: %s, case: %s, result: %s}" % (SUITE, c.name, c.result),
                        "  message: \"the failures' diagnostics are in the LAVA job log\"", "  ..."]
        if self.problems:
            out.append("Bail out! pairguard-run: %s" % self.problems[0])
        if self.passed is not None and self.failed is not None:
            out.append("# cases: %d passed, %d failed" % (self.passed, self.failed))
        out.append("# pairguard-result: %s exit=%d (from LAVA results)" % (self.verdict, self.exit_code))
        return out

    def write_junit(self, path):
        name = self.name
        root = ET.Element("testsuites", name="pairguard")
        s = ET.SubElement(root, "testsuite", name=clean(name))
        props = ET.SubElement(s, "properties")
        ET.SubElement(props, "property", name="lava-results", value=clean(self.source))
        if self.job_result:
            ET.SubElement(props, "property", name="lava.job", value=clean(self.job_result))
        failures = errors = 0
        for c in self.groups:
            case = ET.SubElement(s, "testcase", classname=clean(name), name=clean(c.original), time="0.000")
            if c.result != "pass":
                failures += 1
                ET.SubElement(case, "failure", message=clean("LAVA result %s/%s: %s" % (SUITE, c.name, c.result)),
                              type="pairguard.failure").text = "the failures' diagnostics are in the LAVA job log"
        if self.problems:
            errors += 1
            case = ET.SubElement(s, "testcase", classname=clean(name), name="run", time="0.000")
            ET.SubElement(case, "error", message=clean(self.problems[0]),
                          type="pairguard.run").text = clean("\n".join(self.problems))
        tests = len(self.groups) + errors
        for el in (s, root):
            el.set("tests", str(tests))
            el.set("failures", str(failures))
            el.set("errors", str(errors))
        s.set("skipped", "0")
        s.set("timestamp", time.strftime("%Y-%m-%dT%H:%M:%S"))
        ET.indent(root)
        d = os.path.dirname(path)
        if d:
            os.makedirs(d, exist_ok=True)
        ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)


def _count(case):
    if case is None or case.measurement is None:
        return None
    return int(case.measurement)


def _number(value):
    """A LAVA measurement (a number, or its text: '20.0', '20.0000000000',
    'None' in a server export) as an int, or None."""
    if value is None or value == "" or value == "None":
        return None
    try:
        f = float(value)
    except (TypeError, ValueError):
        raise LavaError("measurement '%s' is not a number" % value) from None
    if f != int(f) or f < 0:
        raise LavaError("measurement '%s' is not a count" % value)
    return int(f)


def _case(suite, name, result, measurement, original):
    """A Case; pairguard's measurements are counts (LAVA's own cases carry
    durations, which are not read)."""
    ours = suite in (SUITE, SUMMARY_SUITE)
    return Case(suite, name, result, _number(measurement) if ours else None, original)


def _extra_id(extra):
    """The monitor's original test_case_id from a result's extra: a map in
    a log, a list of one-key maps in a server export."""
    if isinstance(extra, dict):
        return extra.get("test_case_id")
    if isinstance(extra, list):
        for item in extra:
            if isinstance(item, dict) and "test_case_id" in item:
                return item["test_case_id"]
    return None


def _yaml():
    try:
        import yaml
    except ImportError:
        raise LavaError("reading LAVA results needs PyYAML (Debian python3-yaml; tools/setup installs it)") from None
    return yaml


def _from_log(lines, where):
    """(cases, serial lines) from a job log's `results`, `target` and `feedback` lines."""
    yaml = _yaml()
    cases, serial = [], []
    for n, line in enumerate(lines, 1):
        text = line.strip()
        if text.startswith("- "):
            text = text[2:]
        if '"results"' not in text and '"target"' not in text and '"feedback"' not in text:
            continue                # the rest is the dispatcher's own chatter
        try:
            item = yaml.safe_load(text)
        except yaml.YAMLError as e:
            raise LavaError("%s line %d: not a LAVA log line: %s" % (where, n, str(e).splitlines()[0])) from None
        if not isinstance(item, dict):
            continue
        if item.get("lvl") in ("target", "feedback"):
            # The dispatcher (lava_dispatcher/shell.py ShellLogger) escapes
            # every " as \" (and drops CRs, ESCs and blank lines): undone.
            serial.append(str(item.get("msg", "")).replace('\\"', '"'))
            continue
        if item.get("lvl") != "results":
            continue
        msg = item.get("msg")
        if not isinstance(msg, dict) or not {"definition", "case", "result"} <= set(msg):
            raise LavaError("%s line %d: a results line without definition, case and result" % (where, n))
        cases.append(_case(str(msg["definition"]), str(msg["case"]), str(msg["result"]),
                           msg.get("measurement"), _extra_id(msg.get("extra"))))
    return cases, serial


def _from_export(items, where):
    cases = []
    for k, item in enumerate(items, 1):
        if not isinstance(item, dict) or not {"suite", "name", "result"} <= set(item):
            raise LavaError("%s: item %d is not a LAVA test case (suite, name, result)" % (where, k))
        meta = item.get("metadata") if isinstance(item.get("metadata"), dict) else {}
        cases.append(_case(str(item["suite"]), str(item["name"]), str(item["result"]), item.get("measurement"),
                           _extra_id(meta.get("extra"))))
    return cases


def load(path):
    """LavaResults from a file or a lava-run output directory; LavaError
    (or OSError) if it cannot be read."""
    job_result = None
    if os.path.isdir(path):
        log = os.path.join(path, LOG_NAME)
        if not os.path.isfile(log):
            raise LavaError("%s holds no %s: lava-run writes only result.yaml and description.yaml "
                            "there; keep its log with 'lava-run ... > DIR/%s 2>&1'" % (path, LOG_NAME, LOG_NAME))
        result_file = os.path.join(path, "result.yaml")
        if os.path.isfile(result_file):
            with open(result_file, encoding="utf-8") as f:
                data = _yaml().safe_load(f)
            if isinstance(data, dict):
                job_result = data.get("result")
        source, path = path, log
    else:
        source = path
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    first = next((l.strip() for l in text.splitlines() if l.strip() and not l.startswith("#")), "")
    serial = None
    if first.startswith(("{", "- {")) and '"lvl"' in first:
        cases, serial = _from_log(text.splitlines(), path)
    else:
        yaml = _yaml()
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as e:
            raise LavaError("%s is not YAML: %s" % (path, str(e).splitlines()[0])) from None
        if not isinstance(data, list):
            raise LavaError("%s is neither a LAVA results export (a list of test cases) nor a job log "
                            "(lines of {dt, lvl, msg})" % path)
        cases = _from_export(data, path)
    return LavaResults(source, cases, job_result, serial)


def serial_report(results):
    """The report read from the job log's serial lines, with every way
    LAVA's results disagree with it (or LAVA failed) as a problem; None
    when there are no serial lines holding a report."""
    if not results.serial:
        return None
    parser = StreamParser()
    for line in results.serial:
        parser.feed(line)
    report = parser.finish(None)
    if report.banner is None:
        return None
    for p in results.problems:
        report.problem("LAVA: " + p)
    lava_cases = {c.original: c for c in results.groups}
    for p in report.points:
        c = lava_cases.pop(p.name, None)
        want = "pass" if p.ok else "fail"
        if c is None:
            report.problem("LAVA recorded no result for test point %d %s" % (p.number, p.name))
        elif c.result != want:
            report.problem("LAVA recorded %s for %s, the serial log says %s" % (c.result, p.name, want))
    for name in lava_cases:
        report.problem("LAVA recorded %s, which is no test point of the serial log" % name)
    if report.summary is not None and (results.passed, results.failed) != report.summary:
        report.problem("LAVA's summary (%s passed, %s failed) is not the serial log's (%d passed, %d failed)"
                       % ((results.passed, results.failed) + report.summary))
    return report


class SerialView:
    """A job log's serial report, shown as for a board's UART log."""

    def __init__(self, results, report):
        self.results, self.report = results, report
        self.name = results.name
        self.result = RunResult(report, 0.0)
        self.exit_code = report.exit_code

    def lines(self):
        report = self.report
        out = [summary.run_line(report.verdict, self.name, report, 0.0)]
        if report.verdict == "ERROR":
            return out + summary.error_details(self.result)
        return out + summary.failure_details(report)

    def write_junit(self, path):
        props = {"lava-results": self.results.source, "lava.job": self.results.job_result or ""}
        junit.write(path, [junit.SuiteInput(self.name, self.result, props)])

    def tap_lines(self):
        return self.report.tap_lines()

    def count(self):
        p, f = self.report.counts()
        return p, f + (1 if self.report.verdict == "ERROR" else 0)


def run(args, out, write_tap):
    """--lava-results: print the verdict, write --junit/--tap; exit status."""
    try:
        results = load(args.lava_results)
    except OSError as e:
        raise LavaError("cannot read %s: %s" % (args.lava_results, e.strerror)) from None
    report = serial_report(results)
    view = SerialView(results, report) if report is not None else results
    for line in view.lines():
        out(line)
    if args.junit:
        view.write_junit(args.junit)
    if args.tap:
        write_tap(args.tap, view.tap_lines())
    if args.count_line:
        out("%d passed, %d failed" % view.count())
    return view.exit_code
