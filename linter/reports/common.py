"""What every human-readable report shares: visible text, labels for policy ids, grouping.

Reports read a Snapshot and never change it. Figures are printed by ``figures`` only.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import figures

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (3 ms of a lint's start-up)
if TYPE_CHECKING:  # annotations only: lint's output must not load the snapshot stack
    from ..history.snapshot import Snapshot
    from ..model import Finding, PageResult

# C0/C1 controls (except tab) and bidi overrides: they can rewrite a terminal line or
# reorder what an inspector reads, so human formats show them as visible escapes.
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL_BUT_LINES = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _esc(m: re.Match) -> str:
    c = ord(m.group())
    return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"


def visible(text: object, keep_lines: bool = False) -> str:
    """Page-derived text made safe to print: controls shown as ``\\xNN``/``\\uNNNN``.

    ``keep_lines`` leaves CR and LF for formats that encode them their own way.
    """
    pattern = _CONTROL_BUT_LINES if keep_lines else _CONTROL
    return pattern.sub(_esc, "" if text is None else str(text))


def figure(part: dict, L: dict[str, str], lang: str) -> str:
    """``87.5% (35/40)`` from a ``{compliant, total, ratio}`` summary entry (see figures)."""
    return figures.figure(part, lang)


def label(L: dict[str, str], prefix: str, value: str | None) -> str:
    """The translated label of a built-in id (zone, severity, status, kind), else the id."""
    return L.get(f"{prefix}.{value}", value or "")


def rule_help(rule_id: str, L: dict[str, str]) -> str:
    """One-line help for a rule: translated for built-in rules, else its docstring."""
    if f"rule.{rule_id}" in L:
        return L[f"rule.{rule_id}"]
    from ..errors import ConfigError
    from ..rules import describe
    try:
        return describe(rule_id)
    except ConfigError:
        return rule_id


FILE_ERROR = "brandlint.file-error"   # the rule id of a file ``lint`` could not read


def lint_message(f, L: dict[str, str]) -> str:
    """The sentence every format shows for a ``LintFinding``."""
    key = L["msg.lint_key"].format(key=f.key) if f.key else ""
    return L["msg.lint"].format(matched=f.matched, suggestion=f.suggestion,
                                zone=label(L, "zone", f.zone), key=key)


def where(f: Finding) -> str:
    """The DOM location a person can find again: selector, then the attribute if any; for
    a request, the step or page load that sent it."""
    if f.kind == "request":
        return f"{(f.evidence or {}).get('by') or '?'} [{f.attribute}]"
    parts = [f.selector or "?"]
    if f.attribute:
        parts.append(f"[{f.attribute}]")
    return " ".join(parts)


def is_hidden(f: Finding) -> bool:
    ev = f.evidence or {}
    return bool(ev.get("hidden")) or not f.visible


def screenshot_file(f: Finding) -> str:
    """The crop when there is one, else the full-page screenshot, else empty."""
    ev = f.evidence or {}
    return str(ev.get("crop") or ev.get("screenshot") or "")


def finding_time(f: Finding, snapshot: Snapshot) -> str:
    return str((f.evidence or {}).get("time") or snapshot.created or "")


@dataclass
class PageGroup:
    """A scanned page and its findings, as reports list them."""

    page: PageResult | None          # None: findings whose url names no scanned page
    findings: list[Finding] = field(default_factory=list)


def by_page(snapshot: Snapshot) -> list[PageGroup]:
    """Pages in scan order, each with its findings (in snapshot order)."""
    groups = [PageGroup(p) for p in snapshot.pages]
    index: dict = {}
    for g in groups:   # a journey state by its journey and state: other pages share its URL
        index.setdefault(("state", g.page.journey, g.page.state) if g.page.journey else g.page.url, g)
    for g in groups:
        if g.page.final_url and not g.page.journey:
            index.setdefault(g.page.final_url, g)
    orphans = PageGroup(None)
    for f in snapshot.findings:
        key = ("state", f.journey, f.state) if getattr(f, "journey", None) else f.url
        index.get(key, orphans).findings.append(f)
    return groups + ([orphans] if orphans.findings else [])


def by_rule(snapshot: Snapshot) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = {}
    for f in snapshot.findings:
        out.setdefault(f.rule, []).append(f)
    return dict(sorted(out.items()))


def failed_pages(snapshot: Snapshot) -> list[PageResult]:
    return [p for p in snapshot.pages if failed(p)]


def failed(page: PageResult) -> bool:
    """Attempted but not rendered (failed, not authenticated): what makes a scan incomplete."""
    return page.status not in ("rendered", "skipped")
