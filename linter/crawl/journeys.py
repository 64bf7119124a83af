"""Journeys beside the crawl, as one of the Crawl's sidecars (``run_journeys(crawl)``):
each journey (per device) in a fresh browser context of the scan's first pool (so it shares
the scan's auth, device, locale and request guard, and one journey's cart never leaks into
another), each state recorded through ``crawl.record`` as a page with ``journey`` and
``state``, each failure as a failed page naming the journey, the step number and the step
as written.

Journeys are not journalled for ``--resume``: a journey is one sequence of actions on a
live session, so an interrupted scan runs its journeys again from the start.
"""
from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

from ..findings import evaluate
from ..model import PageResult
from .frontier import QueueItem
from .outcome import Outcome
from .shard import parse_shard


@dataclass
class StateItem(QueueItem):
    """A journey state as the crawl records it: its own key, whatever URL it shares."""

    journey: str = ""
    state: str | None = None

    @property
    def key(self) -> tuple:
        return ("journey", self.journey, self.state, self.device)


def sidecars_for(opts) -> tuple:
    """The Crawl's sidecars for these options: the journeys, if any, in shard 1 of N only,
    so merged shards hold each state once (a shared ``--frontier`` crawl does not run them:
    every worker would)."""
    if not opts.journeys or opts.frontier:
        return ()
    if opts.shard is not None and parse_shard(opts.shard, "shard").index != 1:
        return ()
    return (run_journeys,)


def state_name(journey: str, state: str, device: str | None) -> str:
    """The name a state's evidence files carry."""
    return f"journey/{journey}/{state}" + (f"/{device}" if device else "")


async def run_journeys(crawl) -> None:
    """Every journey of ``crawl.opts.journeys`` on every device, at once, each state recorded."""
    base = crawl.expanded.urls[0] if crawl.expanded.urls else ""
    runs = [_one(crawl, j, base, d) for j in crawl.opts.journeys for d in crawl.devices]
    for got in await asyncio.gather(*runs):
        for page, findings in got:
            crawl.record(StateItem(url=page.url, depth=0, device=page.device, journey=page.journey, state=page.state),
                         Outcome(page, findings), journal=False)


async def _one(crawl, journey, base, device) -> list:
    from ..browser.guard import RequestGuard
    from ..browser.journey import JourneyFailed, run_steps
    from ..browser.netlog import RequestLog

    matcher, ropts, evidence = crawl.matcher, crawl.render_options, crawl.evidence
    outcomes: list[tuple[PageResult, list]] = []
    t0 = time.monotonic()

    async def on_state(page, rendered, step):
        pairs = evaluate(rendered.touchpoints, matcher.policy, device, journey=journey.name, state=step.target)
        if evidence:
            name = state_name(journey.name, step.target, device)
            pairs = await evidence.capture(page, rendered, pairs, name=name)
            evidence.write_requests(name, rendered.requests)
        findings = [f for _, f in pairs if f]
        outcomes.append((PageResult(
            url=rendered.final_url or rendered.url, final_url=rendered.final_url or None, title=rendered.title,
            touchpoints=len(pairs), violations=len(findings), compliant=len(pairs) - len(findings),
            settled=rendered.settled, device=device, journey=journey.name, state=step.target,
            requests=rendered.requests, requests_dropped=rendered.requests_dropped,
            elapsed_ms=int((time.monotonic() - t0) * 1000)), findings))

    ctx = await crawl.pools[0].new_context(device)
    try:
        page = await ctx.new_page()
        await RequestGuard.attach(ctx, page, crawl.guard_rules)
        log = RequestLog(page)
        try:
            await run_steps(page, log, journey, base, matcher, ropts, on_state)
        except JourneyFailed as exc:
            outcomes.append((await _failed(page, log, journey, exc, evidence, device, t0), []))
    finally:
        try:
            await asyncio.wait_for(ctx.close(), 10)
        except Exception:  # noqa: BLE001 - the browser went away: nothing left to close
            pass
    return outcomes


async def _failed(page, log, journey, exc, evidence, device, t0) -> PageResult:
    where = exc.step.describe() if exc.step else f"start ({journey.start})"
    states = journey.states
    done = {s.target for s in journey.steps if exc.step and s.action == "scan" and s.number < exc.step.number}
    heading_to = next((s for s in states if s not in done), None)
    requests, dropped = log.take()
    page_result = PageResult(
        url=_url_of(page), status="failed", device=device, journey=journey.name, state=heading_to,
        error=f"journey {journey.name!r} failed at {where}: {exc.reason}",
        requests=requests, requests_dropped=dropped, elapsed_ms=int((time.monotonic() - t0) * 1000))
    if evidence:
        page_result.screenshot = await evidence.screenshot(page, state_name(journey.name, "failed", device))
    return page_result


def _url_of(page) -> str:
    try:
        return page.url
    except Exception:  # noqa: BLE001
        return "about:blank"
