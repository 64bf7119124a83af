"""Render one page and collect its touchpoints: navigate, wait until settled, scroll
through, run the collector once per same-origin frame, let the matcher pick mentions,
describe only those elements (in the main frame, most of them are already described by
the first round trip: see ``HINTED``).

Readiness is measured, not slept: ``js/settle.js`` counts in-flight requests, short
timers and DOM mutations, so a static page is read at once and a page that writes text
700 ms after load is read after it did. Every wait is bounded by the page's deadline.
"""
from __future__ import annotations

import asyncio
import inspect
import json
import re
import time
from email.utils import parsedate_to_datetime
from dataclasses import dataclass, field
from importlib import resources

from ..extract import candidates, element_keys, touchpoints
from ..matcher import Matcher
from ..model import Touchpoint
from ..urls import same_origin
from ..wire import request_touchpoints
from .guard import GuardRules, RequestGuard, refuse_response, too_large
from .either import maybe_await
from .netlog import RequestLog


def _js(name: str) -> str:
    return (resources.files("linter") / "js" / name).read_text(encoding="utf-8")


COLLECTOR = _js("collector.js")
DESCRIBE = _js("describe.js")
SETTLE = _js("settle.js")
SCROLL_FN = """async (maxSteps) => {
  const h = () => Math.max(document.documentElement.scrollHeight, document.body ? document.body.scrollHeight : 0);
  const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
  if (h() <= innerHeight) return 0;
  let steps = 0;
  for (let y = 0; y < h() && steps < maxSteps; y += innerHeight, steps++) {
    scrollTo(0, y); await frame();
  }
  scrollTo(0, h()); await frame(); await frame();
  scrollTo(0, 0);
  return steps;
}"""
# The describe step usually needs a second round trip: Python's matcher picks the elements.
# On most pages the brand patterns, run as JavaScript, pick the same ones, so those are
# described in the first trip (``described``); Python describes only what it picked beyond
# them (a mention found after normalisation, a pattern JavaScript cannot compile). A hint,
# never a decision: matching stays in Python.
HINTED = """((raw) => {
  let re = null;
  try { re = cfg.hint ? new RegExp(cfg.hint, "gi") : null; } catch (e) { return null; }
  if (!re) return null;
  const keys = new Set();
  // The element key of a match at [start, end) of a run: extract._element_key's rule.
  const keyOf = (s, start, end) => {
    let a = s[1], b = s[1];
    for (let i = 0; i < s.length; i += 2) { if (s[i] <= start) a = s[i + 1]; if (s[i] <= Math.max(start, end - 1)) b = s[i + 1]; }
    return a === b ? String(a) : a + ":" + b;
  };
  for (const r of raw.runs) { re.lastIndex = 0; let m; while ((m = re.exec(r.t))) { keys.add(keyOf(r.s, m.index, m.index + m[0].length)); if (!m[0]) re.lastIndex++; } }
  const hit = (v) => { re.lastIndex = 0; return re.test(v); };
  for (const [el, , v] of raw.attrs) if (hit(v)) keys.add(String(el));
  for (const [el, , u] of raw.assets) if (hit(u)) keys.add(String(el));
  for (const [el] of raw.endpoints) keys.add(String(el));
  return keys.size ? (DESCRIBE_FN)({ ...cfg, keys: [...keys] }) : {};
})""".replace("DESCRIBE_FN", DESCRIBE.strip().rstrip(";"))
# Everything after navigation in one round trip: wait for load and quiet (js/settle.js),
# scroll through, wait again only if scrolling changed something, collect, and return
# JSON text (Playwright's value serialiser is slow for a large collection).
PREPARE = """async ([quietMs, budgetMs, settleMs, maxSteps, maxBytes, cfg]) => {
  const t0 = performance.now();
  const left = () => budgetMs - (performance.now() - t0);
  const timer = window.__brandlintTimer || ((f, ms) => setTimeout(f, ms));
  // Called as soon as the navigation commits: the document is still arriving.
  if (document.readyState === "loading") {
    await new Promise((r) => { document.addEventListener("DOMContentLoaded", () => r(), { once: true }); timer(r, Math.max(0, left())); });
    if (document.readyState === "loading") return JSON.stringify({ unparsed: true });
  }
  if (document.readyState !== "complete") {
    await new Promise((r) => { addEventListener("load", () => r(), { once: true }); timer(r, Math.max(0, Math.min(10000, left()))); });
  }
  // A page sent without Content-Length is measured once it arrived.
  const nav = performance.getEntriesByType ? performance.getEntriesByType("navigation")[0] : null;
  if (nav && nav.decodedBodySize > maxBytes) return JSON.stringify({ size: nav.decodedBodySize });
  const wait = (ms) => window.__brandlintWait ? window.__brandlintWait(quietMs, Math.max(0, ms)) : Promise.resolve(true);
  let settled = await wait(Math.min(settleMs, left()));
  const before = window.__brandlintLast ? window.__brandlintLast() : 0;
  const sensitive = !window.__brandlintScrollSensitive || window.__brandlintScrollSensitive();
  const steps = sensitive ? await (SCROLL)(maxSteps) : 0;
  if (steps && window.__brandlintLast && window.__brandlintLast() !== before) {
    settled = (await wait(Math.min(settleMs, left()))) && settled;
  }
  const raw = (COLLECT)(cfg);
  return JSON.stringify({ settled, steps, raw, described: HINTED_FN(raw) });
}""".replace("HINTED_FN", HINTED).replace("SCROLL", SCROLL_FN).replace("COLLECT", COLLECTOR.strip().rstrip(";"))
COLLECT_JSON = "(cfg) => JSON.stringify((" + COLLECTOR.strip().rstrip(";") + ")(cfg))"
DESCRIBE_JSON = "(a) => JSON.stringify((" + DESCRIBE.strip().rstrip(";") + ")(a))"


@dataclass
class RenderOptions:
    page_timeout: float = 30.0      # seconds for the whole page
    settle_timeout: float = 5.0     # most a page may keep changing after load
    quiet_ms: int = 50              # no change for this long counts as settled
    scroll_steps: int = 30
    max_page_bytes: int = 10_000_000
    require_selector: str | None = None    # auth canary: must be on every real page
    forbid_url: re.Pattern | None = None   # auth canary: the login page's address
    visual: object | None = None    # browser.visual.PixelReader: reads the page's pixels


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
    notes: list[str] = field(default_factory=list)


async def _collect_frame(frame, matcher: Matcher, page_url: str, cfg: dict, is_main: bool, raw=None,
                         described: dict | None = None, zone: str | None = None):
    if raw is None:
        raw = json.loads(await maybe_await(frame.evaluate(COLLECT_JSON, cfg)))
    cands = candidates(raw, matcher)
    described = dict(described or {})
    missing = [k for k in element_keys(cands) if k not in described]
    if missing:
        described.update(json.loads(await maybe_await(frame.evaluate(DESCRIBE_JSON, {**cfg, "keys": missing}))))
    offset = (0, 0)
    if not is_main:
        try:
            box = await maybe_await((await maybe_await(frame.frame_element())).bounding_box())
            if box:
                offset = (round(box["x"]), round(box["y"]))
        except Exception:  # noqa: BLE001 - frame detached meanwhile
            pass
    tps = touchpoints(cands, described, page_url, matcher.policy,
                      frame_url=None if is_main else frame.url, offset=offset, zone=zone)
    return raw, tps


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
        self.requests = RequestLog(self.page)

    async def close(self) -> None:
        page, self.page = self.page, None
        if page is not None:
            await _close_quietly(page)

    async def ready(self) -> None:
        """Open (or replace) the tab now, so a rate-limited navigation starts on time."""
        if self.page is None or self.page.is_closed() or self.crashed:
            await self.close()
            await self.open()

    async def render(self, url: str, matcher: Matcher, opts: RenderOptions, on_collected=None) -> Rendered:
        if self.page is None or self.page.is_closed() or self.crashed:
            await self.ready()
        elif self.page.url.split("#")[0] == url.split("#")[0] and self.page.url != "about:blank":
            # Same document, other hash route: load it afresh, as a visitor arriving there would.
            await self.page.goto("about:blank")
        r = await render_page(self.page, self.guard, url, matcher, opts, on_collected, self.requests)
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


def retry_after_seconds(value: str | None) -> float | None:
    """Retry-After as seconds: a number, or an HTTP date."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def classify_error(msg: str, refusal: str | None, result: Rendered, timeout_s: float) -> None:
    """Turn a navigation error into the page's status and whether to try again."""
    if refusal:
        result.skipped = refusal
    elif "ERR_TOO_MANY_REDIRECTS" in msg:
        result.skipped = "redirect loop"
    elif "Download is starting" in msg or "ERR_ABORTED" in msg and "download" in msg.lower():
        result.skipped = "a download, not a page"
    elif "Timeout" in msg or "timed out" in msg:
        result.error, result.retryable, result.broken_tab = f"timed out after {timeout_s:g} s", True, True
    elif "crash" in msg.lower() or "Target closed" in msg or "has been closed" in msg or "interrupted by" in msg:
        result.error, result.retryable, result.broken_tab = "tab crashed", True, True
    elif re.search(r"ERR_(CONNECTION_(REFUSED|RESET|CLOSED)|EMPTY_RESPONSE|NETWORK_CHANGED)", msg):
        result.error, result.retryable = _first_line(msg), True
    else:
        result.error = _first_line(msg)


async def render_page(page, guard: RequestGuard | None, url: str, matcher: Matcher, opts: RenderOptions,
                      on_collected=None, requests=None) -> Rendered:
    """Render url in page. ``await on_collected(page, rendered)`` runs while the page is
    still showing it (evaluation and evidence). ``requests``: the tab's RequestLog, whose
    requests since the last take become the page's."""
    start = time.monotonic()
    deadline = start + opts.page_timeout
    result = Rendered(url=url)
    if guard is not None:
        guard.refusal, guard.hops = None, 0
    if requests is not None:
        requests.take()
        requests.by = "page load"
    try:
        try:
            # "commit": the answer's headers are judged before its body is read; the
            # in-page step below waits for the document itself, within the same deadline.
            response = await page.goto(url, wait_until="commit", timeout=opts.page_timeout * 1000)
        except Exception as exc:  # noqa: BLE001 - playwright's errors carry the reason
            classify_error(str(exc), guard.refusal if guard else None, result, opts.page_timeout)
            return result
        result.final_url = page.url
        if response is not None:
            result.http_status = response.status
            headers = response.headers   # no round trip; content-type and retry-after are there
            refusal = refuse_response(response.status, headers, opts.max_page_bytes)
            if refusal:
                result.skipped = refusal
                result.broken_tab = True   # closing the tab stops the body still arriving
                return result
            if response.status == 429 or response.status >= 500:
                result.error, result.retryable = f"HTTP {response.status}", True
                result.retry_after = retry_after_seconds(headers.get("retry-after"))
                return result
            if response.status >= 400:
                result.error = f"HTTP {response.status}"
                return result
        if _on_login_page(page, opts, result):
            return result
        await settle_and_collect(page, result, matcher, opts, deadline, on_collected, requests=requests)
    except Exception as exc:  # noqa: BLE001 - crashed tab, closed context: record, go on
        if not result.error:
            # asyncio's TimeoutError says nothing: a page stuck in a script loop ends here.
            msg = "Timeout" if isinstance(exc, asyncio.TimeoutError) else str(exc)
            classify_error(msg, None, result, opts.page_timeout)
    finally:
        result.elapsed_ms = int((time.monotonic() - start) * 1000)
    return result


async def settle_and_collect(page, result: Rendered, matcher: Matcher, opts: RenderOptions, deadline: float,
                             on_collected=None, zone: str | None = None, requests=None) -> None:
    """The page as it is now: wait until it settles, scroll through, collect every
    same-origin frame, add the requests it made, fill ``result``; then ``on_collected``.
    A crawled page comes here right after its navigation commits, a journey's ``scan``
    step on whatever the steps left in the tab. ``zone`` forces the page's zone (a
    journey state's ``zone:``); element zones (``[data-brand-zone]``) still apply inside."""
    cfg = {**matcher.policy.collector_config(), "legacyHosts": list(matcher.policy.legacy_hosts),
           "hint": matcher.describe_hint()}
    left = deadline - time.monotonic()
    prep = await _unless_crashed(page, page.evaluate(PREPARE, [
        opts.quiet_ms, int(left * 1000), int(opts.settle_timeout * 1000), opts.scroll_steps,
        opts.max_page_bytes, cfg]), left + 2)
    if prep is None:
        result.error, result.retryable, result.broken_tab = "tab crashed", True, True
        return
    prep = json.loads(prep)
    if prep.get("unparsed"):
        result.error, result.retryable, result.broken_tab = f"timed out after {opts.page_timeout:g} s", True, True
        return
    if "size" in prep:
        result.skipped = too_large(prep["size"], opts.max_page_bytes)
        return
    result.settled = prep["settled"]
    if _on_login_page(page, opts, result):   # again: a script may have sent it there
        return
    if opts.require_selector and not await maybe_await(page.query_selector(opts.require_selector)):
        result.not_authenticated = f"no element matches --require-selector {opts.require_selector!r}"
        result.final_url = page.url
        return
    page_url = page.url
    result.final_url = page_url
    main_raw, tps = await _collect_frame(page.main_frame, matcher, page_url, cfg, True, prep["raw"],
                                         prep.get("described"), zone)
    result.title = main_raw.get("title", "")
    result.links = main_raw.get("links", [])
    for frame in page.frames:
        if frame is page.main_frame or not same_origin(frame.url, page_url) or frame.is_detached():
            continue
        try:
            _, more = await _collect_frame(frame, matcher, page_url, cfg, False, zone=zone)
            tps.extend(more)
        except Exception:  # noqa: BLE001 - a frame navigating away loses only its own text
            continue
    if requests is not None:
        result.requests, result.requests_dropped = requests.take()
        zone_id = zone or matcher.policy.zone_for_url(page_url).id
        seen = {t.context for t in tps if t.kind == "endpoint"}
        tps.extend(request_touchpoints(result.requests, page_url, zone_id, matcher.policy, seen))
    result.touchpoints = tps
    await _read_pixels(page, result, matcher, opts, deadline)
    if on_collected is not None:
        await on_collected(page, result)


async def _read_pixels(page, result: Rendered, matcher: Matcher, opts: RenderOptions, deadline: float) -> None:
    """The visual step (browser/visual.py), if on: whatever goes wrong there is a page
    note, never a failed page."""
    if opts.visual is None:
        return
    try:
        await opts.visual(page, result, matcher, deadline)
    except Exception as exc:  # noqa: BLE001 - a broken image must not cost the page's text
        result.notes.append(f"visual: step failed ({type(exc).__name__}: {_first_line(str(exc))[:200]})")


def _on_login_page(page, opts: RenderOptions, result: Rendered) -> bool:
    """The auth canary's address check: records not-authenticated when the tab is on it."""
    if opts.forbid_url is None or not opts.forbid_url.search(page.url):
        return False
    result.not_authenticated = f"landed on {page.url} (matches --forbid-url-pattern)"
    result.final_url = page.url
    return True


async def _unless_crashed(page, awaitable, timeout: float):
    """The awaitable's value, or None as soon as the tab's renderer dies: an evaluate in
    flight when the renderer is killed may never settle, and the page must not wait out
    its timeout to be called crashed. Raises asyncio.TimeoutError after ``timeout``."""
    if not inspect.isawaitable(awaitable):   # a sync API page answered already (see run_sync)
        return awaitable
    crashed = asyncio.get_running_loop().create_future()

    def on_crash(*_):
        if not crashed.done():
            crashed.set_result(None)

    task = asyncio.ensure_future(awaitable)
    page.on("crash", on_crash)
    try:
        done, _ = await asyncio.wait({task, crashed}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    finally:
        page.remove_listener("crash", on_crash)
    if task in done:
        return task.result()
    task.cancel()
    task.add_done_callback(lambda t: t.cancelled() or t.exception())
    if crashed.done() or page.is_closed():
        return None
    raise asyncio.TimeoutError


def _first_line(msg: str) -> str:
    msg = msg.strip()
    return (msg.splitlines()[0] if msg else "error")[:300]
