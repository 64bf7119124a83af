"""Journeys beside the crawl: each journey (per device) in a fresh browser context of the
scan's pool (so it shares the scan's auth, device, locale and request guard, and one
journey's cart never leaks into another), each state recorded as a page with ``journey``
and ``state``, each failure as a failed page naming the journey, the step number and the
step as written.

Journeys are not journalled for ``--resume``: a journey is one sequence of actions on a
live session, so an interrupted scan runs its journeys again from the start.
"""
from __future__ import annotations

import asyncio
import time

from ..findings import evaluate
from ..model import Finding, PageResult


def state_name(journey: str, state: str, device: str | None) -> str:
    """The name a state's evidence files carry."""
    return f"journey/{journey}/{state}" + (f"/{device}" if device else "")


async def run_journeys(pool, journeys, base: str, matcher, ropts, rules, evidence, devices) -> list:
    """``[(PageResult, [Finding, ...]), ...]`` for every state and failure, journey by journey."""
    runs = [_one(pool, j, base, matcher, ropts, rules, evidence, d) for j in journeys for d in devices]
    out = []
    for got in await asyncio.gather(*runs):
        out.extend(got)
    return out


async def _one(pool, journey, base, matcher, ropts, rules, evidence, device) -> list:
    from ..browser.guard import RequestGuard
    from ..browser.journey import JourneyFailed, run_steps
    from ..browser.netlog import RequestLog

    outcomes: list[tuple[PageResult, list[Finding]]] = []
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

    ctx = await pool.new_context(device)
    try:
        page = await ctx.new_page()
        await RequestGuard.attach(ctx, page, rules)
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
