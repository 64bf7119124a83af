"""Whether a scan reads pixels, and the engine that does: ``--visual on|off|assets``.

``auto`` (the default) is ``on`` where Tesseract and the ``visual`` extra are installed,
``assets`` (logos and colours, no OCR) where only the extra is, else ``off``, each with
a one-line note saying what is missing. An explicit ``on`` without Tesseract is a usage
error: the user asked for something this machine cannot do.
"""
from __future__ import annotations

from ..errors import UsageError
from ..visual import MODES, missing


def resolve_mode(requested: str, notes: list[str]) -> str:
    if requested not in MODES + ("auto",):
        raise UsageError(f"--visual must be one of on, off, assets (not {requested!r})")
    if requested == "off":
        return "off"
    why = missing()
    if why:
        if requested != "auto":
            raise UsageError(f"--visual {requested}: {why}")
        notes.append(f"visual step off: {why}")
        return "off"
    from ..visual.ocr import available
    no_ocr = available()
    if no_ocr and requested in ("auto", "on"):
        if requested == "on":
            raise UsageError(f"--visual on: {no_ocr} (apt-get install tesseract-ocr tesseract-ocr-ind)")
        notes.append(f"text in images not read: {no_ocr}; logos and colours still checked (--visual assets)")
        return "assets"
    return "on" if requested == "auto" else requested


def start_visual(policy, opts, notes: list[str]):
    """A ``PixelReader`` for the scan, or None when the visual step is off."""
    mode = resolve_mode(getattr(opts, "visual", "auto"), notes)
    if mode == "off":
        return None
    from ..browser.visual import PixelReader
    from ..visual.engine import VisualEngine, settings_for
    settings = settings_for(policy, mode, cache_dir=getattr(opts, "visual_cache", None))
    return PixelReader(VisualEngine(settings), mode)
