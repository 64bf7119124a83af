"""gettext catalogs (``.po``, ``.pot``).

``msgstr`` is what users see. ``msgid`` is checked where it is the visible text too: in a
``.pot`` template (it is the source text every locale starts from) and in a ``.po`` entry
whose ``msgstr`` is empty (gettext falls back to the msgid). The reported key is the
``msgctxt`` when there is one, else the msgid; the zone comes from the msgctxt and from the
``#:`` references, so ``#: templates/checkout/pay.html:12`` puts an entry in the payment zone.
Obsolete entries (``#~``) are not shown to anyone and are skipped.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from .escapes import decode_into
from .records import ParseError, Segment

_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)[ \t]+")
_QUOTED = re.compile(r'"((?:[^"\\\n]|\\.)*)"[ \t]*\r?$', re.M)


@dataclass
class _Entry:
    """A catalog entry being read: its fields (msgid, msgstr...) and ``#:`` references."""

    fields: dict[str, Segment] = field(default_factory=dict)
    references: list[str] = field(default_factory=list)


def po_segments(text: str, path: str = "") -> Iterator[Segment]:
    template = path.endswith(".pot")
    for entry in _entries(text):
        yield from _visible(entry, template)


def _visible(entry: _Entry, template: bool) -> Iterator[Segment]:
    f = entry.fields
    msgid = f.get("msgid")
    if msgid is None or not msgid.text:  # the header entry
        return
    ctxt = f.get("msgctxt")
    key = ctxt.text if ctxt is not None and ctxt.text else msgid.text
    refs = " ".join(entry.references)
    strs = [seg for name, seg in f.items() if name.startswith("msgstr")]
    show_ids = template or not any(s.text for s in strs)
    for name, seg in f.items():
        if name.startswith("msgstr") or (show_ids and name in ("msgid", "msgid_plural")):
            seg.key = key
            seg.kind = name
            # the zone words: the key and the source files that use the string
            seg.hint = f"{ctxt.text if ctxt is not None else ''} {refs}"
            yield seg


def _entries(text: str) -> Iterator[_Entry]:
    entry = _Entry()
    current: Segment | None = None
    last_was_str = False
    pos = 0
    line_no = 0
    for line in text.splitlines(keepends=True):
        line_no += 1
        start = pos
        pos += len(line)
        body = line.strip()
        if not body:
            current = None
            continue
        indent = len(line) - len(line.lstrip())
        if body.startswith("#"):
            if last_was_str:  # a comment after a msgstr begins the next entry
                yield entry
                entry, last_was_str = _Entry(), False
            if body.startswith("#:"):
                entry.references.append(body[2:].strip())
            current = None
            continue
        if body.startswith('"'):
            if current is None:
                raise ParseError("string continuation without a keyword", line=line_no, column=indent + 1)
            _append(current, text, start + indent, line_no, indent)
            continue
        m = _KEYWORD.match(line, indent)
        if not m:
            raise ParseError(f"unexpected text: {body[:40]!r}", line=line_no, column=indent + 1)
        name = m.group(1)
        if name in ("msgctxt", "msgid") and last_was_str:
            yield entry
            entry, last_was_str = _Entry(), False
        if name in entry.fields:
            raise ParseError(f"duplicate {name} in one entry", line=line_no, column=indent + 1)
        current = entry.fields[name] = Segment()
        last_was_str = name.startswith("msgstr")
        _append(current, text, start + m.end(), line_no, m.end())
    if entry.fields:
        yield entry


def _append(seg: Segment, text: str, offset: int, line_no: int, column: int) -> None:
    m = _QUOTED.match(text, offset)
    if not m:
        raise ParseError("expected a quoted string ending the line", line=line_no, column=column + 1)
    decode_into(seg, text, m.start(1), m.end(1), c_escapes=True)
