"""Zones and contexts for source files: from catalog keys and file paths, and from markup.

A key or path is split into words by ``linter.zones.words``, the splitter the scan uses
for URLs (``checkout.payButton`` -> checkout, pay, button); a word in a non-default zone's
``url_segments`` puts the string in that zone. Markup selectors (``[data-brand-zone=...]``,
``a[href*="tiktok.com/@"]``) are matched by a deliberately small engine: one compound
selector (tag, ``#id``, ``.class``, ``[attr]``, ``[attr=v]``, ``*=``, ``^=``, ``$=``,
``~=``, ``|=``), no combinators. The policy's selectors are of that shape; a selector we
cannot read never matches rather than guessing.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..policy import Policy, Zone
from ..zones import words, zone_named

__all__ = ["compile_selector", "matches_any", "words", "zone_for_name"]


def zone_for_name(policy: Policy, name: str | None) -> Zone | None:
    """The first non-default zone one of name's words belongs to, or None."""
    return zone_named(policy.zones.values(), name)


_COMPOUND = re.compile(
    r"""\s*(?P<tag>[a-zA-Z][\w-]*|\*)?(?P<rest>(?:\#[\w-]+|\.[\w-]+|\[[^\]]+\])*)\s*$""")
_PART = re.compile(r"\#(?P<id>[\w-]+)|\.(?P<cls>[\w-]+)|\[(?P<attr>[^\]]+)\]")
_ATTR = re.compile(r"""\s*(?P<name>[\w:-]+)\s*(?:(?P<op>[*^$~|]?=)\s*(?P<q>["']?)(?P<value>.*?)(?P=q)\s*(?P<i>\si)?)?\s*$""")


@lru_cache(maxsize=256)
def compile_selector(selector: str):
    """A predicate over (tag, attrs dict), or None when the selector is beyond our subset."""
    m = _COMPOUND.match(selector)
    if not m or not (m.group("tag") or m.group("rest")):
        return None
    tag = (m.group("tag") or "*").lower()
    tests = []
    for part in _PART.finditer(m.group("rest")):
        if part.group("id"):
            tests.append(("id", "=", part.group("id")))
        elif part.group("cls"):
            tests.append(("class", "~=", part.group("cls")))
        else:
            a = _ATTR.match(part.group("attr"))
            if not a:
                return None
            tests.append((a.group("name").lower(), a.group("op"), a.group("value")))

    def match(el_tag: str, attrs: dict[str, str]) -> bool:
        if tag != "*" and el_tag != tag:
            return False
        for name, op, value in tests:
            have = attrs.get(name)
            if have is None:
                return False
            if op is None:
                continue
            if not _attr_ok(op, have, value):
                return False
        return True
    return match


def _attr_ok(op: str, have: str, value: str) -> bool:
    if op == "=":
        return have == value
    if op == "*=":
        return bool(value) and value in have
    if op == "^=":
        return bool(value) and have.startswith(value)
    if op == "$=":
        return bool(value) and have.endswith(value)
    if op == "~=":
        return value in have.split()
    if op == "|=":
        return have == value or have.startswith(value + "-")
    return False


def matches_any(selectors, tag: str, attrs: dict[str, str]) -> bool:
    for sel in selectors:
        for one in sel.split(","):
            pred = compile_selector(one.strip())
            if pred is not None and pred(tag, attrs):
                return True
    return False
