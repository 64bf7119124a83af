"""Qt Linguist catalogs (``.ts`` files whose content is XML; TypeScript is told apart by
content before a reader is chosen).

A ``<message>`` shows its ``<translation>`` (each ``<numerusform>`` and ``<lengthvariant>``
of a plural or length-variant one); an empty translation falls back to the ``<source>``,
which is then what users see. ``type="obsolete"`` and ``"vanished"`` messages are not
shipped; ``"unfinished"`` translations are (lrelease includes them by default).
Comments (``<comment>``, ``<extracomment>``, ``<translatorcomment>``) and the previous
source (``<oldsource>``) are not shown. The key is the context's ``<name>``, and the zone
reads the context and the ``<location>`` files, as gettext's references are read.
"""
from __future__ import annotations

from collections.abc import Iterator

from .records import Segment
from .xmlread import XmlReader

_HIDDEN = frozenset(("comment", "extracomment", "translatorcomment", "oldsource", "oldcomment",
                     "userdata", "extra-po-msgid_plural"))
_GONE = frozenset(("obsolete", "vanished"))


class _Qt(XmlReader):
    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.context = ""
        self.in_name = False
        self.msg: dict | None = None
        self.capture: Segment | None = None
        self.skip = 0

    def start(self, name, attrs, offset):
        if self.skip:
            self.skip += 1
            return
        if name in _HIDDEN:
            self.skip = 1
        elif name == "context":
            self.context = ""
        elif name == "name" and self.msg is None:
            self.in_name, self.context = True, ""
        elif name == "message":
            self.msg = {"source": None, "translations": [], "type": None, "refs": []}
        elif self.msg is None:
            return
        elif name == "location":
            self.msg["refs"].append(attrs.get("filename", ""))
        elif name == "source":
            self.capture = self.msg["source"] = Segment(kind="source")
        elif name == "translation":
            self.msg["type"] = attrs.get("type")
            self.capture = Segment(kind="translation")
            self.msg["translations"].append(self.capture)
        elif name in ("numerusform", "lengthvariant"):
            self.capture = Segment(kind="translation")
            self.msg["translations"].append(self.capture)

    def end(self, name):
        if self.skip:
            self.skip -= 1
            return
        if name == "name":
            self.in_name = False
        elif name in ("source", "numerusform", "lengthvariant"):
            self.capture = None
        elif name == "translation":
            self.capture = None
        elif name == "message" and self.msg is not None:
            self._emit(self.msg)
            self.msg = None

    def _emit(self, msg: dict) -> None:
        if msg["type"] in _GONE:
            return
        shown = [t for t in msg["translations"] if t]
        if not shown and msg["source"] is not None:
            shown = [msg["source"]]
        hint = " ".join([self.context, *msg["refs"]])
        for seg in shown:
            seg.key, seg.hint = self.context or None, hint
            self.out.append(seg)

    def data(self, text, offset):
        if self.skip:
            return
        if self.in_name:
            self.context += text
        elif self.capture is not None:
            self.capture.add(offset, text)


def qt_segments(text: str, path: str = "") -> Iterator[Segment]:
    return _Qt.segments(text)
