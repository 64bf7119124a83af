"""The page sends only colours near a brand's (visual.js computes CIEDE2000 as
visual/colors.py does, with a margin): the candidates Python keeps are exactly those it
keeps when the page sends every prominent element's colour."""
from __future__ import annotations

import asyncio
import json
import random

import pytest

from linter.browser.inpage import VISUAL_JSON
from linter.browser.visual import PixelReader
from linter.policy import load_policy
from linter.visual.touch import color_candidates

pytestmark = pytest.mark.browser


def _buttons() -> str:
    rnd = random.Random(31)
    brand = [(0xFE, 0x2C, 0x55), (0x25, 0xF4, 0xEE), (0x03, 0xAC, 0x0E)]
    out = []
    for i in range(300):
        if i % 3:   # near a brand colour, at every distance up to well past the threshold
            base = brand[i % 3]
            rgb = tuple(max(0, min(255, c + rnd.randint(-40, 40))) for c in base)
        else:
            rgb = tuple(rnd.randint(0, 255) for _ in range(3))
        prop = "background" if i % 2 else "color"
        out.append(f'<button style="{prop}: rgb{rgb}; margin: 2px">b{i}</button>')
    out.append('<a href="#" style="background: #FE2C55; padding: 8px">Bayar</a><a href="#">plain</a>')
    out.append('<button style="background: rgba(254, 44, 85, 0.3)">faint</button>')
    return "".join(out)


async def _both(cfg: dict) -> tuple[list, list]:
    from playwright.async_api import async_playwright

    from linter.browser.launch import launch
    async with async_playwright() as pw:
        browser = await launch(pw, offline_except=[])
        try:
            page = await browser.new_page()
            await page.set_content(f"<!doctype html><html><body>{_buttons()}</body></html>")
            every = json.loads(await page.evaluate(VISUAL_JSON, {**cfg, "brandLab": None}))["colors"]
            sent = json.loads(await page.evaluate(VISUAL_JSON, cfg))["colors"]
        finally:
            await browser.close()
    return every, sent


def test_the_pages_colour_filter_drops_only_what_python_would():
    policy = load_policy("permendag31")
    cfg = PixelReader.query_config(policy)
    assert cfg["brandLab"]["labs"]
    every, sent = asyncio.run(_both(cfg))
    strip = lambda entries: sorted((e["box"][0], e["box"][1], e["background"], e["color"]) for e in entries)  # noqa: E731
    kept_every, kept_sent = color_candidates(every, policy), color_candidates(sent, policy)
    assert strip(kept_sent) == strip(kept_every)
    assert 20 < len(kept_every) <= len(sent) < len(every) - 100   # the far ones stay in the page
