"""Reach: what a scan starts from. Seeds expanded (files of URLs, sitemaps, folders served on
loopback), each web origin's robots.txt read, and the pages its sitemaps list added.

Credentials and extra headers go to the seed origins only, here as in the browser.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from ..browser.auth import Access
from ..errors import UsageError
from ..urls import same_origin
from .robots import Robots
from .seeds import expand
from .sitemap import fetch_sitemap


def headers_for_seeds(seeds: list[str], access: Access):
    """``headers_for(url)``: the credentials and headers that may go to url (seed origins only)."""
    origins = [s for s in seeds if re.match(r"^https?://", s, re.I)]
    hdrs = access.seed_headers()

    def headers_for(url: str) -> dict[str, str]:
        return dict(hdrs) if any(same_origin(url, o) for o in origins) else {}
    return headers_for


def reach(seeds: list[str], opts, notes: list[str]):
    """Expand seeds, read robots.txt and its sitemaps: (expanded seeds, robots or None).
    ``opts`` is a ScanOptions (``access``, ``robots``, ``sitemaps``); notes are appended."""
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
