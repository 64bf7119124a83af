"""Stable finding identity: ``v1:`` + 20 hex digits of sha256 over

    rule | URL template | landmark path | normalised context | occurrence index

The landmark path comes from the collector (nearest ids, roles, landmarks, data-testid and
tag names, never nth-child or generated class names), so moving or restyling an element
keeps its fingerprint while changing its text does not. Two identical mentions on one page
differ by their occurrence index, so a baseline never absorbs a duplicate silently.
"""
from __future__ import annotations

import hashlib
from collections import Counter

from .normalize import normalize_text
from .urls import url_template

VERSION = "v1"


def fingerprint_key(rule: str, url: str, landmark: str, context: str,
                    routes: tuple[str, ...] = ()) -> str:
    return "\x1f".join((rule, url_template(url, routes), landmark, normalize_text(context)))


def assign_fingerprints(findings, routes: tuple[str, ...] = ()) -> None:
    """Set ``fingerprint`` on each finding, numbering identical keys in document order."""
    seen: Counter[str] = Counter()
    for f in findings:
        key = fingerprint_key(f.rule, f.url, f.landmark, f.context, routes)
        if f.frame_url:
            key += "\x1f" + url_template(f.frame_url, routes)
        index = seen[key]
        seen[key] += 1
        digest = hashlib.sha256(f"{key}\x1f{index}".encode()).hexdigest()[:20]
        f.fingerprint = f"{VERSION}:{digest}"
