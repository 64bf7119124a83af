"""Zones from names: the one word-splitter scan and lint share.

A page's URL path, a catalog key or a source file's path puts a mention in a zone when one
of its words is in a non-default zone's ``url_segments``. Words are split on ``/``, ``.``,
``_``, ``-``, white space, brackets, ``:`` and ``@``, and on camelCase and digits
(``checkout.payButton`` -> checkout, pay, button; ``/myCheckout`` -> my, checkout), then
lower-cased. The same splitting for URLs and keys is the point: a ``payButton`` key and a
``/payNow`` page are both in the payment zone.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

_SPLIT = re.compile(r"[._\-/\\\s\[\]:@]+")
_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")


def words(name: str) -> list[str]:
    """checkout.payButton / pay_button / locales/id/checkout.json -> lower-case words."""
    out = []
    for part in _SPLIT.split(name):
        if part:
            out.extend(w.lower() for w in _CAMEL.findall(part))
    return out


def zone_named(zones: Iterable, name: str | None):
    """The first non-default zone (a ``policy.Zone``) one of name's words belongs to, or None."""
    if not name:
        return None
    ws = set(words(name))
    for zone in zones:
        if not zone.default and ws & set(zone.url_segments):
            return zone
    return None
