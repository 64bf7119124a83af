"""Java ``.properties`` resource bundles.

Logical lines (a trailing odd backslash continues the line, the next line's leading white
space dropped), ``#``/``!`` comments, ``key=value`` / ``key: value`` / ``key value``, and
escapes (``\\uXXXX``, ``\\t``, ``\\=``) decoded with each character's file offset kept.
Java 9+ reads bundles as UTF-8 and falls back to ISO-8859-1, and so does the caller, so a
.properties file is never "undecodable".
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from .escapes import decode_into
from .records import Segment

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_KEY_END = re.compile(r"(?:[^\\:=\s]|\\.)*")
_SEP = re.compile(r"[ \t\f]*[:=]?[ \t\f]*")


def properties_segments(text: str, path: str = "") -> Iterator[Segment]:
    pos = 0
    n = len(text)
    while pos < n:
        m = _LINE.match(text, pos)
        line_end = m.end()
        body_start = pos + len(m.group()) - len(m.group().lstrip(" \t\f"))
        content_end = line_end - len(m.group()) + len(m.group().rstrip("\r\n"))
        pos = line_end if line_end > pos else n
        if body_start >= content_end or text[body_start] in "#!":
            continue
        k = _KEY_END.match(text, body_start, content_end)
        key_seg = decode_into(Segment(), text, body_start, k.end())
        sep = _SEP.match(text, k.end(), content_end)
        seg = Segment(key_seg.text)
        start = sep.end()
        # follow continuation lines
        while True:
            end = content_end
            if _continues(text, start, end):
                decode_into(seg, text, start, end - 1)
                nxt = _LINE.match(text, pos)
                if not nxt.group():
                    break
                start = pos + len(nxt.group()) - len(nxt.group().lstrip(" \t\f"))
                content_end = pos + len(nxt.group().rstrip("\r\n"))
                pos = nxt.end() if nxt.end() > pos else n
                continue
            decode_into(seg, text, start, end)
            break
        yield seg


def _continues(text: str, start: int, end: int) -> bool:
    slashes = 0
    i = end - 1
    while i >= start and text[i] == "\\":
        slashes += 1
        i -= 1
    return slashes % 2 == 1
