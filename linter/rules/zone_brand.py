"""A new brand shown in a zone where another brand must appear.

A mention of a brand not marked ``legacy`` that its zone does not allow is a violation,
unless a social context holds it. In the ``permendag31`` preset this is the payment rule:
checkout, payment and order pages must say "Tokopedia", so "TikTok Shop" there is a
violation (suggest "Tokopedia").

Options: ``[zones.*] allowed``, ``suggest``, ``url_segments`` and ``selectors``.

Passes:  ``/checkout``: ``<p>Bayar dengan Tokopedia</p>``
Fails:   ``/checkout``: ``<p>Bayar di TikTok Shop</p>`` -> suggest "Tokopedia"
"""
from __future__ import annotations

from ..verdict import Verdict, in_context, not_allowed

ID = "brand.zone-brand"
ALIASES = ("brand.payment-brand", "payment-brand")
KINDS = ("text", "attribute", "meta", "image-text")


def check(seen, zone, policy):
    if seen.brand is None or policy.brands[seen.brand].legacy:
        return None
    if in_context(seen) or not not_allowed(seen.brand, zone):
        return None
    return Verdict(ID, zone.suggest)
