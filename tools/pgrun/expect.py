"""What a run must show: `pass`, or `fail` with the diagnostics a known-bad
policy must produce.  Written as words, the same in tests/fw/matrix.txt and
in `pairguard-run --expect`:

  pass                        every case passed
  fail                        a case failed (the run completed, exit 1)
  groups=GLOB[,GLOB...]       (fail) the failing groups are exactly those the
                              globs match: each failing group matches a glob
                              (of groups= or may-fail=), each groups= glob
                              matches a failing group
  may-fail=GLOB[,GLOB...]     (fail) groups that may fail but need not (such as
                              seed-dependent random groups); with groups=
  failed=N                    (fail) cases-failed is exactly N
  groups-failed=N             (fail) exactly N test points are 'not ok'
  class=fusion|execution|unpredictable
                              (fail) every shown failure has this class
  word=HEX8                   (fail) some shown failure emitted this word
  bytes=FROM..TO:WHAT         (fail) some shown failure has the byte run
                              {from: FROM, to: TO, what: WHAT}
  text=REGEX                  (fail) the regex matches the failing groups'
                              YAML diagnostics (re.search, multi-line)
  divergence=GLOB[,GLOB...]   (fail) a known emulator divergence: the groups
                              the globs match are where the emulator does
                              not do what the architecture requires (the
                              firmware's expected outcome); each glob matches
                              a failing group, may fail like groups=, and
                              every shown failure in them is class
                              `execution` (a finding, never a pass)
  header.KEY=VALUE            the header line has KEY=VALUE
  cores=N                     a per-core run (cpus=) with exactly N cores,
                              every one up, with N distinct MPIDRs
  per-core=same               a per-core run whose cores failed the same
                              groups with the same failed counts

Only the `shown` failures are listed in a stream, so word=, bytes= and class=
speak about those.  A check is met only by a completed run (verdict PASS or
FAIL); a run that could not complete is an error, whatever was expected.
"""

import fnmatch
import re

from . import percore

FAIL_ONLY = ("groups", "may-fail", "failed", "groups-failed", "class", "word", "bytes", "text", "divergence")
KEYS = FAIL_ONLY + ("cores", "per-core", "header.KEY")
CLASSES = ("fusion", "execution", "unpredictable")
WHATS = ("clobbered", "missed", "wrong")
BYTES_RE = re.compile(r"^(-?[0-9]+)\.\.(-?[0-9]+):([a-z]+)$")


def _some(items, limit=6):
    """A list for a message: the first few, and how many more."""
    if not items:
        return "none"
    more = len(items) - limit
    return ", ".join(items[:limit]) + (" (and %d more)" % more if more > 0 else "")


class Expectation:
    def __init__(self, outcome):
        self.outcome = outcome      # "pass" or "fail"
        self.groups = None
        self.may_fail = []
        self.failed = None
        self.groups_failed = None
        self.klass = None
        self.words = []
        self.bytes = []
        self.texts = []
        self.header = {}
        self.divergence = []
        self.cores = None
        self.same_per_core = False
        self.words_spec = []

    @property
    def bare(self):
        """True for a plain pass/fail with no further check."""
        return not (self.groups or self.failed is not None or self.groups_failed is not None
                    or self.klass or self.words or self.bytes or self.texts or self.header
                    or self.divergence or self.cores is not None or self.same_per_core)

    def describe(self):
        return " ".join([self.outcome] + self.words_spec)

    @classmethod
    def parse(cls, words):
        """From a list of words; ValueError with a message naming the bad word."""
        if not words or words[0] not in ("pass", "fail"):
            raise ValueError("an expectation starts with 'pass' or 'fail', not %r"
                             % (words[0] if words else ""))
        e = cls(words[0])
        for w in words[1:]:
            e._word(w)
        e._finish()
        return e

    def _finish(self):
        if self.may_fail and self.groups is None:
            raise ValueError("may-fail= needs groups= (without groups= any group may fail)")

    def _word(self, w):
        key, eq, value = w.partition("=")
        if not eq or value == "":
            raise ValueError("expectation word %r is not key=value (accepted keys: %s)" % (w, ", ".join(KEYS)))
        if key in FAIL_ONLY and self.outcome != "fail":
            raise ValueError("%r only makes sense after 'fail'" % w)
        if key == "groups":
            self.groups = value.split(",")
        elif key == "may-fail":
            self.may_fail = value.split(",")
        elif key == "divergence":
            self.divergence = value.split(",")
        elif key in ("failed", "groups-failed"):
            if not value.isdigit():
                raise ValueError("%s= needs a number, not %r" % (key, value))
            setattr(self, key.replace("-", "_"), int(value))
        elif key == "class":
            if value not in CLASSES:
                raise ValueError("class=%s: accepted classes: %s" % (value, ", ".join(CLASSES)))
            self.klass = value
        elif key == "word":
            if not re.match(r"^[0-9a-fA-F]{8}$", value):
                raise ValueError("word=%s: needs 8 hex digits" % value)
            self.words.append(value.lower())
        elif key == "bytes":
            m = BYTES_RE.match(value)
            if not m or m.group(3) not in WHATS:
                raise ValueError("bytes=%s: needs FROM..TO:WHAT with WHAT one of %s" % (value, ", ".join(WHATS)))
            self.bytes.append((int(m.group(1)), int(m.group(2)), m.group(3)))
        elif key == "text":
            try:
                self.texts.append(re.compile(value, re.M))
            except re.error as err:
                raise ValueError("text=%s: bad regular expression: %s" % (value, err))
        elif key == "cores":
            if not value.isdigit() or int(value) < 1:
                raise ValueError("cores=%s: needs a number of cores, 1 or more" % value)
            self.cores = int(value)
        elif key == "per-core":
            if value != "same":
                raise ValueError("per-core=%s: accepted: same" % value)
            self.same_per_core = True
        elif key.startswith("header.") and len(key) > len("header."):
            self.header[key[len("header."):]] = value
        else:
            raise ValueError("unknown expectation key %r (accepted: %s)" % (key, ", ".join(KEYS)))
        self.words_spec.append(w)

    # -- checking -----------------------------------------------------------

    def check(self, report):
        """Unmet parts as messages; [] when the completed run meets it all."""
        if report.verdict == "ERROR":
            return ["the run did not complete: %s" % report.reason]
        unmet = []
        for key, want in self.header.items():
            got = (report.header or {}).get(key)
            if got != want:
                unmet.append("header %s=%s expected, the run says %s" % (key, want, got))
        if self.cores is not None:
            unmet += percore.check_cores(report, self.cores)
        if self.same_per_core:
            unmet += percore.check_same(report)
        failing = report.failed_points
        if self.outcome == "pass":
            if failing:
                unmet.append("expected a pass; %d group%s failed: %s" % (
                    len(failing), "" if len(failing) == 1 else "s", ", ".join(p.name for p in failing[:5])))
            return unmet
        if not failing:
            return unmet + ["expected failure did not happen: all %d groups passed" % len(report.points)]
        unmet += self._check_counts(report, failing)
        unmet += self._check_diagnostics(failing)
        return unmet

    def _check_counts(self, report, failing):
        unmet = []
        names = [p.name for p in failing]
        if self.groups is not None or self.divergence:
            allowed = (self.groups or []) + self.may_fail + self.divergence
            for name in names:
                if not any(fnmatch.fnmatchcase(name, g) for g in allowed):
                    unmet.append("group %s failed, not expected (expected: %s)" % (name, ",".join(allowed)))
            for g in (self.groups or []) + self.divergence:
                if not any(fnmatch.fnmatchcase(name, g) for name in names):
                    unmet.append("expected a failing group matching %s; none failed" % g)
        if self.groups_failed is not None and len(failing) != self.groups_failed:
            unmet.append("expected %d failing groups, got %d" % (self.groups_failed, len(failing)))
        if self.failed is not None:
            got = sum(p.failed for p in failing)
            if got != self.failed:
                unmet.append("expected %d failed cases, got %d" % (self.failed, got))
        return unmet

    def _check_diagnostics(self, failing):
        unmet = []
        entries = [f for p in failing for f in (p.diag or {}).get("failures") or [] if isinstance(f, dict)]
        if self.klass:
            other = sorted({str(f.get("class")) for f in entries} - {self.klass})
            if other or not entries:
                unmet.append("expected every shown failure to be class %s; seen: %s"
                             % (self.klass, ", ".join(sorted({str(f.get("class")) for f in entries})) or "none"))
        emitted = set()
        for f in entries:
            for item in f.get("emitted") or []:
                emitted.add(str(item).split()[0].lower() if str(item).split() else "")
        for w in self.words:
            if w not in emitted:
                unmet.append("expected a shown failure to emit %s; emitted: %s" % (w, _some(sorted(emitted))))
        runs = set()
        for f in entries:
            for b in f.get("bytes") or []:
                if isinstance(b, dict):
                    runs.add((b.get("from"), b.get("to"), b.get("what")))
        for want in self.bytes:
            if want not in runs:
                unmet.append("expected a byte run {from: %d, to: %d, what: %s}; seen: %s" % (
                    want + (_some(["%s..%s %s" % r for r in sorted(runs, key=str)]),)))
        for p in failing:
            if not any(fnmatch.fnmatchcase(p.name, g) for g in self.divergence):
                continue
            classes = sorted({str(f.get("class")) for f in (p.diag or {}).get("failures") or []
                              if isinstance(f, dict)})
            if classes != ["execution"]:
                unmet.append("expected the divergence %s to show execution findings only; seen: %s"
                             % (p.name, ", ".join(classes) or "none"))
        text = "\n".join(p.yaml_text for p in failing)
        for rx in self.texts:
            if not rx.search(text):
                unmet.append("expected the diagnostics to match /%s/" % rx.pattern)
        return unmet
