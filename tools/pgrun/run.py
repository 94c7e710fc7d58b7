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
# Longer lines are cut into pieces (each then a malformed line): a firmware
# printing without newlines must not grow the runner's memory without bound.
MAX_LINE = 64 * 1024


class RunResult:
    """A finished run: the report plus how it ran."""

    def __init__(self, report, seconds, argv=None, stderr=None, timed_out=False):
        self.report = report
        self.seconds = seconds
        self.started = time.time() - seconds     # wall-clock start, for JUnit
        self.argv = argv
        self.stderr = stderr or []
        self.timed_out = timed_out
        self.uart_text = None       # the raw UART output, when kept (matrix runs)


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


class LineSource:
    """Lines from a pipe, read by a thread so that waiting has a deadline."""

    def __init__(self, pipe):
        self.q = queue.Queue()
        self.thread = threading.Thread(target=self._read, args=(pipe,), daemon=True)
        self.thread.start()

    def _read(self, pipe):
        try:
            for raw in iter(lambda: pipe.readline(MAX_LINE), b""):
                self.q.put(raw)
        finally:
            self.q.put(None)

    def get(self, deadline):
        """The next line (bytes, newline kept), None at EOF; TimeoutError at deadline."""
        left = None if deadline is None else deadline - time.monotonic()
        if left is not None and left <= 0:
            raise TimeoutError
        try:
            return self.q.get(timeout=left)
        except queue.Empty:
            raise TimeoutError from None


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
    stderr = []
    collector = threading.Thread(target=_collect, args=(proc.stderr, stderr), daemon=True)
    collector.start()
    source = LineSource(proc.stdout)
    deadline = start + timeout
    timed_out = _pump(source, parser, deadline, on_line, uart_log)
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
    for t in (source.thread, collector):
        t.join(timeout=2.0)
    seconds = time.monotonic() - start
    rc = proc.returncode
    report = parser.finish(None if timed_out else (rc if rc is not None and rc >= 0 else None))
    first = []
    if timed_out:
        first.append("timeout after %g s: QEMU (process group %d) killed" % (round(timeout, 1), proc.pid))
    elif rc is not None and rc < 0:
        first.append("QEMU was killed by signal %d" % -rc)
    elif report.banner is None and rc != 0:
        why = "; ".join(stderr[-3:]) or "no message on stderr"
        first.append("QEMU failed (exit status %d) before the firmware printed anything: %s" % (rc, why))
    elif report.banner is None:
        # A boot loader that gave up (and powered off) says why at the end.
        last = [l.strip() for l in report.last_lines if l.strip()][-2:]
        first.append("QEMU exited with status %d before the firmware printed anything (the last "
                     "lines: '%s')" % (rc, " | ".join(last)))
    elif report.status is None:
        first.append("QEMU exited with status %d before the report finished" % rc)
    report.problems[:0] = first
    if expected_header is not None or bootargs:
        check_header(report, expected_header or {}, bootargs)
    return RunResult(report, seconds, argv, stderr, timed_out)


def _pump(source, parser, deadline, on_line=None, uart_log=None, stop_at_status=False):
    """Feed the parser from source until EOF; True if the deadline came first."""
    while not (stop_at_status and parser.complete):
        try:
            raw = source.get(deadline)
        except TimeoutError:
            return True
        if raw is None:
            return False
        if uart_log:
            uart_log.write(raw)
        line = raw.rstrip(b"\n")
        parser.feed(line)
        if on_line:
            on_line(line.decode("latin-1").rstrip("\r"))
    return False


def run_log(path, on_progress=None, on_line=None, timeout=None):
    """Read a captured UART log, or '-': stdin, live (a serial port never
    ends, so stdin is read up to the status line, within timeout seconds
    if given).  OSError if a file cannot be read."""
    parser = StreamParser(on_progress=on_progress)
    start = time.monotonic()
    if path == "-":
        # A reader of its own on a copy of fd 0: the thread may still be
        # blocked in it at exit, which sys.stdin's lock would not survive.
        source = LineSource(open(os.dup(sys.stdin.fileno()), "rb"))
        deadline = None if timeout is None else start + timeout
        if _pump(source, parser, deadline, on_line, stop_at_status=True):
            report = parser.finish(None)
            report.problems[:0] = ["timeout after %g s reading stdin" % timeout]
            return RunResult(report, time.monotonic() - start, timed_out=True)
        return RunResult(parser.finish(None), time.monotonic() - start)
    with open(path, "rb") as f:
        for raw in iter(lambda: f.readline(MAX_LINE), b""):
            line = raw.rstrip(b"\n")
            parser.feed(line)
            if on_line:
                on_line(line.decode("latin-1").rstrip("\r"))
    return RunResult(parser.finish(None), time.monotonic() - start)


def _same(a, b):
    """Header values compare as numbers when both are (seed=7 vs seed=0x7)."""
    try:
        return int(a, 0) == int(b, 0)
    except ValueError:
        return a == b


def check_header(report, expected, bootargs):
    """The run must be the one asked for: the configuration's plat, core and
    entry EL; the bootargs received as passed (the `# cmdline:` echo); and
    every bootarg key the header also shows with the asked value."""
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
    if bootargs:
        if report.cmdline is None:
            report.problem("the firmware did not echo its command line ('# cmdline: ...'): "
                           "nothing shows that the bootargs '%s' reached it" % shown(bootargs))
        elif report.cmdline.split() != bootargs.split():
            report.problem("the firmware received the bootargs '%s', not the '%s' passed"
                           % (shown(report.cmdline), shown(bootargs)))
    for word in bootargs.split():
        key, eq, want = word.partition("=")
        if eq and key in have and not _same(have[key], want):
            report.problem("bootarg %s asked for, but the header says %s=%s (the bootargs did not take effect)"
                           % (shown(word), key, have[key]))
