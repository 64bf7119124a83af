"""What a tab may load as a page, decided inside the browser's network stack.

One DevTools session per tab pauses only *document* requests, before they are sent (and,
when the scan carries credentials or extra headers, requests to the seed origin), so the
cost is one round trip per page, not per image. It refuses a navigation of the main frame
to another origin (a redirect, ``location = ...``, a meta refresh): nothing outside the
seed origins is ever requested as a page. It caps a page's redirects, and blocks the
resource types the scan does not load (fonts, media).

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

from ..urls import same_origin


MAX_HOPS = 10   # a page and its redirects


@dataclass
class GuardRules:
    origins: list[str] = field(default_factory=list)   # seed origins: pages may live only here
    headers: dict[str, str] = field(default_factory=dict)  # added to seed-origin requests only
    block_types: tuple[str, ...] = ()   # DevTools resource types never loaded: Font, Media


def origin_of(url: str) -> str:
    p = urlsplit(url)
    return f"{p.scheme}://{p.netloc}"


class RequestGuard:
    """Attach with ``await RequestGuard.attach(context, page, rules)``; ``refusal`` holds the
    reason the last main-frame navigation was refused (None when it was not)."""

    def __init__(self, session, rules: GuardRules, main_frame_id: str) -> None:
        self.session = session
        self.rules = rules
        self.main_frame_id = main_frame_id
        self.refusal: str | None = None
        self.hops = 0                     # main-frame requests since the last navigation
        self.documents: list[str] = []    # their URLs: the page, its redirects, where its scripts sent it
        self.tasks: set[asyncio.Task] = set()

    @classmethod
    async def attach(cls, context, page, rules: GuardRules) -> "RequestGuard":
        session = await context.new_cdp_session(page)
        tree = await session.send("Page.getFrameTree")
        guard = cls(session, rules, tree["frameTree"]["frame"]["id"])
        session.on("Fetch.requestPaused", guard._on_paused)
        patterns = [{"resourceType": "Document", "requestStage": "Request"}]
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
