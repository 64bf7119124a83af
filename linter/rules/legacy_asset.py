"""An image or icon whose file name or path says a brand not allowed in its zone.

Checks ``src``, ``srcset``, CSS background images, ``link rel=icon``/``apple-touch-icon``,
``og:image`` and video ``poster``. In URLs '-', '_', '.' and '/' separate words, so
``tiktok-shop-logo.png`` says TikTok Shop and ``tiktok-logo.png`` says TikTok. Only the
path counts: a CDN host name is not something a user reads.

Options: ``[assets] says_brand_in``, ``brand_folders`` and ``transform_suffixes`` (where
a path says a brand); ``[zones.*] allowed`` and ``suggest``.

Passes:  ``<img src="/img/tiktok-shop-logo.png">`` on a product page
Fails:   ``<img src="/img/tiktok-logo.png">`` -> suggest a "TikTok Shop" asset
"""
from __future__ import annotations

from ..verdict import Verdict, in_context, not_allowed

ID = "brand.legacy-asset"
ALIASES = ("legacy-asset",)
KINDS = ("asset",)


def check(seen, zone, policy):
    if in_context(seen) or not not_allowed(seen.brand, zone):
        return None
    return Verdict(ID, f"an asset for {zone.suggest}")
