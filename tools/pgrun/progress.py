"""Progress on long runs, safe to share between the threads of a matrix.

On a terminal every running job's latest progress shares one line, redrawn
in place with \\r; anything printed through print() first erases that line
and then redraws it, so final output is never garbled.  Elsewhere (CI logs)
progress becomes plain lines, at most one per job every PLAIN_EVERY seconds
(and whenever a job moves to another suite).
"""

import shutil
import sys
import threading
import time

PLAIN_EVERY = 10.0


class Progress:
    def __init__(self, stream=None, tty=None, enabled=True):
        self.stream = stream or sys.stdout
        self.tty = self.stream.isatty() if tty is None else tty
        self.enabled = enabled
        self.lock = threading.Lock()
        self.jobs = {}          # job -> text, in start order
        self.prefix = ""
        self.drawn = False
        self.plain_last = {}    # job -> (suite, time)

    def _width(self):
        return max(20, shutil.get_terminal_size((100, 24)).columns - 1)

    def _erase(self):
        if self.drawn:
            self.stream.write("\r\x1b[K")
            self.drawn = False

    def _draw(self):
        if not (self.enabled and self.tty) or not self.jobs:
            return
        text = self.prefix + " | ".join("%s: %s" % kv for kv in self.jobs.items())
        width = self._width()
        if len(text) > width:
            text = text[:width - 3] + "..."
        self.stream.write("\r\x1b[K" + text)
        self.stream.flush()
        self.drawn = True

    def set_prefix(self, prefix):
        with self.lock:
            self.prefix = prefix
            self._draw()

    def update(self, job, suite, done, total):
        """A progress comment from job's firmware."""
        if not self.enabled:
            return
        text = "%s %d/%d" % (suite, done, total)
        with self.lock:
            if self.tty:
                self.jobs[job] = text
                self._draw()
                return
            last = self.plain_last.get(job)
            now = time.monotonic()
            if last is None or last[0] != suite or now - last[1] >= PLAIN_EVERY or done == total:
                self.plain_last[job] = (suite, now)
                self.stream.write("%s: progress %s\n" % (job, text))
                self.stream.flush()

    def status(self, job, text):
        """A job's state without a count (booting, ...): terminal only."""
        if not (self.enabled and self.tty):
            return
        with self.lock:
            self.jobs[job] = text
            self._draw()

    def finish(self, job):
        with self.lock:
            self.jobs.pop(job, None)
            self.plain_last.pop(job, None)
            self._erase()
            self._draw()

    def print(self, text=""):
        """Print lines of final output without tearing the progress line."""
        with self.lock:
            self._erase()
            self.stream.write(text + "\n")
            self.stream.flush()
            self._draw()

    def close(self):
        with self.lock:
            self.jobs.clear()
            self._erase()
            self.stream.flush()
