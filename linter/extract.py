"""From what the in-page collector saw to touchpoints. Pure: no browser here.

The collector (``linter/js/collector.js``) returns text runs (the text a person reads
inside one block, with the element each piece came from), attributes, meta tags, asset
URLs and legacy-host endpoints. This module finds the mentions in them (``candidates``),
names the elements whose geometry the browser must describe (``element_keys``), and
builds the touchpoints once that description is back (``touchpoints``).
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from .matcher import Matcher
from .model import Touchpoint
from .policy import Policy


@dataclass
class Candidate:
    kind: str
    brand: str | None
    matched: str
    context: str
    element: str | None        # describe key: "12" or "12:15" (common ancestor of two)
    attribute: str | None = None
    selector: str = ""          # for meta, which has no element worth describing
    social: str | None = None   # a context known without the browser (a share card's handle)


def _element_key(segs: list[int], start: int, end: int) -> str:
    offsets = segs[0::2]
    a = segs[2 * (bisect_right(offsets, start) - 1) + 1]
    b = segs[2 * (bisect_right(offsets, max(start, end - 1)) - 1) + 1]
    return str(a) if a == b else f"{a}:{b}"


def _meta_selector(name: str) -> str:
    if name == "title":
        return "head > title"
    attr = "property" if name.startswith("og:") else "name"
    return f'meta[{attr}="{name}"]'


def candidates(raw: dict, matcher: Matcher) -> list[Candidate]:
    out: list[Candidate] = []
    runs = raw.get("runs", ())
    for run, found in zip(runs, matcher.find_many([run["t"] for run in runs])):
        for m in found:
            out.append(Candidate("text", m.brand, m.text, m.context(run["t"]), _element_key(run["s"], m.start, m.end)))
    attrs = raw.get("attrs", ())
    for (el, name, value), found in zip(attrs, matcher.find_many([a[2] for a in attrs])):
        for m in found:
            out.append(Candidate("attribute", m.brand, m.text, m.context(value), str(el), name))
    meta_context = {n: cid for cid, names in matcher.policy.context_meta.items() for n in names}
    for name, value in raw.get("meta", ()):
        for m in matcher.find(value):
            out.append(Candidate("meta", m.brand, m.text, m.context(value), None, name, _meta_selector(name),
                                 meta_context.get(name.lower())))
    for el, attr, url in raw.get("assets", ()):
        for m in matcher.find_in_asset(url):
            out.append(Candidate("asset", m.brand, m.text, url, str(el), attr))
    for el, attr, url in raw.get("endpoints", ()):
        out.append(Candidate("endpoint", None, url, url, str(el), attr))
    return out


def element_keys(cands: list[Candidate]) -> list[str]:
    return sorted({c.element for c in cands if c.element is not None})


def touchpoints(cands: list[Candidate], described: dict, page_url: str, policy: Policy,
                frame_url: str | None = None, offset: tuple[float, float] = (0, 0),
                zone: str | None = None, social: str | None = None) -> list[Touchpoint]:
    """Touchpoints for one frame. ``zone`` and ``social``: what the frame inherits from the
    element embedding it, for elements that have none of their own. Endpoints become
    touchpoints only where their zone checks endpoints (they are not brand mentions, only
    payment-flow facts)."""
    page_zone = policy.zone_for_url(page_url)
    out = []
    for c in cands:
        info = described.get(c.element, {}) if c.element is not None else {}
        zone_id = info.get("zone") or zone or page_zone.id
        context = info.get("context") or c.social or social
        if c.kind == "endpoint" and (not policy.zones[zone_id].legacy_hosts or context):
            continue
        bbox = info.get("bbox")
        if bbox and offset != (0, 0):
            bbox = [bbox[0] + offset[0], bbox[1] + offset[1], bbox[2], bbox[3]]
        out.append(Touchpoint(
            kind=c.kind, brand=c.brand, matched=c.matched, context=c.context, zone=zone_id,
            url=page_url, selector=info.get("selector", c.selector), landmark=info.get("landmark", c.selector),
            visible=info.get("visible", c.kind == "meta"), bbox=bbox, attribute=c.attribute,
            social=context, frame_url=frame_url, element=c.element, html=info.get("html", "")))
    return out
