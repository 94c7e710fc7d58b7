"""JUnit XML: one <testsuite> per run, one <testcase> per TAP test point.
A per-core run (cpus=) gives one <testsuite> per core instead, named
"<run>/cpuN", with the core's MPIDR, MIDR and REVIDR as properties; the
run's own testcases (`run`, `expectation`) and its UART log go with the
first core's.

A failing test point is a <failure> whose text is its YAML diagnostics.  A
run that could not complete adds a testcase `run` with an <error> (reason,
every problem, the last lines seen).  A run with an expectation beyond a
plain pass adds a testcase `expectation`; when an expected failure happened
as expected, its failing test points are reported as passed testcases
(named "... [expected failure]") with the diagnostics in <system-out>.
"""

import os
import re
import socket
import time
import xml.etree.ElementTree as ET

from . import percore
from .stream import shown

# Characters XML 1.0 cannot carry; UART noise is shown as \xNN instead.
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
SYSTEM_OUT_MAX = 64 * 1024


def clean(text):
    return _BAD_XML.sub(lambda m: "\\x%02x" % ord(m.group()), text)


class SuiteInput:
    """What one testsuite is made of."""

    def __init__(self, name, result, properties=None, expectation=None, unmet=None, uart_text=None):
        self.name = name
        self.result = result            # run.RunResult
        self.properties = properties or {}
        self.expectation = expectation  # expect.Expectation or None
        self.unmet = unmet or []        # its unmet checks
        self.uart_text = uart_text


def _case(suite, classname, name, seconds=0.0):
    return ET.SubElement(suite, "testcase", classname=clean(classname), name=clean(name), time="%.3f" % seconds)


def suite_elements(si):
    """The run's testsuites: one, or one per core of a per-core run."""
    cs = percore.cores(si.result.report)
    if not cs:
        return [suite_element(si)]
    out = []
    for k, c in enumerate(cs):
        props = {"core.cpu": c.n, "core.mpidr": c.mpidr}
        if c.down:
            props["core.down"] = c.down
        else:
            props.update({"core.midr": c.midr, "core.revidr": c.revidr})
        out.append(suite_element(si, name="%s/%s" % (si.name, c.label), points=c.points,
                                 extra=props, run_items=k == 0))
    return out


def suite_element(si, name=None, points=None, extra=None, run_items=True):
    report = si.result.report
    name = name or si.name
    s = ET.Element("testsuite", name=clean(name))
    props = ET.SubElement(s, "properties")
    items = list(si.properties.items()) + list((extra or {}).items())
    if report.banner:
        items += [("firmware.version", report.banner[0]), ("firmware.plat", report.banner[1])]
    items += [("header." + k, v) for k, v in (report.header or {}).items()]
    for key, value in items:
        ET.SubElement(props, "property", name=clean(key), value=clean(str(value)))
    tests = failures = errors = 0
    expected_fail_met = (si.expectation is not None and si.expectation.outcome == "fail"
                         and report.verdict == "FAIL" and not si.unmet)
    for p in report.points if points is None else points:
        tests += 1
        if p.ok:
            _case(s, name, p.name)
        elif expected_fail_met:
            c = _case(s, name, p.name + " [expected failure]")
            ET.SubElement(c, "system-out").text = clean(p.yaml_text)
        else:
            failures += 1
            c = _case(s, name, p.name)
            f = ET.SubElement(c, "failure", message=clean("%d of %d cases failed" % (p.failed, p.cases)),
                              type="pairguard.failure")
            f.text = clean(p.yaml_text)
    if not run_items:
        pass
    elif report.verdict == "ERROR":
        tests += 1
        errors += 1
        c = _case(s, name, "run", si.result.seconds)
        e = ET.SubElement(c, "error", message=clean(report.reason or "error"), type="pairguard.run")
        lines = ["problems:"] + ["  " + p for p in report.problems]
        if report.bailout is not None:
            lines.append("  Bail out! " + report.bailout)
        lines += ["last lines seen:"] + ["  | " + shown(l, 200) for l in report.last_lines]
        if si.result.stderr:
            lines += ["QEMU stderr:"] + ["  | " + l for l in si.result.stderr]
        e.text = clean("\n".join(lines))
    elif si.expectation is not None and not (si.expectation.outcome == "pass" and si.expectation.bare):
        tests += 1
        c = _case(s, name, "expectation")
        ET.SubElement(c, "system-out").text = clean("expected: " + si.expectation.describe())
        if si.unmet:
            failures += 1
            f = ET.SubElement(c, "failure", message=clean(si.unmet[0]), type="pairguard.expectation")
            f.text = clean("\n".join(si.unmet))
    if si.uart_text and run_items:
        text = si.uart_text
        if len(text) > SYSTEM_OUT_MAX:
            text = "(the first %d bytes of the UART log)\n" % SYSTEM_OUT_MAX + text[:SYSTEM_OUT_MAX]
        ET.SubElement(s, "system-out").text = clean(text)
    s.set("tests", str(tests))
    s.set("failures", str(failures))
    s.set("errors", str(errors))
    s.set("skipped", "0")
    s.set("time", "%.3f" % si.result.seconds)
    s.set("timestamp", time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(si.result.started)))
    s.set("hostname", clean(socket.gethostname()))
    # Properties first, testcases, then system-out, as JUnit readers expect.
    return s


def write(path, suites, name="pairguard"):
    """Write <testsuites> holding one <testsuite> per SuiteInput."""
    root = ET.Element("testsuites", name=name)
    totals = {"tests": 0, "failures": 0, "errors": 0}
    total_time = 0.0
    for si in suites:
        for el in suite_elements(si):
            root.append(el)
            for k in totals:
                totals[k] += int(el.get(k))
        total_time += si.result.seconds
    for k, v in totals.items():
        root.set(k, str(v))
    root.set("time", "%.3f" % total_time)
    ET.indent(root)
    d = os.path.dirname(path)
    if d:
        os.makedirs(d, exist_ok=True)
    tmp = path + ".tmp"
    ET.ElementTree(root).write(tmp, encoding="utf-8", xml_declaration=True)
    os.replace(tmp, path)
