"""Touchpoints -> findings: apply each rule, attach severity and fingerprint."""
from __future__ import annotations

from .fingerprint import assign_fingerprints
from .matcher import Matcher
from .model import Finding, Touchpoint
from .rules import RULES


def evaluate(touchpoints: list[Touchpoint], matcher: Matcher, journey: str | None = None,
             state: str | None = None) -> list[tuple[Touchpoint, Finding | None]]:
    """Pair every touchpoint with its finding (None when compliant). At most one rule fires.
    ``journey``/``state``: the journey state the touchpoints were seen in (their identity)."""
    policy = matcher.policy
    out = []
    for tp in touchpoints:
        zone = policy.zones.get(tp.zone, policy.default_zone)
        finding = None
        for rule in RULES:
            verdict = rule.check(tp, zone, matcher)
            if verdict:
                finding = Finding(
                    rule=verdict.rule, severity=policy.severity_of(verdict.rule), kind=tp.kind,
                    url=tp.url, zone=zone.id, matched=tp.matched, context=tp.context,
                    suggestion=verdict.suggestion, selector=tp.selector, landmark=tp.landmark,
                    visible=tp.visible, bbox=tp.bbox, attribute=tp.attribute,
                    frame_url=tp.frame_url, brand=tp.brand, visual=tp.visual, journey=journey, state=state,
                    evidence=dict(tp.detail or {}))
                break
        out.append((tp, finding))
    assign_fingerprints([f for _, f in out if f], policy.routes)
    return out
