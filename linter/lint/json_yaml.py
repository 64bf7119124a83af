"""Nested key/value catalogs: JSON (i18next, react-intl, vue-i18n), Flutter ARB, YAML.

JSON is validated with the stdlib parser first (its error has line and column) and then
scanned a second time by a small scanner that keeps the file offset of every string value:
``json.loads`` forgets positions, and a second C-speed pass costs less than a Python parser
that does both. ARB keys starting with ``@`` are metadata for translators, not UI. YAML
needs PyYAML, imported here only when a YAML file is actually linted.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator

from .escapes import align, decode_into
from .records import ParseError, Segment

_STR = re.compile(r'"((?:[^"\\]|\\.)*)"', re.S)
_WS = re.compile(r"[ \t\r\n]*")
_SCALAR = re.compile(r"[^\s,\]}]+")


def json_segments(text: str, path: str = "", *, arb: bool = False) -> Iterator[Segment]:
    return iter([decode_into(Segment(_key(path)), text, start, end)
                 for path, start, end in json_strings(text, arb=arb)])


def json_strings(text: str, *, arb: bool = False) -> list[tuple[tuple, int, int]]:
    """(key path, start, end) of every string value's body; ParseError, with json's line
    and column, when the text is not valid JSON."""
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError(f"invalid JSON: {exc.msg}", line=exc.lineno, column=exc.colno) from None
    except RecursionError:
        raise ParseError("invalid JSON: nested too deeply") from None
    out: list[tuple[tuple, int, int]] = []
    _value(text, 0, (), out, arb)
    return out


def arb_segments(text: str, path: str = "") -> Iterator[Segment]:
    return json_segments(text, path, arb=True)


def _key(path: tuple) -> str:
    s = ""
    for p in path:
        s += f"[{p}]" if isinstance(p, int) else (("." if s else "") + p)
    return s


def _value(text: str, pos: int, path: tuple, out: list, arb: bool) -> int:
    pos = _WS.match(text, pos).end()
    c = text[pos]
    if c == '"':
        m = _STR.match(text, pos)
        if path:  # a bare top-level string is not a catalog entry
            out.append((path, m.start(1), m.end(1)))
        return m.end()
    if c == "{":
        pos = _WS.match(text, pos + 1).end()
        if text[pos] == "}":
            return pos + 1
        while True:
            m = _STR.match(text, pos)
            key = json.loads(m.group(0))
            pos = _WS.match(text, m.end()).end() + 1  # the ':'
            if arb and key.startswith("@"):
                pos = _skip(text, pos, path + (key,))
            else:
                pos = _value(text, pos, path + (key,), out, arb)
            pos = _WS.match(text, pos).end()
            if text[pos] == "}":
                return pos + 1
            pos = _WS.match(text, pos + 1).end()  # the ','
    if c == "[":
        pos = _WS.match(text, pos + 1).end()
        if text[pos] == "]":
            return pos + 1
        i = 0
        while True:
            pos = _value(text, pos, path + (i,), out, arb)
            pos = _WS.match(text, pos).end()
            if text[pos] == "]":
                return pos + 1
            pos += 1
            i += 1
    return _SCALAR.match(text, pos).end()


def _skip(text: str, pos: int, path: tuple) -> int:
    return _value(text, pos, path, [], False)


def yaml_segments(text: str, path: str = "") -> Iterator[Segment]:
    import yaml  # only when a YAML file is linted: keeps start-up light

    loader = getattr(yaml, "CSafeLoader", None) if text.isascii() else None
    try:
        # libyaml is several times faster, but its marks count bytes; use it for ASCII only
        nodes = list(yaml.compose_all(text, Loader=loader or yaml.SafeLoader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        msg = f"invalid YAML: {exc.problem or exc.context}"
        if mark is None:
            raise ParseError(msg) from None
        raise ParseError(msg, line=mark.line + 1, column=mark.column + 1) from None
    except yaml.YAMLError as exc:
        raise ParseError(f"invalid YAML: {exc}") from None
    out: list[Segment] = []
    seen: set[int] = set()
    for node in nodes:
        if node is not None:
            _walk_yaml(yaml, node, (), text, out, seen)
    return iter(out)


def _walk_yaml(yaml, node, path: tuple, text: str, out: list[Segment], seen: set[int]) -> None:
    if id(node) in seen:  # an alias: already reported where its anchor is
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            name = k.value if isinstance(k, yaml.ScalarNode) else "?"
            _walk_yaml(yaml, v, path + (str(name),), text, out, seen)
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            _walk_yaml(yaml, v, path + (i,), text, out, seen)
    elif isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str" and path:
        start, end = node.start_mark.index, node.end_mark.index
        if node.style in ("'", '"'):
            start, end = start + 1, max(start + 1, end - 1)
        elif node.style in ("|", ">"):
            nl = text.find("\n", start, end)
            start = nl + 1 if nl >= 0 else start
        out.append(align(Segment(_key(path)), node.value, text, start, end))
