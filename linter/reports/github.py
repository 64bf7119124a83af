"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` per finding.

Pages are not repository files, so annotations carry the page URL in the message and the
rule in ``title`` instead of ``file=``. Escaping follows the runner's rules: in the message
``%``, CR and LF are percent-encoded; in property values ``:`` and ``,`` too. Without it a
page text containing a newline could start its own ``::`` command in the log. Other
control characters (ANSI escapes) are shown escaped (``\\xNN``) so a page cannot colour the log.
"""
from __future__ import annotations

from ..history.snapshot import Snapshot
from .common import figure, is_hidden, label, visible, where

_LEVELS = {"error": "error", "warning": "warning", "note": "notice"}


def data(text: object) -> str:
    return visible(text, keep_lines=True).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def prop(text: object) -> str:
    return data(text).replace(":", "%3A").replace(",", "%2C")


def render(snapshot: Snapshot, *, L, lang, base_dir=None) -> str:
    out = []
    for f in snapshot.findings:
        place = where(f) + (f" ({L['hidden']})" if is_hidden(f) else "")
        msg = (f"{f.url}: " + L["msg.should_read"].format(matched=f.matched, suggestion=f.suggestion)
               + f" \u2014 {L['field.where']}: {place}, {L['field.zone']}: {label(L, 'zone', f.zone)}")
        out.append(f"::{_LEVELS.get(f.severity, 'warning')} title={prop(f.rule)}::{data(msg)}")
    for p in snapshot.pages:
        if p.status not in ("rendered", "skipped"):
            msg = f"{p.url}: " + L["msg.page_failed"].format(error=p.error or p.status)
            out.append(f"::error title={prop(L['heading.failed_pages'])}::{data(msg)}")
    s = snapshot.summary()
    summary = L["msg.summary"].format(violations=s["violations"],
                                      touch=figure(s["touchpoint_compliance"], L, lang),
                                      pages=figure(s["page_compliance"], L, lang))
    if not snapshot.complete:
        summary = f"{L['incomplete']}: {summary}"
    out.append(f"::notice title={prop(L['title'])}::{data(summary)}")
    return "\n".join(out) + "\n"
