"""The legacy brand shown as text where it must read as the new brand.

Checks rendered text, attributes (alt, title, aria-label, placeholder, value...), the
meta tags a user sees and text read from images and canvas (``image-text``), on pages and
in catalogs and templates. A mention of a brand marked
``legacy`` that its zone does not allow is a violation, unless a social context holds it.

Options: ``[brands.*] legacy``; ``[zones.*] allowed`` and ``suggest`` (the suggestion:
"TikTok Shop" in commerce, "Tokopedia" in payment); ``[contexts.*]``.

Passes:  ``<p>Belanja di TikTok Shop</p>``, ``<a href="https://tiktok.com/@toko">TikTok</a>``
Fails:   ``<p>Belanja di TikTok</p>``  -> suggest "TikTok Shop"
"""
from __future__ import annotations

from ..verdict import Verdict, in_context, not_allowed

ID = "brand.legacy-text"
ALIASES = ("legacy-text",)
KINDS = ("text", "attribute", "meta", "image-text")


def check(seen, zone, policy):
    if seen.brand is None or not policy.brands[seen.brand].legacy:
        return None
    if in_context(seen) or not not_allowed(seen.brand, zone):
        return None
    return Verdict(ID, zone.suggest)
