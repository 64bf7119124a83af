"""Android string resources: ``res/values*/strings.xml`` (``string``, ``string-array``,
``plurals``).

Keys: ``name`` for a string, ``name[0]`` for an array item, ``name[one]`` for a plural.
Inline markup (``<b>``, ``<xliff:g>``) and CDATA are part of the string a user reads, so
they are joined into one Segment. Android's backslash escapes (``\\n``, ``\\t``, ``\\'``,
``\\"``, ``\\@``, ``\\?``, ``\\uXXXX``) are decoded as aapt does, each decoded character
keeping the offset of its escape, so ``\\nTikTok`` is a mention at the ``T`` (the ``n`` of
the escape is not a letter before it); XML character references are expat's.
"""
from __future__ import annotations

from collections.abc import Iterator

from .escapes import decode_into
from .records import Segment
from .xmlread import XmlReader


class _Android(XmlReader):
    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.current: Segment | None = None
        self.depth = 0           # depth inside the current string element
        self.array: tuple[str, str] | None = None   # (name, kind) of string-array/plurals
        self.item = 0

    def start(self, name, attrs, offset):
        if self.current is not None:
            self.depth += 1
            return
        if name == "string" and "name" in attrs:
            self._open(attrs["name"])
        elif name in ("string-array", "plurals", "array") and "name" in attrs:
            self.array, self.item = (attrs["name"], name), 0
        elif name == "item" and self.array is not None:
            label = attrs.get("quantity") if self.array[1] == "plurals" else None
            self._open(f"{self.array[0]}[{label if label is not None else self.item}]")
            self.item += 1

    def _open(self, key: str) -> None:
        self.current = Segment(key)
        self.depth = 0

    def end(self, name):
        if self.current is None:
            if name in ("string-array", "plurals", "array"):
                self.array = None
            return
        if self.depth:
            self.depth -= 1
            return
        self.out.append(self.current)
        self.current = None

    def data(self, text, offset):
        if self.current is None:
            return
        end = offset + len(text)
        if "\\" in text and self.text[offset:end] == text:  # as written: decode escapes
            decode_into(self.current, self.text, offset, end, unicode_upper=False)
        else:  # a character reference or entity expat decoded, or escape-free text
            self.current.add(offset, text)


def android_segments(text: str, path: str = "") -> Iterator[Segment]:
    return _Android.segments(text)
