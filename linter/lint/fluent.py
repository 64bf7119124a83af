"""Project Fluent (``.ftl``): messages, terms, attributes, select-expression variants.

A message's value and each of its attributes is a string (key ``id`` and ``id.attr``); a
term's value too (``-brand-name = ...`` is what ``{ -brand-name }`` shows everywhere), but
not a term's attributes, which are parameters for selectors. A multi-line pattern reads as
its lines joined by new lines. Each variant of a select expression (``[one] ...``,
``*[other] ...``) is a string of its own, key ``id[one]``. Placeables are code: an inline
expression (``{ $count }``, ``{ -brand-name }``, ``{ "literal" }``) reads as one
placeholder character (U+FFFC) that ends a word. Comments (``#``, ``##``, ``###``) are
skipped. A line that is neither an entry, a comment nor a continuation is an error: Fluent
itself would drop it as junk, which would hide its strings.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from .records import LineIndex, ParseError, Segment

PLACEHOLDER = "\ufffc"
_ENTRY = re.compile(r"(-?[a-zA-Z][a-zA-Z0-9_-]*)[ \t]*=[ \t]*")
_ATTR = re.compile(r"(?:[ \t]*\n)*[ \t]+\.([a-zA-Z][a-zA-Z0-9_-]*)[ \t]*=[ \t]*")
_VARIANT = re.compile(r"[ \t\n\r]*(\*?)\[[ \t]*([^\]\s]+)[ \t]*\][ \t]*")


class _Fluent:
    def __init__(self, text: str) -> None:
        self.text = text
        self.n = len(text)
        self.out: list[Segment] = []

    def error(self, pos: int, message: str) -> ParseError:
        line, col = LineIndex(self.text).position(min(pos, self.n))
        return ParseError(f"invalid Fluent: {message}", line=line, column=col)

    def run(self) -> None:
        pos = 0
        while pos < self.n:
            eol = self.text.find("\n", pos)
            eol = self.n if eol < 0 else eol + 1
            line = self.text[pos:eol]
            if not line.strip() or line.startswith("#"):
                pos = eol
                continue
            m = _ENTRY.match(self.text, pos, eol)
            if not m:
                raise self.error(pos, f"expected a message, a term or a comment, found {line.strip()[:30]!r}")
            pos = self.entry(m.group(1), m.end())

    def entry(self, ident: str, pos: int) -> int:
        term = ident.startswith("-")
        seg = Segment(ident)
        pos = self.pattern(pos, seg, ident, depth=0)
        self.out.append(seg)
        while True:
            m = _ATTR.match(self.text, pos)
            if not m:
                return pos
            attr = Segment(f"{ident}.{m.group(1)}", m.group(1))
            pos = self.pattern(m.end(), attr, attr.key, depth=0)
            if not term:
                self.out.append(attr)

    def pattern(self, pos: int, seg: Segment, key: str, depth: int) -> int:
        """Read a pattern into seg; return where it ends (the start of the line after it,
        or, inside a select expression, the next variant or the closing brace)."""
        text, run = self.text, pos
        while pos < self.n:
            c = text[pos]
            if c == "{":
                seg.add(run, text[run:pos])
                pos = self.placeable(pos, seg, key, depth)
                run = pos
            elif c == "}" and depth:
                break
            elif c == "\n":
                seg.add(run, text[run:pos])
                goes_on, nxt = self.continuation(pos + 1, depth)
                if not goes_on:
                    return nxt
                seg.add(pos, "\n")
                pos = run = nxt
            else:
                pos += 1
        seg.add(run, text[run:pos])
        return pos

    def continuation(self, start: int, depth: int) -> tuple[bool, int]:
        """(True, where the next line's text starts) if the pattern goes on there, else
        (False, where the reading goes on: the next line, or a variant's or brace's line)."""
        pos = start
        while True:
            eol = self.text.find("\n", pos)
            eol = self.n if eol < 0 else eol
            line = self.text[pos:eol]
            if line.strip() or eol >= self.n:
                break
            pos = eol + 1  # blank lines inside a pattern count only if it goes on
        body = line.lstrip(" ")
        indent = len(line) - len(body)
        if not body.strip():
            return False, start
        if depth and body[0] in "[*}":
            return False, pos
        if indent == 0 or body[0] in "[*.":
            return False, start
        return True, pos + indent

    def placeable(self, pos: int, seg: Segment, key: str, depth: int) -> int:
        seg.add(pos, PLACEHOLDER)
        i, nest = pos + 1, 0
        while i < self.n:
            c = self.text[i]
            if c == '"':
                i = self.string_literal(i)
                continue
            if c == "{":
                nest += 1
            elif c == "}":
                if nest == 0:
                    return i + 1
                nest -= 1
            elif c == "-" and self.text.startswith("->", i) and nest == 0:
                return self.variants(i + 2, key, depth)
            i += 1
        raise self.error(pos, "unclosed placeable '{'")

    def string_literal(self, i: int) -> int:
        j = i + 1
        while j < self.n and self.text[j] not in '"\n':
            j += 2 if self.text[j] == "\\" else 1
        if j >= self.n or self.text[j] != '"':
            raise self.error(i, "unterminated string literal")
        return j + 1

    def variants(self, pos: int, key: str, depth: int) -> int:
        while True:
            m = _VARIANT.match(self.text, pos)
            if not m:
                close = re.compile(r"[ \t\n\r]*\}").match(self.text, pos)
                if close:
                    return close.end()
                raise self.error(pos, "expected a variant '[key]' or '}'")
            seg = Segment(f"{key}[{m.group(2)}]")
            pos = self.pattern(m.end(), seg, key, depth + 1)
            self.out.append(seg)


def fluent_segments(text: str, path: str = "") -> Iterator[Segment]:
    reader = _Fluent(text)
    reader.run()
    return iter(reader.out)
