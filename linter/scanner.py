"""The scan: seeds -> frontier -> browser tabs -> touchpoints -> findings -> snapshot.

Pages render several at once (``concurrency`` tabs, by default as many as measuring
shows to be fastest: crawl/throttle.py), each worker with its own browser context per
device and one reused tab, recycled every ``recycle_every`` pages so memory stays flat
(browser/slots.py). Every URL ends with a status: a page that times out, answers 5xx or
429, or whose tab crashes is tried again after a backoff (``Retry-After`` honoured), then
recorded as failed with the reason; downloads, non-HTML answers, redirect loops and
enormous pages are recorded as skipped. The scan stops at its budget, on Ctrl-C or
SIGTERM, and returns the snapshot of what finished, marked incomplete; the checkpoint
journal lets ``resume`` go on from there. The crawl itself is ``crawl/run.py:Crawl``.
"""
from __future__ import annotations

import asyncio
from typing import Callable

from .crawl.stats import ScanStats
from .model import Finding, PageResult
from .options import ScanOptions
from .policy import Policy, load_policy
from .history.snapshot import Snapshot


def scan(seeds: list[str], policy: Policy | str | None = None, options: ScanOptions | None = None,
         on_page: Callable[[PageResult, list[Finding]], None] | None = None,
         on_progress: Callable[[ScanStats], None] | None = None, **kw) -> Snapshot:
    """Scan seeds and return the snapshot. Options as a ScanOptions or as its fields'
    keywords (checked the same way: an unknown keyword or a bad value is a UsageError)."""
    if not isinstance(policy, Policy):
        policy = load_policy(policy)
    if options is None:
        options = ScanOptions.from_keywords(**kw)
    elif kw:
        raise TypeError("scan(): give options either as a ScanOptions or as keywords, not both")
    extra = {}
    if options.frontier:
        from .crawl.shared import SharedCrawl as Kind   # imports redis: only with a frontier
    else:
        from .crawl.journeys import sidecars_for
        from .crawl.run import Crawl as Kind
        extra["sidecars"] = sidecars_for(options)
    return asyncio.run(Kind(list(seeds), policy, options, on_page, on_progress, **extra).run())


__all__ = ["ScanOptions", "ScanStats", "scan"]
