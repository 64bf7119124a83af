"""The legacy brand shown as text where it must read as the new brand.

Checks rendered text, attributes (alt, title, aria-label, placeholder, value...) and the
meta tags a user sees. A bare legacy mention outside a social context is a violation in
every zone; the suggestion is the zone's ``suggest`` ("TikTok Shop" in commerce,
"Tokopedia" in payment).

Passes:  ``<p>Belanja di TikTok Shop</p>``, ``<a href="https://tiktok.com/@toko">TikTok</a>``
Fails:   ``<p>Belanja di TikTok</p>``  -> suggest "TikTok Shop"
"""
from __future__ import annotations

ID = "brand.legacy-text"
ALIASES = ("legacy-text",)
KINDS = ("text", "attribute", "meta", "image-text")


def check(tp, zone, matcher):
    if tp.kind not in KINDS or tp.brand is None or not matcher.policy.brands[tp.brand].legacy:
        return None
    v = matcher.verdict(tp.brand, zone, tp.social is not None)
    return v if v and v.rule == ID else None
