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
    for mod, pkg in (("PIL", "Pillow"), ("numpy", "numpy"), ("cv2", "opencv-python-headless")):
        try:
            __import__(mod)
        except ImportError:
            return f"{pkg} is not installed (pip install 'brandlint[visual]')"
    return None
