"""``brandlint diff``: the Diff of two snapshots as text or JSON.

Counts first (per page and per rule), then each new, fixed and unverified finding, then
the findings that persist under a new fingerprint, then both snapshots' figures printed by
``figures`` like every other output. Page-derived strings go through ``visible()``.
"""
from __future__ import annotations

import json

from ..history.progress import Diff
from .common import visible
from .figures import coverage, figure
from .i18n import labels

_COLS = ("new", "fixed", "persisting", "unverified")


def _table(title: str, groups: dict[str, dict[str, int]], L) -> list[str]:
    heads = [L[f"diff.col.{c}"] for c in _COLS]
    keys = {k: visible(k) for k in groups}
    width = max(len(title), *(len(k) for k in keys.values()))
    cell = max(10, *(len(h) for h in heads))
    out = ["", f"{title:<{width}}  " + "  ".join(f"{h:>{cell}}" for h in heads)]
    out += [f"{keys[k]:<{width}}  " + "  ".join(f"{g[c]:>{cell}}" for c in _COLS) for k, g in groups.items()]
    return out


def figures_lines(d: Diff, L, lang: str) -> list[str]:
    """Touchpoint compliance, page compliance and coverage of OLD and NEW."""
    if not d.summaries:
        return []
    old, new = d.summaries
    out = ["", L["diff.figures"]]
    for key in ("touchpoint_compliance", "page_compliance"):
        out.append(f"  {L['fig.' + key]}: {figure(old[key], lang)} -> {figure(new[key], lang)}")
    out.append(f"  {L['fig.coverage']}: {coverage(old['coverage'], L)} -> {coverage(new['coverage'], L)}")
    return out


def text(d: Diff, lang: str = "en") -> str:
    L = labels(lang)
    out = [L["diff.counts"].format(**d.counts())]
    for title, groups in ((L["diff.col.page"], d.by_page()), (L["diff.col.rule"], d.by_rule())):
        if groups:
            out += _table(title, groups, L)
    for key, items in (("diff.new", d.new), ("diff.fixed", d.fixed), ("diff.unverified", d.unverified)):
        if items:
            out += ["", f"{L[key]}:"]
            out += [f"  {f.fingerprint}  {f.rule}  {visible(f.url)}\n      "
                    + L["diff.seen"].format(matched=visible(f.matched), context=visible(f.context))
                    for f in items]
    moved = [p for p in d.persisting if p.via != "exact"]
    if moved:
        out += ["", L["diff.moved"]]
        out += [f"  {p.old.fingerprint} -> {p.new.fingerprint}  {p.new.rule}  {visible(p.new.url)}  "
                f"({L['gate.via.' + p.via]})" for p in moved]
    out += figures_lines(d, L, lang)
    return "\n".join(out)


def as_json(d: Diff) -> str:
    return json.dumps(d.to_dict(), ensure_ascii=False, indent=2)
