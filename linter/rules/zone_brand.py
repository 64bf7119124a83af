"""A new brand shown in a zone where another brand must appear.

In the ``permendag31`` preset this is the payment rule: checkout, payment and order pages
must say "Tokopedia", so "TikTok Shop" there is a violation (suggest "Tokopedia").

Passes:  ``/checkout``: ``<p>Bayar dengan Tokopedia</p>``
Fails:   ``/checkout``: ``<p>Bayar di TikTok Shop</p>`` -> suggest "Tokopedia"
"""
from __future__ import annotations

ID = "brand.zone-brand"
ALIASES = ("brand.payment-brand", "payment-brand")
KINDS = ("text", "attribute", "meta", "image-text")


def check(tp, zone, matcher):
    if tp.kind not in KINDS or tp.brand is None or matcher.policy.brands[tp.brand].legacy:
        return None
    return matcher.verdict(tp.brand, zone, tp.social is not None)
