"""A prominent element in a brand colour of a brand not allowed in its zone.

Only in zones with ``check_colors = true`` (the payment zone in ``permendag31``):
buttons, links styled as buttons, headers and banners whose background or text colour is
within ``[visual] color_delta_e`` (CIEDE2000) of a colour in ``[brands.X] colors``.
Commerce pages keep the shared colours, which TikTok Shop uses legitimately. Severity
``warning`` by default; the suggestion names the allowed brand's colour.

Options: ``[zones.*] check_colors``, ``[brands.*] colors``, ``[visual] color_delta_e``.

Passes:  ``/checkout``: ``<button style="background:#03AC0E">Bayar</button>``
Fails:   ``/checkout``: ``<button style="background:#FE2C55">Bayar</button>`` -> Tokopedia #03AC0E
"""
from __future__ import annotations

from ..verdict import Verdict, in_context, not_allowed

ID = "brand.legacy-color"
ALIASES = ("legacy-color", "legacy-colour")
KINDS = ("color",)


def check(seen, zone, policy):
    if not zone.check_colors or in_context(seen) or not not_allowed(seen.brand, zone):
        return None
    return Verdict(ID, suggested_color(policy, zone))


def suggested_color(policy, zone) -> str:
    """The allowed brand's colour: the one named by the zone's ``suggest`` first."""
    allowed = [policy.brands[b] for b in sorted(zone.allowed) if policy.brands[b].colors]
    allowed.sort(key=lambda b: b.name != zone.suggest)
    if not allowed:
        return f"a {zone.suggest} colour"
    return f"{allowed[0].name} colour {allowed[0].colors[0]}"
