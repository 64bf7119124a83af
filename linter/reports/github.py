"""GitHub Actions workflow commands: the one GitHub writer, for ``scan`` and ``lint``.

One ``::error``/``::warning``/``::notice`` per finding (severity ``note`` is a notice,
anything unknown a warning, as in SARIF). Escaping follows the runner's rules: in the
message ``%``, CR and LF are percent-encoded; in property values ``:`` and ``,`` too.
Without it a page or catalog text containing a newline could start its own ``::`` command
in the log. Every other control character (ANSI escapes, BEL, NUL, bidi overrides) is
shown escaped (``\\xNN``) so neither a page nor a catalog can colour or rewrite the log.

Pages are not repository files, so scan annotations carry the page URL in the message and
the rule in ``title`` instead of ``file=``; lint annotations point at ``file``/``line``/``col``.
"""
from __future__ import annotations

from ..history.snapshot import Snapshot
from .figures import coverage
from .common import FILE_ERROR, failed, figure, is_hidden, label, lint_message, visible, where

_LEVELS = {"error": "error", "warning": "warning", "note": "notice"}


def data(text: object) -> str:
    return visible(text, keep_lines=True).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def prop(text: object) -> str:
    return data(text).replace(":", "%3A").replace(",", "%2C")


def command(severity: str, props: dict[str, object], message: str) -> str:
    """One workflow command; ``severity`` is a brandlint severity (error, warning, note)."""
    cmd = _LEVELS.get(severity, "warning")
    fields = ",".join(f"{k}={prop(v)}" for k, v in props.items() if v is not None)
    return f"::{cmd} {fields}::{data(message)}"


def render(snapshot: Snapshot, *, L, lang, base_dir=None) -> str:
    out = []
    for f in snapshot.findings:
        place = where(f) + (f" ({L['hidden']})" if is_hidden(f) else "")
        msg = (f"{f.url}: " + L["msg.should_read"].format(matched=f.matched, suggestion=f.suggestion)
               + f" \u2014 {L['field.where']}: {place}, {L['field.zone']}: {label(L, 'zone', f.zone)}")
        out.append(command(f.severity, {"title": f.rule}, msg))
    for p in snapshot.pages:
        if failed(p):
            msg = f"{p.url}: " + L["msg.page_failed"].format(error=p.error or p.status)
            out.append(command("error", {"title": L["heading.failed_pages"]}, msg))
    s = snapshot.summary()
    summary = L["msg.summary"].format(violations=s["violations"],
                                      touch=figure(s["touchpoint_compliance"], L, lang),
                                      pages=figure(s["page_compliance"], L, lang))
    summary += f"; {L['fig.coverage'].lower()} {coverage(s['coverage'], L)}"
    if not snapshot.complete:
        summary = f"{L['incomplete']}: {summary}"
    out.append(command("note", {"title": L["title"]}, summary))
    return "\n".join(out) + "\n"


def render_lint(result, L, lang: str = "en") -> str:
    """Annotations for a ``LintResult``: file errors first, then findings in file order."""
    lines = []
    for e in result.errors:
        col = e.column if e.line else None
        lines.append(command("error", {"file": e.file, "line": e.line or None, "col": col or None,
                                       "title": FILE_ERROR}, e.message))
    for f in result.findings:
        lines.append(command(f.severity, {"file": f.file, "line": f.line, "col": f.column,
                                          "endLine": f.end_line, "endColumn": f.end_column,
                                          "title": f.rule}, lint_message(f, L)))
    return "\n".join(lines) + ("\n" if lines else "")
