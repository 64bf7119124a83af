"""The frontier: which URLs to visit, each once, in breadth-first order.

Only http(s) URLs on a seed's origin are followed; ``javascript:``, ``mailto:``, ``file:``
and other hosts never are. Canonical URLs (fragment and tracking parameters dropped)
decide what is "the same page"; on folders brandlint serves itself, ``dir/index.html`` and
``dir/`` are the same page too.
"""
from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..urls import canonical_url, same_origin


def _pattern(p: str) -> re.Pattern:
    """A glob (``*/checkout/*``) or, when prefixed ``re:``, a regular expression."""
    if p.startswith("re:"):
        return re.compile(p[3:])
    return re.compile(".*" + re.escape(p).replace(r"\*", ".*").replace(r"\?", ".") + ".*")


@dataclass
class QueueItem:
    url: str
    depth: int
    parent: str | None = None


class Frontier:
    def __init__(self, seeds: list[str], *, max_pages: int = 500, max_depth: int = 10,
                 include: tuple[str, ...] = (), exclude: tuple[str, ...] = (), follow: bool = True,
                 served_roots: dict[str, Path] | None = None, keep_hash_routes: bool = False) -> None:
        self.max_pages = max_pages
        self.max_depth = max_depth
        self.include = [_pattern(p) for p in include]
        self.exclude = [_pattern(p) for p in exclude]
        self.follow = follow
        self.served_roots = served_roots or {}
        self.keep_hash = keep_hash_routes
        self.origins = []
        self.seen: set[str] = set()
        self.queue: deque[QueueItem] = deque()
        self.skipped: list[tuple[str, str]] = []   # (url, reason) for URLs seen but not queued
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
            return False
        canon = self.canonical(url)
        if canon in self.seen:
            return False
        if not seed and not any(same_origin(canon, o) for o in self.origins):
            return False
        self.seen.add(canon)
        if not seed:
            missing = self._missing_file(canon)
            if missing:
                self.skipped.append((canon, missing))
                return False
            if depth > self.max_depth:
                self.skipped.append((canon, f"deeper than --max-depth {self.max_depth}"))
                return False
            if self.include and not any(p.search(canon) for p in self.include):
                self.skipped.append((canon, "not matched by --include"))
                return False
            if any(p.search(canon) for p in self.exclude):
                self.skipped.append((canon, "matched by --exclude"))
                return False
        self.queue.append(QueueItem(canon, depth, parent))
        return True

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

    def add_links(self, links: list[str], item: QueueItem) -> None:
        if not self.follow:
            return
        for link in links:
            self.add(link, item.depth + 1, item.url)

    def pop(self) -> QueueItem | None:
        return self.queue.popleft() if self.queue else None
