"""Drive one journey in a tab: each step is one Playwright call chosen from a fixed table
(never code from the file), and each ``scan`` step reads the page exactly as the crawl
reads a page (``render.settle_and_collect``: settle, scroll, collect frames, requests).

The tab's RequestLog is told which step is running (``log.by``), so every request says
which step sent it, and a state's requests are those since the previous ``scan`` step.
The first failing step ends the journey: ``JourneyFailed`` carries the step and the
browser's reason, and the tab is left as it was so the caller can take its screenshot.
"""
from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from urllib.parse import urljoin

from ..journeys.spec import Journey, Step
from .netlog import RequestLog
from .outcome import first_line
from .render import Rendered, RenderOptions, _answer_dialog, settle_and_collect


# Steps that make the page do something. A request sent while a later wait or scan step
# runs (a payment page's own fetch after the click that opened it) was caused by the last
# of these, and says so.
ACTING = frozenset({"click", "goto", "fill", "select", "check", "press"})


class JourneyFailed(Exception):
    def __init__(self, step: Step | None, reason: str) -> None:
        self.step = step
        self.reason = reason
        super().__init__(reason)


@dataclass
class StateSeen:
    step: Step
    rendered: Rendered


def resolve(target: str, base: str) -> str:
    """A step's URL: absolute as written, else a path on the first seed's origin."""
    return urljoin(base, target)


async def _act(page, step: Step, base: str, ms: float) -> None:
    a = step.action
    if a == "click":
        await page.click(step.target, timeout=ms)
    elif a == "wait_for":
        await page.wait_for_selector(step.target, state="visible", timeout=ms)
    elif a == "goto":
        await _goto(page, resolve(step.target, base), ms)
    elif a == "check":
        await page.check(step.target, timeout=ms)
    elif a == "wait_for_url":
        await page.wait_for_url(step.target, timeout=ms, wait_until="commit")
    elif a == "fill":
        for sel, value in step.pairs:
            await page.fill(sel, value, timeout=ms)
    elif a == "select":
        for sel, value in step.pairs:
            await page.select_option(sel, list(value) if isinstance(value, tuple) else value, timeout=ms)
    elif a == "press":
        for sel, key in step.pairs:
            await page.press(sel, key, timeout=ms)
    else:   # the spec admits no other action; a new one must be added here on purpose
        raise JourneyFailed(step, f"unknown action {a!r}")


async def _goto(page, url: str, ms: float) -> None:
    response = await page.goto(url, timeout=ms, wait_until="domcontentloaded")
    if response is not None and response.status >= 400:
        raise RuntimeError(f"HTTP {response.status} for {url}")


async def run_steps(page, log: RequestLog, journey: Journey, base: str, matcher, opts: RenderOptions,
                    on_state) -> list[StateSeen]:
    """Run the journey in page: start, then every step. ``await on_state(page, rendered, step)``
    runs for every ``scan`` step while the page shows that state. Raises JourneyFailed."""
    page.on("dialog", _answer_dialog)
    seen: list[StateSeen] = []
    log.by = f"start ({journey.start})"
    try:
        await asyncio.wait_for(_goto(page, resolve(journey.start, base), journey.timeout * 1000),
                               journey.timeout + 5)
    except Exception as exc:  # noqa: BLE001 - playwright's errors carry the reason
        raise JourneyFailed(None, _reason(exc)) from None
    for step in journey.steps:
        if step.action in ACTING:
            log.by = step.describe()
        seconds = step.timeout or journey.timeout
        if step.action == "scan":
            rendered = await _scan(page, log, step, matcher, opts, on_state)
            seen.append(StateSeen(step, rendered))
            continue
        try:
            await asyncio.wait_for(_act(page, step, base, seconds * 1000), seconds + 5)
        except JourneyFailed:
            raise
        except Exception as exc:  # noqa: BLE001
            raise JourneyFailed(step, _reason(exc)) from None
    return seen


async def _scan(page, log: RequestLog, step: Step, matcher, opts: RenderOptions, on_state) -> Rendered:
    result = Rendered(url=page.url)
    deadline = time.monotonic() + opts.page_timeout

    async def collected(p, rendered):
        await on_state(p, rendered, step)

    try:
        await asyncio.wait_for(settle_and_collect(page, result, matcher, opts, deadline, collected,
                                                  zone=step.zone, requests=log), opts.page_timeout + 5)
    except Exception as exc:  # noqa: BLE001
        raise JourneyFailed(step, _reason(exc)) from None
    if result.error or result.skipped or result.not_authenticated:
        raise JourneyFailed(step, result.error or result.skipped or result.not_authenticated)
    return result


def _reason(exc: BaseException) -> str:
    if isinstance(exc, asyncio.TimeoutError):
        return "timed out"
    return first_line(str(exc).replace("Page.", "", 1)) or type(exc).__name__
