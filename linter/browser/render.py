"""Render one page and collect its touchpoints: navigate, wait until settled, scroll
through, run the collector once per same-origin frame, let the matcher pick mentions,
describe only those elements.

Readiness is measured, not slept: ``js/settle.js`` counts in-flight requests, short
timers and DOM mutations, so a static page is read at once and a page that writes text
700 ms after load is read after it did. Every wait is bounded by the page's deadline.
"""
from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from importlib import resources
from urllib.parse import urlsplit

from ..extract import candidates, element_keys, touchpoints
from ..matcher import Matcher
from ..model import Touchpoint
from ..urls import same_origin


def _js(name: str) -> str:
    return (resources.files("linter") / "js" / name).read_text(encoding="utf-8")


COLLECTOR = _js("collector.js")
DESCRIBE = _js("describe.js")
SETTLE = _js("settle.js")
SCROLL = """async (maxSteps) => {
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


@dataclass
class RenderOptions:
    page_timeout: float = 30.0      # seconds for the whole page
    settle_timeout: float = 5.0     # most a page may keep changing after load
    quiet_ms: int = 100             # no change for this long counts as settled
    scroll_steps: int = 30


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
    elapsed_ms: int = 0


async def _settle(page, quiet_ms: int, timeout_s: float) -> bool:
    if timeout_s <= 0:
        return False
    try:
        return bool(await asyncio.wait_for(page.evaluate(
            "([q, t]) => window.__brandlintWait ? window.__brandlintWait(q, t) : true",
            [quiet_ms, int(timeout_s * 1000)]), timeout_s + 2))
    except Exception:  # noqa: BLE001 - timeout or navigation: read what is there
        return False


async def _collect_frame(frame, matcher: Matcher, page_url: str, cfg: dict, is_main: bool):
    raw = await frame.evaluate(COLLECTOR, cfg)
    cands = candidates(raw, matcher)
    keys = element_keys(cands)
    described = await frame.evaluate(DESCRIBE, {**cfg, "keys": keys}) if keys else {}
    offset = (0, 0)
    if not is_main:
        try:
            box = await (await frame.frame_element()).bounding_box()
            if box:
                offset = (round(box["x"]), round(box["y"]))
        except Exception:  # noqa: BLE001 - frame detached meanwhile
            pass
    tps = touchpoints(cands, described, page_url, matcher.policy,
                      frame_url=None if is_main else frame.url, offset=offset)
    return raw, tps


async def render_page(context, url: str, matcher: Matcher, opts: RenderOptions,
                      on_collected=None) -> Rendered:
    """Render url in a new tab of context. ``await on_collected(page, rendered)`` runs
    while the tab is still open (evaluation and evidence)."""
    start = time.monotonic()
    deadline = start + opts.page_timeout
    result = Rendered(url=url)
    page = await context.new_page()
    page.on("dialog", lambda d: asyncio.ensure_future(d.dismiss()))
    try:
        try:
            response = await page.goto(url, wait_until="domcontentloaded", timeout=opts.page_timeout * 1000)
        except Exception as exc:  # noqa: BLE001 - playwright's errors carry the reason
            result.error = _short_error(exc)
            return result
        result.final_url = page.url
        if response is not None:
            result.http_status = response.status
            ctype = (await response.all_headers()).get("content-type", "")
            if ctype and "html" not in ctype and "xml" not in ctype:
                result.skipped = f"not an HTML page ({ctype.split(';')[0]})"
                return result
            if response.status >= 400:
                result.error = f"HTTP {response.status}"
                return result
        try:
            await page.wait_for_load_state("load", timeout=max(0.1, min(10.0, deadline - time.monotonic())) * 1000)
        except Exception:  # noqa: BLE001 - a resource that never finishes must not stop the scan
            pass
        settled = await _settle(page, opts.quiet_ms, min(opts.settle_timeout, deadline - time.monotonic()))
        steps = await page.evaluate(SCROLL, opts.scroll_steps)
        if steps:
            settled = await _settle(page, opts.quiet_ms, min(opts.settle_timeout, deadline - time.monotonic())) and settled
        result.settled = settled
        cfg = {**matcher.policy.collector_config(), "legacyHosts": list(matcher.policy.legacy_hosts)}
        page_url = page.url
        main_raw, tps = await _collect_frame(page.main_frame, matcher, page_url, cfg, True)
        result.title = main_raw.get("title", "")
        result.links = main_raw.get("links", [])
        for frame in page.frames:
            if frame is page.main_frame or not same_origin(frame.url, page_url) or frame.is_detached():
                continue
            try:
                _, more = await _collect_frame(frame, matcher, page_url, cfg, False)
                tps.extend(more)
            except Exception:  # noqa: BLE001 - a frame navigating away loses only its own text
                continue
        result.touchpoints = tps
        if on_collected is not None:
            await on_collected(page, result)
    except Exception as exc:  # noqa: BLE001 - crashed tab, closed context: record, go on
        result.error = result.error or _short_error(exc)
    finally:
        result.elapsed_ms = int((time.monotonic() - start) * 1000)
        try:
            await page.close()
        except Exception:  # noqa: BLE001
            pass
    return result


def _short_error(exc: Exception) -> str:
    msg = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return msg[:300]


def host_of(url: str) -> str:
    return urlsplit(url).hostname or ""
