"""Touchpoints -> findings: judge each with the rules, attach severity and fingerprint.

Each Finding is built whole here, once: fingerprints are computed from the verdicts
before any Finding exists, so nothing downstream has to patch one.
"""
from __future__ import annotations

from .fingerprint import fingerprints
from .model import Finding, Touchpoint
from .policy import Policy
from .rules import judge


def evaluate(touchpoints: list[Touchpoint], policy: Policy, device: str | None = None,
             journey: str | None = None, state: str | None = None) -> list[tuple[Touchpoint, Finding | None]]:
    """Pair every touchpoint with its finding (None when compliant), in order.
    ``journey``/``state``: the journey state the touchpoints were seen in (their identity)."""
    judged = []
    for tp in touchpoints:
        zone = policy.zones.get(tp.zone, policy.default_zone)
        judged.append((tp, zone, judge(tp, zone, policy)))
    prints = iter(fingerprints([(v.rule, tp) for tp, _, v in judged if v], policy.routes, device, journey, state))
    return [(tp, Finding.of(tp, zone=zone.id, rule=v.rule, severity=policy.severity_of(v.rule),
                            suggestion=v.suggestion, fingerprint=next(prints), device=device,
                            journey=journey, state=state)
             if v else None) for tp, zone, v in judged]
