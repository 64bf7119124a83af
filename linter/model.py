"""The records that flow through brandlint: Touchpoint -> Finding -> PageResult -> Snapshot.

Plain dataclasses with ``to_dict``/``from_dict`` so snapshots round-trip through JSON.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

KINDS = ("text", "attribute", "meta", "asset", "endpoint", "request", "image-text", "logo", "color")


@dataclass
class Touchpoint:
    """One brand mention (or legacy endpoint) on a page, where and how it was seen."""

    kind: str                      # one of KINDS
    brand: str | None              # brand id; None for an endpoint that names no brand
    matched: str                   # the text as written (for assets: the part of the path)
    context: str                   # text around it; for assets and endpoints the URL
    zone: str                      # zone id
    url: str                       # the page (for iframes: the embedding page)
    selector: str = ""
    landmark: str = ""             # stable DOM path used by fingerprints
    visible: bool = True
    bbox: list[float] | None = None  # [x, y, width, height] in CSS pixels, page coordinates
    attribute: str | None = None   # alt, title, og:title, src, background-image, action...
    social: str | None = None      # the context id that makes it legitimate, if any
    frame_url: str | None = None
    element: str | None = None     # collector's element key, for evidence (not serialised)
    html: str = ""                 # outer HTML excerpt of the element, for evidence
    detail: dict | None = None     # a request's record (line, status, step), the finding's evidence
    visual: dict[str, Any] | None = None  # image-text, logo, color: image box, word box, score...


@dataclass
class Finding:
    """A touchpoint that violates the policy."""

    rule: str
    severity: str
    kind: str
    url: str
    zone: str
    matched: str
    context: str
    suggestion: str
    selector: str = ""
    landmark: str = ""
    visible: bool = True
    bbox: list[float] | None = None
    attribute: str | None = None
    frame_url: str | None = None
    brand: str | None = None
    device: str | None = None      # the device it was seen on, when the scan named devices
    journey: str | None = None     # the journey and state it was seen in (None: a crawled page)
    state: str | None = None
    fingerprint: str = ""
    evidence: dict[str, Any] = field(default_factory=dict)
    visual: dict[str, Any] | None = None  # image_bbox, word_box, confidence / reference, score, region / color, delta_e

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Finding":
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass
class PageResult:
    url: str
    final_url: str | None = None
    status: str = "rendered"       # rendered | failed | skipped | not-authenticated
    http_status: int | None = None
    title: str = ""
    error: str | None = None
    depth: int = 0
    touchpoints: int = 0
    compliant: int = 0
    violations: int = 0
    elapsed_ms: int = 0
    settled: bool = True
    device: str | None = None
    attempts: int = 1              # tries it took (retries after timeouts, 5xx, 429, crashes)
    journey: str | None = None     # a journey state: the journey's name and the state's
    state: str | None = None
    requests: list[dict] = field(default_factory=list)   # method, url, type, status, initiator, by
    requests_dropped: int = 0      # requests past browser/netlog.MAX_REQUESTS, not listed
    screenshot: str | None = None  # a failed journey step: what the tab showed (evidence bundle path)
    notes: list[str] = field(default_factory=list)  # what could not be read (a corrupt image...)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "PageResult":
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})
