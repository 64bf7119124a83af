"""``brandlint scan SEED...``: render pages, report violations, write the snapshot."""
from __future__ import annotations

import sys

import click

from ..errors import UsageError


def _viewport(ctx, param, value):
    if value is None:
        return None
    try:
        w, h = value.lower().split("x")
        return int(w), int(h)
    except ValueError:
        raise click.BadParameter("expected WIDTHxHEIGHT, e.g. 1280x800") from None


def _concurrency(ctx, param, value):
    if value is None or str(value).strip().lower() == "auto":
        return None
    try:
        n = int(value)
    except ValueError:
        n = 0
    if not 1 <= n <= 32:
        raise click.BadParameter(f"{value!r}: expected 'auto' or a number of tabs from 1 to 32")
    return n


def exit_code(snapshot, gate_result=None, tolerate_failures: bool = False) -> int:
    """See ``linter.outcome.scan_exit`` (3 incomplete beats 1 violations; notes never fail)."""
    from ..outcome import scan_exit
    return scan_exit(snapshot, gate_result, tolerate_failures)


@click.command()
@click.argument("seeds", nargs=-1, required=True)
@click.option("--out", "-o", "out", type=click.Path(dir_okay=False), help="Write the snapshot JSON here (and journal progress to OUT.checkpoint.jsonl).")
@click.option("--policy", "policy", help="Preset name or policy TOML file (default: nearest brandlint.toml / pyproject.toml, else permendag31).")
@click.option("--max-pages", type=click.IntRange(1), default=500, show_default=True)
@click.option("--max-depth", type=click.IntRange(0), default=10, show_default=True)
@click.option("--concurrency", "-j", callback=_concurrency, metavar="N|auto",
              help="Tabs rendering at once: a number from 1 to 32, or auto (default): measured as the scan goes, from 1 to 8.")
@click.option("--include", multiple=True, help="Only follow URLs matching this glob (or re:REGEX). Repeatable.")
@click.option("--exclude", multiple=True, help="Never follow URLs matching this glob (or re:REGEX). Repeatable.")
@click.option("--no-follow", is_flag=True, help="Scan the seeds only.")
@click.option("--page-timeout", type=click.FloatRange(0.5), default=30.0, show_default=True, help="Seconds allowed per page.")
@click.option("--recycle-every", type=click.IntRange(1), default=200, show_default=True,
              help="Pages a browser context renders before it is replaced (memory stays flat).")
@click.option("--settle-timeout", type=float, default=5.0, show_default=True, help="Most seconds to wait for a page to stop changing.")
@click.option("--budget", type=click.FloatRange(1), help="Seconds for the whole scan; pages not reached by then are recorded as skipped.")
@click.option("--retries", type=click.IntRange(0, 10), default=2, show_default=True, help="Further tries after a timeout, 5xx, 429 or crashed tab.")
@click.option("--rate", type=click.FloatRange(0), default=0, help="Most page loads per second per host (default: no limit).")
@click.option("--ignore-robots", is_flag=True, help="Do not obey robots.txt (for your own staging site).")
@click.option("--no-sitemaps", is_flag=True, help="Do not add the pages listed by robots.txt's sitemaps.")
@click.option("--resume", is_flag=True, help="Go on with the interrupted scan journalled next to --out.")
@click.option("--device", "devices", multiple=True, help="Playwright device name (e.g. 'iPhone 13', 'Pixel 7'). Repeatable: each device scans every page.")
@click.option("--viewport", callback=_viewport, help="WIDTHxHEIGHT (default 1280x800, or the device's).")
@click.option("--locale", default="id-ID", show_default=True)
@click.option("--timezone", default="Asia/Jakarta", show_default=True)
@click.option("--http-user", help="HTTP basic-auth user for the seed origins.")
@click.option("--http-password-env", metavar="VAR", help="Environment variable holding the basic-auth password.")
@click.option("--header", "headers", multiple=True, metavar="'NAME: VALUE'", help="Extra request header for the seed origins only. Repeatable.")
@click.option("--cookies", "cookies_file", type=click.Path(dir_okay=False, exists=True), help="Cookies: JSON list, storage-state JSON or cookies.txt.")
@click.option("--storage-state", type=click.Path(dir_okay=False, exists=True), help="Playwright storage_state JSON (cookies and local storage).")
@click.option("--login-script", type=click.Path(dir_okay=False, exists=True), help="Python file with login(page), run once per browser context.")
@click.option("--require-selector", metavar="CSS", help="Auth canary: a page without this element is recorded as not-authenticated.")
@click.option("--forbid-url-pattern", metavar="REGEX", help="Auth canary: a page that lands on a matching URL (the login page) is not-authenticated.")
@click.option("--block-host", "block_hosts", multiple=True, metavar="PATTERN", help="Host pattern that never loads (e.g. '*.doubleclick.net'). Repeatable.")
@click.option("--block-resources", default="font,media", show_default=True, help="Resource types never loaded (asset URLs are still read from the page); 'none' loads all.")
@click.option("--browser-path", envvar="BRANDLINT_CHROMIUM", help="Chromium executable (default: Playwright's, else /usr/bin/chromium).")
@click.option("--journey", "journey_paths", multiple=True, metavar="FILE.yml|DIR",
              help="Run this journey (YAML steps to states a crawl cannot reach: cart, checkout, payment) beside the crawl; a folder runs every *.yml in it. Repeatable. See docs/journeys.md.")
@click.option("--evidence", "evidence_dir", type=click.Path(file_okay=False), help="Write screenshots, DOM and a MANIFEST.sha256 bundle here.")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False, exists=True), help="Fail only on findings this baseline does not cover.")
@click.option("--visual", type=click.Choice(["on", "off", "assets", "auto"]), default="auto", show_default=True,
              help="Read pixels: OCR text in images and canvas, legacy logos and colours (on); logos and colours only (assets). auto: on when Tesseract is installed.")
@click.option("--tolerate-failures", is_flag=True, help="Do not exit 3 when pages failed to load.")
@click.option("--connect", "connect", multiple=True, metavar="ws://HOST:PORT/…", help="Render in a Playwright browser server (playwright run-server, Browserless, a Grid) instead of a local Chromium. Repeatable: tabs are spread over the endpoints.")
@click.option("--cdp", "cdp", multiple=True, metavar="http://HOST:9222", help="Render in a running Chromium over DevTools (started with --remote-debugging-port). Repeatable.")
@click.option("--shard", metavar="K/N", help="Render only the pages whose URL hashes to shard K of N (links are still followed through the whole site). Default: $BRANDLINT_SHARD, or $JOB_COMPLETION_INDEX with $BRANDLINT_SHARD_TOTAL.")
@click.option("--lang", type=click.Choice(["en", "id"]), default="en", show_default=True)
@click.option("--quiet", "-q", is_flag=True, help="Print only the summary figures.")
@click.option("--verbose", "-v", is_flag=True, help="Print one line per page as it finishes.")
def scan(seeds, out, policy, max_pages, max_depth, concurrency, include, exclude, no_follow,
         recycle_every, page_timeout, settle_timeout, budget, retries, rate, ignore_robots, no_sitemaps, resume,
         devices, viewport, locale, timezone, http_user, http_password_env, headers, cookies_file,
         storage_state, login_script, require_selector, forbid_url_pattern, block_hosts,
         block_resources, browser_path, journey_paths, evidence_dir, baseline_path, visual, tolerate_failures, connect, cdp, shard, lang, quiet, verbose):
    """Render SEED pages in Chromium and report legacy-brand violations.

    SEED is a URL, a sitemap URL, a file of URLs, an HTML file or a local folder (served on
    127.0.0.1 for the scan). Same-origin links are followed. See docs/crawling.md.
    """
    import os
    import re

    from ..browser.auth import Access, parse_header
    from ..crawl.checkpoint import checkpoint_path
    from ..crawl.shard import resolve_shard
    from ..policy import load_policy
    from ..reports.progress_line import ProgressDisplay
    from ..reports import render
    from ..scanner import ScanOptions, scan as run_scan

    pol = load_policy(policy)
    journeys = ()
    if journey_paths:
        from ..journeys import load_journeys
        journeys = tuple(load_journeys(journey_paths, zones=set(pol.zones)))
    baseline = None
    if baseline_path:
        from ..history.baseline import load_baseline
        baseline = load_baseline(baseline_path)
    password = None
    if http_password_env:
        if http_user is None:
            raise UsageError("--http-password-env needs --http-user")
        password = os.environ.get(http_password_env)
        if password is None:
            raise UsageError(f"--http-password-env {http_password_env}: that environment variable is not set")
    if forbid_url_pattern:
        try:
            re.compile(forbid_url_pattern)
        except re.error as exc:
            raise UsageError(f"--forbid-url-pattern: not a regular expression: {exc}") from None
    if resume and not out:
        raise UsageError("--resume needs --out (the checkpoint is OUT.checkpoint.jsonl)")
    if resume and not checkpoint_path(out).exists():
        raise UsageError(f"--resume: no checkpoint at {checkpoint_path(out)}")
    kinds = () if block_resources.strip().lower() == "none" else tuple(
        k.strip().lower() for k in block_resources.split(",") if k.strip())
    bad = [k for k in kinds if k not in RESOURCE_TYPES]
    if bad:
        raise UsageError(f"--block-resources: unknown type(s) {', '.join(bad)}; use {', '.join(RESOURCE_TYPES)} or none")
    access = Access(http_user=http_user, http_password=password,
                    headers=dict(parse_header(h) for h in headers), cookies_file=cookies_file,
                    storage_state=storage_state, login_script=login_script)
    opts = ScanOptions(max_pages=max_pages, max_depth=max_depth, concurrency=concurrency,
                       include=include, exclude=exclude, follow=not no_follow,
                       page_timeout=page_timeout, settle_timeout=settle_timeout, budget=budget,
                       recycle_every=recycle_every,
                       retries=retries, rate=rate, robots=not ignore_robots, sitemaps=not no_sitemaps,
                       devices=tuple(devices), viewport=viewport, locale=locale, timezone=timezone,
                       browser_path=browser_path, evidence_dir=evidence_dir, access=access,
                       require_selector=require_selector, forbid_url_pattern=forbid_url_pattern,
                       block_hosts=tuple(block_hosts), block_resources=kinds,
                       checkpoint=str(checkpoint_path(out)) if out else None, resume=resume, visual=visual,
                       connect=tuple(connect), cdp=tuple(cdp), shard=str(part) if (part := resolve_shard(shard)) else None,
                       journeys=journeys)
    display = None if quiet else ProgressDisplay(sys.stderr, verbose=verbose)
    snapshot = run_scan(list(seeds), pol, opts, on_page=display.page if display else None,
                        on_progress=display.update if display else None)
    if display:
        display.finish()
    for note in snapshot.options.get("notes", ()):
        if note.startswith(("visual step off", "text in images not read")):
            click.echo(f"note: {note}", err=True)
    if out:
        snapshot.write(out)
        if snapshot.complete:
            checkpoint_path(out).unlink(missing_ok=True)
    click.echo(render(snapshot, "text", lang=lang, color=sys.stdout.isatty(), figures_only=quiet))
    result = None
    if baseline is not None:
        from ..history.baseline import gate
        from ..reports.gate import text as gate_text
        result = gate(baseline, snapshot)
        click.echo(gate_text(result, lang=lang))
    if out:
        click.echo(f"Snapshot written to {out}", err=True)
        if not snapshot.complete:
            click.echo(f"Scan incomplete: run the same command with --resume to go on "
                       f"(checkpoint {checkpoint_path(out)})", err=True)
    if not snapshot.pages:
        raise UsageError("nothing was scanned")
    sys.exit(exit_code(snapshot, result, tolerate_failures))


RESOURCE_TYPES = ("font", "media", "image", "stylesheet", "script", "texttrack", "manifest")
