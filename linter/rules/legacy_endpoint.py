"""A payment-zone form, iframe or link that posts to or loads from a legacy host.

In a zone with ``legacy_hosts`` (the payment zone: ``tiktok.com`` and its subdomains),
``form[action]``, ``iframe[src]`` and ``a[href]`` pointing there are violations: the
transaction must go through the new brand. Social profile links are not payment links.

Passes:  ``/checkout``: ``<form action="https://pay.tokopedia.com/charge">``
Fails:   ``/checkout``: ``<form action="https://pay.tiktok.com/charge">``
"""
from __future__ import annotations

from ..matcher import Verdict

ID = "brand.legacy-endpoint"
ALIASES = ("legacy-endpoint",)
KINDS = ("endpoint",)


def check(tp, zone, matcher):
    if tp.kind != "endpoint" or tp.social is not None or not zone.legacy_hosts:
        return None
    if not matcher.host_is_legacy(tp.context, zone):
        return None
    return Verdict(ID, f"an endpoint of {zone.suggest}")
