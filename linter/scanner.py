"""The scan: seeds -> frontier -> browser tabs -> touchpoints -> findings -> snapshot.

Pages render several at once (``concurrency`` tabs, by default as many as measuring
shows to be fastest: crawl/throttle.py), each worker with its own browser context per
device and one reused tab, recycled every ``recycle_every`` pages so memory stays flat
(crawl/slots.py). Every URL ends with a status: a page that times out, answers 5xx or 429, or whose
tab crashes is tried again after a backoff (``Retry-After`` honoured), then recorded as
failed with the reason; downloads, non-HTML answers, redirect loops and enormous pages are
recorded as skipped. The scan stops at its budget, on Ctrl-C or SIGTERM, and returns the
snapshot of what finished, marked incomplete; the checkpoint journal lets ``--resume``
go on from there.
"""
from __future__ import annotations

import asyncio
import re
import signal
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from .browser.auth import Access
from .crawl.frontier import QueueItem
from .crawl.politeness import RateLimiter, backoff
from .crawl.robots import Robots
from .crawl.seeds import expand
from .crawl.sitemap import fetch_sitemap
from .errors import UsageError
from .model import Finding, PageResult
from .policy import Policy, load_policy
from .history.snapshot import Snapshot
from .urls import same_origin


@dataclass
class ScanOptions:
    max_pages: int = 500
    max_depth: int = 10
    concurrency: int | None = None        # tabs at once; None: measured as the scan goes (crawl/throttle.py)
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    follow: bool = True
    page_timeout: float = 30.0
    settle_timeout: float = 5.0
    quiet_ms: int = 50
    scroll_rows: int = 20_000             # new text runs read per inner scroll container, at most
    scroll_containers: int = 20           # inner scroll containers scrolled per frame, at most
    browser_path: str | None = None
    viewport: tuple[int, int] | None = None   # None: 1280x800, or each device's own
    locale: str = "id-ID"
    timezone: str = "Asia/Jakarta"
    user_agent: str | None = None
    devices: tuple[str, ...] = ()          # Playwright device names; each scans every page
    recycle_every: int = 200             # measured: 2,000 pages peak at +50% memory without, flat with
    evidence_dir: str | None = None
    offline: bool | None = None           # None: offline exactly when every seed is local
    block_hosts: tuple[str, ...] = ()     # host patterns that never load (ads, analytics)
    block_resources: tuple[str, ...] = ("font", "media")  # resource types never loaded
    retries: int = 2                      # further attempts after a timeout, 5xx, 429, crash
    budget: float | None = None           # seconds for the whole scan
    rate: float = 0.0                     # page loads per second per host (0: no limit)
    robots: bool = True                   # obey robots.txt
    sitemaps: bool = True                 # add the pages robots.txt's sitemaps list
    max_page_mb: float = 10.0
    require_selector: str | None = None
    forbid_url_pattern: str | None = None
    access: Access = field(default_factory=Access)
    checkpoint: str | None = None
    resume: bool = False
    journeys: tuple = ()                  # linter.journeys.Journey: scripted states beside the crawl
    connect: tuple[str, ...] = ()         # ws:// Playwright browser servers (browser/remote.py)
    cdp: tuple[str, ...] = ()             # http:// DevTools endpoints of running Chromiums
    shard: str | None = None              # "K/N": render only the pages hashing to shard K (crawl/shard.py)
    visual: str = "auto"                  # on | off | assets (logos and colours, no OCR) | auto
    visual_cache: str | None = None       # folder of the visual cache (default ~/.cache/brandlint)


@dataclass
class ScanStats:
    started: float = field(default_factory=time.monotonic)
    done: int = 0
    failed: int = 0
    findings: int = 0
    queued: int = 0
    in_flight: int = 0
    tabs: int = 1                          # the current limit on tabs at once
    budget: float | None = None
    crawl: dict | None = None              # a shared crawl's figures (crawl/redis_frontier.py)


def scan(seeds: list[str], policy: Policy | str | None = None, options: ScanOptions | None = None,
         on_page: Callable[[PageResult, list[Finding]], None] | None = None,
         on_progress: Callable[[ScanStats], None] | None = None, **kw) -> Snapshot:
    """Scan seeds and return the snapshot. Options as ScanOptions fields or keywords."""
    if not isinstance(policy, Policy):
        policy = load_policy(policy)
    options = options or ScanOptions(**kw)
    from .crawl.run import run_scan
    return asyncio.run(run_scan(list(seeds), policy, options, on_page, on_progress))


def headers_for_seeds(seeds: list[str], access: Access):
    """``headers_for(url)``: the credentials and headers that may go to url (seed origins only)."""
    origins = [s for s in seeds if re.match(r"^https?://", s, re.I)]
    hdrs = access.seed_headers()

    def headers_for(url: str) -> dict[str, str]:
        return dict(hdrs) if any(same_origin(url, o) for o in origins) else {}
    return headers_for


def reach(seeds: list[str], opts: ScanOptions, notes: list[str]):
    """Expand seeds, read robots.txt and its sitemaps: (expanded seeds, robots or None)."""
    headers_for = headers_for_seeds(seeds, opts.access)
    expanded = expand(seeds, headers_for=headers_for)
    robots = Robots()
    origins = dict.fromkeys(f"{urlsplit(u).scheme}://{urlsplit(u).netloc}" for u in expanded.urls
                            if not any(u.startswith(r) for r in expanded.served_roots))
    if opts.robots or opts.sitemaps:
        for origin in origins:
            robots.load(origin, headers_for(origin + "/"))
    notes.extend(robots.notes)
    if opts.sitemaps:
        for origin, maps in robots.sitemaps.items():
            for sm in maps:
                try:
                    found = fetch_sitemap(sm, headers_for=headers_for)
                except UsageError as exc:
                    notes.append(f"robots.txt sitemap skipped: {exc}")
                    continue
                expanded.urls.extend(u for u in found if same_origin(u, origin) and u not in expanded.urls)
    return expanded, (robots if opts.robots else None)


def public_options(opts: ScanOptions) -> dict:
    """The options as the snapshot records them: never a password or a header's value."""
    d = asdict(opts)
    acc = d.pop("access")
    d["journeys"] = [{"name": j.name, "file": j.file} for j in opts.journeys]
    d["http_user"] = acc["http_user"]
    d["headers"] = sorted(acc["headers"])          # names only
    d["cookies_file"], d["storage_state"], d["login_script"] = acc["cookies_file"], acc["storage_state"], acc["login_script"]
    for k, v in list(d.items()):
        if isinstance(v, tuple):
            d[k] = list(v)
    return d


def retry_delay(item: QueueItem, retry_after: float | None) -> float:
    return backoff(item.attempt, retry_after)


def signals_to(stop: asyncio.Event, loop) -> list:
    installed = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, stop.set)
            installed.append(sig)
        except (NotImplementedError, RuntimeError, ValueError):
            pass
    return installed


def evidence_writer(opts: ScanOptions):
    if not opts.evidence_dir:
        return None
    from .browser.evidence import EvidenceWriter
    return EvidenceWriter(Path(opts.evidence_dir), viewport=opts.viewport or (1280, 800), locale=opts.locale)


__all__ = ["ScanOptions", "ScanStats", "scan", "RateLimiter"]
