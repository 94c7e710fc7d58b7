"""One run: QEMU with a configuration, or a captured log, read into a Report.

QEMU runs in its own process group with a wall-clock deadline; at the
deadline the whole group is killed (SIGTERM, then SIGKILL) and the run is an
ERROR naming the timeout, with the last lines seen.
"""

import os
import queue
import signal
import subprocess
import sys
import threading
import time

from .stream import StreamParser, shown

KILL_GRACE = 2.0
STDERR_KEEP = 20


class RunResult:
    """A finished run: the report plus how it ran."""

    def __init__(self, report, seconds, argv=None, stderr=None, timed_out=False):
        self.report = report
        self.seconds = seconds
        self.argv = argv
        self.stderr = stderr or []
        self.timed_out = timed_out


_active = set()
_active_lock = threading.Lock()


def kill_all():
    """Kill every QEMU still running (on Ctrl-C: they sit in their own sessions)."""
    with _active_lock:
        procs = list(_active)
    for proc in procs:
        _signal_group(proc, signal.SIGKILL)


def error_result(message, argv=None):
    """A run that never started: an ERROR report carrying message."""
    report = StreamParser().finish(None)
    report.problems[:] = [message]
    return RunResult(report, 0.0, argv)


def _reader(pipe, q):
    for raw in iter(pipe.readline, b""):
        q.put(raw)
    q.put(None)


def _collect(pipe, keep):
    for raw in iter(pipe.readline, b""):
        keep.append(raw.decode("utf-8", "replace").rstrip("\r\n"))
        del keep[:-STDERR_KEEP]


def _signal_group(proc, sig):
    try:
        os.killpg(proc.pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def _kill_group(proc):
    """SIGTERM the group, give QEMU KILL_GRACE s, then SIGKILL whatever is
    left of the group (children that outlive or ignore SIGTERM)."""
    _signal_group(proc, signal.SIGTERM)
    try:
        proc.wait(timeout=KILL_GRACE)
    except subprocess.TimeoutExpired:
        pass
    _signal_group(proc, signal.SIGKILL)
    proc.wait()


def run_qemu(argv, timeout, on_line=None, on_progress=None, uart_log=None, expected_header=None,
             bootargs=""):
    """Run argv (a QEMU command line) and read its stdout as the UART.

    on_line(str) sees every line as it arrives; uart_log (a binary file)
    receives the raw bytes.  Returns a RunResult whose report is finished.
    """
    parser = StreamParser(on_progress=on_progress)
    start = time.monotonic()
    try:
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, start_new_session=True)
    except OSError as e:
        return error_result("cannot start QEMU '%s': %s (install qemu-system-arm, or give --qemu PATH)"
                            % (argv[0], e.strerror), argv)
    with _active_lock:
        _active.add(proc)
    q = queue.Queue()
    stderr = []
    readers = [threading.Thread(target=_reader, args=(proc.stdout, q), daemon=True),
               threading.Thread(target=_collect, args=(proc.stderr, stderr), daemon=True)]
    for t in readers:
        t.start()
    deadline = start + timeout
    timed_out = False
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            timed_out = True
            break
        try:
            raw = q.get(timeout=left)
        except queue.Empty:
            timed_out = True
            break
        if raw is None:
            break
        if uart_log:
            uart_log.write(raw)
        line = raw.rstrip(b"\n")
        parser.feed(line)
        if on_line:
            on_line(line.decode("latin-1").rstrip("\r"))
    if not timed_out:
        try:
            proc.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            timed_out = True      # stdout closed but QEMU lives on
    if timed_out:
        _kill_group(proc)
    else:
        _signal_group(proc, signal.SIGKILL)   # QEMU is gone; what it forked goes too
    with _active_lock:
        _active.discard(proc)
    for t in readers:
        t.join(timeout=2.0)
    seconds = time.monotonic() - start
    rc = proc.returncode
    report = parser.finish(None if timed_out else (rc if rc is not None and rc >= 0 else None))
    first = []
    if timed_out:
        first.append("timeout after %g s: QEMU (process group %d) killed" % (timeout, proc.pid))
    elif rc is not None and rc < 0:
        first.append("QEMU was killed by signal %d" % -rc)
    elif report.banner is None and rc != 0:
        why = "; ".join(stderr[-3:]) or "no message on stderr"
        first.append("QEMU failed (exit status %d) before the firmware printed anything: %s" % (rc, why))
    elif report.status is None:
        first.append("QEMU exited with status %d before the report finished" % rc)
    report.problems[:0] = first
    if expected_header is not None or bootargs:
        check_header(report, expected_header or {}, bootargs)
    return RunResult(report, seconds, argv, stderr, timed_out)


def run_log(path, on_progress=None, on_line=None):
    """Read a captured UART log ('-' for stdin).  OSError if unreadable."""
    parser = StreamParser(on_progress=on_progress)
    start = time.monotonic()
    f = sys.stdin.buffer if path == "-" else open(path, "rb")
    try:
        for raw in f:
            line = raw.rstrip(b"\n")
            parser.feed(line)
            if on_line:
                on_line(line.decode("latin-1").rstrip("\r"))
    finally:
        if path != "-":
            f.close()
    return RunResult(parser.finish(None), time.monotonic() - start)


def _same(a, b):
    """Header values compare as numbers when both are (seed=7 vs seed=0x7)."""
    try:
        return int(a, 0) == int(b, 0)
    except ValueError:
        return a == b


def check_header(report, expected, bootargs):
    """The run must be the one asked for: plat and cpu of the configuration,
    and every bootarg key the header also shows must have the asked value."""
    if report.banner is None or report.header is None:
        return
    have = dict(report.header)
    if "plat" in expected and report.banner[1] != expected["plat"]:
        report.problem("the banner says plat=%s, this configuration runs plat=%s (wrong image?)"
                       % (report.banner[1], expected["plat"]))
    for key, want in expected.items():
        if key != "plat" and have.get(key) != want:
            report.problem("the header says %s=%s, this configuration runs %s=%s"
                           % (key, have.get(key), key, want))
    for word in bootargs.split():
        key, eq, want = word.partition("=")
        if eq and key in have and not _same(have[key], want):
            report.problem("bootarg %s asked for, but the header says %s=%s (the bootargs did not take effect)"
                           % (shown(word), key, have[key]))
