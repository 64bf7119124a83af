"""A brand's logo shown where that brand is not allowed.

Every visible image, icon, inline SVG, canvas and CSS background is compared with the
policy's reference logos (``[brands.X] logos``), at any scale from 16 px, recoloured,
slightly rotated, compressed, or as one region of a banner. A region is the brand whose
reference it matches best: the Shop logo (which contains the legacy mark) is a TikTok
Shop mention, allowed on commerce pages and a violation in the payment zone; the
Tokopedia logo is allowed everywhere. Threshold: ``[visual] logo_threshold``.

Passes:  the TikTok Shop logo on a product page; the Tokopedia logo at checkout
Fails:   the legacy logo in a banner -> suggest the "TikTok Shop" logo
"""
from __future__ import annotations

from ..matcher import Verdict

ID = "brand.legacy-logo"
ALIASES = ("legacy-logo",)
KINDS = ("logo",)


def check(tp, zone, matcher):
    if tp.kind != "logo" or tp.brand is None:
        return None
    v = matcher.verdict(tp.brand, zone, tp.social is not None)
    return Verdict(ID, f"the {v.suggestion} logo") if v else None
