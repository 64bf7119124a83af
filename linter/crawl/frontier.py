"""The frontier: which URLs to visit, each once, in breadth-first order.

Only http(s) URLs on a seed's origin are followed; ``javascript:``, ``mailto:``, ``file:``
and other hosts never are, but they are recorded as skipped with the reason, so every URL
a page links to ends the scan with a status. Canonical URLs (fragment and tracking
parameters dropped) decide what is "the same page"; on folders brandlint serves itself,
``dir/index.html`` and ``dir/`` are the same page too.

With several devices, each URL is queued once per device. A page to try again (timeout,
5xx, 429) waits in a separate heap until its backoff is over, so it never blocks a tab.

The crawl talks to a frontier only through ``FrontierLike`` (lease, ack, push, retry,
skip, finished, drain, waiting), so a shared one (crawl/redis_frontier.py) can take this
one's place. Include/exclude patterns are linter/globs.py's, as the policy's ignores.
"""
from __future__ import annotations

import heapq
import itertools
import re
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Protocol
from urllib.parse import unquote, urlsplit

from ..globs import url_pattern
from ..urls import canonical_url, same_origin
from .shard import shard_key


@dataclass
class QueueItem:
    url: str
    depth: int
    parent: str | None = None
    device: str | None = None
    attempt: int = 1
    discover: bool = False      # another shard's page: read its links, do not render it

    @property
    def key(self) -> tuple:
        """What makes two items the same page of the scan (one outcome each)."""
        return (self.url, self.device)


class FrontierLike(Protocol):
    """What the crawl needs of a frontier.

    - ``lease()``: the next item to render now, or None (nothing due right now). The item
      is the caller's until it ``ack``s it or hands it to ``retry``.
    - ``ack(item)``: the crawl is done with item (its outcome is recorded). An item leased
      and never acked (the scan was interrupted) is the frontier's to hand out again.
    - ``push(links, parent)``: links found on parent's page, for the frontier to filter.
    - ``release(item)``: item goes back unrendered, first in line (its browser is gone).
    - ``retry(item, delay)``: lease item again, no sooner than delay seconds from now.
    - ``skip(url, reason)``: a URL the scan decided not to render, recorded as skipped.
    - ``finished(in_flight)``: True when nothing is left to lease now or later and no page
      in flight (``in_flight`` of them in this process) can push more.
    - ``drain()``: every item still waiting here, removed: the crawl records them as skipped.
    - ``origins``, ``skipped`` (url, reason), ``devices`` and ``waiting`` (a count) are read.
    """

    origins: list[str]
    skipped: list[tuple[str, str]]
    devices: tuple[str | None, ...]

    def lease(self) -> QueueItem | None: ...
    def ack(self, item: QueueItem) -> None: ...
    def release(self, item: QueueItem) -> None: ...
    def push(self, links: list[str], parent: QueueItem) -> None: ...
    def retry(self, item: QueueItem, delay: float) -> None: ...
    def skip(self, url: str, reason: str) -> None: ...
    def finished(self, in_flight: int) -> bool: ...
    def drain(self) -> list[QueueItem]: ...
    @property
    def waiting(self) -> int: ...


class Frontier:
    def __init__(self, seeds: list[str], *, max_pages: int = 500, max_depth: int = 10,
                 include: tuple[str, ...] = (), exclude: tuple[str, ...] = (), follow: bool = True,
                 served_roots: dict[str, Path] | None = None, keep_hash_routes: bool = False,
                 devices: tuple[str | None, ...] = (None,), robots: Callable[[str], bool] | None = None,
                 done: set[tuple[str, str | None]] | None = None,
                 ignored: Callable[[str], bool] | None = None, shard=None) -> None:
        self.max_pages = max_pages
        self.max_depth = max_depth
        self.include = [url_pattern(p) for p in include]
        self.exclude = [url_pattern(p) for p in exclude]
        self.follow = follow
        self.served_roots = served_roots or {}
        self.keep_hash = keep_hash_routes
        self.origins = []
        self.seen: set[str] = set()
        self.queue: deque[QueueItem] = deque()
        self.skipped: list[tuple[str, str]] = []   # (url, reason) for URLs seen but not queued
        self.devices = tuple(devices) or (None,)
        self.robots = robots                         # url -> allowed
        self.ignored = ignored                       # url -> the policy ignores this page
        self.done = done if done is not None else set()  # (url, device) finished earlier
        self.later: list[tuple[float, int, QueueItem]] = []  # retries: (not before, tie, item)
        self._tie = itertools.count()
        self._noted: set[str] = set()
        self.shard = shard                           # crawl/shard.py Shard, or None
        for s in seeds:
            self.origins.append(s)
            self.add(s, 0, None, seed=True)

    def canonical(self, url: str) -> str:
        c = canonical_url(url, keep_fragment=self.keep_hash)
        if any(c.startswith(r) for r in self.served_roots):
            c = re.sub(r"/index\.html?(?=$|\?|#)", "/", c)
        return c

    def add(self, url: str, depth: int, parent: str | None, seed: bool = False) -> bool:
        scheme = urlsplit(url).scheme.lower()
        if scheme not in ("http", "https"):
            self._note(url.split("#")[0] if scheme == "file" else url, f"not a web page ({scheme}: link)")
            return False
        canon = self.canonical(url)
        if canon in self.seen:
            return False
        if not seed and not any(same_origin(canon, o) for o in self.origins):
            self._note(canon, "another origin (not followed)")
            return False
        self.seen.add(canon)
        reason = self.refused(canon, depth, seed)
        if reason:
            self.skip(canon, reason)
            return False
        if not self.owns(canon):
            if self.follow:
                self.queue.append(QueueItem(canon, depth, parent, discover=True))
            return True
        for device in self.devices:
            if (canon, device) not in self.done:
                self.queue.append(QueueItem(canon, depth, parent, device))
        return True

    def refused(self, canon: str, depth: int, seed: bool) -> str | None:
        """Why canon is not to be visited, or None."""
        if self.robots is not None and not self.robots(canon):
            return "disallowed by robots.txt"
        if self.ignored is not None and self.ignored(canon):
            return "ignored by the policy (ignore.url_patterns)"
        if seed:
            return None
        missing = self._missing_file(canon)
        if missing:
            return missing
        if depth > self.max_depth:
            return f"deeper than --max-depth {self.max_depth}"
        if self.include and not any(p(canon) for p in self.include):
            return "not matched by --include"
        if any(p(canon) for p in self.exclude):
            return "matched by --exclude"
        return None

    def owns(self, url: str) -> bool:
        """This shard renders url (always, without shards)."""
        return self.shard is None or self.shard.owns(shard_key(url, self.served_roots))

    def skip(self, url: str, reason: str) -> None:
        """A URL seen but not visited: recorded by the one shard that owns it."""
        if self.owns(url):
            self.skipped.append((url, reason))

    def _note(self, url: str, reason: str) -> None:
        if url and url not in self._noted:
            self._noted.add(url)
            self.skip(url, reason)

    def _missing_file(self, canon: str) -> str | None:
        """On a folder brandlint serves, a link to a file that is not there is a broken link
        of the saved site, not a page: record it without requesting it."""
        for prefix, root in self.served_roots.items():
            if canon.startswith(prefix):
                rel = unquote(urlsplit(canon).path).lstrip("/")
                target = (root / rel).resolve()
                if not target.is_relative_to(root):
                    return "outside the served folder"
                if not (target.is_file() or (target / "index.html").is_file()):
                    return "no such file in the served folder"
        return None

    def push(self, links: list[str], item: QueueItem) -> None:
        if not self.follow:
            return
        for link in links:
            self.add(link, item.depth + 1, item.url)

    add_links = push    # the names before FrontierLike (tests and callers of this class)

    def ack(self, item: QueueItem) -> None:
        """Nothing to do in one process: a leased item is gone from the queue already."""

    def release(self, item: QueueItem) -> None:
        self.queue.appendleft(item)

    def finished(self, in_flight: int) -> bool:
        return not in_flight and not self.queue and not self.later

    def retry(self, item: QueueItem, delay: float) -> None:
        item.attempt += 1
        heapq.heappush(self.later, (time.monotonic() + delay, next(self._tie), item))

    def lease(self) -> QueueItem | None:
        """The next page to render now: a retry whose wait is over first, else the queue."""
        if self.later and self.later[0][0] <= time.monotonic():
            return heapq.heappop(self.later)[2]
        return self.queue.popleft() if self.queue else None

    pop = lease

    def drain(self) -> list[QueueItem]:
        """Every page still waiting (queued or to retry), removing them."""
        items = list(self.queue) + [e[2] for e in sorted(self.later)]
        self.queue.clear()
        self.later.clear()
        return items

    @property
    def waiting(self) -> int:
        return len(self.queue) + len(self.later)
