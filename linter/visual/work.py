"""The work done off the render loop, in a worker process: decode one screenshot, crop
each element's displayed box, and read it (OCR words, logo matches), cached by content.

Everything here takes and returns plain data (bytes, lists, dicts), so it crosses the
process boundary cheaply. Bad pixels are a note, never an exception: Pillow's decoder
is capped (``MAX_PIXELS``) and every crop is bounded by ``MAX_SIDE``.
"""
from __future__ import annotations

import io
import time
from dataclasses import dataclass

MAX_PIXELS = 40_000_000      # a screenshot larger than this is refused, not decoded
MAX_SIDE = 4096              # a crop's longest side is cut to this (a 20,000 px image)


@dataclass
class Settings:
    ocr: bool
    logos: bool
    langs: str
    min_conf: float
    min_text_px: int
    logo_threshold: float
    references: list            # [(brand, name, gray ndarray, mask ndarray)]
    cache_dir: str | None
    cache_disk: bool = True

    def fingerprint(self) -> str:
        import hashlib
        from .versions import MATCHER_VERSION, READER_VERSION
        h = hashlib.sha256(f"{self.ocr}|{self.logos}|{self.langs}|{self.min_conf}|{self.min_text_px}|"
                           f"{self.logo_threshold}|{READER_VERSION}|{MATCHER_VERSION}".encode())
        for brand, name, gray, _ in self.references:
            h.update(f"{brand}|{name}|".encode())
            h.update(gray.tobytes())
        return h.hexdigest()[:16]


_state: dict = {}


def init_worker(settings: Settings) -> None:
    """Process-pool initializer: the settings only. The cache is set up when the pool
    starts (``warm_cache``, the engine's first task for each worker); the OCR engine and the
    logo matcher (Tesseract, OpenCV: some 0.4 s of a core) on the first picture the cache
    does not hold (``_engines``): a site whose pages show nothing to read, or only what an
    earlier scan read, never pays their start-up."""
    _state.clear()
    _state["settings"] = settings


def _ensure() -> None:
    """One cache per process, made once."""
    if "cache" in _state:
        return
    from .cache import ResultCache
    settings: Settings = _state["settings"]
    _state["fingerprint"] = settings.fingerprint()
    _state["cache"] = ResultCache(settings.cache_dir, disk=settings.cache_disk)


def _engines() -> None:
    """One OCR engine and one logo matcher per process, made once."""
    if "logos" in _state:
        return
    import os
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    settings: Settings = _state["settings"]
    if settings.ocr:
        from .ocr import Reader
        _state["reader"] = Reader(settings.langs)
    if settings.logos:
        from .logos import LogoMatcher, Reference
        _state["logos"] = LogoMatcher([Reference(b, n, g, m) for b, n, g, m in settings.references],
                                      settings.logo_threshold)
    else:
        _state["logos"] = None


def warm_cache() -> bool:
    """The cache and the screenshot decoder set up now (``VisualEngine`` at the scan's
    start); numpy, OpenCV and Tesseract wait for a picture the cache does not hold."""
    _ensure()
    from PIL import Image, PngImagePlugin  # noqa: F401 - loaded now, used by analyse
    from . import frames  # noqa: F401
    return True


def warm() -> bool:
    """Everything set up now (the tests' way to know what engine a worker uses)."""
    _ensure()
    _engines()
    return True


def analyse(png: bytes, items: list[dict]) -> dict:
    """items: [{"key", "box": [x, y, w, h] in the screenshot, "ocr": bool, "logos": bool}].
    Returns {"results": {key: {...}}, "notes": [...], "hits", "misses", "ms"}."""
    from PIL import Image
    t0 = time.perf_counter()
    if "settings" not in _state:
        raise RuntimeError("visual worker not initialised")
    _ensure()
    cache = _state["cache"]
    hits0, misses0 = cache.hits, cache.misses
    notes: list[str] = []
    results: dict = {}
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        shot = Image.open(io.BytesIO(png))
        shot.load()
        shot = shot.convert("RGB")
    except Exception as exc:  # noqa: BLE001 - Pillow raises many kinds; all mean "unreadable"
        return {"results": {}, "notes": [f"visual: the screenshot could not be read ({type(exc).__name__})"],
                "hits": 0, "misses": 0, "ms": 0}
    for item in items:
        try:
            results[item["key"]] = _one(shot, item, notes)
        except Exception as exc:  # noqa: BLE001 - one bad crop costs that crop only
            notes.append(f"visual: {item.get('label', item['key'])} could not be read ({type(exc).__name__}: {exc})"[:300])
    return {"results": results, "notes": notes, "hits": cache.hits - hits0, "misses": cache.misses - misses0,
            "ms": round((time.perf_counter() - t0) * 1000, 1)}


def _one(shot, item: dict, notes: list[str]) -> dict:
    from .cache import content_key
    from .frames import shown_frame
    s: Settings = _state["settings"]
    x, y, w, h = (int(round(v)) for v in item["box"])
    x, y = max(0, x), max(0, y)
    w, h = min(w, shot.width - x), min(h, shot.height - y)
    if w <= 0 or h <= 0:
        return {}
    if w > MAX_SIDE or h > MAX_SIDE:
        notes.append(f"visual: {item.get('label', 'an image')} shows {w}x{h} px; read only its first {MAX_SIDE} px each way")
        w, h = min(w, MAX_SIDE), min(h, MAX_SIDE)
    crop = shown_frame(item, shot.crop((x, y, x + w, y + h)), notes)
    want_ocr = s.ocr and item.get("ocr", True) and h >= s.min_text_px
    want_logos = s.logos and item.get("logos", True)
    key = content_key(crop.tobytes(), crop.size, f"{_state['fingerprint']}|{want_ocr}|{want_logos}")
    cached = _state["cache"].get(key)
    if cached is not None:
        return cached
    out: dict = {"hash": key[:16]}
    _engines()
    if want_ocr:
        out["readings"] = [[[wd.text, list(wd.box), round(wd.conf, 1), wd.line] for wd in r.words]
                           for r in _state["reader"].read(crop, s.min_conf)]
    if want_logos and _state["logos"] is not None:
        import numpy as np   # only here: a scan whose pictures the cache holds never loads it
        out["logos"] = [[m.brand, m.reference, m.score, list(m.box)]
                        for m in _state["logos"].find(np.asarray(crop))]
    _state["cache"].put(key, out)
    return out
