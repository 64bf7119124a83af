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

MAX_CAPTURE = 16000            # Chromium's texture limit, px each way
MAX_SIDE = 4096                # an image is read up to this many px each way (a 20,000 px image)
MAX_CAPTURE_AREA = 16_000_000  # px in one screenshot; beyond, each image is captured alone

VISUAL_JSON = "(cfg) => (" + (resources.files("linter") / "js" / "visual.js").read_text(encoding="utf-8").strip().rstrip(";") + ")(cfg)"


class PixelReader:
    """Reads one rendered page's pixels. ``await reader(page, rendered, matcher)``."""

    def __init__(self, engine, mode: str) -> None:
        self.engine = engine
        self.mode = mode
        self.ms = 0.0          # wall time spent in the visual step, for the benchmark
        self.pages = 0

    async def __call__(self, page, result, matcher: Matcher, deadline: float) -> None:
        from .render import DESCRIBE_JSON
        from ..visual.touch import color_touchpoints, logo_touchpoints, text_touchpoints
        t0 = time.monotonic()
        policy = matcher.policy
        cfg = {**policy.collector_config(), "minPx": policy.visual.min_image_px,
               "maxImages": policy.visual.max_images, "colors": any(z.check_colors for z in policy.zones.values())}
        raw = json.loads(await page.evaluate(VISUAL_JSON, cfg))
        result.notes.extend(raw["notes"])
        keys = [i["key"] for i in raw["images"]] + [c["key"] for c in raw["colors"]]
        described = json.loads(await page.evaluate(DESCRIBE_JSON, {**cfg, "keys": keys})) if keys else {}
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
        groups = [images] if _area(_union(images, page_size)) <= MAX_CAPTURE_AREA else [[i] for i in images]
        out: dict = {}
        for group in groups:
            clip = _union(group, page_size)
            if clip["width"] <= 0 or clip["height"] <= 0:
                continue
            left = deadline - time.monotonic()
            png = await page.screenshot(clip=clip, full_page=True, type="png", animations="disabled",
                                        caret="hide", timeout=max(1000, left * 1000))
            items = [{"key": i["key"], "label": i["label"],
                      "box": [i["box"][0] - clip["x"], i["box"][1] - clip["y"], i["box"][2], i["box"][3]],
                      "ocr": self.mode == "on" and i["kind"] != "svg", "logos": True} for i in group]
            try:
                got = await asyncio.wait_for(self.engine.analyse(png, items), max(1.0, deadline - time.monotonic()))
            except asyncio.TimeoutError:
                result.notes.append(f"visual: {len(items)} images not read within the page's time")
                continue
            result.notes.extend(got["notes"])
            out.update(got["results"])
        return out


def _union(images: list[dict], page_size) -> dict:
    x0 = max(0, min(i["box"][0] for i in images))
    y0 = max(0, min(i["box"][1] for i in images))
    x1 = min(page_size[0], max(i["box"][0] + i["box"][2] for i in images), x0 + MAX_CAPTURE)
    y1 = min(page_size[1], max(i["box"][1] + i["box"][3] for i in images), y0 + MAX_CAPTURE)
    return {"x": x0, "y": y0, "width": max(0, x1 - x0), "height": max(0, y1 - y0)}


def _area(clip: dict) -> float:
    return clip["width"] * clip["height"]
