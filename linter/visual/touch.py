"""From what the visual step read to touchpoints. Pure: no browser, no image library.

OCR words run through the same matcher as DOM text (one text per reading, lines joined
by spaces, so a mention split over two lines reads as one); a mention's box is the union
of its words' boxes, in the image and on the page. A mention DOM text already reported
at the same place (text drawn over a background image) is not counted twice.
"""
from __future__ import annotations

from ..matcher import Matcher
from ..model import Touchpoint
from .colors import nearest_brand, parse_color, to_hex


def _union(boxes):
    x0 = min(b[0] for b in boxes)
    y0 = min(b[1] for b in boxes)
    x1 = max(b[0] + b[2] for b in boxes)
    y1 = max(b[1] + b[3] for b in boxes)
    return [x0, y0, x1 - x0, y1 - y0]


def _inside(point, box) -> bool:
    return box[0] <= point[0] <= box[0] + box[2] and box[1] <= point[1] <= box[1] + box[3]


def _base(info: dict, page_zone: str, page_url: str, kind: str, brand, matched, context, bbox, visual,
          item: dict, frame_url=None) -> Touchpoint:
    return Touchpoint(kind=kind, brand=brand, matched=matched, context=context,
                      zone=info.get("zone") or page_zone, url=page_url, selector=info.get("selector", ""),
                      landmark=info.get("landmark", ""), visible=True, bbox=bbox,
                      attribute=item.get("kind"), social=info.get("context"), frame_url=frame_url,
                      element=item.get("key"), html=info.get("html", ""), visual=visual)


def text_touchpoints(item: dict, result: dict, info: dict, matcher: Matcher, page_url: str,
                     page_zone: str, dom_boxes: list) -> list[Touchpoint]:
    ix, iy = item["box"][0], item["box"][1]
    out, seen = [], []
    for words in result.get("readings", ()):
        text, spans, pos = "", [], 0
        for w in words:
            spans.append((pos, pos + len(w[0]), w))
            text += w[0] + " "
            pos = len(text)
        for m in matcher.find(text):
            hit = [w for a, b, w in spans if a < m.end and b > m.start]
            if not hit:
                continue
            word_box = _union([w[1] for w in hit])
            page_box = [round(ix + word_box[0]), round(iy + word_box[1]), word_box[2], word_box[3]]
            centre = (page_box[0] + page_box[2] / 2, page_box[1] + page_box[3] / 2)
            if any(_inside(centre, b) for b in dom_boxes) or any(_inside(centre, b) for b in seen):
                continue
            seen.append(page_box)
            conf = round(min(w[2] for w in hit) / 100, 2)
            visual = {"image_bbox": [round(v) for v in item["box"]], "word_box": word_box, "confidence": conf,
                      "source": item.get("src") or None, "image": result.get("hash")}
            out.append(_base(info, page_zone, page_url, "image-text", m.brand, m.text, m.context(text).strip(),
                             page_box, visual, item))
    return out


def logo_touchpoints(item: dict, result: dict, info: dict, page_url: str, page_zone: str,
                     names: dict[str, str]) -> list[Touchpoint]:
    ix, iy = item["box"][0], item["box"][1]
    out = []
    for brand, ref, score, (x, y, w, h) in result.get("logos", ()):
        page_box = [round(ix + x), round(iy + y), w, h]
        visual = {"image_bbox": [round(v) for v in item["box"]], "region": [x, y, w, h], "score": score,
                  "reference": ref, "source": item.get("src") or None, "image": result.get("hash")}
        out.append(_base(info, page_zone, page_url, "logo", brand, f"{names.get(brand, brand)} logo",
                         f"logo {ref}", page_box, visual, item))
    return out


def _brand_colour(entry: dict, palette: dict, delta_e: float):
    """(property, parsed colour, (brand, brand colour, ΔE)) of the first of an element's
    background and text colours near a brand colour, or None."""
    for prop in ("background", "color"):
        parsed = parse_color(entry.get(prop) or "")
        if parsed is None or parsed[1] < 0.5:
            continue
        near = nearest_brand(parsed[0], palette, delta_e)
        if near is not None:
            return prop, parsed, near
    return None


def _palette(policy) -> dict:
    return {b.id: list(b.colors) for b in policy.brands.values() if b.colors}


def color_candidates(entries: list[dict], policy) -> list[dict]:
    """The prominent elements whose colour is near a brand's: the only ones whose zone and
    visibility the page need tell (any other is no finding in any zone)."""
    palette = _palette(policy)
    return [e for e in entries if palette and _brand_colour(e, palette, policy.visual.color_delta_e)]


def color_touchpoints(entries: list[dict], described: dict, policy, page_url: str, page_zone: str) -> list[Touchpoint]:
    """Prominent elements whose background (or, with text, text) colour is a brand's,
    in zones that check colours."""
    palette = _palette(policy)
    out = []
    for e in entries:
        info = described.get(e["key"], {})
        zone = policy.zones.get(info.get("zone") or page_zone)
        if zone is None or not zone.check_colors or not info.get("visible", True):
            continue
        hit = _brand_colour(e, palette, policy.visual.color_delta_e)
        if hit is None:
            continue
        prop, parsed, (brand, brand_color, delta) = hit
        css = "background-color" if prop == "background" else "color"
        visual = {"property": css, "color": to_hex(parsed[0]), "brand_color": brand_color, "delta_e": delta}
        out.append(_base(info, page_zone, page_url, "color", brand, to_hex(parsed[0]),
                         f"{e.get('tag', '')} {css} {brand_color}", info.get("bbox") or [round(v) for v in e["box"]],
                         visual, {"key": e["key"], "kind": css}))
    return out
