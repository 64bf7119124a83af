"""Stable finding identity, all of it in this module.

A scan finding's fingerprint is ``v1:`` + 20 hex digits of sha256 over

    rule | URL template | landmark path | identity text [| frame URL template] | occurrence index

A journey state has no URL template: it is named by its journey and state
(``journey:checkout|state:payment``), so an order id in its URL never changes who it is.

The landmark path comes from the collector (nearest ids, roles, landmarks, data-testid and
tag names, never nth-child or generated class names), so moving or restyling an element
keeps its fingerprint while changing its text does not. The identity text is the
normalised context, or for assets and endpoints the templated URL (ports and queries out).
Two identical mentions on one page differ by their occurrence index, so a baseline never
absorbs a duplicate silently. A finding seen on a named device is re-hashed with the
device's name (``device_fingerprint``). A lint finding's SARIF fingerprint
(``source_fingerprint``) hashes rule, file, key, context and match: never a line number.

These bytes are a contract: baselines committed by users hold them. Change the recipe
only with a new ``VERSION``.
"""
from __future__ import annotations

import hashlib
from collections import Counter

from .normalize import normalize_text
from .urls import url_template

VERSION = "v1"


def identity_text(seen, routes: tuple[str, ...] = ()) -> str:
    """The text that identifies a finding: its normalised context, or for assets and
    endpoints (whose context is a URL) the URL's template, so a local server's port or a
    cache-busting query does not make a known finding new."""
    if seen.kind in ("asset", "endpoint"):
        return url_template(seen.context, routes).split("?")[0]
    if seen.kind == "request":
        method, _, url = seen.context.partition(" ")
        return f"{method} " + url_template(url, routes).split("?")[0]
    return normalize_text(seen.context)


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


def fingerprints(judged, routes: tuple[str, ...] = (), device: str | None = None,
                 journey: str | None = None, state: str | None = None) -> list[str]:
    """One fingerprint per ``(rule, seen)`` in judged (one page's or journey state's
    violations, in document order), numbering identical keys in that order."""
    seen_keys: Counter[str] = Counter()
    out = []
    for rule, seen in judged:
        j, st = journey or getattr(seen, "journey", None), state or getattr(seen, "state", None)
        key = fingerprint_key(rule, seen.url, seen.landmark, identity_text(seen, routes), routes, j, st)
        if seen.frame_url:
            key += "\x1f" + url_template(seen.frame_url, routes)
        index = seen_keys[key]
        seen_keys[key] += 1
        digest = hashlib.sha256(f"{key}\x1f{index}".encode()).hexdigest()[:20]
        fp = f"{VERSION}:{digest}"
        out.append(device_fingerprint(fp, device) if device else fp)
    return out


def assign_fingerprints(findings, routes: tuple[str, ...] = ()) -> None:
    """Number findings built by hand (tests, tools) in place, by the recipe ``fingerprints``
    uses; the scan itself builds each Finding with its fingerprint (``findings.evaluate``)."""
    for f, fp in zip(findings, fingerprints([(f.rule, f) for f in findings], routes)):
        f.fingerprint = fp


def device_fingerprint(fingerprint: str, device: str) -> str:
    """The same finding seen on another device is another finding: its fingerprint is the
    page's one re-hashed with the device name (same version prefix)."""
    version = fingerprint.split(":", 1)[0]
    return f"{version}:" + hashlib.sha256(f"{fingerprint}\x1fdevice:{device}".encode()).hexdigest()[:20]


def source_fingerprint(*parts: str) -> str:
    """Identity of a ``lint`` finding (rule, file, catalog key, context, match) or file error
    (rule, file, message): 32 hex digits of sha256. Line numbers stay out, so a finding keeps
    its identity when lines move (the values SARIF consumers have tracked since lint's first
    SARIF)."""
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:32]
