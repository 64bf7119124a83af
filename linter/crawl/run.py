"""The crawl behind ``scanner.scan``: workers take URLs from the frontier, render them, and
record one outcome per URL and device.

A worker never sleeps on a retry's backoff (the frontier holds retries until due) and
never waits longer than a page's hard deadline: ``page_timeout`` plus a small grace
bounds every render from outside until the page settled, so a tab stuck in a script loop
costs one timeout, not the scan; from then on brandlint's own reading has its own bound,
which grows with the page's elements (browser/budget.py), so a big page that loaded is
never recorded as timed out because reading it is slow. At the budget or on a signal, in-flight pages are abandoned and
recorded as skipped with the reason, never silently dropped.
"""
from __future__ import annotations

import asyncio
import signal
import time
from urllib.parse import urlsplit

from ..browser.slots import TabSlots
from ..findings import evaluate
from ..history.snapshot import Snapshot, now_iso
from ..matcher import Matcher
from ..model import Finding, PageResult, PageStatus
from .checkpoint import CheckpointWriter, read_checkpoint, rebase
from .discover import discover
from .frontier import Frontier, QueueItem
from .outcome import Outcome, failed_status, timed_out
from .politeness import RateLimiter, backoff
from .reach import headers_for_seeds, reach
from .shard import parse_shard
from .stats import ScanStats
from .throttle import Throttle

GRACE_S = 3.0          # collection after the page's own deadline (collector, describe)
EVIDENCE_GRACE_S = 60.0
PARK_KEEP_S = 60.0     # a worker parked by the tab limit keeps its context this long
CDP_TYPES = {"texttrack": "TextTrack"}


class Crawl:
    """One scan's crawl: ``await Crawl(seeds, policy, opts).run()`` returns the Snapshot.

    The steps, in order, each a method sharing state as attributes:
    ``reach`` (seeds, robots.txt, sitemaps) → ``restore`` (the checkpoint of an interrupted
    run, with ``--resume``) → ``schedule`` (workers take turns from the throttle and leases
    from the frontier) → ``render`` (one page in a tab) → ``settle`` (retry later, or
    ``record``) → ``record`` (the outcome, its links into the frontier, its journal line)
    → ``finish`` (the snapshot, in the order pages were first met).

    Seams for what runs beside or instead of the parts:

    - **Frontier** (scale-out: shards, a Redis frontier): pass ``frontier=`` a callable
      ``crawl -> frontier``; it gets ``crawl.expanded``, ``crawl.robots``, ``crawl.devices``
      and ``crawl.outcomes`` (keys already done) to build from. The crawl only uses the
      lease/ack/push interface that ``crawl.frontier.FrontierLike`` documents.
    - **Browsers**: ``crawl.pools`` holds one ``BrowserPool`` per endpoint (the local
      Chromium, or each ``connect``/``cdp`` remote one: browser/remote.py); a worker sees
      them through ``WorkerPools`` (its own, else the next live one). ``new_pools`` is the
      one place they are opened.
    - **Shards**: with ``shard``, the frontier queues pages another shard owns as
      ``discover`` items: ``explore`` reads their links without rendering them.
    - **Sidecars** (journeys: scripted states beside the crawl): pass ``sidecars=`` async
      callables ``crawl -> None``; each runs beside the workers once the browser is up, and
      the crawl ends when the workers and every sidecar are done. A sidecar opens its tabs
      with ``crawl.new_slots()`` (the scan's contexts: device, login, guard), evaluates what
      it collected with ``crawl.evaluate(item, page, rendered)``, builds the outcome with
      ``crawl.outcome(item, rendered, pairs)`` and records it with ``crawl.record(item, out)``:
      the same path as crawled pages, so the journal, ``--resume``, progress and the
      snapshot treat them alike. ``item.key`` decides what "the same page" is: a subclass of
      ``QueueItem`` may add the journey and state to it.
    """

    def __init__(self, seeds, policy, opts, on_page=None, on_progress=None, *,
                 frontier=None, sidecars=()) -> None:
        self.seeds = list(seeds)
        self.policy = policy
        self.opts = opts
        self.on_page = on_page
        self.on_progress = on_progress
        self.make_frontier = frontier or local_frontier
        self.sidecars = list(sidecars)
        self.started = time.monotonic()
        self.deadline = self.started + opts.budget if opts.budget else None
        self.matcher = Matcher(policy)
        self.devices = tuple(opts.devices) or (None,)
        self.notes: list[str] = []
        self.outcomes: dict[tuple, Outcome] = {}   # key -> the outcome recorded last
        self.order: list[tuple] = []               # keys in the order first recorded
        self.last_failure: dict[tuple, Outcome] = {}  # key -> failure waiting for its retry
        self.in_flight: dict[int, QueueItem] = {}
        self.attempted = 0
        self.busy_sidecars = 0
        self.why_stopped = "scan interrupted"
        self.journal = self.writer = self.stop = None
        self.pools: list = []

    # -- reach and restore -------------------------------------------------------------
    def reach(self) -> None:
        """Seeds expanded, robots.txt read; the snapshot begins (its ``created`` is now)."""
        self.expanded, self.robots = reach(self.seeds, self.opts, self.notes)
        self.headers_for = headers_for_seeds(self.seeds, self.opts.access)
        self.snapshot = Snapshot(policy={"name": self.policy.name, "hash": self.policy.hash},
                                 created=now_iso(), seeds=list(self.seeds),
                                 options={**self.opts.public(), "routes": list(self.policy.routes)})

    def served(self) -> dict[str, str]:
        return {u: str(p) for u, p in self.expanded.served_roots.items()}

    def restore(self) -> None:
        """With ``resume``: the pages the interrupted run finished count as done."""
        if not self.opts.resume:
            return
        self.journal = read_checkpoint(self.opts.checkpoint)
        rebase(self.journal, self.served())
        for e in self.journal.entries:
            key = (e.page.url, e.page.device)
            if key not in self.outcomes:
                self.order.append(key)
            self.outcomes[key] = Outcome(e.page, e.findings, e.links)

    def plan(self) -> None:
        """The frontier (with the restored pages' links), the journal, the render settings."""
        self.frontier = self.make_frontier(self)
        if self.journal:
            for e in self.journal.entries:
                self.frontier.push(e.links, QueueItem(e.page.url, e.depth, device=e.device))
        if self.opts.checkpoint:
            self.writer = CheckpointWriter(self.opts.checkpoint, {
                "seeds": self.seeds, "policy": self.policy.hash, "served": self.served()},
                append=bool(self.journal))
        self.prepare_render()
        done = self.outcomes.values()
        self.stats = ScanStats(started=self.started, budget=self.opts.budget, done=len(self.outcomes),
                               findings=sum(len(o.findings) for o in done),
                               failed=sum(failed_status(o.page.status) for o in done))
        self.rate = RateLimiter(self.opts.rate)
        self.throttle = Throttle(self.opts.concurrency)

    def prepare_render(self) -> None:
        from ..browser.guard import GuardRules
        from ..browser.render import RenderOptions
        o = self.opts
        self.render_options = RenderOptions(
            page_timeout=o.page_timeout, settle_timeout=o.settle_timeout, quiet_ms=o.quiet_ms,
            require_selector=o.require_selector, max_page_bytes=int(o.max_page_mb * 1_000_000),
            max_elements=o.max_elements,
            scroll_rows=o.scroll_rows, scroll_containers=o.scroll_containers,
            forbid_url=o.forbid_url, requests=o.requests)
        self.guard_rules = GuardRules(
            origins=list(dict.fromkeys(self.frontier.origins)), headers=o.access.seed_headers(),
            block_types=tuple(CDP_TYPES.get(t, t.capitalize()) for t in o.block_resources))
        self.evidence = None
        if o.evidence_dir:
            from pathlib import Path
            from ..browser.evidence import EvidenceWriter
            self.evidence = EvidenceWriter(Path(o.evidence_dir), viewport=o.viewport or (1280, 800), locale=o.locale)
        self.hard_cap = o.page_timeout + GRACE_S + (EVIDENCE_GRACE_S if self.evidence else 0)
        if getattr(self, "visual", None) is not None:
            from ..browser.visual import VISUAL_BUDGET_S
            self.render_options.visual = self.visual
            self.hard_cap += VISUAL_BUDGET_S   # the pixels are read after the page's own deadline

    # -- the run -----------------------------------------------------------------------
    async def run(self) -> Snapshot:
        from ..browser.auth import load_login
        from ..browser.remote import parse_endpoints
        self.endpoints = parse_endpoints(self.opts.connect, self.opts.cdp)
        login = load_login(self.opts.access.login_script)
        # The visual pool forks now, before any thread (the local server's, Playwright's).
        from .visual_step import start_visual
        self.visual = start_visual(self.policy, self.opts, self.notes)
        try:
            self.reach()
            self.restore()
            self.plan()
        except BaseException:
            self.close_visual()
            raise
        self.stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        installed = signals_to(self.stop, loop)
        try:
            await self.in_browser(login)
        finally:
            self.expanded.close()
            self.close_visual()
            for sig in installed:
                loop.remove_signal_handler(sig)
            if self.writer:
                self.writer.close()
        return self.finish()

    async def in_browser(self, login) -> None:
        from ..browser.launch import open_playwright
        async with open_playwright() as pw:
            self.pools = await self.new_pools(pw, login)
            self.throttle.start()
            if self.evidence:
                self.evidence.user_agent = self.opts.user_agent or await _default_ua(self.pools[0].browser)
            await self.schedule()
            for pool in self.pools:
                await pool.close()
            self.snapshot.options["browser_relaunches"] = sum(p.relaunches for p in self.pools)
            if self.endpoints:
                self.snapshot.options["endpoints"] = [ep.record() for ep in self.endpoints]
            self.snapshot.options["tabs"] = self.throttle.summary()

    def close_visual(self) -> None:
        v = getattr(self, "visual", None)
        if v is not None:
            v.engine.close()
            self.visual = None
            if getattr(self, "snapshot", None) is not None:
                self.snapshot.options["visual_step"] = v.summary()

    async def new_pools(self, pw, login) -> list:
        """The browsers, started: the local one, or one per remote endpoint."""
        from ..browser.pool import ContextSpec, open_pools
        from ..browser.render import INIT_SCRIPT
        o = self.opts
        spec = ContextSpec(viewport=o.viewport, locale=o.locale, timezone=o.timezone,
                           user_agent=o.user_agent, init_script=INIT_SCRIPT)
        return await open_pools(pw, spec, o.access, login, endpoints=self.endpoints, explicit_path=o.browser_path,
                                offline_except=_offline_hosts(o, self.expanded), blocked=o.block_hosts)

    def new_slots(self, index: int = 0) -> TabSlots:
        """A worker's (or a sidecar's) contexts, one per device, each with its reused tab."""
        from ..browser.pool import WorkerPools
        from ..browser.render import Tab
        return TabSlots(WorkerPools(self.pools, index), lambda ctx: Tab(ctx, self.guard_rules),
                        self.opts.recycle_every)

    # -- schedule ----------------------------------------------------------------------
    async def schedule(self) -> None:
        """Workers (and sidecars) until the frontier is done, the budget is up or a signal."""
        tasks = [asyncio.create_task(self.worker(i)) for i in range(self.throttle.workers)]
        tasks += [asyncio.create_task(self._sidecar(s)) for s in self.sidecars]
        tick = asyncio.create_task(self.ticker()) if self.on_progress else None
        waiter = asyncio.create_task(self.stop.wait())
        timeout = None if self.deadline is None else max(0.0, self.deadline - time.monotonic())
        crawl = asyncio.gather(*tasks)
        await asyncio.wait([crawl, waiter], timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        if crawl.done() and not crawl.cancelled() and crawl.exception():
            raise crawl.exception()   # a usage error met in a worker (login script)
        if not all(t.done() for t in tasks):
            await self.interrupt(tasks)
        waiter.cancel()
        if tick:
            tick.cancel()

    async def interrupt(self, tasks) -> None:
        """The budget is up or a signal came: pages in flight are abandoned, with the reason."""
        if not self.stop.is_set():
            self.why_stopped = f"scan budget of {self.opts.budget:g} s used up"
        self.stop.set()
        self.snapshot.complete = False
        abandoned = [i for i in self.in_flight.values() if not i.discover]
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for item in abandoned:
            self.abandon(item, self.why_stopped)

    async def _sidecar(self, run) -> None:
        self.busy_sidecars += 1
        try:
            await run(self)
        finally:
            self.busy_sidecars -= 1

    async def worker(self, index: int) -> None:
        from ..browser.remote import EndpointsGone
        slots = self.new_slots(index)
        try:
            await self.work(index, slots)
        except EndpointsGone:
            self.why_stopped = "every browser endpoint is gone"
            self.stop.set()
        finally:
            await slots.close()

    async def work(self, index: int, slots: TabSlots) -> None:
        """Turn after turn: lease a page, render it (or read its links), settle it."""
        while not self.stop.is_set():
            if not await self.take_turn(index, slots):
                return
            item = self.frontier.lease()
            if item is None:
                self.throttle.release(done=False)
                if self.frontier.finished(len(self.in_flight) + self.busy_sidecars):
                    self.throttle.close()
                    return
                self.throttle.starved()
                await asyncio.sleep(0.02)
                continue
            if not self.admit(item):
                self.throttle.release(done=False)
            elif item.discover:
                await self.explore(slots, item)
            else:
                self.settle(item, await self.visit(slots, item))

    async def take_turn(self, index: int, slots: TabSlots) -> bool:
        """Wait until the tab limit admits this worker (False: the crawl is over). A worker
        parked by the limit keeps its context warm for the next probe a while, then frees it."""
        if self.throttle.may_run(index) or not slots.slots:
            return await self.throttle.acquire(index)
        try:
            return await asyncio.wait_for(self.throttle.acquire(index), PARK_KEEP_S)
        except asyncio.TimeoutError:
            await slots.close()
            return await self.throttle.acquire(index)

    def admit(self, item: QueueItem) -> bool:
        """A first attempt counts against ``max_pages``; one over it is skipped with the reason."""
        if item.attempt > 1:
            return True
        if self.attempted >= self.opts.max_pages:
            self.frontier.skip(item.url, f"over --max-pages {self.opts.max_pages}")
            self.frontier.ack(item)
            return False
        self.attempted += 1
        return True

    async def tab_for(self, slots: TabSlots, item: QueueItem, device=False):
        """The tab for item; with every endpoint gone, item goes back to the frontier first."""
        from ..browser.remote import EndpointsGone
        try:
            return await slots.tab_for(item.device if device is False else device)
        except EndpointsGone:
            self.frontier.release(item)
            raise

    async def explore(self, slots: TabSlots, item: QueueItem) -> None:
        """Another shard's page: read its links without rendering it (crawl/discover.py)."""
        self.in_flight[id(item)] = item
        try:
            tab = await self.tab_for(slots, item, self.frontier.devices[0])
            await self.rate.wait(urlsplit(item.url).netloc)
            found = await discover(tab.context, item.url, self.headers_for, self.opts.page_timeout)
            if found.retryable and item.attempt <= self.opts.retries:
                self.frontier.retry(item, backoff(item.attempt, found.retry_after))
            elif found.error:
                self.notes.append(f"links of {item.url} not read (another shard renders it): {found.error}")
            self.frontier.push(found.links, item)
        finally:
            self.in_flight.pop(id(item), None)
            self.throttle.release(done=False)

    async def visit(self, slots: TabSlots, item: QueueItem) -> Outcome:
        """One page rendered in the worker's tab, in flight while it renders."""
        self.in_flight[id(item)] = item
        self.stats.in_flight = len(self.in_flight)
        try:
            tab = await self.tab_for(slots, item)
            await self.rate.wait(urlsplit(item.url).netloc)
            out = await self.render(tab, item)
            slots.rendered(item.device)
            return out
        finally:
            self.in_flight.pop(id(item), None)
            self.stats.in_flight = len(self.in_flight)
            self.throttle.release()
            self.stats.tabs = self.throttle.limit

    async def ticker(self) -> None:
        while True:
            self.stats.queued = self.frontier.waiting
            self.on_progress(self.stats)
            await asyncio.sleep(0.5)

    # -- render ------------------------------------------------------------------------
    async def render(self, tab, item: QueueItem) -> Outcome:
        """Render item in tab within the page's hard deadline (and the budget's)."""
        pairs: list = []

        async def on_collected(page, rendered):
            pairs.extend(await self.evaluate(item, page, rendered))

        from ..browser.budget import Progress
        progress = Progress()
        t0 = time.monotonic()
        task = asyncio.ensure_future(tab.render(item.url, self.matcher, self.render_options, on_collected, progress))
        r = await self.watch(task, progress, t0)
        if r is None:
            await tab.close()
            return timed_out(item, self.limit(progress, t0) - t0, int((time.monotonic() - t0) * 1000))
        return self.outcome(item, r, pairs)

    def limit(self, progress, t0: float) -> float:
        """A render's deadline now: the page's hard cap until it settled, then brandlint's
        own bound (browser/budget.py); never past the scan's budget (half a second at least)."""
        extra = self.hard_cap - self.opts.page_timeout - GRACE_S   # evidence, visual
        at = progress.limit(t0 + self.hard_cap, GRACE_S + extra)
        if self.deadline is not None:
            at = max(t0 + 0.5, min(at, self.deadline))
        return at

    async def watch(self, task, progress, t0: float):
        """The render's result, or None (task cancelled) once its deadline passed; the
        deadline moves when the page settles, so it is looked at again then."""
        while True:
            left = self.limit(progress, t0) - time.monotonic()
            if left <= 0:
                break
            done, _ = await asyncio.wait({task}, timeout=left)
            if done:
                return task.result()
        task.cancel()
        try:
            await task
        except (asyncio.CancelledError, Exception):  # noqa: BLE001 - abandoned: its error says nothing more
            pass
        return None

    async def evaluate(self, item: QueueItem, page, rendered) -> list[tuple]:
        """(touchpoint, finding or None) for what a page showed; evidence captured."""
        pairs = evaluate(rendered.touchpoints, self.policy, item.device)
        if self.evidence:
            pairs = await self.evidence.capture(page, rendered, pairs)
        return pairs

    def outcome(self, item: QueueItem, r, pairs) -> Outcome:
        """The outcome of a render: the page's record, its findings and its links."""
        page = PageResult(url=item.url, final_url=r.final_url or None, http_status=r.http_status,
                          title=r.title, error=r.error or r.skipped or r.not_authenticated, depth=item.depth,
                          elapsed_ms=r.elapsed_ms, settled=r.settled, device=item.device, attempts=item.attempt,
                          redirects=r.redirects, frames=r.frames, scroll_containers=r.scroll_containers,
                          scroll_cut_short=r.scroll_cut_short, notes=list(r.notes),
                          requests=r.requests, requests_dropped=r.requests_dropped,
                          requests_recorded=r.requests_recorded)
        findings: list[Finding] = []
        if r.skipped:
            page.status = PageStatus.SKIPPED
        elif r.not_authenticated:
            page.status = PageStatus.NOT_AUTHENTICATED
        elif r.error:
            page.status = PageStatus.FAILED
        else:
            findings = [f for _, f in pairs if f]
            page.touchpoints, page.violations = len(pairs), len(findings)
        links = [] if (r.error or r.not_authenticated) else r.links
        return Outcome(page, findings, links, r.retryable, r.retry_after)

    # -- settle, record ----------------------------------------------------------------
    def settle(self, item: QueueItem, out: Outcome) -> None:
        """A retryable failure goes back to the frontier while tries and budget last."""
        if out.retryable and item.attempt <= self.opts.retries:
            delay = backoff(item.attempt, out.retry_after)
            if self.deadline is None or time.monotonic() + delay < self.deadline:
                self.last_failure[item.key] = out
                self.frontier.retry(item, delay)
                return
            out.page.error += " (no time left in the budget to retry)"
        self.record(item, out)
        self.frontier.ack(item)

    def record(self, item: QueueItem, out: Outcome, journal: bool = True) -> None:
        """The one way a page's outcome enters the scan: outcomes, frontier, stats, journal."""
        key = item.key
        if key not in self.outcomes:
            self.order.append(key)
        # Kept to the end for the snapshot: the page's record and findings, not its links
        # (a page of hundreds of links, over thousands of pages, only grows memory).
        self.outcomes[key] = Outcome(out.page, out.findings)
        self.last_failure.pop(key, None)
        self.frontier.push(out.links, item)
        self.stats.done += 1
        self.stats.failed += failed_status(out.page.status)
        self.stats.findings += len(out.findings)
        if self.writer and journal:   # abandoned pages are not finished: a resume renders them
            self.writer.add(out.page, out.findings, out.links, item.depth)
        if self.on_page:
            self.on_page(out.page, out.findings)

    def abandon(self, item: QueueItem, reason: str) -> None:
        """A page the scan will not render now: its last failure if it had one, else skipped."""
        prev = self.last_failure.get(item.key)
        if prev is not None:
            prev.page.error = f"{prev.page.error} ({reason}, not retried)"
            self.record(item, prev, journal=False)
        else:
            self.record(item, Outcome(PageResult(url=item.url, status=PageStatus.SKIPPED, error=reason, depth=item.depth,
                                                 device=item.device)), journal=False)

    # -- finish ------------------------------------------------------------------------
    def finish(self) -> Snapshot:
        """What is still waiting is skipped with the reason; the snapshot in page order."""
        left = self.why_stopped if self.stop.is_set() else f"over --max-pages {self.opts.max_pages}"
        for item in self.frontier.drain():
            if not item.discover:
                self.abandon(item, left)
        snap = self.snapshot
        for key in self.order:
            snap.pages.append(self.outcomes[key].page)
            snap.findings.extend(self.outcomes[key].findings)
        for url, reason in self.frontier.skipped:
            snap.pages.append(PageResult(url=url, status=PageStatus.SKIPPED, error=reason))
        snap.options["notes"] = self.notes
        if self.evidence:
            self.evidence.finish(snap)
        if self.on_progress:
            self.stats.queued = 0
            self.on_progress(self.stats)
        return snap


async def run_scan(seeds, policy, opts, on_page=None, on_progress=None) -> Snapshot:
    """This process's crawl (a shared one, ``frontier``, is ``crawl/shared.py:SharedCrawl``,
    which ``scanner.scan`` picks: it builds on this module, so this one never imports it).
    Journeys run beside it as a sidecar (crawl/journeys.py)."""
    from .journeys import sidecars_for
    sidecars = sidecars_for(opts)
    return await Crawl(seeds, policy, opts, on_page, on_progress, sidecars=sidecars).run()


def local_frontier(crawl: Crawl) -> Frontier:
    """The in-process frontier (the default): breadth first, one scan, one machine."""
    o, policy = crawl.opts, crawl.policy
    shard = parse_shard(o.shard, "shard") if o.shard else None
    return Frontier(crawl.expanded.urls, max_pages=o.max_pages, max_depth=o.max_depth,
                    include=o.include, exclude=o.exclude, follow=o.follow,
                    served_roots=crawl.expanded.served_roots, keep_hash_routes=policy.hash_routes,
                    devices=crawl.devices, robots=crawl.robots.allowed if crawl.robots else None,
                    done=set(crawl.outcomes),
                    ignored=policy.url_ignored if policy.ignore_url_patterns else None,
                    shard=shard if shard is not None and shard.total > 1 else None)


def signals_to(stop: asyncio.Event, loop) -> list:
    """SIGINT and SIGTERM set ``stop`` (the crawl then ends as an incomplete snapshot)."""
    installed = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, stop.set)
            installed.append(sig)
        except (NotImplementedError, RuntimeError, ValueError):
            pass
    return installed


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
