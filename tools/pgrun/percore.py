"""A per-core run (cpus=, parallel=; issue 14): its test points `cpuN/<group>`
and the `# cpuN:` lines that say which core each is (tools/REPORT-FORMAT.md),
gathered per core for the summary, the JUnit XML (one testsuite per core)
and the expectations `cores=N` and `per-core=same`.
"""

import re

CORE_RE = re.compile(r"^# cpu(\d+): mpidr (0x[0-9a-f]+) midr (0x[0-9a-f]+) revidr (0x[0-9a-f]+)")
DOWN_RE = re.compile(r"^# cpu(\d+): mpidr affinity (0x[0-9a-f]+): down: (.*)$")
NAME_RE = re.compile(r"^cpu(\d+)/(.+)$")


class Core:
    def __init__(self, n):
        self.n = n
        self.mpidr = self.midr = self.revidr = None
        self.down = None        # why it did not come up
        self.points = []        # its test points (names keep the prefix)

    @property
    def label(self):
        return "cpu%d" % self.n

    def failing(self):
        """{group without the prefix: failed cases} of its failing points."""
        return {NAME_RE.match(p.name).group(2): p.failed for p in self.points if not p.ok}

    def counts(self):
        cases = sum(p.cases for p in self.points)
        failed = sum(p.failed for p in self.points)
        groups_failed = sum(1 for p in self.points if not p.ok)
        return len(self.points), groups_failed, cases, failed


def cores(report):
    """The cores of a per-core run in CPU order; [] for a run that is not one."""
    found = {}
    for line in report.body:
        if not isinstance(line, str):
            continue
        m = CORE_RE.match(line)
        if m:
            c = found.setdefault(int(m.group(1)), Core(int(m.group(1))))
            c.mpidr, c.midr, c.revidr = m.group(2), m.group(3), m.group(4)
            continue
        m = DOWN_RE.match(line)
        if m:
            c = found.setdefault(int(m.group(1)), Core(int(m.group(1))))
            c.mpidr, c.down = m.group(2), m.group(3)
    for p in report.points:
        m = NAME_RE.match(p.name)
        if m:
            found.setdefault(int(m.group(1)), Core(int(m.group(1)))).points.append(p)
    return [found[n] for n in sorted(found) if found[n].points or found[n].down]


def summary_lines(report, indent):
    """A line per core: its identity and counts."""
    out = []
    for c in cores(report):
        groups, gfailed, cases, failed = c.counts()
        who = ("down: %s" % c.down) if c.down else "mpidr %s midr %s revidr %s" % (c.mpidr, c.midr, c.revidr)
        out.append("%s%s %s: %d groups (%d failed), %d cases (%d failed)"
                   % (indent, c.label, who, groups, gfailed, cases, failed))
    return out


def check_cores(report, want):
    """Unmet: `want` cores online, each with points, with distinct MPIDRs."""
    cs = cores(report)
    up = [c for c in cs if not c.down and c.mpidr]
    unmet = []
    if len(up) != want or len(cs) != want:
        unmet.append("expected %d cores up, the run shows %d up of %d (%s)"
                     % (want, len(up), len(cs), ", ".join("%s %s" % (c.label, c.down or c.mpidr) for c in cs)
                        or "not a per-core run"))
    mpidrs = [c.mpidr for c in up]
    if len(set(mpidrs)) != len(mpidrs):
        unmet.append("expected distinct MPIDRs, the cores report %s" % ", ".join(mpidrs))
    return unmet


def check_same(report):
    """Unmet: every core failed the same groups with the same counts."""
    cs = [c for c in cores(report) if not c.down]
    if not cs:
        return ["expected a per-core run; no cpuN/ test points"]
    first = cs[0].failing()
    unmet = []
    for c in cs[1:]:
        other = c.failing()
        if other != first:
            diff = sorted(set(first.items()) ^ set(other.items()))
            unmet.append("%s failed otherwise than %s: %s" % (
                c.label, cs[0].label, ", ".join("%s (%d)" % d for d in diff[:4])))
    return unmet
