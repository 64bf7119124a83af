""".NET resources (``.resx``, UWP ``.resw``): ``<data name="..."><value>`` strings.

A ``<data>`` with a ``type`` other than ``System.String`` or with a ``mimetype`` is an
image, an icon or a serialised object, not text; WinForms designer entries (names starting
with ``>>``) are type names. ``<comment>`` is for translators, and ``<resheader>``,
``<metadata>`` and ``<assembly>`` are plumbing. The key is the ``name``.
"""
from __future__ import annotations

from collections.abc import Iterator

from .records import Segment
from .xmlread import XmlReader


class _Resx(XmlReader):
    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.key: str | None = None
        self.capture: Segment | None = None

    def start(self, name, attrs, offset):
        if name == "data":
            key = attrs.get("name")
            kind = attrs.get("type", "System.String")
            text_like = kind.startswith("System.String") and "mimetype" not in attrs
            self.key = key if key and text_like and not key.startswith(">>") else None
        elif name == "value" and self.key is not None:
            self.capture = Segment(self.key)

    def end(self, name):
        if name == "value" and self.capture is not None:
            self.out.append(self.capture)
            self.capture = None
        elif name == "data":
            self.key = None

    def data(self, text, offset):
        if self.capture is not None:
            self.capture.add(offset, text)


def resx_segments(text: str, path: str = "") -> Iterator[Segment]:
    return _Resx.segments(text)
