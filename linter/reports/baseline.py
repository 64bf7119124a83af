"""``brandlint baseline show|update|create`` output: a baseline summarised for a person or
as JSON, and the one-line account of what an update or a create did."""
from __future__ import annotations

import json
from collections import Counter

from ..history.baseline import Baseline, GateResult
from .common import visible


def counts(b: Baseline) -> tuple[Counter, Counter]:
    """Findings per page template and per rule."""
    by_page, by_rule = Counter(), Counter()
    for e in b.entries:
        by_page[e.page] += e.count
        by_rule[e.rule] += e.count
    return by_page, by_rule


def show_json(b: Baseline) -> str:
    by_page, by_rule = counts(b)
    return json.dumps({"policy": b.policy, "entries": len(b.entries), "findings": b.total,
                       "by_page": dict(sorted(by_page.items())), "by_rule": dict(sorted(by_rule.items())),
                       "accepted": b.accepted}, ensure_ascii=False, indent=2)


def show_text(b: Baseline, name: str) -> str:
    out = [f"{visible(name)}: policy '{visible(b.policy)}', {len(b.entries)} entries, {b.total} finding(s)"]
    for title, found in zip(("By page", "By rule"), counts(b)):
        if found:
            out += ["", f"{title}:"]
            width = max(len(visible(k)) for k in found)
            out += [f"  {visible(key):<{width}}  {n:>5}" for key, n in sorted(found.items())]
    if b.accepted:
        out += ["", "Accepted:"]
        out += [f"  {len(block['fingerprints'])} finding(s): {visible(block['reason'])}" for block in b.accepted]
    return "\n".join(out)


def created(b: Baseline, name: str) -> str:
    return f"{visible(name)}: {len(b.entries)} entries covering {b.total} finding(s)"


def new_lines(result: GateResult) -> list[str]:
    """The new findings an update refuses to take in silently."""
    return [f"  new: {f.fingerprint}  {f.rule}  {visible(f.url)}  \"{visible(f.matched)}\"" for f in result.new]


def updated(old: Baseline, new: Baseline, result: GateResult, name: str, *, accepted: bool,
            fixed_only: bool) -> str:
    fixed = sum(e.count for e in result.fixed)
    unverified = sum(e.count for e in result.unverified)
    rekeyed = sum(1 for m in result.absorbed if m.via != "exact")
    added = len(result.new) if accepted else 0
    line = (f"{visible(name)}: {old.normalised().total} -> {new.total} finding(s): "
            f"{fixed} fixed removed, {unverified} unverified kept, {rekeyed} re-keyed, {added} accepted")
    if fixed_only and result.new:
        line += f", {len(result.new)} new left out (--fixed-only)"
    return line
