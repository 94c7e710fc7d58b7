"""The HTML report: one self-contained page for a run, a log or a matrix.

Built from the parsed stream (stream.Report), never from the raw text: the
header, every test point with its verdict, and for each shown failure a byte
map of the window around its bad bytes, the requested accesses, the emitted
words with their disassembly and the class.  A matrix is one page with a
section per run.

The page loads nothing (no script, font or image; a Content-Security-Policy
forbids it), and every piece of text from the stream is escaped: a log is
untrusted input.

What the byte map can show is what the diagnostics hold: the bad runs
(`bytes`, with expected and actual values) and, from the requests, where the
intended slots are.  The stream does not carry the values of the intact
guard bytes around a bad run, so those cells are drawn as "guard, unchanged"
without a value.
"""

import html
import os
import re
import time

ROW = 16                # bytes per row of a byte map
CONTEXT_ROWS = 1        # rows of context above and below each bad run
MAX_ROWS = 48           # rows drawn per base; further rows are elided
MAX_HEX = 128           # hex digits of a run shown in its table cell
MOVED_MIN = 4           # bytes a moved value must have to be called moved

# Byte kinds, in the order of the legend: (kind, label, explanation).
KINDS = (
    ("clobbered", "clobbered", "a guard byte that changed"),
    ("missed", "missed", "a slot that still holds guard"),
    ("wrong", "wrong", "a slot holding neither guard nor its intended value"),
    ("slot", "slot, as intended", "a byte a requested access writes, not reported bad"),
    ("guard", "guard, unchanged", "not reported bad; the stream does not carry its value"),
)
BAD_KINDS = ("clobbered", "missed", "wrong")

# A plain base+offset access in a request: "str x30, [x19, #488]",
# "stp w0, w1, [x19, #252]".  Writeback forms are not slots of the base.
ACCESS_RE = re.compile(
    r"^(st|ld)(u?)r(b|h)?\s+([wxbhsdq])(?:[0-9]+|zr)"
    r"|^(st|ld)p\s+([wxsdq])(?:[0-9]+|zr),")
ADDR_RE = re.compile(r"\[(x[0-9]+|sp)(?:,\s*#(-?[0-9]+))?\]$")
REG_SIZE = {"w": 4, "x": 8, "b": 1, "h": 2, "s": 4, "d": 8, "q": 16}

STYLE = """
body{font:14px/1.4 "DejaVu Sans",sans-serif;margin:1.5em;color:#1d1d1d;background:#fff}
h1{font-size:1.4em;margin:.2em 0}h2{font-size:1.2em;margin:1.4em 0 .4em;border-bottom:2px solid #ccc}
h3{font-size:1.05em;margin:1.2em 0 .3em}h4{font-size:.95em;margin:.8em 0 .2em}
code,pre,.mono,td.hex,.bm td{font-family:"DejaVu Sans Mono",monospace}
table{border-collapse:collapse;margin:.3em 0}
td,th{padding:1px 6px;text-align:left;vertical-align:top}
table.kv td:first-child{color:#555}
.hdr{display:grid;grid-template-columns:repeat(auto-fill,minmax(15em,1fr));gap:0 1.2em;margin:.4em 0}
.hdr div{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}.hdr span{color:#555}
.hdr div.wide{grid-column:span 2}
.pts{display:grid;grid-template-columns:repeat(auto-fill,minmax(26em,1fr));gap:1px 1.2em;font-size:.9em}
.pts div{border-bottom:1px solid #eee;white-space:nowrap}.pts .n{display:inline-block;width:2.2em;color:#777}
.pts .c{color:#777;float:right}.pts .fp{color:#999;font-size:.85em;margin-left:.6em}
table.points td,table.points th,table.runs td,table.runs th{border-bottom:1px solid #e3e3e3}
.v{font-weight:bold;padding:0 .4em;border-radius:3px}
.v-ok,.v-PASS{color:#fff;background:#2e7d32}.v-notok,.v-FAIL,.v-FAILED{color:#fff;background:#c62828}
.v-ERROR{color:#fff;background:#6a1b9a}
.failure{border:1px solid #ccc;border-left:5px solid #c62828;padding:.4em .8em;margin:.8em 0;background:#fcfcfc}
.cols{display:flex;flex-wrap:wrap;gap:1.5em}
.bm{border-collapse:separate;border-spacing:2px}
.bm th{font-weight:normal;color:#666;font-size:.8em;text-align:center;padding:0 2px}
.bm th.off{text-align:right;padding-right:6px;font-family:"DejaVu Sans Mono",monospace;font-size:.9em}
.bm td{width:2.1em;text-align:center;padding:2px 0;font-size:.85em;border-radius:2px}
.bm tr.gap td{background:none;color:#888;font-style:italic;text-align:left;padding-left:1em}
.b-guard{background:#eceff1;color:#9aa4aa}
.b-slot{background:#c8e6c9;color:#1b5e20}
.b-clobbered{background:#d32f2f;color:#fff;font-weight:bold}
.b-missed{background:#ffb300;color:#000;font-weight:bold;outline:2px dashed #6d4c00;outline-offset:-2px}
.b-wrong{background:#7b1fa2;color:#fff;font-weight:bold;outline:2px dotted #fff;outline-offset:-3px}
.legend span.b{display:inline-block;width:1.6em;text-align:center;margin:0 .3em 0 1em;border-radius:2px}
.note{color:#555}.moved{background:#fff3e0;padding:.2em .5em;border-radius:3px}
.problem{color:#6a1b9a}
"""


def esc(value):
    """Any value from the stream as HTML text (quotes escaped too)."""
    return html.escape(str(value), quote=True)


class Section:
    """One run of the page: its report and how the runner judged it."""

    def __init__(self, name, report, label=None, properties=None, expectation=None, unmet=None,
                 seconds=None):
        self.name = name
        self.report = report
        self.label = label or report.verdict    # PASS/FAIL/ERROR, or a matrix's ok/FAILED/ERROR
        self.properties = properties or {}
        self.expectation = expectation          # text, for a matrix entry
        self.unmet = unmet or []
        self.seconds = seconds


# -- byte maps ----------------------------------------------------------------

def _int(value):
    if isinstance(value, int):
        return value
    try:
        return int(str(value), 0)
    except ValueError:
        return None


def request_slots(requests):
    """{base register: set of byte offsets} that the requested accesses write or read."""
    slots = {}
    for req in requests or []:
        text = str(req).strip()
        m, a = ACCESS_RE.match(text), ADDR_RE.search(text)
        if not m or not a:
            continue
        if m.group(1):
            size = {"b": 1, "h": 2}.get(m.group(3)) or REG_SIZE[m.group(4)]
        else:
            size = 2 * REG_SIZE[m.group(6)]
        off = int(a.group(2) or 0)
        slots.setdefault(a.group(1), set()).update(range(off, off + size))
    return slots


def _hex_bytes(text, n):
    """n byte values (str 'ab', or None when the stream has none) from a hex string."""
    text = str(text or "")
    out = []
    for k in range(n):
        pair = text[2 * k:2 * k + 2]
        out.append(pair.lower() if re.match(r"^[0-9a-fA-F]{2}$", pair) else None)
    return out


def byte_runs(failure):
    """The failure's bad-byte runs as dicts with int from/to, grouped by base name."""
    slots = request_slots(failure.get("requests"))
    default = next(iter(slots)) if len(slots) == 1 else "base"
    groups = {}
    for run in failure.get("bytes") or []:
        if not isinstance(run, dict):
            continue
        lo, hi = _int(run.get("from")), _int(run.get("to"))
        if lo is None or hi is None or hi < lo:
            continue
        base = str(run.get("base") or default)
        groups.setdefault(base, []).append(dict(run, lo=lo, hi=hi))
    return groups, slots


def classify(runs, slots):
    """{offset: (kind, expected, actual)} for every bad byte and intended slot."""
    cells = {off: ("slot", None, None) for off in slots}
    for run in runs:
        what = run.get("what") if run.get("what") in BAD_KINDS else "wrong"
        n = run["hi"] - run["lo"] + 1
        exp, act = _hex_bytes(run.get("expected"), n), _hex_bytes(run.get("actual"), n)
        for k in range(n):
            cells[run["lo"] + k] = (what, exp[k], act[k])
    return cells


def map_rows(runs):
    """Row starts (multiples of ROW) to draw: each bad run with its context."""
    rows = set()
    for run in runs:
        first = (run["lo"] // ROW - CONTEXT_ROWS) * ROW
        last = (run["hi"] // ROW + CONTEXT_ROWS) * ROW
        if (last - first) // ROW >= MAX_ROWS:   # a huge run: its ends only
            rows.update(range(first, first + 4 * ROW, ROW))
            rows.update(range(last - 3 * ROW, last + ROW, ROW))
        else:
            rows.update(range(first, last + ROW, ROW))
    return sorted(rows)


def signed(off):
    return "%+d" % off


def cell_title(off, kind, exp, act, base):
    text = "%s%s: %s" % (base, signed(off), dict((k, l) for k, l, _ in KINDS)[kind])
    if kind in BAD_KINDS:
        text += ", expected %s, actual %s" % (exp or "?", act or "?")
    return text


def byte_map(base, runs, slots):
    """One base's byte map: a table, 16 bytes a row, offsets from the base."""
    cells = classify(runs, slots)
    rows = map_rows(runs)
    elided = max(0, len(rows) - MAX_ROWS)
    if elided:
        rows = rows[:MAX_ROWS // 2] + rows[-MAX_ROWS // 2:]
    out = ['<table class="bm" data-base="%s"><tr><th class="off">%s</th>' % (esc(base), esc(base))]
    out += ["<th>+%d</th>" % c for c in range(ROW)]
    out.append("</tr>")
    prev = None
    for start in rows:
        if prev is not None and start != prev + ROW:
            skipped = start - prev - ROW
            out.append('<tr class="gap"><td colspan="%d">&#8942; %d bytes not shown (%s..%s)</td></tr>'
                       % (ROW + 1, skipped, signed(prev + ROW), signed(start - 1)))
        prev = start
        out.append('<tr><th class="off">%s</th>' % signed(start))
        for off in range(start, start + ROW):
            kind, exp, act = cells.get(off, ("guard", None, None))
            text = (act or "??") if kind in BAD_KINDS else "&middot;&middot;"
            attrs = ' data-off="%d" data-what="%s"' % (off, kind)
            if kind in BAD_KINDS:
                attrs += ' data-expected="%s" data-actual="%s"' % (esc(exp or "?"), esc(act or "?"))
            out.append('<td class="b-%s"%s title="%s">%s</td>'
                       % (kind, attrs, esc(cell_title(off, kind, exp, act, base)), text))
        out.append("</tr>")
    out.append("</table>")
    if elided:
        out.append('<p class="note">%d rows of this map are not drawn (the table below lists every run).</p>'
                   % elided)
    return "".join(out)


def moved_values(runs):
    """'the bytes meant for A landed at B' for each missed run whose value shows up clobbered."""
    notes = []
    for m in runs:
        if m.get("what") not in ("missed", "wrong"):
            continue
        want = str(m.get("expected") or "").lower()
        if len(want) < 2 * MOVED_MIN:
            continue
        for c in runs:
            got = str(c.get("actual") or "").lower() if c.get("what") == "clobbered" else ""
            at = got.find(want)
            while at >= 0 and at % 2:          # whole bytes only
                at = got.find(want, at + 1)
            if at >= 0:
                lo = c["lo"] + at // 2
                notes.append("the value meant for %s..%s landed at %s..%s"
                             % (signed(m["lo"]), signed(m["hi"]), signed(lo), signed(lo + len(want) // 2 - 1)))
    return notes


def legend():
    items = ['<span class="b b-%s" data-legend="%s">%s</span>%s'
             % (k, k, "ab" if k in BAD_KINDS else "&middot;&middot;", esc(label)) for k, label, _ in KINDS]
    return ('<p class="legend"><b>Byte map:</b>%s<br><span class="note">Offsets in decimal from the base '
            'register; columns add +0..+15; a bad byte shows its actual value, hover for the expected one. '
            'Intact guard bytes are not in the stream, so they show no value.</span></p>' % "".join(items))


def short_hex(text):
    text = str(text if text is not None else "")
    if len(text) <= MAX_HEX:
        return esc(text)
    return '%s&hellip; <span class="note">(%d bytes)</span>' % (esc(text[:MAX_HEX]), len(text) // 2)


# -- a failure ------------------------------------------------------------------

SHOWN_KEYS = ("case", "seed", "class", "requests", "emitted", "fault", "bytes", "check", "expected", "actual")


def _listing(title, items):
    lines = "".join("<div>%s</div>" % esc(i) for i in items or [])
    return "<div><h4>%s</h4><div class=\"mono\">%s</div></div>" % (esc(title), lines or "(none)")


def _emitted(words):
    rows = []
    for w in words or []:
        word, _, dis = str(w).partition("  ")
        rows.append("<tr><td class=\"hex\">%s</td><td class=\"mono\">%s</td></tr>" % (esc(word), esc(dis.strip())))
    return "<div><h4>emitted words</h4><table>%s</table></div>" % ("".join(rows) or "<tr><td>(none)</td></tr>")


def _value(v):
    if isinstance(v, dict):
        return ", ".join("%s: %s" % (esc(k), _value(x)) for k, x in v.items())
    if isinstance(v, list):
        return "[%s]" % ", ".join(_value(x) for x in v)
    return esc(v)


def failure_html(f, anchor):
    if not isinstance(f, dict):
        return '<div class="failure">%s</div>' % esc(f)
    out = ['<div class="failure" id="%s" data-case="%s">' % (anchor, esc(f.get("case")))]
    cls = f.get("class")
    out.append("<h4>case <code>%s</code> &mdash; %s &mdash; seed <code>%s</code></h4>" % (
        esc(f.get("case")), ("class <b>%s</b>" % esc(cls)) if cls is not None else "firmware self-check",
        esc(f.get("seed", "?"))))
    if "check" in f:
        out.append('<table class="kv"><tr><td>check</td><td class="mono">%s</td></tr>'
                   '<tr><td>expected</td><td class="mono">%s</td></tr><tr><td>actual</td><td class="mono">%s</td>'
                   '</tr></table>' % (esc(f.get("check")), esc(f.get("expected")), esc(f.get("actual"))))
    if "requests" in f or "emitted" in f:
        out.append('<div class="cols">%s%s</div>' % (_listing("requested accesses (in execution order)",
                                                            f.get("requests")), _emitted(f.get("emitted"))))
    fault = f.get("fault")
    if fault not in (None, "none"):
        out.append('<p><b>fault:</b> <span class="mono">%s</span></p>' % _value(fault))
    extra = [(k, v) for k, v in f.items() if k not in SHOWN_KEYS]
    if extra:
        out.append('<table class="kv">%s</table>' % "".join(
            '<tr><td>%s</td><td class="mono">%s</td></tr>' % (esc(k), _value(v)) for k, v in extra))
    groups, slots = byte_runs(f)
    for base, runs in groups.items():
        for note in moved_values(runs):
            out.append('<p class="moved">%s: %s</p>' % (esc(base), esc(note)))
        out.append(byte_map(base, runs, slots.get(base, set())))
        out.append('<table class="runs"><tr><th>base</th><th>from</th><th>to</th><th>what</th>'
                   '<th>expected</th><th>actual</th></tr>')
        for r in runs:
            out.append('<tr data-what="%s"><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td class="hex">%s</td>'
                       '<td class="hex">%s</td></tr>' % (esc(r.get("what")), esc(base), signed(r["lo"]),
                                                         signed(r["hi"]), esc(r.get("what")),
                                                         short_hex(r.get("expected")), short_hex(r.get("actual"))))
        out.append("</table>")
    out.append("</div>")
    return "".join(out)


# -- a run ----------------------------------------------------------------------

def _verdict(word):
    return '<span class="v v-%s">%s</span>' % (re.sub(r"[^A-Za-z]", "", word), esc(word))


def characterisation_html(r):
    """The behaviour this machine chose for the cases the architecture
    leaves open (the `# choice:` lines), one row per point and behaviour."""
    rows = [(p, c) for p in r.points for c in p.choices]
    if not rows:
        return ""
    out = ['<h3>open cases: the behaviour this machine chose</h3>'
           '<p class="note">outcomes the architecture leaves open (CONSTRAINED UNPREDICTABLE, '
           'IMPLEMENTATION DEFINED); fingerprinted apart from the fixed ones</p>'
           '<table class="kv" data-characterisation="1"><tr><th>test point</th><th>behaviour</th>'
           '<th>cases</th><th>first case</th></tr>']
    for p, (name, n, first) in rows:
        out.append('<tr><td><code>%s</code></td><td><code>%s</code></td><td>%d</td><td><code>%s</code></td></tr>'
                   % (esc(p.name), esc(name), n, esc(first or "")))
    out.append("</table>")
    return "".join(out)


def section_html(s, k):
    r = s.report
    out = ['<section id="run%d" data-run="%s"><h2>%s %s</h2>' % (k, esc(s.name), _verdict(s.label), esc(s.name))]
    kv = list(s.properties.items())
    if s.expectation:
        kv.append(("expected", s.expectation))
    kv += [("unmet", u) for u in s.unmet]
    if r.banner and (r.header or {}).get("version") != r.banner[0]:
        kv.append(("firmware", "pairguard %s plat=%s" % r.banner))
    kv += list((r.header or {}).items())
    if r.cmdline is not None:
        kv.append(("cmdline", r.cmdline or "(none)"))
    if r.summary:
        kv.append(("cases", "%d passed, %d failed" % r.summary))
    if r.rate:
        kv.append(("rate", "%d cases in %g s, %d cases/s" % (r.rate[0], r.rate[1], r.rate[2])))
    if r.status:
        kv.append(("status", "%s exit=%d" % (r.status[0], r.status[1])))
    if r.fingerprint:
        kv.append(("run fingerprint", r.fingerprint.text()))
    if s.seconds is not None:
        kv.append(("run time", "%.1f s" % s.seconds))
    out.append('<div class="hdr">%s</div>' % "".join(
        '<div%s title="%s: %s"><span>%s</span> <code>%s</code></div>'
        % (' class="wide"' if len(str(a)) + len(str(b)) > 22 else "", esc(a), esc(b), esc(a), esc(b)) for a, b in kv))
    if r.bailout is not None:
        out.append('<p class="problem"><b>Bail out!</b> %s</p>' % esc(r.bailout))
    for p in r.problems:
        out.append('<p class="problem">problem: %s</p>' % esc(p))
    gp, gf = r.counts()
    out.append('<h3>test points: %d, %d not ok</h3><div class="pts">' % (gp + gf, gf))
    for p in r.points:
        name = esc(p.name) if p.ok else '<a href="#run%d-p%d">%s</a>' % (k, p.number, esc(p.name))
        counts = "%d cases" % p.cases if p.ok else "%d/%d failed" % (p.failed, p.cases)
        fp = ""
        if p.fingerprint:
            fp = '<span class="fp" data-fp="%016x" title="fingerprint %s">%08x</span>' % (
                p.fingerprint.fixed, esc(p.fingerprint.text()), p.fingerprint.fixed >> 32)
        out.append('<div data-point="%d" data-ok="%d"><span class="n">%d</span>%s <code>%s</code>%s'
                   '<span class="c">%s</span></div>'
                   % (p.number, p.ok, p.number, _verdict("ok" if p.ok else "not ok"), name, fp, counts))
    out.append("</div>")
    out.append(characterisation_html(r))
    for p in r.failed_points:
        d = p.diag if isinstance(p.diag, dict) else {}
        failures = d.get("failures") if isinstance(d.get("failures"), list) else []
        out.append('<h3 id="run%d-p%d">not ok %d &mdash; <code>%s</code>: %d of %d cases failed, %d shown</h3>'
                   % (k, p.number, p.number, esc(p.name), p.failed, p.cases, len(failures)))
        if p.diag is None:
            out.append('<pre>%s</pre>' % esc(p.yaml_text))
        for j, f in enumerate(failures, 1):
            out.append(failure_html(f, "run%d-p%d-f%d" % (k, p.number, j)))
    out.append("</section>")
    return "".join(out)


def render(sections, title="pairguard report"):
    """The whole page as a string."""
    toc = ""
    if len(sections) > 1:
        toc = "<h3>runs</h3><table class=\"points\">%s</table>" % "".join(
            '<tr><td>%s</td><td><a href="#run%d">%s</a></td></tr>' % (_verdict(s.label), k, esc(s.name))
            for k, s in enumerate(sections, 1))
    body = "".join(section_html(s, k) for k, s in enumerate(sections, 1))
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
            "<title>%s</title><style>%s</style></head><body><h1>%s</h1>"
            "<p class=\"note\">written by pairguard-run at %s</p>%s%s%s</body></html>\n"
            % (esc(title), STYLE, esc(title), esc(time.strftime("%Y-%m-%d %H:%M:%S")), legend(), toc, body))


def write(path, sections, title="pairguard report"):
    d = os.path.dirname(path)
    if d:
        os.makedirs(d, exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(render(sections, title))
    os.replace(tmp, path)
