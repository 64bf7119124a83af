"""robots.txt: obeyed by default, one file per seed origin, read once at the start.

Decisions, after RFC 9309: a missing file (4xx) allows everything; so does a site that
cannot be reached (the pages themselves will then fail with the real reason), where the
RFC would disallow everything, because a staging host that blocks its robots.txt behind
a login would otherwise look empty. Rules are matched for the user agent ``brandlint``,
falling back to ``*``. ``Sitemap:`` lines are returned so the crawl can use them.
"""
from __future__ import annotations

import urllib.error
import urllib.robotparser
from urllib.parse import urlsplit

from .sitemap import fetch

AGENT = "brandlint"


class Robots:
    def __init__(self) -> None:
        self.parsers: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self.sitemaps: dict[str, list[str]] = {}
        self.notes: list[str] = []

    def load(self, origin: str, headers: dict[str, str] | None = None, timeout: float = 10.0) -> None:
        if origin in self.parsers:
            return
        url = origin.rstrip("/") + "/robots.txt"
        try:
            text = fetch(url, headers, timeout).decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            self.parsers[origin] = None
            if exc.code >= 500:
                self.notes.append(f"{url}: HTTP {exc.code}, everything allowed")
            return
        except OSError as exc:
            self.parsers[origin] = None
            self.notes.append(f"{url}: {getattr(exc, 'reason', exc)}, everything allowed")
            return
        parser = urllib.robotparser.RobotFileParser(url)
        parser.parse(text.splitlines())
        self.parsers[origin] = parser
        self.sitemaps[origin] = [l.split(":", 1)[1].strip() for l in text.splitlines()
                                 if l.lower().startswith("sitemap:") and l.split(":", 1)[1].strip()]

    def allowed(self, url: str) -> bool:
        p = urlsplit(url)
        parser = self.parsers.get(f"{p.scheme}://{p.netloc}")
        return True if parser is None else parser.can_fetch(AGENT, url)
