"""Apple string catalogs: ``.strings`` (``"key" = "value";``) and ``.stringsdict`` (plist).

A ``.strings`` file comes in three real forms: UTF-8, UTF-16 with a BOM (what Xcode
writes; decoded by check.decode), and an XML property list, which Xcode accepts too and
which is read like a ``.stringsdict`` (the key is the plist key).

``.strings`` values are the UI text; keys are often the English source text too, but they
are only shown when the value is missing, which is a different bug. Comments may carry
suppressions. In a ``.stringsdict`` every ``<string>`` under a key is checked except the
format-spec plumbing (``NSStringFormatSpecTypeKey``, ``NSStringFormatValueTypeKey``); the
key path is ``entry.variable.one``.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from .escapes import decode_into
from .records import LineIndex, ParseError, Segment
from .xmlread import XmlReader

_TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<block>/\*.*?\*/)
  | (?P<line>//[^\n]*)
  | "(?P<str>(?:[^"\\]|\\.)*)"
  | (?P<bare>[A-Za-z0-9_.$-]+)
  | (?P<punct>[=;])
""", re.S | re.X)


def strings_segments(text: str, path: str = "") -> Iterator[Segment]:
    if text.lstrip("\ufeff \t\r\n").startswith("<"):
        # the XML property-list form Xcode also accepts: <dict><key>k</key><string>v</string>
        return stringsdict_segments(text, path)
    tokens = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            what = "unterminated string or comment" if text[pos] in '"/' else f"unexpected {text[pos]!r}"
            raise _error(text, pos, what)
        if m.lastgroup in ("str", "bare", "punct"):
            tokens.append(m)
        pos = m.end()
    out = []
    i = 0
    while i < len(tokens):
        key = tokens[i]
        if key.lastgroup == "punct":
            raise _error(text, key.start(), f"expected a key, found {key.group()!r}")
        if i + 1 < len(tokens) and tokens[i + 1].group() == ";":  # "key"; means key = key
            value, i = key, i + 2
        else:
            if i + 2 >= len(tokens):
                raise _error(text, key.end(), "expected '= \"value\";'")
            eq, value = tokens[i + 1], tokens[i + 2]
            if eq.group() != "=" or value.lastgroup not in ("str", "bare"):
                raise _error(text, eq.start(), "expected '= \"value\";'")
            if i + 3 >= len(tokens) or tokens[i + 3].group() != ";":
                raise _error(text, value.end(), "expected ';'")
            i += 4
        name = key.group("str") if key.lastgroup == "str" else key.group()
        seg = Segment(name)
        if value.lastgroup == "str":
            decode_into(seg, text, value.start("str"), value.end("str"))
        else:
            seg.add(value.start(), value.group())
        out.append(seg)
    return iter(out)


def _error(text: str, offset: int, message: str) -> ParseError:
    line, col = LineIndex(text).position(offset)
    return ParseError(f"invalid .strings: {message}", line=line, column=col)


_PLUMBING = {"NSStringFormatSpecTypeKey", "NSStringFormatValueTypeKey"}


class _Plist(XmlReader):
    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.path: list[str | None] = []   # one slot per open <dict>: the last <key> read
        self.leaf: str | None = None        # element whose text we are reading
        self.buffer: Segment | None = None

    def start(self, name, attrs, offset):
        if name == "dict":
            self.path.append(None)
        elif name in ("key", "string"):
            self.leaf = name
            self.buffer = Segment()

    def end(self, name):
        if name == "dict":
            self.path.pop()
            if self.path:
                self.path[-1] = None
        elif name == self.leaf and self.buffer is not None:
            if name == "key":
                self.path[-1] = self.buffer.text if self.path else None
            elif self.path and self.path[-1] and self.path[-1] not in _PLUMBING:
                self.buffer.key = ".".join(p for p in self.path if p)
                self.out.append(self.buffer)
            self.leaf, self.buffer = None, None

    def data(self, text, offset):
        if self.buffer is not None:
            self.buffer.add(offset, text)


def stringsdict_segments(text: str, path: str = "") -> Iterator[Segment]:
    return _Plist.segments(text)
