"""Discovery without a render: the links of a page another shard owns.

A shard must follow links through the whole site, or it never reaches its own pages
behind someone else's. Rendering every page in every shard would make N shards cost N
scans, so a page a shard does not own is fetched, not rendered: one GET through the browser
context's request API (the context's cookies, storage state and login-script session, plus
the seed origins' headers and credentials, so a staging login holds) and its ``<a href>``
and ``<area href>`` read with lxml, resolved against ``<base href>`` and the final URL, as
the in-page collector does.

Decision and its cost: a GET is a few milliseconds against a render's hundreds, so a shard
of N spends about 1/N of a scan's render time plus one fetch of every other page. What it
cannot see is a link that only script writes into the page: a site whose navigation is
built by JavaScript needs unsharded scans (or a Redis frontier, where every page is
rendered once and its rendered links shared).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urljoin

MAX_BYTES = 10_000_000


@dataclass
class Discovered:
    links: list[str] = field(default_factory=list)
    error: str | None = None
    retryable: bool = False
    retry_after: float | None = None


def links_in(html: str | bytes, base_url: str) -> list[str]:
    """Absolute link targets of a document, in document order."""
    import lxml.html
    try:
        doc = lxml.html.document_fromstring(html)
    except Exception:  # noqa: BLE001 - lxml raises several types on empty or broken input
        return []
    base = base_url
    for href in doc.xpath("//base/@href")[:1]:
        base = urljoin(base_url, href.strip())
    out = []
    for href in doc.xpath("//a/@href | //area/@href"):
        href = href.strip()
        if href:
            try:
                out.append(urljoin(base, href))
            except ValueError:
                continue
    return out


async def discover(context, url: str, headers_for, timeout_s: float, hops: int = 10) -> Discovered:
    """GET url in context and read its links (a 5xx, 429 or network error is retryable).
    Redirects are followed here, not by Playwright, so the seed origins' credentials
    (``headers_for(url)``) never follow a redirect to another host."""
    for _ in range(hops):
        try:
            resp = await context.request.get(url, headers=headers_for(url) or None, timeout=timeout_s * 1000,
                                             fail_on_status_code=False, max_redirects=0)
        except Exception as exc:  # noqa: BLE001 - Playwright's network errors have no common type
            return Discovered(error=str(exc).splitlines()[0], retryable=True)
        location = resp.headers.get("location")
        if not (300 <= resp.status < 400 and location):
            return await _read(resp)
        await resp.dispose()
        url = urljoin(url, location)
    return Discovered(error="redirect loop")


async def _read(resp) -> Discovered:
    try:
        if resp.status >= 500 or resp.status == 429:
            after = resp.headers.get("retry-after", "")
            return Discovered(error=f"HTTP {resp.status}", retryable=True,
                              retry_after=float(after) if after.isdigit() else None)
        ctype = resp.headers.get("content-type", "text/html").lower()
        if resp.status >= 400 or not ("html" in ctype or "xml" in ctype):
            return Discovered()
        body = await resp.body()
        return Discovered(links_in(body[:MAX_BYTES], resp.url))
    finally:
        await resp.dispose()
