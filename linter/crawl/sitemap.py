"""Sitemaps: ``urlset`` and ``sitemapindex`` documents, plain or gzip, nested up to 3 levels.

Parsed with a regular expression over ``<loc>`` rather than an XML parser: real sitemaps
are often not well-formed (stray ``&``, BOMs, truncated gzip), and a partial list beats
none. A sitemap that cannot be fetched is a usage error when the user named it, and a
note when brandlint found it in robots.txt.
"""
from __future__ import annotations

import html
import re
import urllib.request
import zlib

from ..errors import UsageError

MAX_BYTES = 50_000_000   # the sitemaps.org limit for one file, uncompressed


def fetch(url: str, headers: dict[str, str] | None = None, timeout: float = 15.0) -> bytes:
    req = urllib.request.Request(url, headers={"User-Agent": "brandlint", **(headers or {})})
    with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - http(s) only
        return resp.read(MAX_BYTES)


def parse(body: bytes) -> tuple[list[str], bool]:
    """(locations, is_index)."""
    if body[:2] == b"\x1f\x8b":
        # decompressobj rather than gzip.decompress: a truncated file still yields its start.
        body = zlib.decompressobj(wbits=31).decompress(body, MAX_BYTES)
    text = body.decode("utf-8", "replace")
    locs = [html.unescape(m.strip()) for m in re.findall(r"<loc>\s*(.*?)\s*</loc>", text, re.S)]
    return [l for l in locs if l], "<sitemapindex" in text


def fetch_sitemap(url: str, timeout: float = 15.0, depth: int = 0,
                  headers_for=None) -> list[str]:
    """Page URLs listed by the sitemap at url (an index is followed). ``headers_for(url)``
    gives the headers (credentials) that may go to that URL."""
    try:
        body = fetch(url, headers_for(url) if headers_for else None, timeout)
    except OSError as exc:
        raise UsageError(f"cannot fetch sitemap {url}: {exc}") from None
    locs, is_index = parse(body)
    if not is_index:
        return locs
    out: list[str] = []
    if depth < 3:
        for loc in locs:
            out.extend(fetch_sitemap(loc, timeout, depth + 1, headers_for))
    return out
