"""The gate's verdict as text (``scan --baseline``, ``check``) or JSON.

New findings in full, then every absorbed fingerprint with the pass that matched it, so a
gate never hides which findings the baseline absorbed. Page-derived strings go through
``visible()``; the labels come from ``i18n`` (``--lang id``).
"""
from __future__ import annotations

import json
from collections import Counter
from typing import Any

from ..history.baseline import PASSES, GateResult
from ..outcome import failing
from .common import visible
from .i18n import labels


def text(result: GateResult, lang: str = "en") -> str:
    """Human text for a gate result; the last line says passed or failed."""
    L = labels(lang)
    out: list[str] = []
    if result.policy_mismatch:
        out.append(L["gate.policy"].format(*map(visible, result.policy_mismatch)))
    if result.new:
        out.append(L["gate.new"].format(n=len(result.new)))
        for f in result.new:
            out.append(f"  {f.fingerprint}  {f.rule}  {visible(f.url)}")
            at = L["gate.at"].format(landmark=visible(f.landmark)) if f.landmark else ""
            out.append("      " + L["gate.seen"].format(matched=visible(f.matched), context=visible(f.context),
                                                         at=at, suggestion=visible(f.suggestion)))
    if result.absorbed:
        by_pass = Counter(m.via for m in result.absorbed)
        detail = ", ".join(f"{by_pass[p]} {L['gate.via.' + p]}" for p in PASSES if by_pass[p])
        out.append(L["gate.absorbed"].format(n=len(result.absorbed), detail=detail))
        for m in result.absorbed:
            was = "" if m.via == "exact" else "  (" + L["gate.was"].format(
                fingerprint=m.entry.fingerprint, via=L["gate.via." + m.via]) + ")"
            out.append(f"  {m.finding.fingerprint}  {m.finding.rule}  {visible(m.finding.url)}{was}")
    for key in ("fixed", "unverified"):
        entries = getattr(result, key)
        if entries:
            out.append(L["gate." + key].format(n=sum(e.count for e in entries)))
            out += [f"  {e.fingerprint}  {e.rule}  {visible(e.page)}" + (f"  x{e.count}" if e.count > 1 else "")
                    for e in entries]
    if not result.passed:
        out.append(L["gate.fail"].format(n=len(failing(result.new))))
    else:
        out.append(L["gate.pass_notes"].format(n=len(result.new)) if result.new else L["gate.pass"])
    return "\n".join(out)


def data(result: GateResult) -> dict[str, Any]:
    """The gate result as plain data (what ``check --format json`` prints)."""
    return {
        "passed": result.passed,
        "new": [f.to_dict() for f in result.new],
        "absorbed": [{"fingerprint": m.finding.fingerprint, "baseline": m.entry.fingerprint,
                      "via": m.via, "rule": m.finding.rule, "url": m.finding.url} for m in result.absorbed],
        "fixed": [e.to_dict() for e in result.fixed],
        "unverified": [e.to_dict() for e in result.unverified],
        "counts": {"new": len(result.new), "absorbed": len(result.absorbed),
                   "fixed": sum(e.count for e in result.fixed),
                   "unverified": sum(e.count for e in result.unverified)},
    }


def as_json(result: GateResult) -> str:
    return json.dumps(data(result), ensure_ascii=False, indent=2)
