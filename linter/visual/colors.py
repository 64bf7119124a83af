"""Colours: CSS colour strings to sRGB, sRGB to CIELAB, and the CIEDE2000 difference.

Pure Python (no numpy): a page has a few dozen prominent elements, and the formula is
short. CIEDE2000 because it is the perceptual distance designers quote ("ΔE < 10 reads
as the same colour"); a plain RGB distance calls a dark and a light pink equally far
from the brand pink.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache

_HEX = re.compile(r"^#([0-9a-f]{3}|[0-9a-f]{6})$", re.I)
_RGB = re.compile(r"^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$", re.I)


def parse_color(value: str) -> tuple[tuple[int, int, int], float] | None:
    """``#rgb``, ``#rrggbb``, ``rgb()``/``rgba()`` (as getComputedStyle writes them) to
    ((r, g, b), alpha); None for anything else (``transparent``, gradients...)."""
    v = value.strip()
    m = _HEX.match(v)
    if m:
        h = m.group(1)
        if len(h) == 3:
            h = "".join(c * 2 for c in h)
        return (int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)), 1.0
    m = _RGB.match(v)
    if m:
        a = m.group(4)
        alpha = 1.0 if a is None else (float(a[:-1]) / 100 if a.endswith("%") else float(a))
        return (int(float(m.group(1))), int(float(m.group(2))), int(float(m.group(3)))), alpha
    return None


def to_hex(rgb: tuple[int, int, int]) -> str:
    return "#%02X%02X%02X" % rgb


def srgb_to_lab(rgb: tuple[int, int, int]) -> tuple[float, float, float]:
    def lin(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (lin(c) for c in rgb)
    x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
    y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
    z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116
    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def delta_e2000(lab1, lab2) -> float:
    """CIEDE2000 colour difference (Sharma, Wu, Dalal 2005), kL = kC = kH = 1."""
    L1, a1, b1 = lab1
    L2, a2, b2 = lab2
    c1, c2 = math.hypot(a1, b1), math.hypot(a2, b2)
    cm = (c1 + c2) / 2
    g = 0.5 * (1 - math.sqrt(cm ** 7 / (cm ** 7 + 25 ** 7)))
    a1p, a2p = a1 * (1 + g), a2 * (1 + g)
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0
    dl, dc = L2 - L1, c2p - c1p
    if c1p * c2p == 0:
        dh = 0.0
    elif abs(h2p - h1p) <= 180:
        dh = h2p - h1p
    else:
        dh = h2p - h1p - 360 if h2p > h1p else h2p - h1p + 360
    dH = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    lm, cmp_ = (L1 + L2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        hm = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        hm = (h1p + h2p) / 2
    else:
        hm = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (1 - 0.17 * math.cos(math.radians(hm - 30)) + 0.24 * math.cos(math.radians(2 * hm))
         + 0.32 * math.cos(math.radians(3 * hm + 6)) - 0.20 * math.cos(math.radians(4 * hm - 63)))
    d_theta = 30 * math.exp(-(((hm - 275) / 25) ** 2))
    rc = 2 * math.sqrt(cmp_ ** 7 / (cmp_ ** 7 + 25 ** 7))
    sl = 1 + 0.015 * (lm - 50) ** 2 / math.sqrt(20 + (lm - 50) ** 2)
    sc = 1 + 0.045 * cmp_
    sh = 1 + 0.015 * cmp_ * t
    rt = -math.sin(math.radians(2 * d_theta)) * rc
    return math.sqrt((dl / sl) ** 2 + (dc / sc) ** 2 + (dH / sh) ** 2 + rt * (dc / sc) * (dH / sh))


def nearest_brand(rgb: tuple[int, int, int], palette: dict[str, list[str]], max_delta: float):
    """The brand whose colour is nearest to rgb within max_delta: (brand, brand colour, ΔE) or None.
    Remembered by colour: a page paints thousands of elements in a dozen colours."""
    return _nearest(tuple(rgb), tuple((b, tuple(cs)) for b, cs in palette.items()), max_delta)


@lru_cache(maxsize=4096)
def _nearest(rgb: tuple[int, int, int], palette: tuple, max_delta: float):
    lab = srgb_to_lab(rgb)
    best = None
    for brand, colors in palette:
        for c in colors:
            ref = _lab_of(c)
            if ref is None:
                continue
            d = delta_e2000(lab, ref)
            if d <= max_delta and (best is None or d < best[2]):
                best = (brand, c.upper(), round(d, 2))
    return best


@lru_cache(maxsize=256)
def _lab_of(color: str):
    parsed = parse_color(color)
    return None if parsed is None else srgb_to_lab(parsed[0])


FILTER_MARGIN = 1.0   # ΔE the page's own prefilter adds: it may pass more, never fewer


def near_brand_filter(policy) -> dict:
    """What visual.js needs to send only the colours Python could find near a brand's:
    every brand colour in CIELAB and the distance (this policy's, plus FILTER_MARGIN).
    The page computes CIEDE2000 with the same formula; Python decides on what it sends."""
    labs = [list(_lab_of(c)) for b in policy.brands.values() for c in b.colors if _lab_of(c) is not None]
    return {"labs": labs, "maxDelta": policy.visual.color_delta_e + FILTER_MARGIN}
