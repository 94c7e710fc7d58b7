"""Read a diagnostics block's YAML (tools/REPORT-FORMAT.md) with PyYAML.

PyYAML (Debian python3-yaml) does the parsing; this module adds what the
report contract asks beyond well-formed YAML, so that a block is read as
written or not at all:
- the block is one map; keys are plain text and appear once per map;
- a plain (unquoted) value is a decimal integer (-520, 4096: an int) or
  text that every YAML reader keeps as text.  A plain value that YAML 1.1
  (PyYAML) or 1.2 reads as something else, or that looks like a number
  without being a decimal integer (0x1f, 010, 08, 1e5, 1_000, 1:30, yes,
  null, 1.5, an empty value), is an error: the firmware quotes such values;
- no tags, anchors or aliases (the firmware writes none).
Values come back as dict, list, int and str.  Anything else raises
YamlError with the block's line: a block the runner cannot read as the
firmware meant it is a malformed stream, not a guess.
"""

import re
import sys

try:
    import yaml
except ImportError:  # pragma: no cover - depends on the machine
    sys.exit("pairguard-run: PyYAML is missing for %s (Debian package python3-yaml; "
             "tools/setup installs it)" % sys.executable)

TAG = "tag:yaml.org,2002:"
DECIMAL_RE = re.compile(r"^-?(?:0|[1-9][0-9]*)$")
# Text that starts like a number (or like .5, -x, +1) is ambiguous between
# YAML versions even where PyYAML keeps it a string (08, 1e5, 0o17).
NUMBERISH_RE = re.compile(r"^[-+.]?[0-9.]")
WHAT = {"bool": "a boolean", "null": "null (no value)", "float": "a float",
        "timestamp": "a timestamp", "merge": "a merge key", "value": "a value key"}


class YamlError(Exception):
    """A block that is not what the firmware writes; `line` is 1-based within the given lines."""

    def __init__(self, line, message):
        super().__init__("line %d: %s" % (line, message))
        self.line = line
        self.message = message


def _line(node):
    return node.start_mark.line + 1


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing what the report never writes where the
    parser still sees it (the composed nodes no longer show an alias or tag)."""

    def compose_node(self, parent, index):
        event = self.peek_event()
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent):
            raise YamlError(line, "an alias (*%s): the report uses none" % event.anchor)
        if event.anchor is not None:
            raise YamlError(line, "an anchor (&%s): the report uses none" % event.anchor)
        if event.tag is not None and event.tag != "!":
            raise YamlError(line, "a tag (%s): the report uses none" % event.tag)
        return super().compose_node(parent, index)


def parse(lines):
    """Parse a list of lines (without newlines) into dicts, lists, ints and strs."""
    text = "\n".join(lines) + "\n"
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        raise YamlError(mark.line + 1 if mark else 1, e.problem or e.context or "unreadable YAML") from None
    except yaml.YAMLError as e:
        raise YamlError(1, str(e)) from None
    finally:
        loader.dispose()
    if node is None:
        return None
    if not isinstance(node, yaml.MappingNode):
        raise YamlError(_line(node), "a diagnostics block is a map of 'key: value' lines")
    return _value(node)


def _value(node):
    if isinstance(node, yaml.MappingNode):
        return _map(node)
    if isinstance(node, yaml.SequenceNode):
        return [_value(item) for item in node.value]
    return _scalar(node)


def _map(node):
    out = {}
    for knode, vnode in node.value:
        if not isinstance(knode, yaml.ScalarNode) or knode.style is not None:
            raise YamlError(_line(knode), "a key must be plain text")
        key = knode.value
        if key in out:
            raise YamlError(_line(knode), "duplicate key %r" % key)
        out[key] = _value(vnode)
    return out


def _scalar(node):
    value = node.value
    if node.style is not None:          # quoted (or a block scalar): text
        return value
    kind = node.tag[len(TAG):]
    if value == "":
        raise YamlError(_line(node), "empty value (a nested block must be indented further)")
    if node.end_mark.line != node.start_mark.line:
        raise YamlError(_line(node), "a plain value continues on the next line (%r): quote it, "
                        "or indent a nested block under its key" % value)
    if DECIMAL_RE.match(value):
        return int(value)
    if kind == "int":
        raise YamlError(_line(node), "%r is a number in YAML 1.1, not the text written: "
                        "a value like this must be quoted" % value)
    if kind != "str":
        raise YamlError(_line(node), "%r reads as %s in YAML, not as text: a value like this must "
                        "be quoted" % (value, WHAT.get(kind, kind)))
    if NUMBERISH_RE.match(value):
        raise YamlError(_line(node), "%r looks like a number but is not a decimal integer: "
                        "a value like this must be quoted" % value)
    return value
