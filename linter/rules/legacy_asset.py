"""An image or icon whose file name or path says a brand not allowed in its zone.

Checks ``src``, ``srcset``, CSS background images, ``link rel=icon``/``apple-touch-icon``,
``og:image`` and video ``poster``. In URLs '-', '_', '.' and '/' separate words, so
``tiktok-shop-logo.png`` says TikTok Shop and ``tiktok-logo.png`` says TikTok. Only the
path counts: a CDN host name is not something a user reads.

Passes:  ``<img src="/img/tiktok-shop-logo.png">`` on a product page
Fails:   ``<img src="/img/tiktok-logo.png">`` -> suggest a "TikTok Shop" asset
"""
from __future__ import annotations

ID = "brand.legacy-asset"
ALIASES = ("legacy-asset",)
KINDS = ("asset",)


def check(tp, zone, matcher):
    if tp.kind != "asset" or tp.brand is None:
        return None
    v = matcher.verdict(tp.brand, zone, tp.social is not None)
    return type(v)(ID, f"an asset for {v.suggestion}") if v else None
