"""The scan: seeds -> frontier -> browser tabs -> touchpoints -> findings -> snapshot.

Pages render several at once (``concurrency`` tabs, each worker with its own browser
context, recycled every ``recycle_every`` pages so memory stays flat). A page that fails
is recorded with its error and the scan goes on; an interrupted scan (Ctrl-C, SIGTERM)
returns the snapshot of what finished, marked incomplete.
"""
from __future__ import annotations

import asyncio
import signal
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from .crawl.frontier import Frontier, QueueItem
from .crawl.seeds import expand
from .findings import evaluate
from .matcher import Matcher
from .model import Finding, PageResult
from .policy import Policy, load_policy
from .snapshot import Snapshot, now_iso


@dataclass
class ScanOptions:
    max_pages: int = 500
    max_depth: int = 10
    concurrency: int = 4
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    follow: bool = True
    page_timeout: float = 30.0
    settle_timeout: float = 5.0
    quiet_ms: int = 100
    browser_path: str | None = None
    viewport: tuple[int, int] = (1280, 800)
    locale: str = "id-ID"
    timezone: str = "Asia/Jakarta"
    user_agent: str | None = None
    recycle_every: int = 50
    evidence_dir: str | None = None
    offline: bool | None = None           # None: offline exactly when every seed is local
    block_hosts: tuple[str, ...] = ()     # host patterns that never load (ads, analytics)


@dataclass
class _PageOutcome:
    page: PageResult
    findings: list[Finding] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


def scan(seeds: list[str], policy: Policy | str | None = None, options: ScanOptions | None = None,
         on_page: Callable[[PageResult, list[Finding]], None] | None = None, **kw) -> Snapshot:
    """Scan seeds and return the snapshot. Options as ScanOptions fields or keywords."""
    if not isinstance(policy, Policy):
        policy = load_policy(policy)
    options = options or ScanOptions(**kw)
    return asyncio.run(_scan(list(seeds), policy, options, on_page))


async def _scan(seeds: list[str], policy: Policy, opts: ScanOptions, on_page) -> Snapshot:
    from playwright.async_api import async_playwright

    from .browser.launch import launch
    from .browser.render import RenderOptions, render_page

    matcher = Matcher(policy)
    expanded = expand(seeds)
    snapshot = Snapshot(policy={"name": policy.name, "hash": policy.hash}, created=now_iso(),
                        seeds=list(seeds), options=_public_options(opts))
    frontier = Frontier(expanded.urls, max_pages=opts.max_pages, max_depth=opts.max_depth,
                        include=opts.include, exclude=opts.exclude, follow=opts.follow,
                        served_roots=expanded.served_roots, keep_hash_routes=policy.hash_routes)
    ropts = RenderOptions(page_timeout=opts.page_timeout, settle_timeout=opts.settle_timeout,
                          quiet_ms=opts.quiet_ms)
    outcomes: dict[str, _PageOutcome] = {}
    order: list[str] = []
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, stop.set)
        except (NotImplementedError, RuntimeError, ValueError):
            pass
    evidence = None
    if opts.evidence_dir:
        from .browser.evidence import EvidenceWriter
        evidence = EvidenceWriter(Path(opts.evidence_dir), viewport=opts.viewport, locale=opts.locale)
    attempted = 0
    try:
        async with async_playwright() as pw:
            offline = None
            if opts.offline is True or (opts.offline is None and expanded.only_local):
                offline = sorted({urlsplit(u).hostname or "" for u in expanded.urls} - {""})

            async def start_browser():
                return await launch(pw, opts.browser_path, offline_except=offline, blocked=list(opts.block_hosts))

            browser = await start_browser()
            if evidence:
                evidence.user_agent = opts.user_agent or (await _default_ua(browser))

            async def new_context():
                ctx = await browser.new_context(
                    viewport={"width": opts.viewport[0], "height": opts.viewport[1]},
                    locale=opts.locale, timezone_id=opts.timezone, user_agent=opts.user_agent,
                    ignore_https_errors=True, accept_downloads=False, service_workers="block")
                await ctx.add_init_script(script=_settle_script())
                return ctx

            async def worker():
                nonlocal attempted, browser
                ctx = await new_context()
                done_here = 0
                try:
                    while not stop.is_set():
                        item = frontier.pop()
                        if item is None:
                            if busy[0] == 0:
                                return
                            await asyncio.sleep(0.02)
                            continue
                        if attempted >= opts.max_pages:
                            frontier.skipped.append((item.url, f"over --max-pages {opts.max_pages}"))
                            continue
                        attempted += 1
                        busy[0] += 1
                        order.append(item.url)
                        try:
                            if not browser.is_connected():
                                browser = await start_browser()
                                ctx = await new_context()
                            outcome = await _visit(ctx, item, matcher, ropts, evidence, render_page)
                        finally:
                            busy[0] -= 1
                        outcomes[item.url] = outcome
                        frontier.add_links(outcome.links, item)
                        if on_page:
                            on_page(outcome.page, outcome.findings)
                        done_here += 1
                        if done_here % opts.recycle_every == 0:
                            await ctx.close()
                            ctx = await new_context()
                finally:
                    try:
                        await ctx.close()
                    except Exception:  # noqa: BLE001 - browser already gone
                        pass

            busy = [0]
            tasks = [asyncio.create_task(worker()) for _ in range(max(1, opts.concurrency))]
            waiter = asyncio.create_task(stop.wait())
            done, _ = await asyncio.wait([asyncio.gather(*tasks), waiter], return_when=asyncio.FIRST_COMPLETED)
            if stop.is_set():
                snapshot.complete = False
                for t in tasks:
                    t.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
            waiter.cancel()
            await browser.close()
    finally:
        expanded.close()
        for sig in (signal.SIGINT, signal.SIGTERM):
            try:
                loop.remove_signal_handler(sig)
            except (NotImplementedError, RuntimeError, ValueError):
                pass
    for url in order:
        if url in outcomes:
            snapshot.pages.append(outcomes[url].page)
            snapshot.findings.extend(outcomes[url].findings)
    while (item := frontier.pop()) is not None:
        frontier.skipped.append((item.url, "scan interrupted" if stop.is_set() else f"over --max-pages {opts.max_pages}"))
    for url, reason in frontier.skipped:
        snapshot.pages.append(PageResult(url=url, status="skipped", error=reason))
    if evidence:
        evidence.finish(snapshot)
    return snapshot


async def _visit(ctx, item: QueueItem, matcher: Matcher, ropts, evidence, render_page) -> _PageOutcome:
    pairs = []

    async def on_collected(tab, rendered):
        # Evaluate while the tab is open, so evidence can outline each finding's element.
        pairs.extend(evaluate(rendered.touchpoints, matcher))
        if evidence:
            await evidence.capture(tab, rendered, pairs)

    r = await render_page(ctx, item.url, matcher, ropts, on_collected=on_collected)
    page = PageResult(url=item.url, final_url=r.final_url or None, http_status=r.http_status,
                      title=r.title, error=r.error or r.skipped, depth=item.depth,
                      elapsed_ms=r.elapsed_ms, settled=r.settled)
    findings: list[Finding] = []
    if r.skipped:
        page.status = "skipped"
    elif r.error:
        page.status = "failed"
    else:
        findings = [f for _, f in pairs if f]
        page.touchpoints = len(pairs)
        page.violations = len(findings)
        page.compliant = page.touchpoints - page.violations
    return _PageOutcome(page, findings, [] if r.error else r.links)


async def _default_ua(browser) -> str:
    ctx = await browser.new_context()
    page = await ctx.new_page()
    ua = await page.evaluate("navigator.userAgent")
    await ctx.close()
    return ua


def _settle_script() -> str:
    from .browser.render import SETTLE
    return SETTLE


def _public_options(opts: ScanOptions) -> dict:
    d = asdict(opts)
    d["viewport"] = list(opts.viewport)
    d["include"], d["exclude"] = list(opts.include), list(opts.exclude)
    d["block_hosts"] = list(opts.block_hosts)
    return d
