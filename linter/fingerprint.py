"""Stable finding identity: ``v1:`` + 20 hex digits of sha256 over

    rule | URL template | landmark path | identity text | occurrence index

A journey state has no URL template: it is named by its journey and state
(``journey:checkout|state:payment``), so an order id in its URL never changes who it is.

The landmark path comes from the collector (nearest ids, roles, landmarks, data-testid and
tag names, never nth-child or generated class names), so moving or restyling an element
keeps its fingerprint while changing its text does not. The identity text is the
normalised context, or for assets and endpoints the templated URL (ports and queries out). Two identical mentions on one page
differ by their occurrence index, so a baseline never absorbs a duplicate silently.
"""
from __future__ import annotations

import hashlib
from collections import Counter

from .normalize import normalize_text
from .urls import url_template

VERSION = "v1"


def identity_text(finding, routes: tuple[str, ...] = ()) -> str:
    """The text that identifies a finding: its normalised context, or for assets and
    endpoints (whose context is a URL) the URL's template, so a local server's port or a
    cache-busting query does not make a known finding new."""
    if finding.kind in ("asset", "endpoint"):
        return url_template(finding.context, routes).split("?")[0]
    if finding.kind == "request":
        method, _, url = finding.context.partition(" ")
        return f"{method} " + url_template(url, routes).split("?")[0]
    return normalize_text(finding.context)


def state_key(journey: str, state: str | None) -> str:
    """What stands for the page of a journey state, in fingerprints, baselines and diffs."""
    return f"journey:{journey}|state:{state}"


def place_of(item, routes: tuple[str, ...] = ()) -> str:
    """A finding's or a page's place: its URL template, or its journey state."""
    journey = getattr(item, "journey", None)
    return state_key(journey, item.state) if journey else url_template(item.url, routes)


def fingerprint_key(rule: str, url: str, landmark: str, text: str,
                    routes: tuple[str, ...] = (), journey: str | None = None, state: str | None = None) -> str:
    where = state_key(journey, state) if journey else url_template(url, routes)
    return "\x1f".join((rule, where, landmark, text))


def assign_fingerprints(findings, routes: tuple[str, ...] = ()) -> None:
    """Set ``fingerprint`` on each finding, numbering identical keys in document order."""
    seen: Counter[str] = Counter()
    for f in findings:
        key = fingerprint_key(f.rule, f.url, f.landmark, identity_text(f, routes), routes,
                              getattr(f, "journey", None), getattr(f, "state", None))
        if f.frame_url:
            key += "\x1f" + url_template(f.frame_url, routes)
        index = seen[key]
        seen[key] += 1
        digest = hashlib.sha256(f"{key}\x1f{index}".encode()).hexdigest()[:20]
        f.fingerprint = f"{VERSION}:{digest}"


def source_fingerprint(*parts: str) -> str:
    """Identity of a ``lint`` finding (rule, file, catalog key, context, match) or file error
    (rule, file, message): 32 hex digits of sha256. Line numbers stay out, so a finding keeps
    its identity when lines move (the values SARIF consumers have tracked since lint's first
    SARIF)."""
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:32]
