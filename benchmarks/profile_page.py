"""Where a page's time goes: brandlint's render path split into its steps, in one process.

Not a test: ``python benchmarks/profile_page.py [--pages N] [--grid N] [--image]``. It
serves the generated shapes (``fixtures/shapes``) on 127.0.0.1 and, in one browser:

- **guard**: the same pages rendered with the request guard on and off, alternating, so
  the machine's load falls on both alike (the ratio is the figure, not the seconds);
- **steps** of one page: navigation to commit, settle probe, collector (in-page, and the
  JSON it returns), describe, ``json.loads``, the matcher (``candidates``), touchpoints;
- **profile**: DevTools' sampling profiler over the collector, its top functions by
  self time.

Wall times on a loaded machine are noisy several-fold: read ratios within one run.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "fixtures"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_scan import SERVER  # noqa: E402


async def render_many(browser, urls, guarded: bool, matcher, opts) -> float:
    from linter.browser.guard import GuardRules
    from linter.browser.render import SETTLE, Tab, render_page
    ctx = await browser.new_context()
    await ctx.add_init_script(script=SETTLE)
    origin = "/".join(urls[0].split("/")[:3])
    if guarded:
        tab = Tab(ctx, GuardRules(origins=[origin]))
        await tab.open()
        page, guard = tab.page, tab.guard
    else:
        page, guard = await ctx.new_page(), None
    t0 = time.perf_counter()
    for u in urls:
        r = await render_page(page, guard, u, matcher, opts)
        assert r.error is None, r.error
    dt = time.perf_counter() - t0
    await ctx.close()
    return dt


async def guard_ab(browser, urls, matcher, opts, rounds: int = 4) -> None:
    on, off = [], []
    for _ in range(rounds):
        off.append(await render_many(browser, urls, False, matcher, opts))
        on.append(await render_many(browser, urls, True, matcher, opts))
    r = statistics.median(a / b for a, b in zip(on, off))
    print(f"guard: {len(urls)} pages x {rounds} rounds, on/off median ratio {r:.3f} "
          f"(on {statistics.median(on):.2f} s, off {statistics.median(off):.2f} s)", flush=True)


async def steps(browser, url, matcher) -> None:
    from linter.browser.render import COLLECT_JSON, DESCRIBE_JSON, SETTLE
    from linter.extract import candidates, element_keys, touchpoints
    ctx = await browser.new_context()
    await ctx.add_init_script(script=SETTLE)
    page = await ctx.new_page()
    page.set_default_timeout(600_000)   # a 100k-image grid takes longer than 30 s to load on a busy machine
    cfg = {**matcher.policy.collector_config(), "legacyHosts": list(matcher.policy.legacy_hosts),
           "hint": matcher.describe_hint()}
    t = {}
    t0 = time.perf_counter()
    await page.goto(url, wait_until="commit")
    t["goto commit"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    await page.wait_for_load_state("load")
    t["load"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    await page.evaluate("() => window.__brandlintWait(50, 5000)")
    t["settle probe"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    await page.evaluate("() => document.body.innerText.length")
    t["(bare innerText)"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    text = await page.evaluate(COLLECT_JSON, cfg)
    t["collector (in page + transfer)"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    raw = json.loads(text)
    t[f"json.loads ({len(text) / 1e6:.1f} MB)"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    cands = candidates(raw, matcher)
    t[f"matcher ({len(raw['runs'])} runs)"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    described = json.loads(await page.evaluate(DESCRIBE_JSON, {**cfg, "keys": element_keys(cands)}))
    t["describe"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    tps = touchpoints(cands, described, page.url, matcher.policy)
    t[f"touchpoints ({len(tps)})"] = time.perf_counter() - t0
    for k, v in t.items():
        print(f"  {k:34s} {v * 1000:9.1f} ms", flush=True)
    await profile_collector(ctx, page, cfg)
    await ctx.close()


async def profile_collector(ctx, page, cfg, top: int = 12) -> None:
    from linter.browser.render import COLLECT_JSON
    s = await ctx.new_cdp_session(page)
    await s.send("Profiler.enable")
    await s.send("Profiler.setSamplingInterval", {"interval": 200})
    await s.send("Profiler.start")
    await page.evaluate(COLLECT_JSON, cfg)
    prof = (await s.send("Profiler.stop"))["profile"]
    nodes = {n["id"]: n for n in prof["nodes"]}
    counts: dict[str, int] = {}
    for sid in prof["samples"]:
        f = nodes[sid]["callFrame"]
        key = f"{f['functionName'] or '(anonymous)'}:{f['lineNumber'] + 1}"
        counts[key] = counts.get(key, 0) + 1
    total = sum(counts.values()) or 1
    print("  collector profile, self time:")
    for k, c in sorted(counts.items(), key=lambda kv: -kv[1])[:top]:
        print(f"    {c / total * 100:5.1f}%  {k}")


async def main(args) -> None:
    from playwright.async_api import async_playwright

    from linter.browser.launch import launch
    from linter.browser.render import RenderOptions
    from linter.matcher import Matcher
    from linter.policy import load_policy
    from shapes import grid_page, product_grid_site
    tmp = Path(tempfile.mkdtemp(prefix="brandlint-prof-"))
    paths = product_grid_site(tmp / "site2", args.pages) if args.pages else []
    (tmp / "grid.html").write_text(grid_page(args.grid, args.image), encoding="utf-8")
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(tmp)], stdout=subprocess.PIPE, text=True)
    try:
        base = f"http://127.0.0.1:{int(server.stdout.readline())}"
        matcher = Matcher(load_policy())
        opts = RenderOptions(page_timeout=600)
        async with async_playwright() as pw:
            browser = await launch(pw, offline_except=[])
            if args.pages:
                await guard_ab(browser, [f"{base}/site2/{p}" for p in paths], matcher, opts)
            print(f"steps of a {args.grid:,}-element {'image' if args.image else 'text'} grid:", flush=True)
            await steps(browser, f"{base}/grid.html", matcher)
            await browser.close()
    finally:
        server.terminate()
        server.wait(5)


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=30, help="site2 pages for the guard on/off run (0: skip)")
    ap.add_argument("--grid", type=int, default=100_000, help="elements of the grid page profiled")
    ap.add_argument("--image", action="store_true", help="image cards instead of text cards")
    asyncio.run(main(ap.parse_args()))
