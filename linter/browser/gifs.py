"""The bytes of the animated GIFs a page shows, so that the worker reads their first frame
(``linter.visual.frames``) rather than the frame the screenshot happened to catch.

The bytes come from what the browser already loaded (DevTools ``Page.getResourceContent``):
no new request, the request guard stays in charge, and a GIF from another origin (a CDN
that sends no CORS headers) works as well as the page's own. ``data:`` URLs are decoded
here. A GIF whose bytes cannot be had is read from the screenshot, as any picture.
"""
from __future__ import annotations

import asyncio
import base64
import binascii

from ..visual.frames import MAX_BYTES, is_gif_url

CDP_TIMEOUT_S = 10.0


async def attach_gif_bytes(page, images: list[dict]) -> None:
    """Sets ``item["gif"]`` (bytes) on every ``<img>`` item that shows a GIF."""
    wanted = [i for i in images if i.get("kind") == "img" and is_gif_url(i.get("src", ""))]
    if not wanted:
        return
    remote = [i for i in wanted if not i["src"].startswith("data:")]
    for i in wanted:
        if i["src"].startswith("data:"):
            i["gif"] = _data_url_bytes(i["src"])
    if remote:
        try:
            await asyncio.wait_for(_from_devtools(page, remote), CDP_TIMEOUT_S)
        except Exception:  # noqa: BLE001 - no bytes: the screenshot is read instead
            pass
    for i in wanted:
        if not i.get("gif") or len(i["gif"]) > MAX_BYTES:
            i.pop("gif", None)


async def _from_devtools(page, items: list[dict]) -> None:
    cdp = await page.context.new_cdp_session(page)
    try:
        await cdp.send("Page.enable")
        tree = await cdp.send("Page.getFrameTree")
        frame_id = tree["frameTree"]["frame"]["id"]
        for url in {i["src"] for i in items}:
            try:
                got = await cdp.send("Page.getResourceContent", {"frameId": frame_id, "url": url})
            except Exception:  # noqa: BLE001 - not in the page's resources (evicted, another frame's)
                continue
            data = base64.b64decode(got["content"]) if got.get("base64Encoded") else None
            for i in items:
                if i["src"] == url:
                    i["gif"] = data
    finally:
        await cdp.detach()


def _data_url_bytes(src: str) -> bytes | None:
    head, _, payload = src.partition(",")
    if ";base64" not in head.lower():
        return None
    try:
        return base64.b64decode(payload, validate=False)
    except (binascii.Error, ValueError):
        return None
