"""XLIFF 1.2 and 2.0 (``.xlf``, ``.xliff``): what a translated build shows.

A unit (1.2 ``<trans-unit>``, 2.0 ``<segment>`` of a ``<unit>``) shows its ``<target>``;
when the target is missing or empty, the ``<source>`` is shown instead, so that is what is
checked. A target still marked untranslated (1.2 ``state="new"`` or
``"needs-translation"``, 2.0 ``state="initial"``) may be replaced by its source at any
time, so the source is checked too. The key is the unit's ``resname`` or ``id``.

Inline markup: ``<g>``, ``<mrk>``, ``<pc>`` wrap text a user reads (joined into one
string); ``<x/>``, ``<bx/>``, ``<ph/>``, ``<sc/>``... stand for code or a variable, and
``<ph>``, ``<bpt>``, ``<ept>``, ``<it>`` contain native code, so each reads as one
placeholder character (U+FFFC) that ends a word. ``<note>``, ``<alt-trans>`` and the 2.0
``<originalData>`` are not shown to users.
"""
from __future__ import annotations

from collections.abc import Iterator

from .records import Segment
from .xmlread import XmlReader

PLACEHOLDER = "\ufffc"
_CODE = frozenset(("ph", "bpt", "ept", "it"))           # content is native code
_EMPTY = frozenset(("x", "bx", "ex", "sc", "ec", "sm", "em", "cp"))
_HIDDEN = frozenset(("note", "notes", "alt-trans", "originalData", "context-group", "header",
                     "prop-group", "count-group", "phase-group"))
_UNTRANSLATED = frozenset(("new", "needs-translation", "initial"))


def _local(name: str) -> str:
    return name.rsplit(":", 1)[-1]


class _Xliff(XmlReader):
    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.key: str | None = None
        self.parts: dict[str, Segment] = {}
        self.state: str | None = None
        self.capture: Segment | None = None
        self.inner = 0     # open elements inside the source/target being read
        self.skip = 0      # open elements whose content nobody reads

    def start(self, name, attrs, offset):
        local = _local(name)
        if self.skip:
            self.skip += 1
            return
        if self.capture is not None:
            self.inner += 1
            if local in _CODE or local in _EMPTY:
                self.capture.add(offset, PLACEHOLDER)
                self.skip = 1 if local in _CODE else 0
                if local in _CODE:
                    self.inner -= 1
            return
        if local in _HIDDEN:
            self.skip = 1
        elif local in ("trans-unit", "unit"):
            self.key = attrs.get("resname") or attrs.get("id") or attrs.get("name")
            self._reset(attrs.get("state"))
        elif local == "segment":
            self._reset(attrs.get("state"))
        elif local in ("source", "target") and self.key is not None:
            self.capture = self.parts[local] = Segment(self.key, local)
            self.state = attrs.get("state") or self.state
            self.inner = 0

    def _reset(self, state: str | None) -> None:
        self.parts, self.state = {}, state

    def end(self, name):
        local = _local(name)
        if self.skip:
            self.skip -= 1
            return
        if self.capture is not None:
            if self.inner:
                self.inner -= 1
            else:
                self.capture = None
            return
        if local in ("trans-unit", "segment") or (local == "unit" and self.parts):
            self._emit()
        if local in ("trans-unit", "unit"):
            self.key = None

    def _emit(self) -> None:
        source, target = self.parts.get("source"), self.parts.get("target")
        if target is not None and target:
            self.out.append(target)
            if source is not None and self.state in _UNTRANSLATED:
                self.out.append(source)
        elif source is not None:
            self.out.append(source)
        self.parts = {}

    def data(self, text, offset):
        if self.capture is not None and not self.skip:
            self.capture.add(offset, text)


def xliff_segments(text: str, path: str = "") -> Iterator[Segment]:
    return _Xliff.segments(text)
