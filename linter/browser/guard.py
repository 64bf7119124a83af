"""What a tab may load as a page, decided inside the browser's network stack.

One DevTools session per tab pauses only *document* requests to another origin than the
seed ones, before they are sent (and, when the scan carries credentials or extra headers,
every request to the seed origin), so a page of the site costs no round trip at all. It
refuses a navigation of the main frame to another origin (a redirect, ``location = ...``,
a meta refresh): nothing outside the seed origins is ever requested as a page. It blocks
the resource types the scan does not load (fonts, media). A page's own redirects within
the seed origin are Chromium's to follow (it stops at 20: ``ERR_TOO_MANY_REDIRECTS``);
the render path records them from the navigation's answer (``navigated``).

A Fetch pattern cannot be negated, so "not the seed origin" is spelt out: for each
character of ``http://host:port/`` the patterns that leave it there (``document_patterns``,
~2,000 for one origin, matched inside Chromium). Pausing the scan's own documents cost
~2 ms a page (``benchmarks/profile_layers.py``, paired); enabling Fetch at all costs more,
and is the price of the promise.

What the answer is (a download, not HTML, too large) is judged from the navigation's
response as soon as it commits (``refuse_response``), not by pausing every page a second
time: that pause cost 3-4% of a scan's speed.

It adds the credentials and headers the user gave, only to requests for the seed origin:
the password is never sent to another host (Playwright's ``extra_http_headers`` would go to
every host, ``http_credentials`` intercepts every request in Python).

Why raw DevTools rather than ``page.route``: a route makes every request of the page wait
for Python; the Fetch domain's patterns filter by resource type inside Chromium.
"""
from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..urls import DEFAULT_PORTS, same_origin


MAX_HOPS = 10   # a page and its redirects


@dataclass
class GuardRules:
    origins: list[str] = field(default_factory=list)   # seed origins: pages may live only here
    headers: dict[str, str] = field(default_factory=dict)  # added to seed-origin requests only
    block_types: tuple[str, ...] = ()   # DevTools resource types never loaded: Font, Media


def origin_of(url: str) -> str:
    p = urlsplit(url)
    return f"{p.scheme}://{p.netloc}"


URL_CHARS = tuple(chr(c) for c in range(0x21, 0x7F))   # Chromium percent-encodes the rest of a URL
ALL_DOCUMENTS = [{"resourceType": "Document", "requestStage": "Request"}]


def canonical_prefix(origin: str) -> str | None:
    """``scheme://host[:port]/`` as Chromium writes an http(s) origin's URLs (lower case,
    punycode, no default port), or None when it is not one. A prefix Chromium writes
    otherwise only pauses more documents than needed, never fewer."""
    p = urlsplit(origin)
    try:
        host, port = p.hostname, p.port
        if p.scheme not in DEFAULT_PORTS or not host:
            return None
        host = host.encode("idna").decode("ascii")
    except (ValueError, UnicodeError):
        return None
    host = f"[{host}]" if ":" in host else host
    return f"{p.scheme}://{host}{'' if port in (None, DEFAULT_PORTS[p.scheme]) else f':{port}'}/"


def _escaped(text: str) -> str:
    """text as a Fetch urlPattern matching itself: ``*``, ``?`` and backslash escaped."""
    return "".join("\\" + c if c in "*?\\" else c for c in text)


def document_patterns(origins: list[str]) -> list[dict]:
    """Fetch patterns that pause every document request whose URL does not start with a
    seed origin's prefix: at each character of a prefix, every other character, then
    anything; and each part of a prefix as a whole URL (no canonical URL ends there, but
    the guard does not rely on it)."""
    prefixes = [canonical_prefix(o) for o in origins]
    if not prefixes or None in prefixes:
        return ALL_DOCUMENTS
    globs: list[str] = []

    def leave(head: str, group: list[str]) -> None:
        if head in group:   # a whole prefix: what follows it is the seed origin's
            return
        if head:
            globs.append(_escaped(head))
        nexts = {p[len(head)] for p in group}
        for c in URL_CHARS:
            if c in nexts:
                leave(head + c, [p for p in group if p[len(head)] == c])
            else:
                globs.append(_escaped(head + c) + "*")
    leave("", sorted(set(prefixes)))
    return [{"urlPattern": g, "resourceType": "Document", "requestStage": "Request"} for g in globs]


class RequestGuard:
    """Attach with ``await RequestGuard.attach(context, page, rules)``; ``refusal`` holds the
    reason the last main-frame navigation was refused (None when it was not)."""

    def __init__(self, session, rules: GuardRules, main_frame_id: str) -> None:
        self.session = session
        self.rules = rules
        self.main_frame_id = main_frame_id
        self.tasks: set[asyncio.Task] = set()
        self.reset()

    def reset(self) -> None:
        """A new page: nothing refused, no documents yet."""
        self.refusal: str | None = None
        self.hops = 0                     # main-frame requests paused since the last navigation
        # The page, its redirects, where its scripts sent it: each paused request, and
        # what the render path tells (``navigated``, ``followed``) of the ones not paused.
        self.documents: list[str] = []

    def navigated(self, chain: list[str]) -> None:
        """The page's navigation answered, through these URLs (its server redirects)."""
        self.documents = list(chain)

    def followed(self, url: str) -> None:
        """The page went on by itself to url (a script, a meta refresh)."""
        if url.startswith(("http:", "https:")) and (not self.documents or self.documents[-1] != url):
            self.documents.append(url)

    @classmethod
    async def attach(cls, context, page, rules: GuardRules) -> "RequestGuard":
        session = await context.new_cdp_session(page)
        tree = await session.send("Page.getFrameTree")
        guard = cls(session, rules, tree["frameTree"]["frame"]["id"])
        session.on("Fetch.requestPaused", guard._on_paused)
        patterns = list(ALL_DOCUMENTS if rules.headers else document_patterns(rules.origins))
        for t in rules.block_types:
            patterns.append({"resourceType": t, "requestStage": "Request"})
        if rules.headers:
            for o in dict.fromkeys(origin_of(x) for x in rules.origins):
                patterns.append({"urlPattern": o + "/*", "requestStage": "Request"})
        await session.send("Fetch.enable", {"patterns": patterns})
        return guard

    def _on_paused(self, ev: dict) -> None:
        t = asyncio.ensure_future(self._decide(ev))
        self.tasks.add(t)
        t.add_done_callback(self.tasks.discard)

    async def _decide(self, ev: dict) -> None:
        rid = ev["requestId"]
        url = ev["request"]["url"]
        main = ev.get("frameId") == self.main_frame_id and ev.get("resourceType") == "Document"
        ours = any(same_origin(url, o) for o in self.rules.origins)
        try:
            if ev.get("resourceType") in self.rules.block_types:
                await self.session.send("Fetch.failRequest", {"requestId": rid, "errorReason": "BlockedByClient"})
                return
            if main:
                self.hops += 1
                self.documents.append(url)
            if main and self.hops > MAX_HOPS:
                # Our own limit, under Chromium's 20: its error page would hide the reason.
                self.refusal = "redirect loop"
                await self.session.send("Fetch.failRequest", {"requestId": rid, "errorReason": "BlockedByClient"})
                return
            if main and not ours and url.startswith(("http:", "https:")):
                self.refusal = f"left the seed origin for {url}"
                await self.session.send("Fetch.failRequest", {"requestId": rid, "errorReason": "BlockedByClient"})
                return
            if ours and self.rules.headers:
                merged = {**ev["request"].get("headers", {}), **self.rules.headers}
                await self.session.send("Fetch.continueRequest", {
                    "requestId": rid, "headers": [{"name": k, "value": v} for k, v in merged.items()]})
                return
            await self.session.send("Fetch.continueRequest", {"requestId": rid})
        except Exception:  # noqa: BLE001 - the tab closed while the request was paused
            pass

    async def detach(self) -> None:
        try:
            await self.session.detach()
        except Exception:  # noqa: BLE001 - tab already gone
            pass


def refuse_response(status: int, headers: dict[str, str], max_bytes: int) -> str | None:
    """Why a page's response is not a page to scan (None when it is one). Header names
    lower-case, as Playwright gives them."""
    if 300 <= status < 400:
        return None
    if "attachment" in headers.get("content-disposition", "").lower():
        return "a download, not a page"
    ctype = headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype and "html" not in ctype and "xml" not in ctype and status < 400:
        return f"not an HTML page ({ctype})"
    try:
        size = int(headers.get("content-length", "0"))
    except ValueError:
        size = 0
    return too_large(size, max_bytes)


def too_large(size: int, max_bytes: int) -> str | None:
    if size > max_bytes:
        return f"page too large ({size / 1e6:.1f} MB > {max_bytes / 1e6:g} MB)"
    return None
