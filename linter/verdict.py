"""What a rule returns, and the zone and context checks every rule shares.

Rules (``linter/rules/*.py``), the scan's evaluation step and ``brandlint lint`` all import
this module, and it imports nothing of brandlint's: that is what keeps the rule registry,
the policy (which validates rule ids) and the matcher free of import cycles. A ``zone`` here
is a ``policy.Zone``; a ``seen`` is anything with a Touchpoint's fields (a Touchpoint from
a page, or one built for a string in a source file).
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Verdict:
    """A violation: which rule says so, and what should stand there instead."""

    rule: str
    suggestion: str


def in_context(seen) -> bool:
    """Inside a context that makes any mention legitimate (a profile link, a share card's
    handle, ``[data-brand-context="social"]``)."""
    return seen.social is not None


def not_allowed(brand: str | None, zone) -> bool:
    """A brand mention the zone does not allow (None, no brand, is never a mention)."""
    return brand is not None and brand not in zone.allowed


def host_is_legacy(url: str, hosts) -> bool:
    """url's host is one of hosts or a subdomain of one."""
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return False
    return any(host == h or host.endswith("." + h) for h in hosts)
