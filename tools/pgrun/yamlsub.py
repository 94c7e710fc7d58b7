"""The YAML subset of the report's diagnostics blocks (tools/REPORT-FORMAT.md).

Block maps and sequences by indentation, `- key: value` items, flow maps
`{a: 1, b: "x"}` and flow sequences `[1, 2]`, double- and single-quoted
strings, plain scalars.  Plain decimal integers become int; everything else
(hex such as 0x1f, `none`) stays a string, so values compare as written.
Anything outside the subset raises YamlError: the firmware writes this YAML,
and a block the runner cannot read is a malformed stream, not a guess.
"""

import re

KEY_RE = re.compile(r"^([A-Za-z0-9_.+-]+):(?:[ \t]+(.*))?$")
INT_RE = re.compile(r"^-?[0-9]+$")
ESCAPES = {'"': '"', "\\": "\\", "/": "/", "n": "\n", "t": "\t", "r": "\r", "0": "\0"}


class YamlError(Exception):
    """A line the subset cannot read; `line` is 1-based within the given lines."""

    def __init__(self, line, message):
        super().__init__("line %d: %s" % (line, message))
        self.line = line
        self.message = message


class _Tok:
    __slots__ = ("indent", "text", "line")

    def __init__(self, indent, text, line):
        self.indent, self.text, self.line = indent, text, line


def parse(lines):
    """Parse a list of lines (without newlines) into dicts, lists and scalars."""
    toks = []
    for n, raw in enumerate(lines, 1):
        if "\t" in raw[: len(raw) - len(raw.lstrip())]:
            raise YamlError(n, "tab in indentation")
        text = raw.strip()
        if not text or text.startswith("#"):
            continue
        toks.append(_Tok(len(raw) - len(raw.lstrip(" ")), text, n))
    if not toks:
        return None
    value, i = _node(toks, 0, toks[0].indent)
    if i != len(toks):
        raise YamlError(toks[i].line, "unexpected indentation")
    return value


def _is_item(text):
    return text == "-" or text.startswith("- ")


def _node(toks, i, indent):
    if _is_item(toks[i].text):
        return _seq(toks, i, indent)
    return _map(toks, i, indent)


def _child(toks, i, indent, line):
    """The value of `key:` (or `-`) with nothing after it: a nested block."""
    if i < len(toks) and toks[i].indent > indent:
        return _node(toks, i, toks[i].indent)
    raise YamlError(line, "empty value (a nested block must be indented further)")


def _map(toks, i, indent):
    out = {}
    while i < len(toks) and toks[i].indent == indent and not _is_item(toks[i].text):
        tok = toks[i]
        m = KEY_RE.match(tok.text)
        if not m:
            raise YamlError(tok.line, "expected 'key: value', got %r" % tok.text)
        key, rest = m.group(1), m.group(2)
        if key in out:
            raise YamlError(tok.line, "duplicate key %r" % key)
        i += 1
        if rest is None or rest.strip() == "":
            # YAML lets a sequence under a key sit at the key's own indentation.
            if i < len(toks) and toks[i].indent == indent and _is_item(toks[i].text):
                out[key], i = _seq(toks, i, indent)
            else:
                out[key], i = _child(toks, i, indent, tok.line)
        else:
            out[key] = _inline(rest, tok.line)
    if i < len(toks) and toks[i].indent > indent:
        raise YamlError(toks[i].line, "unexpected indentation")
    return out, i


def _seq(toks, i, indent):
    out = []
    while i < len(toks) and toks[i].indent == indent and _is_item(toks[i].text):
        tok = toks[i]
        rest = tok.text[1:].lstrip(" ")
        if rest == "":
            value, i = _child(toks, i + 1, indent, tok.line)
        elif rest[0] not in "\"'{[" and KEY_RE.match(rest):
            # "- key: value": a map whose keys line up after the dash.
            col = indent + (len(tok.text) - len(rest))
            toks = toks[:i] + [_Tok(col, rest, tok.line)] + toks[i + 1:]
            value, i = _map(toks, i, col)
        else:
            value, i = _inline(rest, tok.line), i + 1
        out.append(value)
    if i < len(toks) and toks[i].indent > indent:
        raise YamlError(toks[i].line, "unexpected indentation")
    return out, i


def _inline(text, line):
    p = _Flow(text, line)
    value = p.value(flow=False)
    p.skip_space()
    if p.pos < len(text) and not text[p.pos] == "#":
        raise YamlError(line, "unexpected %r after the value" % text[p.pos:])
    return value


def _scalar(text):
    text = text.strip()
    return int(text) if INT_RE.match(text) else text


class _Flow:
    """Recursive descent over one line's value: flow collections and quotes."""

    def __init__(self, text, line):
        self.text, self.pos, self.line = text, 0, line

    def fail(self, message):
        raise YamlError(self.line, message)

    def skip_space(self):
        while self.pos < len(self.text) and self.text[self.pos] in " \t":
            self.pos += 1

    def peek(self):
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def value(self, flow):
        self.skip_space()
        c = self.peek()
        if c == "{":
            return self.flow_map()
        if c == "[":
            return self.flow_seq()
        if c == '"':
            return self.double()
        if c == "'":
            return self.single()
        return self.plain(flow)

    def plain(self, flow):
        start = self.pos
        while self.pos < len(self.text):
            c = self.text[self.pos]
            if flow and c in ",]}":
                break
            if c == "#" and self.pos > start and self.text[self.pos - 1] in " \t":
                break
            self.pos += 1
        raw = self.text[start:self.pos]
        if raw.strip() == "":
            self.fail("missing value")
        return _scalar(raw)

    def double(self):
        self.pos += 1
        out = []
        while True:
            c = self.peek()
            if c == "":
                self.fail("unterminated double-quoted string")
            self.pos += 1
            if c == '"':
                return "".join(out)
            if c == "\\":
                e = self.peek()
                self.pos += 1
                if e in ESCAPES:
                    out.append(ESCAPES[e])
                elif e == "x" and re.match(r"[0-9A-Fa-f]{2}$", self.text[self.pos:self.pos + 2]):
                    out.append(chr(int(self.text[self.pos:self.pos + 2], 16)))
                    self.pos += 2
                else:
                    self.fail("unknown escape \\%s" % e)
            else:
                out.append(c)

    def single(self):
        self.pos += 1
        out = []
        while True:
            c = self.peek()
            if c == "":
                self.fail("unterminated single-quoted string")
            self.pos += 1
            if c == "'":
                if self.peek() == "'":
                    out.append("'")
                    self.pos += 1
                    continue
                return "".join(out)
            out.append(c)

    def flow_seq(self):
        self.pos += 1
        out = []
        self.skip_space()
        if self.peek() == "]":
            self.pos += 1
            return out
        while True:
            out.append(self.value(flow=True))
            self.skip_space()
            c = self.peek()
            self.pos += 1
            if c == "]":
                return out
            if c != ",":
                self.fail("expected ',' or ']' in a flow sequence")

    def flow_map(self):
        self.pos += 1
        out = {}
        self.skip_space()
        if self.peek() == "}":
            self.pos += 1
            return out
        while True:
            self.skip_space()
            m = re.compile(r"([A-Za-z0-9_.+-]+):[ \t]").match(self.text, self.pos)
            if not m:
                self.fail("expected 'key: ' in a flow map at %r" % self.text[self.pos:])
            key = m.group(1)
            if key in out:
                self.fail("duplicate key %r" % key)
            self.pos = m.end()
            out[key] = self.value(flow=True)
            self.skip_space()
            c = self.peek()
            self.pos += 1
            if c == "}":
                return out
            if c != ",":
                self.fail("expected ',' or '}' in a flow map")
