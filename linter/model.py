"""The records that flow through brandlint: Touchpoint -> Finding -> PageResult -> Snapshot.

Plain dataclasses with ``to_dict``/``from_dict`` so snapshots round-trip through JSON.
"""
from __future__ import annotations

from dataclasses import InitVar, asdict, dataclass, field, fields
from enum import StrEnum

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (3 ms of a lint's start-up)
if TYPE_CHECKING:
    from typing import Any

# The kinds of touchpoint. The rule engine dispatches on them: a rule names the kinds it
# judges (its ``KINDS``) and registering a rule with a kind not listed here is an error.
KINDS = ("text", "attribute", "meta", "asset", "endpoint", "request", "image-text", "logo", "color")


@dataclass(kw_only=True)
class Sighting:
    """What was seen and where: the fields a Touchpoint and its Finding share (declared
    once, so a Finding is its touchpoint plus a verdict, never a hand-made copy)."""

    kind: str                      # one of KINDS
    brand: str | None = None       # brand id; None for an endpoint that names no brand
    matched: str                   # the text as written (for assets: the part of the path)
    context: str                   # text around it; for assets and endpoints the URL
    zone: str                      # zone id
    url: str                       # the page (for iframes: the embedding page); lint: the file
    selector: str = ""
    landmark: str = ""             # stable DOM path used by fingerprints
    visible: bool = True
    bbox: list[float] | None = None  # [x, y, width, height] in CSS pixels, page coordinates
    attribute: str | None = None   # alt, title, og:title, src, background-image, action...
    frame_url: str | None = None
    # image-text, logo, color: image_bbox, word_box, confidence / reference, score, region /
    # color, delta_e
    visual: dict[str, Any] | None = None


@dataclass(kw_only=True)
class Touchpoint(Sighting):
    """One brand mention (or legacy endpoint) on a page, where and how it was seen."""

    social: str | None = None      # the context id that makes it legitimate, if any
    element: str | None = None     # collector's element key, for evidence (not serialised)
    html: str = ""                 # outer HTML excerpt of the element, for evidence
    detail: dict | None = None     # a request's record (line, status, step): its finding's evidence


# Snapshot JSON keeps the key order findings have always been written in.
_FINDING_KEYS = ("rule", "severity", "kind", "url", "zone", "matched", "context", "suggestion",
                 "selector", "landmark", "visible", "bbox", "attribute", "frame_url", "brand",
                 "device", "fingerprint", "evidence")


@dataclass(kw_only=True)
class Finding(Sighting):
    """A touchpoint that violates the policy. The scan builds it whole, once
    (``Finding.of`` in ``findings.evaluate``) and never changes it after: a later step that
    adds to it (evidence) makes a new one with ``dataclasses.replace``. (Not frozen: tests
    and tools build findings by hand and number them with ``assign_fingerprints``.)"""

    rule: str
    severity: str
    suggestion: str
    device: str | None = None      # the device it was seen on, when the scan named devices
    journey: str | None = None     # the journey and state it was seen in (None: a crawled page)
    state: str | None = None
    fingerprint: str = ""
    evidence: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, seen: Sighting, *, zone: str, rule: str, severity: str, suggestion: str,
           fingerprint: str, device: str | None = None, journey: str | None = None,
           state: str | None = None) -> "Finding":
        shared = {f.name: getattr(seen, f.name) for f in fields(Sighting)}
        shared["zone"] = zone
        return cls(**shared, rule=rule, severity=severity, suggestion=suggestion,
                   fingerprint=fingerprint, device=device, journey=journey, state=state,
                   evidence=dict(getattr(seen, "detail", None) or {}))

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for k in ("journey", "state"):   # a journey finding's only: a crawled one keeps its shape
            if d[k] is None:
                del d[k]
        return {**{k: d.pop(k) for k in _FINDING_KEYS}, **d}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Finding":
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


class PageStatus(StrEnum):
    """How a page's visit ended. A StrEnum: it is its value in JSON, in text and in ``==``
    against the plain strings snapshots and older code hold."""

    RENDERED = "rendered"                  # scanned
    FAILED = "failed"                      # could not be scanned after its tries
    SKIPPED = "skipped"                    # deliberately not scanned (the error says why)
    NOT_AUTHENTICATED = "not-authenticated"  # the auth canary tripped: the login page, not the page

    @property
    def failed(self) -> bool:
        """Counts as failed (exit 3): the page could not be scanned as it should."""
        return self in (PageStatus.FAILED, PageStatus.NOT_AUTHENTICATED)


@dataclass
class PageResult:
    """One visited page (or journey state) in a snapshot: how its visit ended and its counts."""

    url: str
    final_url: str | None = None
    status: PageStatus = PageStatus.RENDERED
    http_status: int | None = None
    title: str = ""
    error: str | None = None
    depth: int = 0
    touchpoints: int = 0
    violations: int = 0
    elapsed_ms: int = 0
    settled: bool = True
    device: str | None = None
    attempts: int = 1              # tries it took (retries after timeouts, 5xx, 429, crashes)
    journey: str | None = None     # a journey state: the journey's name and the state's
    state: str | None = None
    requests: list[dict] = field(default_factory=list)   # method, url, type, status, initiator, by
    requests_dropped: int = 0      # requests past browser/netlog.MAX_REQUESTS, not listed
    requests_recorded: bool = True  # False: not listened to (scan --requests wire, a zone without legacy_hosts)
    screenshot: str | None = None  # a failed journey step: what the tab showed (evidence bundle path)
    redirects: list[str] = field(default_factory=list)  # documents the page navigated to by itself
    frames: int = 0                # child frames read (same-origin, cross-origin, nested)
    scroll_containers: int = 0     # inner scroll containers scrolled through
    scroll_cut_short: bool = False  # one of them hit a bound (rows, steps, time) before its end
    notes: list[str] = field(default_factory=list)  # what a bound cut short, what could not be read (a frame, a corrupt image...)
    # Derived, never stored: ``touchpoints - violations`` (the property set below the
    # class). Still accepted by the constructor, for callers that always passed it, and
    # ignored: a figure given by hand cannot disagree with the counts it comes from.
    compliant: InitVar[int | None] = None

    def __post_init__(self, compliant: int | None) -> None:
        self.status = PageStatus(self.status)

    def to_dict(self) -> dict[str, Any]:
        """As snapshots have always held it: ``compliant`` written (computed), after touchpoints."""
        out: dict[str, Any] = {}
        for key, value in asdict(self).items():
            out[key] = value
            if key == "touchpoints":
                out["compliant"] = self.compliant
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "PageResult":
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


# After the dataclass is made: a property may not stand where the InitVar's default is read.
PageResult.compliant = property(lambda self: self.touchpoints - self.violations,
                                doc="Touchpoints that are not violations (derived).")
