"""The inspector's evidence list: one row per finding, headers in the report language.

Starts with a UTF-8 BOM so spreadsheet programs detect the encoding (Indonesian text and
the arrow survive a double-click open). Every cell that a spreadsheet would read as a
formula (leading ``= + - @``, tab or carriage return) is prefixed with ``'``, as OWASP
recommends: page text is attacker-controlled and must not run as a formula.
"""
from __future__ import annotations

import csv
import io

from ..history.snapshot import Snapshot
from .common import finding_time, is_hidden, label, screenshot_file, where

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = ("field.no", "field.page", "field.zone", "field.where", "field.text_seen",
           "field.should_read", "field.rule", "field.severity", "field.screenshot",
           "field.time", "field.fingerprint")


def cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def render(snapshot: Snapshot, *, L, lang, base_dir=None) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf)  # excel dialect: CRLF line ends, quotes where needed
    writer.writerow([L[c] for c in COLUMNS])
    for n, f in enumerate(snapshot.findings, 1):
        place = where(f) + (f" ({L['hidden']})" if is_hidden(f) else "")
        writer.writerow([cell(v) for v in (
            n, f.url, label(L, "zone", f.zone), place, f.matched, f.suggestion, f.rule,
            label(L, "severity", f.severity), screenshot_file(f), finding_time(f, snapshot),
            f.fingerprint)])
    return "\ufeff" + buf.getvalue()
