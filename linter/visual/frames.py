"""Animated pictures are read at their first frame.

The screenshot shows whatever frame an animated GIF has reached when the page is
captured, which depends on how long the page took to get there. The issue asks for the
first frame, the one a still preview, a print and a user arriving on the page see: the
browser hands the worker the GIF's bytes (``linter.browser.frames``), and here Pillow
decodes frame 0 and scales it to the box the page shows it in. A mention only in a later
frame is not reported; the page gets a note that only the first frame was read.
"""
from __future__ import annotations

import io

MAX_BYTES = 8_000_000      # a GIF larger than this is read from the screenshot, as any image


def is_gif_url(src: str) -> bool:
    """Whether a picture's URL names a GIF (by its data: type or its path's extension)."""
    s = (src or "").strip().lower()
    if s.startswith("data:"):
        return s.startswith("data:image/gif")
    path = s.split("#", 1)[0].split("?", 1)[0]
    return path.endswith(".gif")


def first_frame(data: bytes, size: tuple[int, int]):
    """Frame 0 of an animated GIF as an RGB image of ``size`` (the displayed box), or None
    when ``data`` is not an animated image (a still GIF is read from the screenshot, which
    keeps CSS transforms and object-fit). Pillow's pixel cap applies (the caller sets it)."""
    from PIL import Image
    im = Image.open(io.BytesIO(data))
    if not getattr(im, "is_animated", False):
        return None
    im.seek(0)
    frame = im.convert("RGBA")
    flat = Image.new("RGBA", frame.size, (255, 255, 255, 255))
    flat.alpha_composite(frame)
    return flat.convert("RGB").resize((max(1, size[0]), max(1, size[1])), Image.LANCZOS)


def shown_frame(item: dict, crop, notes: list[str]):
    """The pixels to read for ``item``: frame 0 of its animated GIF when the browser gave
    its bytes (``item["gif"]``), else ``crop``, the screenshot of its box."""
    data = item.get("gif")
    if not data:
        return crop
    try:
        frame = first_frame(data, crop.size)
    except Exception:  # noqa: BLE001 - an undecodable GIF: the screenshot shows what the browser made of it
        return crop
    if frame is None:
        return crop
    notes.append(f"visual: {item.get('label', 'an image')} is animated; only its first frame was read")
    return frame
