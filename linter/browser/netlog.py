"""Every request a page makes, as the page's own record: method, URL, resource type,
status (or why it failed), the frame that made it, and the step that was running.

Recorded from Playwright's page events, which cover XHR, fetch, form posts, navigations,
beacons (resource type ``ping``) and out-of-process (cross-origin) frames alike; the
request guard's DevTools session would miss the last. Never a body and never a header
value: a request list goes into snapshots and evidence bundles, and a credential must not.

A log can stop and start listening (``listen``): once Playwright's client listens to
requests, its driver sends five messages for every request a page makes (the request and
its response as objects, then request, response and finished events), about 40 a page on
a small shop page and some 6% of a crawl's speed. A crawl listens only where the requests
decide something (``render.Tab``: a zone that lists ``legacy_hosts``, or ``--requests all``).
"""
from __future__ import annotations

from sys import intern

MAX_REQUESTS = 2000    # per page or state: a page polling forever must not grow the snapshot without end


class RequestLog:
    """``log = RequestLog(page)``; ``log.by = "step 3 (click: ...)"`` names what runs now;
    ``log.take()`` returns (the requests since the last take, how many more were not
    recorded over MAX_REQUESTS) and starts a new list; ``log.listen(False)`` stops
    recording until ``log.listen(True)``."""

    def __init__(self, page, listen: bool = True) -> None:
        """``page``: a Page, or a BrowserContext (every page of it), async or sync API."""
        self.entries: list[dict] = []
        self.dropped = 0
        self.by = "page load"
        self._open: dict = {}       # request -> its entry, until it is answered or fails
        self._page = page
        self.listening = False
        self.listen(listen)

    def _handlers(self):
        return (("request", self._on_request), ("response", self._on_response), ("requestfailed", self._on_failed))

    def listen(self, on: bool) -> None:
        """Start or stop recording (the driver stops sending request events when no one listens)."""
        if on == self.listening:
            return
        for event, handler in self._handlers():
            if on:
                self._page.on(event, handler)
            else:
                self._page.remove_listener(event, handler)
        self.listening = on
        if not on:
            self._open.clear()

    def _on_request(self, request) -> None:
        if len(self.entries) >= MAX_REQUESTS:
            self.dropped += 1
            return
        frame_url = _initiator(request)
        # Interned: every page of a site asks for the same stylesheets, scripts and images,
        # and a long crawl keeps every page's list to the end (one string each, not one a page).
        entry = {"method": intern(request.method), "url": intern(request.url), "type": intern(request.resource_type),
                 "status": None, "navigation": request.is_navigation_request(),
                 "initiator": frame_url and intern(frame_url), "by": self.by}
        self._open[request] = entry
        self.entries.append(entry)

    def _on_response(self, response) -> None:
        entry = self._open.pop(response.request, None)
        if entry is not None:
            entry["status"] = response.status

    def _on_failed(self, request) -> None:
        entry = self._open.pop(request, None)
        if entry is not None:
            entry["failure"] = (request.failure or "failed")[:200]

    def take(self) -> tuple[list[dict], int]:
        out, dropped = self.entries, self.dropped
        self.entries, self.dropped = [], 0
        return out, dropped


def _initiator(request) -> str | None:
    """The document that made the request, when it is not the page itself: a frame's own
    URL, or for a frame's navigation (its URL still empty) the frame that holds it."""
    try:
        frame = request.frame
        if request.is_navigation_request():
            parent = frame.parent_frame
            return parent.url if parent is not None and parent.parent_frame is not None else None
        return frame.url if frame.parent_frame is not None else None
    except Exception:  # noqa: BLE001 - a service worker's or a detached frame's request
        return None
