"""The terminal summary: findings grouped by page, then the figures with their denominators.

Plain text unless ``color=True`` (the caller decides, e.g. only for a TTY); colour is added
with ``click.style`` so it is never baked into a file. Page-derived strings go through
``visible()`` so a page cannot move the cursor or recolour the terminal.
"""
from __future__ import annotations

from collections import Counter

import click

from ..history.snapshot import Snapshot
from .common import by_page, failed_pages, figure, is_hidden, label, visible, where
from .figures import coverage

_SEV_COLOUR = {"error": "red", "warning": "yellow", "note": "cyan"}


def render(snapshot: Snapshot, *, L, lang, base_dir=None, color: bool = False,
           figures_only: bool = False) -> str:
    """The summary; ``figures_only`` drops the per-page listing (for ``scan --quiet``)."""
    def style(text: str, **kw) -> str:
        return click.style(text, **kw) if color else text

    policy = snapshot.policy or {}
    head = f"{L['title']}: {L['meta.policy']} {policy.get('name', '?')}"
    if snapshot.created:
        head += f", {snapshot.created}"
    out: list[str] = [style(head, bold=True)]
    if not snapshot.complete:
        out.append(style(f"{L['incomplete']}: {L['incomplete.explain']}", fg="red", bold=True))
    if not figures_only:
        out.append("")
        out += _pages(snapshot, L, style)
    out += _figures(snapshot, L, lang)
    if not snapshot.complete:
        out.append(style(L["incomplete"], fg="red", bold=True))
    return "\n".join(out) + "\n"


def _pages(snapshot: Snapshot, L, style) -> list[str]:
    """Each page with its status, then its findings; skipped pages are summarised later."""
    out: list[str] = []
    for group in by_page(snapshot):
        page = group.page
        if page is not None and page.status == "skipped" and not group.findings:
            continue  # summarised by reason below: a crawl can skip thousands
        if page is None:
            out.append(style(L["page.other"], bold=True))
        else:
            status = label(L, "status", page.status)
            if page.status == "rendered":
                tail = (L["page.violations"].format(n=len(group.findings)) if group.findings
                        else L["page.clean"])
                tail += ", " + L["page.touchpoints"].format(n=page.touchpoints)
            else:
                tail = visible(page.error or "")
            colour = "green" if page.status == "rendered" and not group.findings else (
                "red" if page.status != "skipped" else None)
            state = ("  (" + visible(L["page.journey"].format(journey=page.journey, state=page.state)) + ")"
                     if page.journey else "")
            out.append(f"{style(visible(page.url), bold=True)}{state}  [{style(status, fg=colour)}]  {tail}")
        out += [_finding_line(f, L, style) for f in group.findings]
    return out


def _finding_line(f, L, style) -> str:
    bits = [f"{L['where.label']}: {visible(where(f))}", f"{L['field.zone'].lower()} {label(L, 'zone', f.zone)}"]
    if is_hidden(f):
        bits.append(L["hidden"])
    if f.frame_url:
        bits.append(f"{L['field.frame'].lower()} {visible(f.frame_url)}")
    rule = style(f"[{f.rule}]", fg=_SEV_COLOUR.get(f.severity))
    return f"  {rule} \"{visible(f.matched)}\" \u2192 \"{visible(f.suggestion)}\"  ({', '.join(bits)})"


def _figures(snapshot: Snapshot, L, lang: str) -> list[str]:
    """The figures with their denominators, then failed pages and skip reasons."""
    s = snapshot.summary()
    tc, pc, cov = s["touchpoint_compliance"], s["page_compliance"], s["coverage"]
    sev = ", ".join(f"{label(L, 'severity', k)} {v}" for k, v in s["by_severity"].items())
    out = [
        "",
        f"{L['fig.touchpoint_compliance']}: {figure(tc, L, lang)}",
        f"{L['fig.page_compliance']}: {figure(pc, L, lang)}",
        f"{L['fig.coverage']}: {coverage(cov, L)}",
        f"{L['fig.violations']}: {s['violations']} ({sev})",
    ]
    failed = failed_pages(snapshot)
    if failed:
        out.append(f"{L['heading.failed_pages']}:")
        out += [f"  {visible(p.url)}: {visible(p.error or label(L, 'status', p.status))}" for p in failed]
    reasons = Counter(p.error or "" for p in snapshot.pages if p.status == "skipped")
    if reasons:
        out.append(f"{L['heading.skipped_pages']}:")
        out += [f"  {n:6d}  {visible(reason)}" for reason, n in reasons.most_common()]
    return out
