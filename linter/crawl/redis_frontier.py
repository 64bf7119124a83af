"""A frontier shared through Redis: workers on any number of machines lease URLs from one
queue, render them, and push outcomes and new links back (``--frontier redis://…``).

Redis' own mechanisms, as scrapy-redis uses them for Scrapy: a **stream with a consumer
group** delivers each queued page to one worker and keeps it in that worker's pending
list until acknowledged; a worker that dies (SIGKILL, a lost machine) stops heartbeating
its leases, and after ``lease`` seconds of idleness ``XAUTOCLAIM`` hands them to another
worker. A **set** holds every URL ever seen, a **hash** the outcomes (``HSETNX``: an
outcome recorded twice, by a slow worker and by the one that reclaimed its lease, is kept
once). Each step that must not tear (record the outcome, queue its new links, acknowledge
the lease) is one Lua script: crawl/redis_scripts.py.

What is filtered where: every worker applies the same rules to a link (origin, robots,
depth, include/exclude, the policy's ignores) with its own ``Frontier``, whose ``seen``
set is only a cache in front of Redis' one. Nothing of ``Access`` (passwords, header
values, cookies) is ever sent: items carry URL, depth, parent, device and attempt;
outcomes carry what the snapshot carries.

The interface is the crawl's frontier one (lease, ack, push, retry, skip, finished, drain,
waiting) plus ``complete`` (outcome and ack in one step) and the figures of the whole
crawl. Calls are synchronous: a loopback round trip is ~0.1 ms, and a background thread
heartbeats the leases so a long render never loses its page. When Redis goes away the
frontier marks itself ``lost`` and answers as if empty; the crawl then stops incomplete.
"""
from __future__ import annotations

import hashlib
import heapq
import itertools
import json
import os
import socket
import threading
import time
from dataclasses import asdict, dataclass

from ..errors import UsageError
from . import redis_scripts as lua
from .frontier import Frontier, QueueItem

GROUP = "workers"
POLL_QUIET_S = 0.1     # after an empty poll, the next one waits this long


@dataclass
class LeasedItem(QueueItem):
    entry: str = ""         # the stream entry this page was delivered as


def page_key(url: str, device: str | None) -> str:
    return f"{url}\x1f{device or ''}"


def crawl_id_for(seeds: list[str], policy_hash: str) -> str:
    """The crawl a set of seeds and a policy make (order of seeds does not matter)."""
    blob = json.dumps({"seeds": sorted(seeds), "policy": policy_hash}, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def _item(d: dict, entry: str) -> LeasedItem:
    return LeasedItem(url=d["url"], depth=d.get("depth", 0), parent=d.get("parent"), device=d.get("device"),
                      attempt=d.get("attempt", 1), entry=entry)


class RedisFrontier:
    def __init__(self, url: str, crawl_id: str, rules: Frontier, *, lease_s: float = 60.0,
                 consumer: str | None = None) -> None:
        import redis   # the [scale] extra: imported only with --frontier
        self.errors = (redis.ConnectionError, redis.TimeoutError)
        self.url = url
        self.crawl_id = crawl_id
        self.r = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5, decode_responses=True)
        self.rules = rules
        self.origins = rules.origins
        self.devices = rules.devices
        self.skipped: list[tuple[str, str]] = []        # recorded in Redis, never here
        self.lease_s = lease_s
        self.consumer = consumer or f"{socket.gethostname()}-{os.getpid()}-{os.urandom(3).hex()}"
        self.leased: dict[str, LeasedItem] = {}          # entry id -> item this worker holds
        self.later: list = []                            # retries held (still leased): (due, tie, item)
        self._tie = itertools.count()
        self._quiet_until = 0.0
        self.lost: str | None = None
        self.on_lost = None
        self._scripts = {name: self.r.register_script(getattr(lua, name))
                         for name in ("START", "COMPLETE", "ADMIT", "RATE", "ALIVE")}
        self._stop = threading.Event()
        self._beat: threading.Thread | None = None

    def key(self, name: str) -> str:
        return f"brandlint:crawl:{self.crawl_id}:{name}"

    # -- start, join, stop ------------------------------------------------------------
    def check(self) -> None:
        try:
            self.r.ping()
        except self.errors + (OSError,) as exc:
            raise UsageError(f"--frontier {self.public_url}: cannot reach Redis: {exc}") from None
        except Exception as exc:  # noqa: BLE001 - an auth error, a wrong database number
            raise UsageError(f"--frontier {self.public_url}: {exc}") from None

    @property
    def public_url(self) -> str:
        from urllib.parse import urlsplit
        p = urlsplit(self.url)
        return f"{p.scheme}://{p.hostname}{':%d' % p.port if p.port else ''}{p.path}"

    def join(self, meta: dict) -> dict:
        """Start the crawl (queue its seeds) or join it; returns the crawl's meta. A crawl id
        already used by other seeds or another policy is a usage error."""
        self.check()
        triples = self._drain_rules()
        self._scripts["START"](keys=[self.key("meta"), self.key("seen"), self.key("queue"), self.key("skipped")],
                               args=[GROUP, json.dumps(meta), *triples])
        stored = json.loads(self.r.hget(self.key("meta"), "json"))
        if (sorted(stored.get("seeds", [])), stored.get("policy")) != (sorted(meta["seeds"]), meta["policy"]):
            raise UsageError(f"--crawl-id {self.crawl_id}: that crawl was started with other seeds or another policy "
                             f"(seeds {', '.join(stored.get('seeds', []))}; policy {stored.get('policy')})")
        self._alive()
        self._beat = threading.Thread(target=self._heartbeat, name="brandlint-lease", daemon=True)
        self._beat.start()
        return stored

    def close(self) -> None:
        self._stop.set()
        if self._beat:
            self._beat.join(timeout=5)
        if not self.lost:
            try:
                self._scripts["ALIVE"](keys=[self.key("workers")], args=[self.consumer, self.lease_s, "1"])
            except self.errors:
                pass
        self.r.close()

    def _lose(self, exc: Exception) -> None:
        if not self.lost:
            self.lost = f"the Redis frontier at {self.public_url} went away ({exc})"
            if self.on_lost:
                self.on_lost(self.lost)

    def _heartbeat(self) -> None:
        """Every third of the lease: this worker is alive, and its leases are fresh."""
        while not self._stop.wait(max(0.2, self.lease_s / 3)):
            if self.lost:
                return
            try:
                self._alive()
                ids = list(self.leased)
                if ids:
                    self.r.xclaim(self.key("queue"), GROUP, self.consumer, 0, ids, justid=True)
            except self.errors as exc:
                self._lose(exc)

    def _alive(self) -> int:
        return int(self._scripts["ALIVE"](keys=[self.key("workers")], args=[self.consumer, self.lease_s, "0"]))

    # -- the frontier interface ---------------------------------------------------------
    def _drain_rules(self) -> list[str]:
        """What the local rules queued or skipped, as (kind, url, payload) triples."""
        by_url: dict[str, list] = {}
        for it in self.rules.queue:
            by_url.setdefault(it.url, []).append({k: v for k, v in asdict(it).items() if k != "discover"})
        self.rules.queue.clear()
        out = []
        for url, items in by_url.items():
            out += ["q", url, json.dumps(items)]
        for url, reason in self.rules.skipped:
            out += ["s", url, reason]
        self.rules.skipped.clear()
        return out

    def lease(self) -> QueueItem | None:
        if self.later and self.later[0][0] <= time.monotonic():
            return heapq.heappop(self.later)[2]
        if self.lost or time.monotonic() < self._quiet_until:
            return None
        try:
            got = self.r.xreadgroup(GROUP, self.consumer, {self.key("queue"): ">"}, count=1)
            entries = got[0][1] if got else []
            if not entries:
                claimed = self.r.xautoclaim(self.key("queue"), GROUP, self.consumer, int(self.lease_s * 1000),
                                            start_id="0-0", count=1)
                entries = [e for e in claimed[1] if e and e[1]]
        except self.errors as exc:
            self._lose(exc)
            return None
        if not entries:
            self._quiet_until = time.monotonic() + POLL_QUIET_S
            return None
        entry, fields = entries[0]
        item = _item(json.loads(fields["item"]), entry)
        self.leased[entry] = item
        return item

    def push(self, links: list[str], parent: QueueItem) -> None:
        self.rules.push(links, parent)
        self._send_links()

    def _send_links(self) -> None:
        triples = self._drain_rules()
        if triples:
            self.complete_raw(None, None, triples)

    def complete(self, item: LeasedItem, page_dict: dict, findings: list[dict], links: list[str],
                 failed: bool) -> bool:
        """Record a page's outcome, queue its links and release its lease, in one step.
        True when this is the outcome the crawl keeps (False: another worker's came first)."""
        self.rules.push(links, item)
        outcome = json.dumps({"seq": item.entry, "depth": item.depth, "page": page_dict, "findings": findings})
        return self.complete_raw(item, outcome, self._drain_rules(), failed)

    def complete_raw(self, item, outcome, triples, failed: bool = False) -> bool:
        entry = getattr(item, "entry", "") if item else ""
        pk = page_key(item.url, item.device) if item else ""
        self.leased.pop(entry, None)
        if self.lost:
            return False
        try:
            kept = self._scripts["COMPLETE"](
                keys=[self.key("outcomes"), self.key("seen"), self.key("queue"), self.key("skipped"), self.key("failed")],
                args=[GROUP, entry, pk, outcome or "", "1" if failed else "0", *triples])
        except self.errors as exc:
            self._lose(exc)
            return False
        return bool(kept)

    def ack(self, item: QueueItem) -> None:
        """Release a lease without an outcome (a page skipped over --max-pages); a page
        ``complete`` recorded is released already."""
        entry = getattr(item, "entry", "")
        if self.leased.pop(entry, None) is not None and not self.lost:
            try:
                self.r.xack(self.key("queue"), GROUP, entry)
                self.r.xdel(self.key("queue"), entry)
            except self.errors as exc:
                self._lose(exc)

    def release(self, item: QueueItem) -> None:
        """Back unrendered (its browser is gone): first in line here, still leased."""
        heapq.heappush(self.later, (0.0, next(self._tie), item))

    def retry(self, item: QueueItem, delay: float) -> None:
        """Held here, still leased (the heartbeat keeps it), until due."""
        item.attempt += 1
        heapq.heappush(self.later, (time.monotonic() + delay, next(self._tie), item))

    def skip(self, url: str, reason: str) -> None:
        if not self.lost:
            try:
                self.r.hsetnx(self.key("skipped"), url, reason)
            except self.errors as exc:
                self._lose(exc)

    def finished(self, in_flight: int) -> bool:
        """Nothing queued or leased anywhere (acknowledged entries are deleted, so the
        stream's length is exactly what is left), and nothing held here."""
        if in_flight or self.later or self.leased:
            return False
        if self.lost:
            return True
        try:
            return self.r.xlen(self.key("queue")) == 0
        except self.errors as exc:
            self._lose(exc)
            return True

    def drain(self) -> list[QueueItem]:
        """The retries held here (they stay leased in Redis: another worker takes them
        once this one's lease lapses)."""
        items = [e[2] for e in sorted(self.later)]
        self.later.clear()
        return items

    @property
    def waiting(self) -> int:
        return self.figures().get("queued", 0)

    # -- shared limits and figures ------------------------------------------------------
    def admit(self, item: QueueItem, max_pages: int) -> bool:
        """May item be attempted under the crawl's ``--max-pages`` (counted across workers)?"""
        try:
            return bool(self._scripts["ADMIT"](keys=[self.key("attempted")],
                                               args=[page_key(item.url, item.device), max_pages]))
        except self.errors as exc:
            self._lose(exc)
            return False

    def rate_delay(self, host: str, interval_s: float) -> float:
        """Seconds to wait before loading a page from host, shared by every worker."""
        try:
            return int(self._scripts["RATE"](keys=[self.key(f"rate:{host}")], args=[int(interval_s * 1000)])) / 1000
        except self.errors as exc:
            self._lose(exc)
            return 0.0

    def figures(self) -> dict:
        """The whole crawl's figures: done, queued, leased, failed, workers alive."""
        if self.lost:
            return {}
        try:
            p = self.r.pipeline(transaction=False)
            p.hlen(self.key("outcomes"))
            p.xlen(self.key("queue"))
            p.xpending(self.key("queue"), GROUP)
            p.scard(self.key("failed"))
            done, length, pending, failed = p.execute()
            alive = self._scripts["ALIVE"](keys=[self.key("workers")], args=["", self.lease_s, "0"])
        except self.errors as exc:
            self._lose(exc)
            return {}
        leased = int(pending["pending"]) if pending else 0
        return {"done": done, "queued": max(0, length - leased), "leased": leased, "failed": failed,
                "workers": int(alive)}

    def results(self) -> tuple[list[dict], list[tuple[str, str]], list[dict]]:
        """(outcomes in the order their pages were queued, skipped URLs, pages still queued)."""
        outcomes = [json.loads(v) for _, v in self.r.hscan_iter(self.key("outcomes"), count=500)]
        outcomes.sort(key=lambda o: tuple(int(x) for x in o["seq"].split("-")))
        skipped = sorted(self.r.hscan_iter(self.key("skipped"), count=500))
        left = [json.loads(f["item"]) for _, f in self.r.xrange(self.key("queue")) if f]
        return outcomes, skipped, left
