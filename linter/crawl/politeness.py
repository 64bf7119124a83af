"""How hard and how often we knock: per-host request rate and the backoff between tries.

The rate applies to page loads (navigations) per host, not to the images and scripts a
page pulls in: those are the site's own doing and the browser caches them.
"""
from __future__ import annotations

import asyncio
import time


class RateLimiter:
    """At most ``rate`` page loads per second per host (0: no limit)."""

    def __init__(self, rate: float = 0.0) -> None:
        self.interval = 1.0 / rate if rate and rate > 0 else 0.0
        self.next_slot: dict[str, float] = {}

    async def wait(self, host: str) -> None:
        if not self.interval:
            return
        now = time.monotonic()
        slot = max(now, self.next_slot.get(host, now))
        self.next_slot[host] = slot + self.interval
        if slot > now:
            await asyncio.sleep(slot - now)


def backoff(attempt: int, retry_after: float | None = None, base: float = 0.5, cap: float = 30.0) -> float:
    """Seconds to wait before attempt ``attempt + 1``: the server's Retry-After when it
    gave one (bounded by cap), else exponential from base (0.5, 1, 2, ... s)."""
    if retry_after is not None:
        return min(cap, max(0.0, retry_after))
    return min(cap, base * (2 ** (attempt - 1)))
