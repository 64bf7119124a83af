"""Decode quoted strings while keeping each character's offset in the file.

Catalog formats escape characters (``\\n``, ``\\u00e9``, ``\\"``); a mention after an
escape must still be reported at its column in the file, so decoding appends verbatim runs
and decoded escapes to a Segment as separate pieces. ``align`` is the fallback for YAML,
whose folding rules (plain and block scalars, ``''`` quotes) are PyYAML's business: it
walks the decoded value and the raw source together, which places ordinary text exactly
and anything exotic at the nearest earlier character.
"""
from __future__ import annotations

import re

from .records import Segment

_HEX_ESC = re.compile(r"x([0-9a-fA-F]{1,2})")
_OCT_ESC = re.compile(r"([0-7]{1,3})")

_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "0": "\0",
           "a": "\a", "v": "\v", "e": "\x1b"}


def decode_into(seg: Segment, text: str, start: int, end: int, *, unicode_upper: bool = True,
                c_escapes: bool = False) -> Segment:
    """Append the C/JSON/Java style string body text[start:end] to seg, decoded.

    c_escapes: also C's ``\\xHH`` and octal ``\\ooo`` (gettext)."""
    if text.find("\\", start, end) < 0:
        return seg.add(start, text[start:end])
    i = start
    run = start
    while i < end:
        if text[i] != "\\" or i + 1 >= end:
            i += 1
            continue
        seg.add(run, text[run:i])
        c = text[i + 1]
        if c == "u" or (c == "U" and unicode_upper):
            digits = 4 if c == "u" else 8
            hexs = text[i + 2:i + 2 + digits]
            if c == "U" and not _ishex(hexs):   # Apple's \U is four digits too
                hexs = text[i + 2:i + 6]
                digits = 4
            if len(hexs) == digits and _ishex(hexs):
                code = int(hexs, 16)
                step = 2 + digits
                # JSON writes astral characters as surrogate pairs
                if 0xD800 <= code < 0xDC00 and text.startswith("\\u", i + step) and _ishex(text[i + step + 2:i + step + 6]):
                    low = int(text[i + step + 2:i + step + 6], 16)
                    if 0xDC00 <= low < 0xE000:
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        step += 6
                seg.add(i, chr(code) if code < 0xD800 or code > 0xDFFF else "\ufffd")
                i += step
                run = i
                continue
        if c_escapes and (c == "x" or c in "01234567"):
            m = (_HEX_ESC if c == "x" else _OCT_ESC).match(text, i + 1, end)
            if m:
                digits = m.group(1)
                seg.add(i, chr(int(digits, 16 if c == "x" else 8)))
                i = run = m.end()
                continue
        seg.add(i, _SIMPLE.get(c, c))
        i += 2
        run = i
    seg.add(run, text[run:end])
    return seg


def _ishex(s: str) -> bool:
    return bool(s) and all(ch in "0123456789abcdefABCDEF" for ch in s)


def align(seg: Segment, value: str, text: str, start: int, end: int, window: int = 64) -> Segment:
    """Append value, a decoded form of text[start:end], mapping each char to its source."""
    if text[start:end] == value:
        return seg.add(start, value)
    p = start
    run_i, run_raw = 0, start
    expected = start
    for i, ch in enumerate(value):
        q = text.find(ch, p, min(end, p + window))
        if q < 0:
            q = p  # not in the source (an escape): place it where the source is
        else:
            p = q + 1
        if q != expected:
            seg.add(run_raw, value[run_i:i])
            run_i, run_raw = i, q
        expected = q + 1
    seg.add(run_raw, value[run_i:])
    return seg
