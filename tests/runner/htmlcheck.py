"""Reading the HTML report back (tests/runner/test_html.py on the page the
renderer wrote, tests/runner/test-html-browser on the DOM Chromium built):
the byte cells of each failure's byte map, and the Kong case's check."""

from html.parser import HTMLParser

KINDS = ("clobbered", "missed", "wrong", "slot", "guard")
BAD = ("clobbered", "missed", "wrong")

# The Kong case as both recorded pre-#1075 streams show it: `str x30,
# [x19, #488]` + `stur x0, [x19, #-16]` fused into `stp x30, x0, [x19, #488]`.
KONG_CASE = "regression/0"
KONG_VALUE = "0e5d2c7b4a196837"                 # x0, the value meant for -16
KONG_CLOBBERED = range(496, 504)
KONG_MISSED = range(-16, -8)
KONG_SLOT = range(488, 496)                     # str x30's slot, written as intended


class Cells(HTMLParser):
    """cells[(case, base, offset)] = the byte cell's attributes; legend kinds."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.cells, self.legend, self.sections, self.scripts = {}, set(), [], 0
        self._case = self._base = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "div" and "failure" in (a.get("class") or "").split():
            self._case = a.get("data-case")
        elif tag == "table" and "data-base" in a:
            self._base = a["data-base"]
        elif tag == "td" and "data-off" in a:
            self.cells[(self._case, self._base, int(a["data-off"]))] = a
        elif tag == "span" and "data-legend" in a:
            self.legend.add(a["data-legend"])
        elif tag == "section":
            self.sections.append(a.get("data-run"))
        elif tag == "script":
            self.scripts += 1


def read(page):
    c = Cells()
    c.feed(page)
    c.close()
    return c


def kong_problems(page, case=KONG_CASE):
    """What is wrong with the Kong case's byte map in page ([] when right)."""
    c = read(page)
    problems = ["legend lacks %s" % k for k in KINDS if k not in c.legend]
    mine = {off: a for (cs, base, off), a in c.cells.items() if cs == case and base == "x19"}
    if not mine:
        return problems + ["no byte map of case %s on base x19" % case]
    value = [KONG_VALUE[2 * k:2 * k + 2] for k in range(8)]
    for offs, want in ((KONG_CLOBBERED, "clobbered"), (KONG_MISSED, "missed"), (KONG_SLOT, "slot")):
        for k, off in enumerate(offs):
            a = mine.get(off)
            if a is None:
                problems.append("no cell %+d" % off)
            elif a.get("data-what") != want or a.get("class") != "b-" + want:
                problems.append("cell %+d is %s (class %s), not %s" % (off, a.get("data-what"), a.get("class"), want))
            elif want == "clobbered" and a.get("data-actual") != value[k]:
                problems.append("cell %+d actual %s, not %s" % (off, a.get("data-actual"), value[k]))
            elif want == "missed" and a.get("data-expected") != value[k]:
                problems.append("cell %+d expected %s, not %s" % (off, a.get("data-expected"), value[k]))
    stray = sorted(off for off, a in mine.items() if a.get("data-what") in BAD
                   and off not in KONG_CLOBBERED and off not in KONG_MISSED)
    if stray:
        problems.append("bad cells outside the Kong runs: %s" % stray)
    return problems
