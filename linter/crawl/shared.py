"""One worker of a crawl shared through Redis (``--frontier redis://…``): the ``Crawl``
with the Redis frontier plugged in, and the three things a shared crawl does differently.

- **Recording** a page is one step in Redis: its outcome (kept once), its new links and the
  release of its lease (crawl/redis_frontier.py). A page abandoned here (a signal, Redis
  gone) is *not* recorded in Redis: its lease lapses and another worker renders it.
- **Limits** are the crawl's, not the worker's: ``--max-pages`` counts pages attempted by
  every worker, ``--rate`` spaces page loads per host across workers, ``--budget`` runs
  from the crawl's start on Redis' clock.
- **The snapshot** each worker writes when nothing is queued or leased any more is the
  whole crawl's, read back from Redis in the order pages were queued. A worker that stops
  early writes what it knows, marked incomplete: the crawl so far when Redis is there,
  its own pages when Redis went away.
"""
from __future__ import annotations

import asyncio
import time

from ..errors import UsageError
from ..model import Finding, PageResult
from .outcome import Outcome, failed_status
from .redis_frontier import RedisFrontier, crawl_id_for
from .run import Crawl, local_frontier


class SharedRate:
    """``await wait(host)``: page loads per host spaced across every worker (Redis' clock)."""

    def __init__(self, frontier: RedisFrontier, rate: float) -> None:
        self.frontier = frontier
        self.interval = 1.0 / rate if rate > 0 else 0.0

    async def wait(self, host: str) -> None:
        if self.interval:
            delay = self.frontier.rate_delay(host, self.interval)
            if delay > 0:
                await asyncio.sleep(delay)


class SharedCrawl(Crawl):
    def __init__(self, seeds, policy, opts, on_page=None, on_progress=None, **kw) -> None:
        super().__init__(seeds, policy, opts, on_page, on_progress, frontier=self.shared_frontier, **kw)
        self.loop = None

    def shared_frontier(self, crawl) -> RedisFrontier:
        o = self.opts
        if self.expanded.served_roots:
            raise UsageError("--frontier: a local folder cannot be a shared crawl's seed (each worker would "
                             "serve it on its own port): serve it once and pass its URL")
        cid = o.crawl_id or crawl_id_for(self.seeds, self.policy.hash)
        frontier = RedisFrontier(o.frontier, cid, local_frontier(crawl), lease_s=o.lease)
        frontier.on_lost = self.lost
        meta = frontier.join({"seeds": self.seeds, "policy": self.policy.hash, "policy_name": self.policy.name})
        if o.budget:   # the crawl's budget, from its start on Redis' clock
            secs, micros = frontier.r.time()
            self.deadline = time.monotonic() + o.budget - (secs + micros / 1e6 - meta["started"])
        figures = frontier.figures()
        if figures.get("done") and not figures.get("queued") and not figures.get("leased"):
            self.notes.append(f"joined crawl {cid}, which had already finished: its snapshot is written as it "
                              f"was; pass a new --crawl-id (e.g. the CI run's id) to crawl the site again")
        self.snapshot.options["frontier"] = {"url": frontier.public_url, "crawl_id": cid, "lease": o.lease,
                                             "worker": frontier.consumer}
        return frontier

    def plan(self) -> None:
        super().plan()
        if self.opts.rate:
            self.rate = SharedRate(self.frontier, self.opts.rate)

    async def run(self):
        self.loop = asyncio.get_running_loop()
        try:
            return await super().run()
        finally:
            frontier = getattr(self, "frontier", None)
            if frontier is not None:
                frontier.close()

    def lost(self, why: str) -> None:
        """Redis went away (any thread): stop, and write what this worker knows."""
        def stop():
            self.why_stopped = why
            if self.stop is not None:
                self.stop.set()
        if self.loop is not None:
            self.loop.call_soon_threadsafe(stop)

    def admit(self, item) -> bool:
        if item.attempt > 1:
            return True
        if not self.frontier.admit(item, self.opts.max_pages):
            self.frontier.skip(item.url, f"over --max-pages {self.opts.max_pages}")
            self.frontier.ack(item)
            return False
        return True

    def record(self, item, out: Outcome, journal: bool = True) -> None:
        """Into Redis (outcome, links, lease released, in one step) unless abandoned here;
        then this worker's own figures."""
        if journal:
            self.frontier.complete(item, out.page.to_dict(), [f.to_dict() for f in out.findings], out.links,
                                   failed_status(out.page.status))
        key = item.key
        if key not in self.outcomes:
            self.order.append(key)
        self.outcomes[key] = out
        self.last_failure.pop(key, None)
        self.stats.done += 1
        self.stats.failed += failed_status(out.page.status)
        self.stats.findings += len(out.findings)
        if self.on_page:
            self.on_page(out.page, out.findings)

    async def ticker(self) -> None:
        while True:
            figures = await asyncio.to_thread(self.frontier.figures)
            self.stats.crawl = figures or self.stats.crawl
            self.stats.queued = figures.get("queued", 0) if figures else 0
            self.on_progress(self.stats)
            await asyncio.sleep(1.0)

    def finish(self):
        if self.frontier.lost:
            snap = super().finish()          # this worker's own pages
            snap.complete = False
            snap.options["notes"].append(self.frontier.lost)
            return snap
        for item in self.frontier.drain():   # retries held here: still leased in Redis
            self.abandon(item, self.why_stopped)
        return self.whole_crawl()

    def whole_crawl(self):
        """The snapshot of every worker's pages, from Redis; pages still queued when this
        worker stopped early are listed as skipped with the reason."""
        snap = self.snapshot
        outcomes, skipped, left = self.frontier.results()
        for o in outcomes:
            snap.pages.append(PageResult.from_dict(o["page"]))
            snap.findings.extend(Finding.from_dict(f) for f in o["findings"])
        seen = {(p.url, p.device) for p in snap.pages}
        for it in left:
            if (it["url"], it.get("device")) not in seen:
                snap.pages.append(PageResult(url=it["url"], status="skipped", error=self.why_stopped,
                                             depth=it.get("depth", 0), device=it.get("device")))
                snap.complete = False
        for url, reason in skipped:
            snap.pages.append(PageResult(url=url, status="skipped", error=reason))
        if self.stop.is_set():
            snap.complete = False
        snap.options["notes"] = self.notes
        if self.evidence:
            self.evidence.finish(snap)
        figures = self.frontier.figures()
        snap.options["frontier"]["workers_alive"] = figures.get("workers", 0)
        if self.on_progress:
            self.stats.crawl, self.stats.queued = figures, 0
            self.on_progress(self.stats)
        return snap
