"""The crawl loop behind ``scanner.scan``: workers take URLs from the frontier, render
them, and record one outcome per URL and device.

A worker never sleeps on a retry's backoff (the frontier holds retries until due) and
never waits longer than a page's hard deadline: ``page_timeout`` plus a small grace for
collection bounds every render from outside, so a tab stuck in a script loop costs one
timeout, not the scan. At the budget or on a signal, in-flight pages are abandoned and
recorded as skipped with the reason, never silently dropped.
"""
from __future__ import annotations

import asyncio
import re
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .checkpoint import CheckpointWriter, read_checkpoint, rebase
from ..findings import evaluate
from ..matcher import Matcher
from ..model import Finding, PageResult
from ..history.snapshot import Snapshot, now_iso
from .discover import discover
from .frontier import Frontier, QueueItem
from .shard import parse_shard
from .politeness import RateLimiter
from ..browser.slots import TabSlots
from .throttle import Throttle

GRACE_S = 3.0          # collection after the page's own deadline (collector, describe)
EVIDENCE_GRACE_S = 60.0
PARK_KEEP_S = 60.0     # a worker parked by the tab limit keeps its context this long
CDP_TYPES = {"texttrack": "TextTrack"}


@dataclass
class Outcome:
    page: PageResult
    findings: list[Finding] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    retryable: bool = False
    retry_after: float | None = None


async def run_scan(seeds, policy, opts, on_page, on_progress) -> Snapshot:
    from ..browser.launch import open_playwright
    from ..browser.pool import ContextSpec, WorkerPools, open_pools
    from ..browser.remote import EndpointsGone, parse_endpoints
    from ..browser.auth import load_login
    from ..browser.guard import GuardRules
    from ..browser.render import SETTLE, RenderOptions, Tab
    from ..scanner import (ScanStats, evidence_writer, headers_for_seeds, public_options, reach, retry_delay,
                           signals_to)

    endpoints = parse_endpoints(opts.connect, opts.cdp)
    started = time.monotonic()
    deadline = started + opts.budget if opts.budget else None
    matcher = Matcher(policy)
    notes: list[str] = []
    login = load_login(opts.access.login_script)
    expanded, robots = reach(seeds, opts, notes)
    snapshot = Snapshot(policy={"name": policy.name, "hash": policy.hash}, created=now_iso(),
                        seeds=list(seeds),
                        options={**public_options(opts), "routes": list(policy.routes)})
    devices = tuple(opts.devices) or (None,)
    outcomes: dict[tuple, Outcome] = {}
    order: list[tuple] = []
    journal = None
    ck_path = opts.checkpoint
    if opts.resume:
        journal = read_checkpoint(ck_path)
        rebase(journal, {u: str(p) for u, p in expanded.served_roots.items()})
        for e in journal.entries:
            key = (e.page.url, e.page.device)
            if key not in outcomes:
                order.append(key)
            outcomes[key] = Outcome(e.page, e.findings, e.links)
    frontier = Frontier(expanded.urls, max_pages=opts.max_pages, max_depth=opts.max_depth,
                        include=opts.include, exclude=opts.exclude, follow=opts.follow,
                        served_roots=expanded.served_roots, keep_hash_routes=policy.hash_routes,
                        devices=devices, robots=robots.allowed if robots else None,
                        done=set(outcomes),
                        ignored=policy.url_ignored if policy.ignore_url_patterns else None,
                        shard=parse_shard(opts.shard) if opts.shard else None)
    if journal:
        for e in journal.entries:
            frontier.add_links(e.links, QueueItem(e.page.url, e.depth, device=e.device))
    writer = None
    if ck_path:
        writer = CheckpointWriter(ck_path, {"seeds": list(seeds), "policy": policy.hash,
                                            "served": {u: str(p) for u, p in expanded.served_roots.items()}},
                                  append=bool(journal))
    ropts = RenderOptions(page_timeout=opts.page_timeout, settle_timeout=opts.settle_timeout,
                          quiet_ms=opts.quiet_ms, require_selector=opts.require_selector,
                          scroll_rows=opts.scroll_rows, scroll_containers=opts.scroll_containers,
                          max_page_bytes=int(opts.max_page_mb * 1_000_000),
                          forbid_url=re.compile(opts.forbid_url_pattern) if opts.forbid_url_pattern else None)
    rules = GuardRules(origins=list(dict.fromkeys(frontier.origins)), headers=opts.access.seed_headers(),
                       block_types=tuple(CDP_TYPES.get(t, t.capitalize()) for t in opts.block_resources))
    evidence = evidence_writer(opts)
    from .visual_step import start_visual
    visual = start_visual(policy, opts, notes)
    if visual is not None:
        ropts.visual = visual
    stats = ScanStats(started=started, budget=opts.budget, done=len(outcomes),
                      findings=sum(len(o.findings) for o in outcomes.values()),
                      failed=sum(o.page.status in ("failed", "not-authenticated") for o in outcomes.values()))
    rate = RateLimiter(opts.rate)
    throttle = Throttle(opts.concurrency)
    stop = asyncio.Event()
    why_stopped = ["scan interrupted"]
    loop = asyncio.get_running_loop()
    installed = signals_to(stop, loop)
    in_flight: dict[int, QueueItem] = {}
    last_failure: dict[tuple, Outcome] = {}
    attempted = [len(outcomes)]
    hard_cap = opts.page_timeout + GRACE_S + (EVIDENCE_GRACE_S if evidence else 0)
    journey_task = None

    def record(item: QueueItem, out: Outcome, journal: bool = True) -> None:
        key = (item.url, item.device)
        if key not in outcomes:
            order.append(key)
        outcomes[key] = out
        last_failure.pop(key, None)
        frontier.add_links(out.links, item)
        stats.done += 1
        stats.failed += out.page.status in ("failed", "not-authenticated")
        stats.findings += len(out.findings)
        if writer and journal:   # abandoned pages are not finished: a resume renders them
            writer.add(out.page, out.findings, out.links, item.depth)
        if on_page:
            on_page(out.page, out.findings)

    async def visit(tab: Tab, item: QueueItem) -> Outcome:
        pairs = []

        async def on_collected(page, rendered):
            pairs.extend(evaluate(rendered.touchpoints, matcher.policy, item.device))
            if evidence:
                pairs[:] = await evidence.capture(page, rendered, pairs)

        cap = hard_cap if deadline is None else max(0.5, min(hard_cap, deadline - time.monotonic()))
        t0 = time.monotonic()
        try:
            r = await asyncio.wait_for(tab.render(item.url, matcher, ropts, on_collected), cap)
        except asyncio.TimeoutError:
            await tab.close()
            return Outcome(PageResult(url=item.url, status="failed", depth=item.depth, device=item.device,
                                      error=f"timed out after {cap:g} s", attempts=item.attempt,
                                      elapsed_ms=int((time.monotonic() - t0) * 1000)), retryable=True)
        page = PageResult(url=item.url, final_url=r.final_url or None, http_status=r.http_status,
                          title=r.title, error=r.error or r.skipped or r.not_authenticated, depth=item.depth,
                          elapsed_ms=r.elapsed_ms, settled=r.settled, device=item.device, attempts=item.attempt,
                          redirects=r.redirects, frames=r.frames, scroll_containers=r.scroll_containers,
                          scroll_cut_short=r.scroll_cut_short, notes=list(r.notes),
                          requests=r.requests, requests_dropped=r.requests_dropped)
        findings: list[Finding] = []
        if r.skipped:
            page.status = "skipped"
        elif r.not_authenticated:
            page.status = "not-authenticated"
        elif r.error:
            page.status = "failed"
        else:
            findings = [f for _, f in pairs if f]
            page.touchpoints, page.violations = len(pairs), len(findings)
            page.compliant = page.touchpoints - page.violations
        links = [] if (r.error or r.not_authenticated) else r.links
        return Outcome(page, findings, links, r.retryable, r.retry_after)

    headers_for = headers_for_seeds(list(seeds), opts.access)

    async def explore(slots: TabSlots, item: QueueItem) -> None:
        """Another shard's page: read its links without rendering it (crawl/discover.py)."""
        tab = await tab_or_requeue(slots, item, frontier.devices[0])
        await rate.wait(urlsplit(item.url).netloc)
        found = await discover(tab.context, item.url, headers_for, opts.page_timeout)
        if found.retryable and item.attempt <= opts.retries:
            frontier.retry(item, retry_delay(item, found.retry_after))
        elif found.error:
            notes.append(f"links of {item.url} not read (another shard renders it): {found.error}")
        frontier.add_links(found.links, item)

    async def tab_or_requeue(slots: TabSlots, item: QueueItem, device=False):
        """The tab for item; with every endpoint gone, item goes back to the queue first."""
        try:
            return await slots.tab_for(item.device if device is False else device)
        except EndpointsGone:
            frontier.queue.appendleft(item)
            raise

    async def take_turn(index: int, slots: TabSlots) -> bool:
        """Wait until the tab limit admits this worker (False: the crawl is over). A worker
        parked by the limit keeps its context warm for the next probe a while, then frees it."""
        if throttle.may_run(index) or not slots.slots:
            return await throttle.acquire(index)
        try:
            return await asyncio.wait_for(throttle.acquire(index), PARK_KEEP_S)
        except asyncio.TimeoutError:
            await slots.close()
            return await throttle.acquire(index)

    async def worker(pools: list, index: int) -> None:
        slots = TabSlots(WorkerPools(pools, index), lambda ctx: Tab(ctx, rules), opts.recycle_every)
        try:
            await work(slots, index)
        except EndpointsGone:
            why_stopped[0] = "every browser endpoint is gone"
            stop.set()
        finally:
            await slots.close()

    async def work(slots: TabSlots, index: int) -> None:
        while not stop.is_set():
            if not await take_turn(index, slots):
                return
            item = frontier.pop()
            if item is None:
                throttle.release(done=False)
                if not in_flight and not frontier.later:
                    throttle.close()
                    return
                throttle.starved()
                await asyncio.sleep(0.02)
                continue
            if item.attempt == 1:
                if attempted[0] >= opts.max_pages:
                    throttle.release(done=False)
                    frontier.skip(item.url, f"over --max-pages {opts.max_pages}")
                    continue
                attempted[0] += 1
            in_flight[id(item)] = item
            stats.in_flight = len(in_flight)
            if item.discover:
                try:
                    await explore(slots, item)
                finally:
                    in_flight.pop(id(item), None)
                    throttle.release(done=False)
                continue
            try:
                tab = await tab_or_requeue(slots, item)
                await rate.wait(urlsplit(item.url).netloc)
                out = await visit(tab, item)
                slots.rendered(item.device)
            finally:
                in_flight.pop(id(item), None)
                stats.in_flight = len(in_flight)
                throttle.release()
                stats.tabs = throttle.limit
            key = (item.url, item.device)
            if out.retryable and item.attempt <= opts.retries:
                delay = retry_delay(item, out.retry_after)
                if deadline is None or time.monotonic() + delay < deadline:
                    last_failure[key] = out
                    frontier.retry(item, delay)
                    continue
                out.page.error += " (no time left in the budget to retry)"
            record(item, out)

    async def ticker() -> None:
        while True:
            stats.queued = frontier.waiting
            on_progress(stats)
            await asyncio.sleep(0.5)

    try:
        async with open_playwright() as pw:
            pools = await open_pools(pw, ContextSpec(viewport=opts.viewport, locale=opts.locale, timezone=opts.timezone,
                                                     user_agent=opts.user_agent, init_script=SETTLE),
                                     opts.access, login, endpoints=endpoints, explicit_path=opts.browser_path,
                                     offline_except=_offline_hosts(opts, expanded), blocked=opts.block_hosts)
            throttle.start()
            if evidence:
                evidence.user_agent = opts.user_agent or await _default_ua(pools[0].browser)
            tasks = [asyncio.create_task(worker(pools, i)) for i in range(throttle.workers)]
            if opts.journeys and _runs_journeys(opts.shard):   # beside the crawl, in contexts of the same browser
                from .journeys import run_journeys
                journey_task = asyncio.create_task(run_journeys(
                    pools[0], opts.journeys, expanded.urls[0] if expanded.urls else "", matcher, ropts, rules,
                    evidence, devices))
                tasks.append(journey_task)
            tick = asyncio.create_task(ticker()) if on_progress else None
            waiter = asyncio.create_task(stop.wait())
            timeout = None if deadline is None else max(0.0, deadline - time.monotonic())
            crawl = asyncio.gather(*tasks)
            await asyncio.wait([crawl, waiter], timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
            if crawl.done() and not crawl.cancelled() and crawl.exception():
                raise crawl.exception()   # a usage error met in a worker (login script)
            if not all(t.done() for t in tasks):
                if not stop.is_set():
                    why_stopped[0] = f"scan budget of {opts.budget:g} s used up"
                stop.set()
                snapshot.complete = False
                abandoned = [i for i in in_flight.values() if not i.discover]
                for t in tasks:
                    t.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
                for item in abandoned:
                    _abandon(item, last_failure, record, why_stopped[0])
            waiter.cancel()
            if tick:
                tick.cancel()
            for pool in pools:
                await pool.close()
            snapshot.options["browser_relaunches"] = sum(p.relaunches for p in pools)
            if endpoints:
                snapshot.options["endpoints"] = [ep.record() for ep in endpoints]
            snapshot.options["tabs"] = throttle.summary()
    finally:
        expanded.close()
        if visual is not None:
            visual.engine.close()
            snapshot.options["visual_step"] = {"mode": visual.mode, "pages": visual.pages, "ms": round(visual.ms),
                                          **visual.engine.summary()}
        for sig in installed:
            loop.remove_signal_handler(sig)
        if writer:
            writer.close()
    for item in frontier.drain():
        if item.discover:
            continue
        _abandon(item, last_failure, record, why_stopped[0] if stop.is_set() else f"over --max-pages {opts.max_pages}")
    for key in order:
        snapshot.pages.append(outcomes[key].page)
        snapshot.findings.extend(outcomes[key].findings)
    if journey_task is not None and journey_task.done() and not journey_task.cancelled():
        _record_journeys(snapshot, journey_task.result(), on_page)
    elif journey_task is not None:
        notes.append(f"journeys not finished: {why_stopped[0]}")
        snapshot.complete = False
    for url, reason in frontier.skipped:
        snapshot.pages.append(PageResult(url=url, status="skipped", error=reason))
    snapshot.options["notes"] = notes
    if evidence:
        evidence.finish(snapshot)
    if on_progress:
        stats.queued = 0
        on_progress(stats)
    return snapshot


def _runs_journeys(shard: str | None) -> bool:
    """Journeys run in one shard only (the first), so merged shards hold each state once."""
    return shard is None or shard.split("/")[0].strip() == "1"


def _record_journeys(snapshot: Snapshot, results: list, on_page) -> None:
    """Journey states and failures after the crawled pages, in journey order."""
    for page, findings in results:
        snapshot.pages.append(page)
        snapshot.findings.extend(findings)
        if on_page:
            on_page(page, findings)


def _abandon(item: QueueItem, last_failure: dict, record, reason: str) -> None:
    """A page the scan will not render now: its last failure if it had one, else skipped."""
    prev = last_failure.get((item.url, item.device))
    if prev is not None:
        prev.page.error = f"{prev.page.error} ({reason}, not retried)"
        record(item, prev, journal=False)
    else:
        record(item, Outcome(PageResult(url=item.url, status="skipped", error=reason, depth=item.depth,
                                        device=item.device)), journal=False)


def _offline_hosts(opts, expanded):
    if opts.offline is True or (opts.offline is None and expanded.only_local):
        return sorted({urlsplit(u).hostname or "" for u in expanded.urls} - {""})
    return None


async def _default_ua(browser) -> str:
    ctx = await browser.new_context()
    page = await ctx.new_page()
    ua = await page.evaluate("navigator.userAgent")
    await ctx.close()
    return ua
