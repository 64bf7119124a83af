"""What each layer of brandlint's render path adds to a page, in one browser, a tab a variant.

Not a test: ``python benchmarks/profile_layers.py [--site shop|site2|tiny] [--pages N]
[--rounds R]``. It serves the generated shapes (``fixtures/shapes``) on 127.0.0.1 and
renders each page with every variant in turn, each in its own tab, all tabs open at once and
the order rotating from page to page, so the machine's drift falls on all alike:

- **bare**: ``goto(load)`` and ``innerText``, as bench_scan's bare loop;
- **+ probe**: the same with brandlint's init script (js/settle.js and the collect step);
- **+ fetch**: the same with a DevTools ``Fetch.enable`` whose one pattern (fonts) never
  matches, the cost of interception by itself;
- **+ guard**: the same with the request guard (browser/guard.py) instead;
- **render_page**: brandlint's whole render path, without the guard and with it.

It prints each variant's median ms a page and the median of its paired differences with
bare (the same page, moments apart). Rounds of whole variants, one after the other, were
too noisy: one change (a guard pausing only other origins' documents) read -7.1 ms in one
run and -0.5 in the next; paired, -1.9 and -2.0. The seconds drift with the machine, and
with six tabs open each page takes longer than in a tab alone: read the differences.
"""
from __future__ import annotations

import argparse
import asyncio
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


async def _bare(page, url: str, guard=None, **_) -> None:
    if guard is not None:   # render_page resets these for each page; the bare loop must too
        guard.reset()
    await page.goto(url, wait_until="load")
    await page.evaluate("() => document.body.innerText.length")


async def _render(page, url: str, guard=None, matcher=None, opts=None) -> None:
    from linter.browser.render import render_page
    r = await render_page(page, guard, url, matcher, opts)
    assert r.error is None, r.error


VARIANTS = {   # name: (init script, interception, step)
    "bare": (False, None, _bare),
    "+ probe": (True, None, _bare),
    "+ probe + fetch (no match)": (True, "fetch", _bare),
    "+ probe + guard": (True, "guard", _bare),
    "render_page, no guard": (True, None, _render),
    "render_page": (True, "guard", _render),
}


async def _tab(browser, init: bool, intercept: str | None, origin: str):
    from linter.browser.guard import GuardRules, RequestGuard
    from linter.browser.inpage import INIT_SCRIPT
    ctx = await browser.new_context(viewport={"width": 1280, "height": 800}, service_workers="block")
    if init:
        await ctx.add_init_script(script=INIT_SCRIPT)
    page = await ctx.new_page()
    guard = None
    if intercept == "guard":
        guard = await RequestGuard.attach(ctx, page, GuardRules(origins=[origin], block_types=("Font", "Media")))
    elif intercept == "fetch":
        session = await ctx.new_cdp_session(page)
        await session.send("Fetch.enable", {"patterns": [{"resourceType": "Font", "requestStage": "Request"}]})
    return ctx, page, guard


async def run(urls: list[str], rounds: int) -> dict[str, list[float]]:
    from playwright.async_api import async_playwright

    from linter.browser.launch import launch
    from linter.browser.render import RenderOptions
    from linter.matcher import Matcher
    from linter.policy import load_policy
    matcher, opts = Matcher(load_policy("permendag31")), RenderOptions()
    origin = "/".join(urls[0].split("/")[:3])
    names = list(VARIANTS)
    ms: dict[str, list[float]] = {name: [] for name in names}
    async with async_playwright() as pw:
        browser = await launch(pw, offline_except=[])
        tabs = {}
        for name, (init, intercept, step) in VARIANTS.items():
            tabs[name] = await _tab(browser, init, intercept, origin)
            await step(tabs[name][1], urls[0], guard=tabs[name][2], matcher=matcher, opts=opts)   # a warm renderer
        turn = 0
        for r in range(rounds):
            for url in urls:
                for name in names[turn % len(names):] + names[:turn % len(names)]:
                    _, page, guard = tabs[name]
                    t0 = time.perf_counter()
                    await VARIANTS[name][2](page, url, guard=guard, matcher=matcher, opts=opts)
                    ms[name].append((time.perf_counter() - t0) * 1000)
                turn += 1
            print(f"round {r + 1}: " + ", ".join(f"{k} {statistics.median(v[-len(urls):]):.1f}" for k, v in ms.items()),
                  flush=True)
        for ctx, _, _ in tabs.values():
            await ctx.close()
        await browser.close()
    return ms


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--site", choices=("shop", "site2", "tiny"), default="shop")
    ap.add_argument("--pages", type=int, default=60)
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    from shapes import product_grid_site, shop_site
    tmp = Path(tempfile.mkdtemp(prefix="brandlint-layers-"))
    if args.site == "shop":
        paths = shop_site(tmp / "site", max(args.pages + 1, 10))[1:args.pages + 1]
        prefix = "site"
    elif args.site == "site2":
        paths = product_grid_site(tmp / "site2", args.pages + 1)[1:args.pages + 1]
        prefix = "site2"
    else:
        (tmp / "tiny").mkdir()
        paths = [f"{i}.html" for i in range(args.pages)]
        for p in paths:
            (tmp / "tiny" / p).write_text(f"<!doctype html><title>{p}</title><p>{p}</p>", encoding="utf-8")
        prefix = "tiny"
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(tmp)], stdout=subprocess.PIPE, text=True)
    try:
        base = f"http://127.0.0.1:{int(server.stdout.readline())}"
        ms = asyncio.run(run([f"{base}/{prefix}/{p}" for p in paths], args.rounds))
    finally:
        server.kill()
    print(f"\n{args.site}: {len(paths)} pages x {args.rounds} rounds, a tab a variant; ms a page, median, "
          "and the median of the paired differences with bare")
    for name, v in ms.items():
        paired = statistics.median(a - b for a, b in zip(v, ms["bare"]))
        print(f"  {name:28s} {statistics.median(v):6.1f} ms  ({paired:+5.1f} against bare)")


if __name__ == "__main__":
    main()
