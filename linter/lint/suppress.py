"""Inline suppressions: ``brandlint-ignore`` and ``brandlint-ignore-next-line``.

A directive counts only inside a comment of the file's own syntax (``#`` in YAML, gettext
and .properties; ``//`` and ``/* */`` in .strings and JSX; ``<!-- -->`` in XML and HTML;
``{# #}`` in Jinja/Django; ``{{-- --}}`` in Blade), so a translated string that merely
contains the word is not a directive. A directive counts when a comment opener precedes it
on its line, or when it sits inside a block comment (``/* */``, ``<!-- -->``, ``{# #}``,
``{{-- --}}``) opened on an earlier line: the continuation lines of a long comment.
``brandlint-ignore`` silences findings starting on its own line, ``-next-line`` those on the
following line. JSON has no comments: use the policy's ``ignore.keys`` globs instead.
"""
from __future__ import annotations

import re

HASH = ("#",)
BANG_HASH = ("#", "!")
C_LIKE = ("//", "/*")
XML = ("<!--",)
HTML = ("<!--", "{#", "{{--", "{{/*", "{/*", "//", "/*")
NONE: tuple[str, ...] = ()

_DIRECTIVE = re.compile(r"brandlint-ignore(-next-line)?\b")
_BLOCKS = {"/*": "*/", "<!--": "-->", "{#": "#}", "{{--": "--}}", "{{/*": "*/}}", "{/*": "*/}"}


def _block_spans(text: str, openers: tuple[str, ...]) -> list[tuple[int, int]]:
    """(start, end) of each block comment of the file's syntax, first opener wins."""
    pairs = [(o, _BLOCKS[o]) for o in openers if o in _BLOCKS]
    spans: list[tuple[int, int]] = []
    pos = 0
    while pairs:
        found = [(text.find(o, pos), o, c) for o, c in pairs]
        found = [f for f in found if f[0] >= 0]
        if not found:
            break
        start, o, c = min(found, key=lambda f: (f[0], -len(f[1])))
        end = text.find(c, start + len(o))
        end = len(text) if end < 0 else end + len(c)
        spans.append((start, end))
        pos = end
    return spans


def suppressed_lines(text: str, openers: tuple[str, ...]) -> set[int]:
    """1-based line numbers whose findings are suppressed."""
    if not openers or "brandlint-ignore" not in text:
        return set()
    out: set[int] = set()
    spans = None
    line_no = 1
    pos = 0
    for m in _DIRECTIVE.finditer(text):
        line_no += text.count("\n", pos, m.start())
        pos = m.start()
        line_start = text.rfind("\n", 0, m.start()) + 1
        before = text[line_start:m.start()]
        if not any(op in before for op in openers):
            if spans is None:
                spans = _block_spans(text, openers)
            if not any(a <= m.start() < b for a, b in spans):
                continue
        out.add(line_no + 1 if m.group(1) else line_no)
    return out
