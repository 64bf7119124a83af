"""A payment-zone form, iframe or link that posts to or loads from a legacy host.

In a zone with ``legacy_hosts`` (the payment zone: ``tiktok.com`` and its subdomains),
``form[action]``, ``iframe[src]`` and ``a[href]`` pointing there are violations: the
transaction must go through the new brand. Social profile links are not payment links.
Every request the page (or a journey state) sent to such a host is one too, kind
``request``, ``matched``/``context`` ``METHOD URL``: what the page *does*, not only what
it links to.

Options: ``[zones.*] legacy_hosts`` (none: the rule is off in that zone) and ``suggest``.

Passes:  ``/checkout``: ``<form action="https://pay.tokopedia.com/charge">``
Fails:   ``/checkout``: ``<form action="https://pay.tiktok.com/charge">``
Fails:   ``/pembayaran/1``: ``fetch("https://pay.tiktok.com/v1/charge", {method: "POST"})``
"""
from __future__ import annotations

from ..verdict import Verdict, host_is_legacy, in_context

ID = "brand.legacy-endpoint"
ALIASES = ("legacy-endpoint",)
KINDS = ("endpoint", "request")


def check(seen, zone, policy):
    if in_context(seen) or not zone.legacy_hosts:
        return None
    url = seen.context.partition(" ")[2] if seen.kind == "request" else seen.context
    if not host_is_legacy(url, zone.legacy_hosts):
        return None
    return Verdict(ID, f"an endpoint of {zone.suggest}")
