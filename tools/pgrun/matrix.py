"""Matrices: named sets of (configuration, bootargs, expectation) entries.

They live in one text file, tests/fw/matrix.txt, one entry per line:

    MATRICES  CONFIG  BOOTARGS  EXPECTATION...  [timeout=SECONDS] [name=NAME]

MATRICES is a comma-separated list of matrix names (`test`, ...); every entry
also belongs to `all`.  BOOTARGS is one shell-quoted word, `-` for none.
EXPECTATION is `pass` or `fail` followed by checks (see expect.py).  `#`
starts a comment.  Words are split as a shell would (shlex).
"""

import os
import re
import shlex

from . import configs
from .expect import Expectation
from .summary import nice

DEFAULT_FILE = os.path.join(configs.ROOT, "tests", "fw", "matrix.txt")
MATRIX_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
ALL = "all"


class MatrixError(Exception):
    pass


class Entry:
    def __init__(self, matrices, config, bootargs, expect, timeout, name, line):
        self.matrices = matrices
        self.config = config
        self.bootargs = bootargs
        self.expect = expect
        self.timeout = timeout
        self.line = line
        self.name = name or (config.name + (" " + bootargs if bootargs else ""))

    def slug(self, index):
        """A file name for the entry's artefacts, unique by its index."""
        text = re.sub(r"[^A-Za-z0-9_.-]+", "-", self.name).strip("-")
        return "%02d-%s" % (index, text[:80])


def parse_line(words, where):
    if len(words) < 4:
        raise MatrixError("%s: needs MATRICES CONFIG BOOTARGS EXPECTATION..., got %r" % (where, " ".join(words)))
    matrices = words[0].split(",")
    for m in matrices:
        if not MATRIX_NAME_RE.match(m):
            raise MatrixError("%s: bad matrix name %r (lower-case letters, digits, - and _)" % (where, m))
    try:
        config = configs.get(words[1])
    except ValueError as e:
        raise MatrixError("%s: %s" % (where, e))
    bootargs = "" if words[2] == "-" else words[2]
    try:
        config.check_bootargs(bootargs)
    except ValueError as e:
        raise MatrixError("%s: %s" % (where, e))
    timeout, name, rest = None, None, []
    for w in words[3:]:
        if w.startswith("timeout="):
            try:
                timeout = float(w[len("timeout="):])
            except ValueError:
                timeout = -1
            if not timeout > 0:
                raise MatrixError("%s: %r needs a positive number of seconds" % (where, w))
        elif w.startswith("name="):
            name = w[len("name="):]
        else:
            rest.append(w)
    try:
        expect = Expectation.parse(rest)
    except ValueError as e:
        raise MatrixError("%s: %s" % (where, e))
    return Entry(set(matrices) | {ALL}, config, bootargs, expect, timeout, name, where)


def load(path=DEFAULT_FILE):
    """Every entry of the file, in order; MatrixError on the first bad line."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        raise MatrixError("cannot read the matrix file %s: %s" % (path, e.strerror))
    entries, seen = [], {}
    for n, line in enumerate(text.splitlines(), 1):
        where = "%s:%d" % (nice(path), n)
        try:
            words = shlex.split(line, comments=True)
        except ValueError as e:
            raise MatrixError("%s: %s" % (where, e))
        if not words:
            continue
        entry = parse_line(words, where)
        if entry.name in seen:
            raise MatrixError("%s: entry '%s' already defined at %s (give it name=...)"
                              % (where, entry.name, seen[entry.name]))
        seen[entry.name] = where
        entries.append(entry)
    return entries


def names(entries):
    out = {ALL}
    for e in entries:
        out |= e.matrices
    return sorted(out)


def select(entries, matrix):
    """The entries of one matrix; MatrixError naming the accepted matrices."""
    chosen = [e for e in entries if matrix in e.matrices]
    if not chosen:
        raise MatrixError("unknown matrix '%s' (accepted: %s)" % (matrix, ", ".join(names(entries))))
    return chosen
