"""A brand's logo shown where that brand is not allowed.

Every visible image, icon, inline SVG, canvas and CSS background is compared with the
policy's reference logos (``[brands.X] logos``), at any scale from 16 px, recoloured,
slightly rotated, compressed, or as one region of a banner. A region is the brand whose
reference it matches best: the Shop logo (which contains the legacy mark) is a TikTok
Shop mention, allowed on commerce pages and a violation in the payment zone; the
Tokopedia logo is allowed everywhere. Threshold: ``[visual] logo_threshold``.

Options: ``[brands.*] logos`` (reference images), ``[visual] logo_threshold``;
``[zones.*] allowed`` and ``suggest``.

Passes:  the TikTok Shop logo on a product page; the Tokopedia logo at checkout
Fails:   the legacy logo in a banner -> suggest the "TikTok Shop" logo
"""
from __future__ import annotations

from ..verdict import Verdict, in_context, not_allowed

ID = "brand.legacy-logo"
ALIASES = ("legacy-logo",)
KINDS = ("logo",)


def check(seen, zone, policy):
    if in_context(seen) or not not_allowed(seen.brand, zone):
        return None
    return Verdict(ID, f"the {zone.suggest} logo")
