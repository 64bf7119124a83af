"""JSX/TSX: the text between tags and the visible string attributes, never the code.

A small scanner, not a JavaScript parser: in code it skips strings, template literals,
comments and regular expressions, and enters markup at a ``<`` in expression position
(after ``( , = : [ ! & | ? { } ; >`` or ``return``), which is where JSX can start and a
comparison cannot; ``useState<string>()`` follows an identifier and stays code. Inside an
element, ``{...}`` is code again (so nested JSX in ``{cond && <p>...</p>}`` is found).
Malformed input never raises: the scanner stops at the end of the file.
"""
from __future__ import annotations

import re

from ..policy import Policy
from .markup import MarkupSink
from .records import Segment

_NAME = re.compile(r"[A-Za-z_$][\w.:\-$]*")
_ATTR_NAME = re.compile(r"[A-Za-z_$][\w:\-$]*")
_KEYWORDS = frozenset(("return", "yield", "default", "case", "in", "of", "typeof", "await", "else", "do"))
_WORD = re.compile(r"[\w$]+")
_EXPR_CHARS = set("(,=:[!&|?{};>}+-*%~^")


class _Scanner:
    def __init__(self, text: str, sink: MarkupSink) -> None:
        self.t = text
        self.n = len(text)
        self.sink = sink

    # ------------------------------------------------------------------ code
    def code(self, i: int, until_brace: bool) -> int:
        """Scan code from i; return the index after the closing '}' (or n)."""
        t, n = self.t, self.n
        depth = 0
        last = ""          # last significant character
        while i < n:
            c = t[i]
            if c in " \t\r\n":
                i += 1
                continue
            if t.startswith("//", i):
                j = t.find("\n", i)
                i = n if j < 0 else j
                continue
            if t.startswith("/*", i):
                j = t.find("*/", i + 2)
                i = n if j < 0 else j + 2
                continue
            if c in "\"'":
                i = self._string(i, c)
                last = "a"
                continue
            if c == "`":
                i = self._template(i)
                last = "a"
                continue
            if c == "/" and self._expr_position(last, i):
                i = self._regex(i)
                last = "a"
                continue
            if c == "<" and self._expr_position(last, i) and i + 1 < n and (t[i + 1].isalpha() or t[i + 1] in ">_$"):
                i = self.element(i)
                last = "a"
                continue
            if c == "{":
                depth += 1
            elif c == "}":
                if depth == 0 and until_brace:
                    return i + 1
                depth -= 1
            if c.isalnum() or c in "_$":
                m = _WORD.match(t, i)
                i = m.end()
                last = m.group()
                continue
            last = c
            i += 1
        return n

    def _expr_position(self, last: str, i: int) -> bool:
        if last == "" or last in _EXPR_CHARS:
            return True
        return last in _KEYWORDS

    def _string(self, i: int, q: str) -> int:
        t, n = self.t, self.n
        i += 1
        while i < n and t[i] != q and t[i] != "\n":
            i += 2 if t[i] == "\\" else 1
        return i + 1

    def _template(self, i: int) -> int:
        t, n = self.t, self.n
        i += 1
        while i < n:
            if t[i] == "\\":
                i += 2
            elif t[i] == "`":
                return i + 1
            elif t.startswith("${", i):
                i = self.code(i + 2, until_brace=True)
            else:
                i += 1
        return n

    def _regex(self, i: int) -> int:
        t, n = self.t, self.n
        i += 1
        in_class = False
        while i < n and t[i] != "\n":
            c = t[i]
            if c == "\\":
                i += 2
                continue
            if c == "[":
                in_class = True
            elif c == "]":
                in_class = False
            elif c == "/" and not in_class:
                i += 1
                while i < n and t[i].isalpha():
                    i += 1
                return i
            i += 1
        return i

    # ---------------------------------------------------------------- markup
    def element(self, i: int) -> int:
        """Parse the element starting at '<'; return the index after it."""
        t, n = self.t, self.n
        start = i
        i += 1
        m = _NAME.match(t, i)
        tag = m.group() if m else ""   # "" is a fragment <>
        i = m.end() if m else i
        attrs: list[tuple[str, str | None, int | None]] = []
        while i < n:
            while i < n and t[i].isspace():
                i += 1
            if t.startswith("/>", i):
                self.sink.start(tag or "fragment", attrs, start, self_closing=True)
                return i + 2
            if i >= n or t[i] == ">":
                i += 1
                break
            if t[i] == "{":               # {...spread}
                i = self.code(i + 1, until_brace=True)
                continue
            a = _ATTR_NAME.match(t, i)
            if not a:
                i += 1
                continue
            name, i = a.group(), a.end()
            while i < n and t[i].isspace():
                i += 1
            if i < n and t[i] == "=":
                i += 1
                while i < n and t[i].isspace():
                    i += 1
                if i < n and t[i] in "\"'":
                    end = t.find(t[i], i + 1)
                    end = n if end < 0 else end
                    attrs.append((name, t[i + 1:end], i + 1))
                    i = end + 1
                elif i < n and t[i] == "{":
                    attrs.append((name, None, None))
                    i = self.code(i + 1, until_brace=True)
                elif i < n and t[i] == "<":
                    i = self.element(i)
            else:
                attrs.append((name, "", None))
        self.sink.start(tag or "fragment", attrs, start)
        return self.children(i, tag or "fragment")

    def children(self, i: int, tag: str) -> int:
        t, n = self.t, self.n
        run = i
        while i < n:
            c = t[i]
            if c == "{":
                self.sink.data(run, t[run:i])
                i = self.code(i + 1, until_brace=True)
                run = i
            elif c == "<":
                self.sink.data(run, t[run:i])
                if t.startswith("</", i):
                    j = t.find(">", i)
                    self.sink.end(tag)
                    return n if j < 0 else j + 1
                i = self.element(i)
                run = i
            elif c == "&":
                self.sink.data(run, t[run:i])
                m = re.compile(r"&(?:#\w+|[A-Za-z]\w*);").match(t, i)
                if m:
                    self.sink.entity(i, m.group())
                    i = m.end()
                else:
                    self.sink.data(i, "&")
                    i += 1
                run = i
            else:
                i += 1
        self.sink.data(run, t[run:i])
        self.sink.end(tag)
        return n


def jsx_segments(text: str, path: str, policy: Policy) -> list[Segment]:
    sink = MarkupSink(text, policy)
    _Scanner(text, sink).code(0, until_brace=False)
    return sink.close()
