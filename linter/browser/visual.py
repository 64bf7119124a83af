"""The visual step in the browser: find what a user sees as pictures (img/picture incl.
srcset, CSS backgrounds, canvas, video posters, SVG and SVG images), screenshot their
displayed boxes in one capture, and hand the pixels to the process pool
(``linter.visual.engine``). Prominent elements' colours come back in the same trip.

Screenshotting what is displayed, not fetching files, is what makes canvas, sprites,
CSS-transformed images and inline SVG work, and keeps the request guard in charge of
every byte the page loads.
"""
from __future__ import annotations

import asyncio
import json
import time

from ..matcher import Matcher
from .gifs import attach_gif_bytes

VISUAL_BUDGET_S = 60.0         # seconds the step may take a page, beyond the page's own deadline
MAX_CAPTURE = 16000            # Chromium's texture limit, px each way
MAX_SIDE = 4096                # an image is read up to this many px each way (a 20,000 px image)
MAX_CAPTURE_AREA = 16_000_000  # px in one screenshot at most
GROUP_SLACK = 250_000          # px of background a capture may hold beyond twice its images



class PixelReader:
    """Reads one rendered page's pixels. ``await reader(page, rendered, matcher)``.

    An image shown again in the scan with the same signature (source, size, styles and
    what shows under it: ``visual.js``) is not captured again: its reading is kept from
    the first time, and a tab that meets it while another is reading it waits for that
    reading. A page whose known images can say nothing skips the capture and describe."""

    MAX_SEEN = 20_000      # signatures kept per scan (a reading is a few hundred bytes)

    def __init__(self, engine, mode: str) -> None:
        self.engine = engine
        self.mode = mode
        self.ms = 0.0          # wall time spent in the visual step, for the benchmark
        self.pages = 0
        self.seen_hits = 0     # images not captured again: shown before in this scan
        self.split = {"query": 0.0, "screenshot": 0.0, "pool": 0.0}   # where that time went
        self._seen: dict[str, asyncio.Future] = {}

    @staticmethod
    def query_config(policy) -> dict:
        """visual.js's configuration; it runs at the end of the page's PREPARE trip."""
        from ..visual.colors import near_brand_filter
        return {**policy.collector_config(), "minPx": policy.visual.min_image_px, "signatures": True,
                "maxImages": policy.visual.max_images, "colors": any(z.check_colors for z in policy.zones.values()),
                "brandLab": near_brand_filter(policy)}

    def summary(self) -> dict:
        return {"mode": self.mode, "pages": self.pages, "ms": round(self.ms), "seen_again": self.seen_hits,
                **{f"{k}_ms": round(t) for k, t in self.split.items()}, **self.engine.summary()}

    async def __call__(self, page, result, matcher: Matcher, deadline: float) -> None:
        from ..visual.touch import color_candidates, color_touchpoints
        from .inpage import DESCRIBE_JSON, VISUAL_JSON
        t0 = time.monotonic()
        # Its own budget: a page that used its time loading still gets its pixels read.
        deadline = t0 + VISUAL_BUDGET_S
        policy = matcher.policy
        page_url = result.final_url or result.url
        page_zone = policy.zone_for_url(page_url).id
        cfg = self.query_config(policy)
        raw = result.visual_query or json.loads(await page.evaluate(VISUAL_JSON, cfg))
        result.visual_query = None
        result.notes.extend(raw["notes"])
        raw["colors"] = color_candidates(raw["colors"], policy)
        fresh, known = self._split_known(raw["images"])
        out: dict = {}
        try:
            done = await self._settle_known(known, deadline)
            fresh += [i for i in known if done[i["key"]] is None]    # the other tab failed: read it here
            speaking = [i for i in known if _can_speak(done[i["key"]], matcher)]
            keys = [i["key"] for i in fresh + speaking] + [c["key"] for c in raw["colors"]]
            described = json.loads(await page.evaluate(DESCRIBE_JSON, {**cfg, "keys": keys})) if keys else {}
            self.split["query"] += (time.monotonic() - t0) * 1000
            shown = [i for i in fresh if described.get(i["key"], {}).get("visible", True)]
            out = await self._read(page, shown, raw["page"], deadline, result) if shown else {}
        finally:
            self._settle_fresh(fresh, out)
        tps = color_touchpoints(raw["colors"], described, policy, page_url, page_zone)
        out.update({i["key"]: done[i["key"]] for i in speaking if described.get(i["key"], {}).get("visible", True)})
        tps.extend(self._touchpoints(fresh + speaking, out, described, matcher, result, page_url, page_zone))
        result.touchpoints.extend(tps)
        self.ms += (time.monotonic() - t0) * 1000
        self.pages += 1

    def _split_known(self, images: list[dict]) -> tuple[list[dict], list[dict]]:
        """Images never seen in this scan (this page reads them, and says so for other
        tabs), and images seen before (read, or being read by another tab)."""
        fresh, known, mine = [], [], set()
        for i in images:
            sig = i.get("sig")
            if sig and sig in self._seen and sig not in mine:
                known.append(i)
                continue
            if sig and len(self._seen) < self.MAX_SEEN and sig not in mine:
                self._seen[sig] = asyncio.get_running_loop().create_future()
                mine.add(sig)
            fresh.append(i)
        return fresh, known

    async def _settle_known(self, known: list[dict], deadline: float) -> dict:
        """Readings of images seen before, by element key; one another tab is still
        reading is waited for until the step's deadline. None: that reading failed or is
        still going (the caller reads the image itself)."""
        out = {}
        for i in known:
            fut = self._seen[i["sig"]]
            try:
                out[i["key"]] = await asyncio.wait_for(asyncio.shield(fut), max(0.1, deadline - time.monotonic()))
                self.seen_hits += 1
            except asyncio.TimeoutError:
                out[i["key"]] = None
            except asyncio.CancelledError:
                if not fut.cancelled():
                    raise                      # this page's own task is being cancelled
                out[i["key"]] = None
        return out

    def _settle_fresh(self, fresh: list[dict], out: dict) -> None:
        """Settle the signatures this page took on, for every tab waiting: with the reading,
        or with nothing when there is none (hidden here, failed) so a later page reads it."""
        for i in fresh:
            fut = self._seen.get(i.get("sig") or "")
            if fut is None or fut.done():
                continue
            if i["key"] in out:
                fut.set_result(out[i["key"]])
            else:
                self._seen.pop(i["sig"], None)
                fut.cancel()

    def _touchpoints(self, images, out, described, matcher, result, page_url, page_zone) -> list:
        from ..visual.touch import logo_touchpoints, text_touchpoints
        dom_boxes = [tp.bbox for tp in result.touchpoints if tp.bbox and tp.kind in ("text", "attribute")]
        names = {b.id: b.name for b in matcher.policy.brands.values()}
        tps = []
        for item in images:
            res = out.get(item["key"])
            if not res:
                continue
            info = described.get(item["key"], {})
            tps.extend(logo_touchpoints(item, res, info, page_url, page_zone, names))
            tps.extend(text_touchpoints(item, res, info, matcher, page_url, page_zone, dom_boxes))
        return tps

    async def _read(self, page, images: list[dict], page_size, deadline: float, result) -> dict:
        """Screenshot the images' boxes (one capture, or one per image when together they
        would be enormous) and read them in the pool."""
        for i in images:
            w, h = i["box"][2], i["box"][3]
            if w > MAX_SIDE or h > MAX_SIDE:
                result.notes.append(f"visual: {i['label']} shows {round(w)}x{round(h)} px; "
                                    f"read only its first {MAX_SIDE} px each way")
                i["box"] = [i["box"][0], i["box"][1], min(w, MAX_SIDE), min(h, MAX_SIDE)]
        await attach_gif_bytes(page, images)
        groups = _groups(images, page_size)
        out: dict = {}
        for group in groups:
            clip = _union(group, page_size)
            if clip["width"] <= 0 or clip["height"] <= 0:
                continue
            left = deadline - time.monotonic()
            t1 = time.monotonic()
            png = await _capture(page, clip, left)
            items = [{"key": i["key"], "label": i["label"],
                      "box": [i["box"][0] - clip["x"], i["box"][1] - clip["y"], i["box"][2], i["box"][3]],
                      "ocr": self.mode == "on" and i["kind"] != "svg", "logos": True, "gif": i.get("gif")}
                     for i in group]
            t2 = time.monotonic()
            self.split["screenshot"] += (t2 - t1) * 1000
            try:
                got = await asyncio.wait_for(self.engine.analyse(png, items), max(1.0, deadline - time.monotonic()))
            except asyncio.TimeoutError:
                result.notes.append(f"visual: {len(items)} images not read within the page's time")
                continue
            finally:
                self.split["pool"] += (time.monotonic() - t2) * 1000
            result.notes.extend(got["notes"])
            out.update(got["results"])
        return out


async def _capture(page, clip: dict, left: float) -> bytes:
    """A PNG of the clip, page coordinates. Through CDP directly: Playwright's screenshot
    waits for fonts, hides the caret and stops animations in extra round trips, which cost
    more than the capture itself (measured on the fixture shop, warm cache, on a loaded
    machine: 410 -> 240-300 ms a page)."""
    import base64
    cdp = getattr(page, "_brandlint_cdp", None)
    if cdp is None:
        cdp = await page.context.new_cdp_session(page)
        page._brandlint_cdp = cdp
    shot = await asyncio.wait_for(cdp.send("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True, "fromSurface": True,
        "clip": {**clip, "scale": 1}}), max(1.0, left))
    return base64.b64decode(shot["data"])


def _can_speak(reading: dict | None, matcher: Matcher) -> bool:
    """Whether a reading can make a touchpoint anywhere: a logo, or OCR'd words the
    matcher finds a mention in. One that cannot needs no describe on later pages."""
    if not reading:
        return False
    if reading.get("logos"):
        return True
    return any(matcher.find(" ".join(w[0] for w in words)) for words in reading.get("readings", ()))


def _union(images: list[dict], page_size) -> dict:
    x0 = max(0, min(i["box"][0] for i in images))
    y0 = max(0, min(i["box"][1] for i in images))
    x1 = min(page_size[0], max(i["box"][0] + i["box"][2] for i in images), x0 + MAX_CAPTURE)
    y1 = min(page_size[1], max(i["box"][1] + i["box"][3] for i in images), y0 + MAX_CAPTURE)
    return {"x": x0, "y": y0, "width": max(0, x1 - x0), "height": max(0, y1 - y0)}


def _area(clip: dict) -> float:
    return clip["width"] * clip["height"]


def _groups(images: list[dict], page_size) -> list[list[dict]]:
    """Images captured together, top to bottom: a group grows while its union holds at
    most twice the pixels of its images (plus a little), so a long page with a logo at the
    top and a banner at the bottom is two small captures, not one page-sized one (whose
    encoding and decoding cost more than reading the images)."""
    out: list[list[dict]] = []
    size = 0.0
    for img in sorted(images, key=lambda i: (i["box"][1], i["box"][0])):
        a = img["box"][2] * img["box"][3]
        if out:
            trial = out[-1] + [img]
            if _area(_union(trial, page_size)) <= min(MAX_CAPTURE_AREA, 2 * (size + a) + GROUP_SLACK):
                out[-1].append(img)
                size += a
                continue
        out.append([img])
        size = a
    return out
