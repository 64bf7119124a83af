"""Pixels are UI too: text in images and canvas (OCR), legacy logos, legacy colours.

``colors`` is pure Python and always importable. Everything else needs the ``visual``
extra (Pillow, numpy, OpenCV, tesserocr/pytesseract) and is imported only when a scan
runs with ``--visual on`` or ``assets``: ``brandlint lint`` and a scan with
``--visual off`` never load it.
"""
from __future__ import annotations

MODES = ("on", "off", "assets")


def missing() -> str | None:
    """Why the visual step cannot run at all here (a package of the extra is missing), or None."""
    from importlib.util import find_spec
    # Found, not imported: the workers import them (OpenCV alone takes ~0.2 s), in
    # parallel with the browser's launch, and a scan without logos never loads them here.
    for mod, pkg in (("PIL", "Pillow"), ("numpy", "numpy"), ("cv2", "opencv-python-headless")):
        if find_spec(mod) is None:
            return f"{pkg} is not installed (pip install 'brandlint[visual]')"
    return None
