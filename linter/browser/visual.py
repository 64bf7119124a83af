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
from importlib import resources

from ..matcher import Matcher
from .gifs import attach_gif_bytes

VISUAL_BUDGET_S = 60.0         # seconds the step may take a page, beyond the page's own deadline
MAX_CAPTURE = 16000            # Chromium's texture limit, px each way
MAX_SIDE = 4096                # an image is read up to this many px each way (a 20,000 px image)
MAX_CAPTURE_AREA = 16_000_000  # px in one screenshot at most
GROUP_SLACK = 250_000          # px of background a capture may hold beyond twice its images

VISUAL_JSON = "(cfg) => (" + (resources.files("linter") / "js" / "visual.js").read_text(encoding="utf-8").strip().rstrip(";") + ")(cfg)"


class PixelReader:
    """Reads one rendered page's pixels. ``await reader(page, rendered, matcher)``."""

    def __init__(self, engine, mode: str) -> None:
        self.engine = engine
        self.mode = mode
        self.ms = 0.0          # wall time spent in the visual step, for the benchmark
        self.pages = 0
        self.split = {"query": 0.0, "screenshot": 0.0, "pool": 0.0}   # where that time went

    async def __call__(self, page, result, matcher: Matcher, deadline: float) -> None:
        from .render import DESCRIBE_JSON
        from ..visual.touch import color_touchpoints, logo_touchpoints, text_touchpoints
        t0 = time.monotonic()
        # Its own budget: a page that used its time loading still gets its pixels read.
        deadline = t0 + VISUAL_BUDGET_S
        policy = matcher.policy
        cfg = {**policy.collector_config(), "minPx": policy.visual.min_image_px,
               "maxImages": policy.visual.max_images, "colors": any(z.check_colors for z in policy.zones.values())}
        raw = json.loads(await page.evaluate(VISUAL_JSON, cfg))
        result.notes.extend(raw["notes"])
        keys = [i["key"] for i in raw["images"]] + [c["key"] for c in raw["colors"]]
        described = json.loads(await page.evaluate(DESCRIBE_JSON, {**cfg, "keys": keys})) if keys else {}
        self.split["query"] += (time.monotonic() - t0) * 1000
        page_url = result.final_url or result.url
        page_zone = policy.zone_for_url(page_url).id
        tps = color_touchpoints(raw["colors"], described, policy, page_url, page_zone)
        images = [i for i in raw["images"] if described.get(i["key"], {}).get("visible", True)]
        if images:
            out = await self._read(page, images, raw["page"], deadline, result)
            dom_boxes = [tp.bbox for tp in result.touchpoints if tp.bbox and tp.kind in ("text", "attribute")]
            names = {b.id: b.name for b in policy.brands.values()}
            for item in images:
                res = out.get(item["key"])
                if not res:
                    continue
                info = described.get(item["key"], {})
                tps.extend(logo_touchpoints(item, res, info, page_url, page_zone, names))
                tps.extend(text_touchpoints(item, res, info, matcher, page_url, page_zone, dom_boxes))
        result.touchpoints.extend(tps)
        self.ms += (time.monotonic() - t0) * 1000
        self.pages += 1

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
