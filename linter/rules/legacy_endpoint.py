"""A payment-zone form, iframe or link that posts to or loads from a legacy host.

In a zone with ``legacy_hosts`` (the payment zone: ``tiktok.com`` and its subdomains),
``form[action]``, ``iframe[src]`` and ``a[href]`` pointing there are violations: the
transaction must go through the new brand. Social profile links are not payment links.
Every request the page (or a journey state) sent to such a host is one too, kind
``request``, ``matched``/``context`` ``METHOD URL``: what the page *does*, not only what
it links to.

Passes:  ``/checkout``: ``<form action="https://pay.tokopedia.com/charge">``
Fails:   ``/checkout``: ``<form action="https://pay.tiktok.com/charge">``
Fails:   ``/pembayaran/1``: ``fetch("https://pay.tiktok.com/v1/charge", {method: "POST"})``
"""
from __future__ import annotations

from ..matcher import Verdict

ID = "brand.legacy-endpoint"
ALIASES = ("legacy-endpoint",)
KINDS = ("endpoint", "request")


def check(tp, zone, matcher):
    if tp.kind not in KINDS or tp.social is not None or not zone.legacy_hosts:
        return None
    url = tp.context.partition(" ")[2] if tp.kind == "request" else tp.context
    if not matcher.host_is_legacy(url, zone):
        return None
    return Verdict(ID, f"an endpoint of {zone.suggest}")
