"""Render one page and collect its touchpoints: navigate, read the document (wait until
settled, scroll through the window and every inner scroll container, collect: one
evaluate, ``inpage.PREPARE``), follow a navigation the page makes by itself within the
seed origin and read the final document, then collect every child frame in parallel
(``frames.py``) and let the matcher pick mentions.

Readiness is measured, not slept: ``js/settle.js`` counts in-flight requests, short
timers, scheduler tasks and DOM mutations, so a static page is read at once and a page
that writes text 700 ms after load is read after it did. Every wait is bounded by the
page's deadline; what a bound cut short is said in the page's ``notes``.
"""
from __future__ import annotations

import asyncio
import inspect
import itertools
import json
import re
import time
from dataclasses import dataclass, field

from ..matcher import Matcher
from ..model import Touchpoint
from ..options import default
from ..urls import same_origin
from .budget import Progress, own_work_s
from .frames import GEOMETRY_MAX, Placement, collect_frame, collect_frames
from .guard import GuardRules, RequestGuard, refuse_response, too_large
from .outcome import classify_error, first_line, retry_after_seconds
from .inpage import COLLECT_JSON, COLLECTOR, DESCRIBE, DESCRIBE_JSON, PREPARE, SETTLE  # noqa: F401 - re-exported
from .inpage import CALL_COLLECT_JSON, INIT_SCRIPT, NOT_INSTALLED, PREPARE_COLLECT, PREPARE_SETTLE_JSON, SKIPPED  # noqa: F401 - INIT_SCRIPT re-exported
from ..wire import request_touchpoints
from .either import maybe_await, unless_crashed
from .netlog import RequestLog

MAX_CLIENT_REDIRECTS = 5   # navigations a page makes by itself while loading (JS, meta refresh)
_NAVIGATED = re.compile(r"context was destroyed|because of a navigation|Cannot find context with specified id")


@dataclass
class RenderOptions:
    page_timeout: float = default("page_timeout")      # seconds for the whole page
    settle_timeout: float = default("settle_timeout")  # most a page may keep changing after load; bounds container scrolling too
    quiet_ms: int = default("quiet_ms")                # no change for this long counts as settled (grows with task latency)
    scroll_steps: int = 30
    scroll_rows: int = default("scroll_rows")          # new text runs per scroll container, at most
    scroll_containers: int = default("scroll_containers")  # inner scroll containers scrolled per frame, at most
    max_page_bytes: int = int(default("max_page_mb") * 1_000_000)
    max_elements: int = default("max_elements")        # a frame's elements read with their styles (js/collector.js)
    require_selector: str | None = default("require_selector")  # auth canary: must be on every real page
    forbid_url: re.Pattern | None = None   # auth canary: the login page's address
    visual: object | None = None    # browser.visual.PixelReader: reads the page's pixels
    requests: str = default("requests")  # whose requests a Tab records: "wire" (records_requests) or "all"


@dataclass
class Rendered:
    url: str
    final_url: str = ""
    http_status: int | None = None
    title: str = ""
    touchpoints: list[Touchpoint] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    settled: bool = True
    error: str | None = None
    skipped: str | None = None
    not_authenticated: str | None = None
    retryable: bool = False         # a timeout, 5xx, 429 or crash: worth another attempt
    retry_after: float | None = None  # seconds the server asked us to wait (Retry-After)
    broken_tab: bool = False        # the tab crashed or hung: do not reuse it
    elapsed_ms: int = 0
    requests: list[dict] = field(default_factory=list)   # browser/netlog.py's records
    requests_dropped: int = 0
    requests_recorded: bool = True  # False: the tab did not listen (RenderOptions.requests "wire")
    relisten: bool = False          # ended in a zone whose requests decide, unrecorded: read it again
    redirects: list[str] = field(default_factory=list)  # documents the page navigated to by itself
    frames: int = 0                 # child frames read
    visual_query: dict | None = None  # the pictures and colours PREPARE found for the visual step
    leaving_to: str | None = None   # the page was navigating there when it was read
    scroll_containers: int = 0      # inner scroll containers scrolled
    scroll_cut_short: bool = False  # one of them hit a bound before its end
    notes: list[str] = field(default_factory=list)   # what a bound cut short, what could not be read (an image...)


class Tab:
    """One reusable tab of a browser context, with its request guard.

    Reusing the tab saves opening one per URL; a tab that crashed, hung or timed out is
    closed and replaced (``broken``), so one bad page never poisons the next.
    """

    def __init__(self, context, rules: GuardRules) -> None:
        self.context = context
        self.rules = rules
        self.page = None
        self.guard: RequestGuard | None = None
        self.requests: RequestLog | None = None
        self.crashed = False

    async def open(self) -> None:
        self.crashed = False
        self.page = await self.context.new_page()
        self.page.on("dialog", _answer_dialog)
        self.page.on("popup", lambda p: asyncio.ensure_future(_close_quietly(p)))
        self.page.on("crash", lambda *_: setattr(self, "crashed", True))
        self.guard = await RequestGuard.attach(self.context, self.page, self.rules)
        self.requests = RequestLog(self.page, listen=False)   # render() turns it on where requests decide

    async def _listen(self, on: bool) -> None:
        if self.requests is not None and self.requests.listening != on:
            self.requests.listen(on)
            # Playwright sends the subscription change from a task of its own: let it go
            # out first, so the server knows before the navigation's first request.
            await asyncio.sleep(0)

    async def close(self) -> None:
        page, self.page = self.page, None
        if page is not None:
            await _close_quietly(page)

    async def ready(self) -> None:
        """Open (or replace) the tab now, so a rate-limited navigation starts on time."""
        if self.page is None or self.page.is_closed() or self.crashed:
            await self.close()
            await self.open()

    async def render(self, url: str, matcher: Matcher, opts: RenderOptions, on_collected=None,
                     progress: Progress | None = None) -> Rendered:
        if self.page is None or self.page.is_closed() or self.crashed:
            await self.ready()
        elif self.page.url.split("#")[0] == url.split("#")[0] and self.page.url != "about:blank":
            # Same document, other hash route: load it afresh, as a visitor arriving there would.
            await self.page.goto("about:blank")
        await self._listen(opts.requests == "all" or records_requests(matcher, url))
        r = await render_page(self.page, self.guard, url, matcher, opts, on_collected, self.requests, progress)
        if r.relisten and not (self.crashed or self.page.is_closed()):
            # It redirected into a zone that lists legacy hosts: its requests decide there.
            # (Within the same watchdog deadline: a rare page, read twice.)
            await self._listen(True)
            if progress is not None:
                progress.loading()
            r = await render_page(self.page, self.guard, url, matcher, opts, on_collected, self.requests, progress)
        # A page that did not end cleanly may still be loading, prompting or looping:
        # the next URL gets a fresh tab rather than inherit it.
        if r.broken_tab or self.crashed or r.error or r.skipped or r.not_authenticated:
            r.broken_tab = True
            await self.close()
        return r


def _answer_dialog(dialog) -> None:
    # Leave a page that asks "leave site?" (accept); answer no to alert/confirm/prompt.
    act = dialog.accept() if dialog.type == "beforeunload" else dialog.dismiss()
    asyncio.ensure_future(_swallow(act))


async def _swallow(coro) -> None:
    try:
        await coro
    except Exception:  # noqa: BLE001 - the page went away first
        pass


async def _close_quietly(page) -> None:
    try:
        await asyncio.wait_for(page.close(run_before_unload=False), 5)
    except Exception:  # noqa: BLE001 - crashed or hung tab: the context's closing reaps it
        pass


async def render_page(page, guard: RequestGuard | None, url: str, matcher: Matcher, opts: RenderOptions,
                      on_collected=None, requests=None, progress: Progress | None = None) -> Rendered:
    """Render url in page. ``await on_collected(page, rendered)`` runs while the page is
    still showing it (evaluation and evidence). ``requests``: the tab's RequestLog, whose
    requests since the last take become the page's. ``progress`` (budget.py) is told when
    the page settled: from then on brandlint's own work is bounded, not the page's."""
    start = time.monotonic()
    deadline = start + opts.page_timeout
    result = Rendered(url=url)
    if guard is not None:
        guard.reset()
    if requests is not None:
        requests.take()
        requests.by = "page load"
    result.requests_recorded = requests is not None and requests.listening
    try:
        if await _navigate(page, guard, url, opts, result) and await _read_following(
                page, guard, matcher, opts, deadline, result, progress):
            if requests is not None and not requests.listening and records_requests(matcher, result.final_url or url):
                result.relisten = True
                return result
            _add_requests(result, matcher, requests, None)
            await _read_pixels(page, result, matcher, opts, deadline)
            if on_collected is not None:
                await on_collected(page, result)
    except Exception as exc:  # noqa: BLE001 - crashed tab, closed context: record, go on
        if not result.error:
            # asyncio's TimeoutError says nothing: a page stuck in a script loop ends here.
            msg = "Timeout" if isinstance(exc, asyncio.TimeoutError) else str(exc)
            classify_error(msg, None, result, opts.page_timeout)
    finally:
        result.elapsed_ms = int((time.monotonic() - start) * 1000)
    return result


async def settle_and_collect(page, result: Rendered, matcher: Matcher, opts: RenderOptions, deadline: float,
                             on_collected=None, zone: str | None = None, requests=None, frames: bool = True) -> None:
    """The page as it is now, read as a crawled page is read after its navigation: wait
    until it settles, scroll through, collect the frames (``frames``), add the requests it
    made since the log's last take, fill ``result``; then ``on_collected``. A journey's
    ``scan`` step and the pytest plugin come here. ``zone`` forces the page's zone (a
    journey state's ``zone:``); elements in ``[data-brand-zone]`` keep theirs."""
    if await _read_document(page, None, matcher, opts, deadline, result, zone=zone, frames=frames):
        _add_requests(result, matcher, requests, zone)
        await _read_pixels(page, result, matcher, opts, deadline)
        if on_collected is not None:
            await on_collected(page, result)


def _add_requests(result: Rendered, matcher: Matcher, requests, zone: str | None) -> None:
    """The requests since the log's last take become the page's, and those to a legacy host
    of its zone touchpoints (``wire.py``)."""
    if requests is None or not requests.listening:   # result.requests_recorded says so already
        return
    result.requests, result.requests_dropped = requests.take()
    zone_id = zone or matcher.policy.zone_for_url(result.final_url or result.url).id
    seen = {t.context for t in result.touchpoints if t.kind == "endpoint"}
    result.touchpoints += request_touchpoints(result.requests, result.final_url or result.url, zone_id,
                                              matcher.policy, seen)


def records_requests(matcher: Matcher, url: str) -> bool:
    """Whether a page's requests decide something: its zone lists legacy hosts (``wire.py``)."""
    return bool(matcher.policy.zone_for_url(url).legacy_hosts)


async def _navigate(page, guard, url: str, opts: RenderOptions, result: Rendered) -> bool:
    """Go to url until the answer commits; False (result says why) when it is no page to read."""
    try:
        # "commit": the answer's headers are judged before its body is read; the
        # in-page step waits for the document itself, within the same deadline.
        response = await page.goto(url, wait_until="commit", timeout=opts.page_timeout * 1000)
    except Exception as exc:  # noqa: BLE001 - playwright's errors carry the reason
        classify_error(str(exc), guard.refusal if guard else None, result, opts.page_timeout)
        return False
    result.final_url = page.url
    if response is not None:
        if guard is not None:
            guard.navigated(_requested_through(response))
        result.http_status = response.status
        headers = response.headers   # no round trip; content-type and retry-after are there
        refusal = refuse_response(response.status, headers, opts.max_page_bytes)
        if refusal:
            result.skipped = refusal
            result.broken_tab = True   # closing the tab stops the body still arriving
            return False
        if response.status == 429 or response.status >= 500:
            result.error, result.retryable = f"HTTP {response.status}", True
            result.retry_after = retry_after_seconds(headers.get("retry-after"))
            return False
        if response.status >= 400:
            result.error = f"HTTP {response.status}"
            return False
    return not _on_login_page(page, opts, result)


async def _read_following(page, guard, matcher: Matcher, opts: RenderOptions, deadline: float,
                          result: Rendered, progress: Progress | None = None) -> bool:
    """Read the document; when the page navigates by itself meanwhile (a JavaScript
    redirect, a meta refresh, a locale bounce), follow it within the seed origin and read
    the final one. False when there is nothing to collect (result says why)."""
    restarts = 0
    try:
        while True:
            seen = len(guard.documents) if guard is not None else 0
            try:
                done = await _read_document(page, guard, matcher, opts, deadline, result, progress=progress)
                leaving = _leaving_within(guard, result)
                if guard is None or (len(guard.documents) == seen and not leaving) or not done:
                    return done
                # The page asked for another document while it was read: read that one.
                # (Leaving within the seed origin, the next read waits in the page until
                # the new document commits: settle.js counts a navigation under way.)
                if not leaving:
                    await _committed(page, guard.documents[-1], deadline)
            except Exception as exc:  # noqa: BLE001 - playwright's errors carry the reason
                if not _NAVIGATED.search(str(exc)):
                    raise
            restarts += 1
            if guard is not None:
                guard.followed(page.url)
            if guard is not None and guard.refusal:
                result.skipped = guard.refusal
                return False
            if restarts > MAX_CLIENT_REDIRECTS:
                chain = " -> ".join(_chain(guard, result, page) or [result.url, page.url])
                result.skipped = f"client-side redirect chain longer than {MAX_CLIENT_REDIRECTS}: {chain}"
                result.notes.append(result.skipped)
                return False
    finally:
        if guard is not None and not guard.refusal:
            guard.followed(page.url)
        result.redirects = _chain(guard, result, page)[1:]


def _leaving_within(guard, result: Rendered) -> bool:
    """Whether the page was navigating to a seed-origin document when it was read (another
    origin's is the guard's to refuse)."""
    to, result.leaving_to = result.leaving_to, None
    return bool(guard is not None and to and any(same_origin(to, o) for o in guard.rules.origins))


async def _committed(page, url: str, deadline: float) -> None:
    try:
        await page.wait_for_url(url, wait_until="commit", timeout=max(0.1, deadline - time.monotonic()) * 1000)
    except Exception:  # noqa: BLE001 - refused or never answered: the next read says so
        pass


def _requested_through(response) -> list[str]:
    """The URLs a navigation's answer came through: the one asked for, then its redirects."""
    urls, request = [], response.request
    while request is not None:
        urls.append(request.url)
        request = request.redirected_from
    return urls[::-1]


def _chain(guard, result: Rendered, page) -> list[str]:
    """The documents the tab went through: the requested page, its redirects, and where
    its own scripts or a meta refresh sent it (guard.py)."""
    if guard is not None and guard.documents:
        return list(guard.documents)
    return [result.url] + ([page.url] if page.url != result.url else [])


def _collector_config(matcher: Matcher) -> dict:
    return {**matcher.policy.collector_config(), "legacyHosts": list(matcher.policy.legacy_hosts),
            "hint": matcher.describe_hint(), "geometryMax": GEOMETRY_MAX}


def _prepare_args(opts: RenderOptions, cfg: dict, budget_s: float | None, visual_cfg: dict | None = None) -> list:
    """PREPARE's arguments; ``budget_s`` None: the collect step takes what its settle step left."""
    bounds = {"maxSteps": 400, "maxRows": opts.scroll_rows, "maxContainers": opts.scroll_containers, "stepMs": 500}
    return [opts.quiet_ms, None if budget_s is None else int(budget_s * 1000), int(opts.settle_timeout * 1000), opts.scroll_steps,
            opts.max_page_bytes, cfg, bounds, visual_cfg]


async def _read_document(page, guard, matcher: Matcher, opts: RenderOptions, deadline: float,
                         result: Rendered, zone: str | None = None, frames: bool = True,
                         progress: Progress | None = None) -> bool:
    """The in-page step in the main frame (the page settles within its deadline, then
    brandlint reads it within its own bound: budget.py), then every frame's touchpoints.
    The collect call is sent right behind the settle one and waits in the page for it
    (their shared token): one round trip less a page."""
    result.notes.clear()   # a document left for another one leaves no notes behind
    if progress is not None:
        progress.loading()
    cfg = {**_collector_config(matcher), "maxElements": opts.max_elements}
    # The main frame's trip also finds the visual step's pictures (one round trip less).
    visual_cfg = opts.visual.query_config(matcher.policy) if opts.visual is not None else None
    left, token = deadline - time.monotonic(), next(_TOKENS)
    settle = _start(page.evaluate(PREPARE_SETTLE_JSON, json.dumps([*_prepare_args(opts, cfg, left), token])))
    ahead = _start(page.evaluate(CALL_COLLECT_JSON, json.dumps([*_prepare_args(opts, cfg, None, visual_cfg), token])))
    try:
        prep = await _settle(page, guard, opts, result, settle, left)
        if prep is None:
            return False
        settled_at, own = time.monotonic(), own_work_s(prep.get("elements", 0))
        if progress is not None:
            progress.settled(prep.get("elements", 0))
        try:
            got = await unless_crashed(page, ahead, own)
            if got in (NOT_INSTALLED, SKIPPED):   # a page whose context has no init script of ours
                args = _prepare_args(opts, cfg, max(0.0, deadline - settled_at), visual_cfg)
                got = await unless_crashed(page, page.evaluate(PREPARE_COLLECT, args), own)
        except asyncio.TimeoutError:
            result.error = f"reading the settled page took over {own:g} s ({prep.get('elements', 0)} elements)"
            result.retryable = result.broken_tab = True
            return False
    finally:
        _forget(ahead)
    if got is None:
        result.error, result.retryable, result.broken_tab = "tab crashed", True, True
        return False
    prep = {**prep, **json.loads(got)}
    # The page's own time does not pay for brandlint's reading: the frames' bound moves on.
    await _collect(page, matcher, opts, cfg, prep, deadline + (time.monotonic() - settled_at), result, zone, frames)
    return True


_TOKENS = itertools.count(1)


def _start(awaitable):
    """An evaluate under way now (a sync API page has answered already)."""
    return asyncio.ensure_future(awaitable) if inspect.isawaitable(awaitable) else awaitable


def _forget(task) -> None:
    """A collect call no one waits for any more (the page was refused, or left): its
    answer, or the error of a tab that moved on, is dropped."""
    if isinstance(task, asyncio.Future):
        task.add_done_callback(lambda t: t.cancelled() or t.exception())


async def _settle(page, guard, opts: RenderOptions, result: Rendered, settle, left: float) -> dict | None:
    """The settle step's answer, or None (result says why) when there is no page to read."""
    prep = await unless_crashed(page, settle, left + 2)
    if prep is None:
        result.error, result.retryable, result.broken_tab = "tab crashed", True, True
        return None
    prep = json.loads(prep)
    if prep.get("unparsed"):
        result.error, result.retryable, result.broken_tab = f"timed out after {opts.page_timeout:g} s", True, True
        return None
    if "size" in prep:
        result.skipped = too_large(prep["size"], opts.max_page_bytes)
        return None
    if guard is not None and guard.refusal:   # a navigation to another origin was refused
        result.skipped = guard.refusal
        return None
    result.settled = prep["settled"]
    if _on_login_page(page, opts, result):   # again: a script may have sent it there
        return None
    if opts.require_selector and not await maybe_await(page.query_selector(opts.require_selector)):
        result.not_authenticated = f"no element matches --require-selector {opts.require_selector!r}"
        result.final_url = page.url
        return None
    return prep


async def _collect(page, matcher: Matcher, opts: RenderOptions, cfg: dict, prep: dict, deadline: float,
                   result: Rendered, zone: str | None = None, frames: bool = True) -> None:
    page_url = page.url
    result.final_url = page_url
    raw = prep["raw"]
    result.visual_query = prep.get("visual")
    result.leaving_to = prep.get("leaving")
    result.title, result.links = raw.get("title", ""), raw.get("links", [])
    result.scroll_containers = prep.get("scroll", {}).get("containers", 0)
    result.scroll_cut_short = prep.get("scroll", {}).get("cut", False)
    result.notes.extend(prep.get("notes", ()))
    t0 = time.monotonic()
    tps = await collect_frame(page.main_frame, matcher, page_url, cfg, raw, prep.get("described"), notes=result.notes,
                              where=Placement(zone=zone))
    deadline += time.monotonic() - t0   # matching is brandlint's time too
    if not frames:   # a sync API page (the pytest plugin): frames are read concurrently, with asyncio
        result.touchpoints = tps
        return
    bound = max(0.5, min(opts.settle_timeout, deadline - time.monotonic()))
    seen = {t.context for t in tps if t.kind == "endpoint"}
    more, result.frames = await collect_frames(page, matcher, page_url, cfg, lambda b: _prepare_args(opts, cfg, b),
                                               bound, result.notes, seen)
    result.touchpoints = tps + more


async def _read_pixels(page, result: Rendered, matcher: Matcher, opts: RenderOptions, deadline: float) -> None:
    """The visual step (browser/visual.py), if on: whatever goes wrong there is a page
    note, never a failed page."""
    if opts.visual is None:
        return
    try:
        await opts.visual(page, result, matcher, deadline)
    except Exception as exc:  # noqa: BLE001 - a broken image must not cost the page's text
        result.notes.append(f"visual: step failed ({type(exc).__name__}: {first_line(str(exc))[:200]})")


def _on_login_page(page, opts: RenderOptions, result: Rendered) -> bool:
    """The auth canary's address check: records not-authenticated when the tab is on it."""
    if opts.forbid_url is None or not opts.forbid_url.search(page.url):
        return False
    result.not_authenticated = f"landed on {page.url} (matches --forbid-url-pattern)"
    result.final_url = page.url
    return True
