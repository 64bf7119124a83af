"""Every frame of a page, collected in parallel: same-origin, cross-origin and nested.

Playwright reaches cross-origin frames (out-of-process iframes) as it reaches same-origin
ones, so each child frame runs the main frame's in-page step (``PREPARE``), all at once and
each within a bound: a frame that never loads or never answers costs that bound and a note.
A finding in a frame belongs to the embedding page (``url``) with the frame's own address
in ``frame_url``; its zone and context are those of the element embedding it (a widget
inside the checkout is in the payment zone), inherited down nested frames; the frame's own
address is checked as an endpoint, as an iframe's ``src`` is.
"""
from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass

from ..extract import Candidate, candidates, element_keys, touchpoints
from ..matcher import Matcher
from ..model import Touchpoint
from ..verdict import host_is_legacy
from .either import maybe_await
from .inpage import DESCRIBE_JSON, EMBED, PREPARE

# Matched elements a frame whose selector, box and markup are described; past it, a page of
# thousands of mentions is still read whole (describe.js).
GEOMETRY_MAX = 2000


@dataclass(frozen=True)
class Placement:
    """Where a frame sits: its embedding element's zone and context (inherited from the
    frames above when the element has none), and its offset in page coordinates."""

    zone: str | None = None
    social: str | None = None
    offset: tuple[int, int] = (0, 0)
    selector: str = ""
    src: str = ""                    # the embedding element's src: the address it was meant to load


async def collect_frame(frame, matcher: Matcher, page_url: str, cfg: dict, raw: dict, described: dict | None,
                        frame_url: str | None = None, where: Placement = Placement(),
                        notes: list[str] | None = None) -> list[Touchpoint]:
    """Touchpoints of one frame from what its in-page step returned; describes in a second
    round trip only the elements the matcher picked beyond the first trip's. Beyond
    ``cfg["geometryMax"]`` elements, geometry is capped (js/describe.js): ``notes`` says so."""
    cands = candidates(raw, matcher)
    described = dict(described or {})
    capped = described.pop("~capped", 0)
    missing = [k for k in element_keys(cands) if k not in described]
    limit = cfg.get("geometryMax", GEOMETRY_MAX)
    if missing:
        full = sum(1 for v in described.values() if not v.get("capped"))
        more = json.loads(await maybe_await(frame.evaluate(DESCRIBE_JSON, {**cfg, "keys": missing, "geometryMax": max(0, limit - full)})))
        capped += more.pop("~capped", 0)
        described.update(more)
    if capped and notes is not None:
        notes.append(f"geometry capped: {capped} of {len(described)} matched elements past the first {limit} "
                     "have no selector, box or markup (their zone, context and visibility were read)")
    return touchpoints(cands, described, page_url, matcher.policy, frame_url=frame_url, offset=where.offset,
                       zone=where.zone, social=where.social)


async def collect_frames(page, matcher: Matcher, page_url: str, cfg: dict, prepare_args, bound_s: float,
                         notes: list[str], seen_endpoints: set[str]) -> tuple[list[Touchpoint], int]:
    """Touchpoints of every child frame, and how many frames were read.
    ``prepare_args(budget_s)`` gives PREPARE's arguments for a frame's budget;
    ``seen_endpoints`` the endpoint URLs already found (an iframe's ``src``)."""
    children = [f for f in page.frames if f is not page.main_frame and not f.is_detached()]
    if not children:
        return [], 0
    embeds = await asyncio.gather(*(_embed(f, cfg) for f in children))
    own = dict(zip(children, embeds))
    places: dict = {}
    for f in children:
        _place(f, own, places, page.main_frame)
    results = await asyncio.gather(*(_read(f, matcher, page_url, cfg, prepare_args, bound_s, places[f])
                                     for f in children))
    tps: list[Touchpoint] = []
    read = 0
    for more, frame_notes, ok in results:
        tps.extend(more)
        read += ok
        notes.extend(frame_notes)
    tps.extend(_frame_endpoints(page, matcher, page_url, places, seen_endpoints))
    return tps, read


def _frame_endpoints(page, matcher: Matcher, page_url: str, places: dict, seen: set[str]) -> list[Touchpoint]:
    """The frames whose own address is on a legacy host, as endpoints of their embedding
    element (unless its ``src`` already said so)."""
    out = []
    for f, where in places.items():
        url = f.url
        if not url.startswith(("http:", "https:")) or url in seen \
                or not host_is_legacy(url, matcher.policy.legacy_hosts):
            continue
        parent = f.parent_frame
        parent_url = None if parent is None or parent is page.main_frame else parent.url
        cand = Candidate("endpoint", None, url, url, None, "src", where.selector)
        out.extend(touchpoints([cand], {}, page_url, matcher.policy, frame_url=parent_url,
                               zone=where.zone, social=where.social))
        seen.add(url)
    return out


async def _embed(frame, cfg: dict) -> dict | None:
    """The embedding element as its own frame describes it (None when it is gone)."""
    try:
        handle = await asyncio.wait_for(frame.frame_element(), 5)
        return await asyncio.wait_for(handle.evaluate(EMBED, cfg), 5)
    except Exception:  # noqa: BLE001 - detached, or its parent frame never answers
        return None


def _place(frame, own: dict, places: dict, main) -> Placement:
    if frame in places:
        return places[frame]
    parent = frame.parent_frame
    up = Placement() if parent is None or parent is main or parent not in own else _place(parent, own, places, main)
    info = own.get(frame) or {}
    box = info.get("bbox") or [0, 0, 0, 0]
    places[frame] = Placement(zone=info.get("zone") or up.zone, social=info.get("context") or up.social,
                              offset=(up.offset[0] + box[0], up.offset[1] + box[1]), selector=info.get("selector", ""),
                              src=info.get("src", ""))
    return places[frame]


async def _read(frame, matcher, page_url, cfg, prepare_args, bound_s, where: Placement):
    """(touchpoints, notes, read): the notes say what was cut short or why nothing was read."""
    name = frame.url or where.src or where.selector or "(unnamed)"
    if not frame.url:
        return [], [f"frame {where.src or where.selector or '(unnamed)'} never loaded: its text was not read"], False
    if frame.url.startswith("chrome-error:"):   # the browser's own error page is no text of the site
        return [], [f"frame {where.src or where.selector} failed to load: its text was not read"], False
    try:
        prep = json.loads(await asyncio.wait_for(frame.evaluate(PREPARE, prepare_args(bound_s)), bound_s + 1))
        if prep.get("unparsed") or "size" in prep:
            return [], [f"frame {name} did not finish arriving or is too large: its text was not read"], False
        own: list[str] = list(prep.get("notes", ()))
        tps = await asyncio.wait_for(collect_frame(frame, matcher, page_url, cfg, prep["raw"], prep.get("described"),
                                                   frame.url, where, own), bound_s + 1)
        return tps, [f"frame {name}: {n}" for n in own], True
    except asyncio.TimeoutError:
        return [], [f"frame {name} did not answer within {bound_s:g} s: its text was not read"], False
    except Exception as exc:  # noqa: BLE001 - a frame navigating away or detached loses only its own text
        first = str(exc).strip().splitlines()[0][:120] if str(exc).strip() else "error"
        return [], [f"frame {name} could not be read: {first}"], False
