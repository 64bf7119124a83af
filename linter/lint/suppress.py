"""Inline suppressions: ``brandlint-ignore`` and ``brandlint-ignore-next-line``.

A directive counts only inside a comment of the file's own syntax (``#`` in YAML, gettext
and .properties; ``//`` and ``/* */`` in .strings and JSX; ``<!-- -->`` in XML and HTML;
``{# #}`` in Jinja/Django; ``{{-- --}}`` in Blade), so a translated string that merely
contains the word is not a directive. We check that a comment opener precedes the directive
on its line, which is all that is needed for the one-line comments people write; a
directive on a continuation line of a long block comment is not honoured.
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


def suppressed_lines(text: str, openers: tuple[str, ...]) -> set[int]:
    """1-based line numbers whose findings are suppressed."""
    if not openers or "brandlint-ignore" not in text:
        return set()
    out: set[int] = set()
    line_no = 1
    pos = 0
    for m in _DIRECTIVE.finditer(text):
        line_no += text.count("\n", pos, m.start())
        pos = m.start()
        line_start = text.rfind("\n", 0, m.start()) + 1
        before = text[line_start:m.start()]
        if not any(op in before for op in openers):
            continue
        out.add(line_no + 1 if m.group(1) else line_no)
    return out
