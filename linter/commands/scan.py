"""``brandlint scan SEED...``: render pages, report violations, write the snapshot."""
from __future__ import annotations

import sys

import click

from ..errors import UsageError
from ..options import default as _d


def _concurrency(ctx, param, value):
    """``auto`` or a number of tabs: checked by the options' own parser, as the API does."""
    from ..options import parse_concurrency
    try:
        return parse_concurrency(value)
    except UsageError as exc:
        raise click.BadParameter(str(exc)) from None


def exit_code(snapshot, gate_result=None, tolerate_failures: bool = False) -> int:
    """See ``linter.outcome.scan_exit`` (3 incomplete beats 1 violations; notes never fail)."""
    from ..outcome import scan_exit
    return scan_exit(snapshot, gate_result, tolerate_failures)


@click.command()
@click.argument("seeds", nargs=-1, required=True)
@click.option("--out", "-o", "out", type=click.Path(dir_okay=False), help="Write the snapshot JSON here (and journal progress to OUT.checkpoint.jsonl).")
@click.option("--policy", "policy", help="Preset name or policy TOML file (default: nearest brandlint.toml / pyproject.toml, else permendag31).")
@click.option("--max-pages", type=int, default=_d("max_pages"), show_default=True)
@click.option("--max-depth", type=int, default=_d("max_depth"), show_default=True)
@click.option("--concurrency", "-j", callback=_concurrency, metavar="N|auto",
              help="Tabs rendering at once: a number from 1 to 32, or auto (default): measured as the scan goes, from 1 to 8.")
@click.option("--include", multiple=True, help="Only follow URLs matching this glob (or re:REGEX). Repeatable.")
@click.option("--exclude", multiple=True, help="Never follow URLs matching this glob (or re:REGEX). Repeatable.")
@click.option("--no-follow", is_flag=True, help="Scan the seeds only.")
@click.option("--page-timeout", type=float, default=_d("page_timeout"), show_default=True, help="Seconds allowed per page.")
@click.option("--max-elements", type=int, default=_d("max_elements"), show_default=True,
              help="Elements a frame's styles are read for; past them text and attributes only (the page's notes say so).")
@click.option("--recycle-every", type=int, default=_d("recycle_every"), show_default=True,
              help="Pages a browser context renders before it is replaced (memory stays flat).")
@click.option("--settle-timeout", type=float, default=_d("settle_timeout"), show_default=True, help="Most seconds to wait for a page to stop changing.")
@click.option("--budget", type=float, help="Seconds for the whole scan; pages not reached by then are recorded as skipped.")
@click.option("--retries", type=int, default=_d("retries"), show_default=True, help="Further tries after a timeout, 5xx, 429 or crashed tab.")
@click.option("--rate", type=float, default=_d("rate"), help="Most page loads per second per host (default: no limit).")
@click.option("--ignore-robots", is_flag=True, help="Do not obey robots.txt (for your own staging site).")
@click.option("--no-sitemaps", is_flag=True, help="Do not add the pages listed by robots.txt's sitemaps.")
@click.option("--resume", is_flag=True, help="Go on with the interrupted scan journalled next to --out.")
@click.option("--device", "devices", multiple=True, help="Playwright device name (e.g. 'iPhone 13', 'Pixel 7'). Repeatable: each device scans every page.")
@click.option("--viewport", help="WIDTHxHEIGHT (default 1280x800, or the device's).")
@click.option("--locale", default=_d("locale"), show_default=True)
@click.option("--timezone", default=_d("timezone"), show_default=True)
@click.option("--http-user", help="HTTP basic-auth user for the seed origins.")
@click.option("--http-password-env", metavar="VAR", help="Environment variable holding the basic-auth password.")
@click.option("--header", "headers", multiple=True, metavar="'NAME: VALUE'", help="Extra request header for the seed origins only. Repeatable.")
@click.option("--cookies", "cookies_file", type=click.Path(dir_okay=False, exists=True), help="Cookies: JSON list, storage-state JSON or cookies.txt.")
@click.option("--storage-state", type=click.Path(dir_okay=False, exists=True), help="Playwright storage_state JSON (cookies and local storage).")
@click.option("--login-script", type=click.Path(dir_okay=False, exists=True), help="Python file with login(page), run once per browser context.")
@click.option("--require-selector", metavar="CSS", help="Auth canary: a page without this element is recorded as not-authenticated.")
@click.option("--forbid-url-pattern", metavar="REGEX", help="Auth canary: a page that lands on a matching URL (the login page) is not-authenticated.")
@click.option("--offline/--online", "offline", default=None,
              help="Offline: only the seeds' hosts resolve, every other host fails at once (a CI machine without internet, where third-party hosts would each wait out a DNS timeout). Default: offline when every seed is local.")
@click.option("--block-host", "block_hosts", multiple=True, metavar="PATTERN", help="Host pattern that never loads (e.g. '*.doubleclick.net'). Repeatable.")
@click.option("--block-resources", default=",".join(_d("block_resources")), show_default=True, help="Resource types never loaded (asset URLs are still read from the page); 'none' loads all.")
@click.option("--browser-path", envvar="BRANDLINT_CHROMIUM", help="Chromium executable (default: Playwright's, else /usr/bin/chromium).")
@click.option("--journey", "journey_paths", multiple=True, metavar="FILE.yml|DIR",
              help="Run this journey (YAML steps to states a crawl cannot reach: cart, checkout, payment) beside the crawl; a folder runs every *.yml in it. Repeatable. See docs/journeys.md.")
@click.option("--evidence", "evidence_dir", type=click.Path(file_okay=False), help="Write screenshots, DOM and a MANIFEST.sha256 bundle here.")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False, exists=True), help="Fail only on findings this baseline does not cover.")
@click.option("--visual", type=click.Choice(["on", "off", "assets", "auto"]), default=_d("visual"), show_default=True,
              help="Read pixels: OCR text in images and canvas, legacy logos and colours (on); logos and colours only (assets). auto: on when Tesseract is installed.")
@click.option("--requests", type=click.Choice(["wire", "all"]), default=_d("requests"), show_default=True,
              help="Whose requests the snapshot lists: wire, the pages of a zone with legacy_hosts (where the request check runs) and every journey state; all, every page (some 6 percent slower on small pages).")
@click.option("--tolerate-failures", is_flag=True, help="Do not exit 3 when pages failed to load.")
@click.option("--connect", "connect", multiple=True, metavar="ws://HOST:PORT/…", help="Render in a Playwright browser server (playwright run-server, Browserless, a Grid) instead of a local Chromium. Repeatable: tabs are spread over the endpoints.")
@click.option("--cdp", "cdp", multiple=True, metavar="http://HOST:9222", help="Render in a running Chromium over DevTools (started with --remote-debugging-port). Repeatable.")
@click.option("--shard", metavar="K/N", help="Render only the pages whose URL hashes to shard K of N (links are still followed through the whole site). Default: $BRANDLINT_SHARD, or $JOB_COMPLETION_INDEX with $BRANDLINT_SHARD_TOTAL.")
@click.option("--frontier", metavar="redis://HOST:PORT/DB", help="Join (or start) a crawl shared by workers on any number of machines through Redis (pip install 'brandlint[scale]'). Each writes the whole crawl's snapshot to --out when it is done.")
@click.option("--crawl-id", metavar="NAME", help="Name of the shared crawl (default: a hash of the seeds and the policy).")
@click.option("--lease", type=float, default=_d("lease"), show_default=True, help="Seconds before the pages of a worker that stopped answering go to another.")
@click.option("--lang", type=click.Choice(["en", "id"]), default="en", show_default=True)
@click.option("--quiet", "-q", is_flag=True, help="Print only the summary figures.")
@click.option("--verbose", "-v", is_flag=True, help="Print one line per page as it finishes.")
def scan(seeds, out, policy, baseline_path, tolerate_failures, lang, quiet, verbose, **flags):
    """Render SEED pages in Chromium and report legacy-brand violations.

    SEED is a URL, a sitemap URL, a file of URLs, an HTML file or a local folder (served on
    127.0.0.1 for the scan). Same-origin links are followed. See docs/crawling.md.
    """
    from .. import load_policy, scan as run_scan
    from ..crawl.checkpoint import checkpoint_path
    from ..reports.progress_line import ProgressDisplay

    pol = load_policy(policy)
    baseline = None
    if baseline_path:
        from ..history.baseline import load_baseline
        baseline = load_baseline(baseline_path)
    journey_paths = flags.pop("journey_paths")
    journeys = ()
    if journey_paths:
        from ..journeys import load_journeys
        journeys = tuple(load_journeys(journey_paths, zones=set(pol.zones)))
    opts = scan_options(out, journeys=journeys, **flags)
    display = None if quiet else ProgressDisplay(sys.stderr, verbose=verbose)
    snapshot = run_scan(list(seeds), pol, options=opts, on_page=display.page if display else None,
                        on_progress=display.update if display else None)
    if display:
        display.finish()
    for note in snapshot.options.get("notes", ()):
        if note.startswith(("visual step off", "text in images not read", "joined crawl", "the Redis frontier")):
            click.echo(f"note: {note}", err=True)
    if out:
        snapshot.write(out)
        if snapshot.complete:
            checkpoint_path(out).unlink(missing_ok=True)
    result = _report(snapshot, baseline, lang, quiet)
    if out:
        click.echo(f"Snapshot written to {out}", err=True)
        if not snapshot.complete and opts.frontier:
            click.echo("Scan incomplete: run the same command again to rejoin the shared crawl", err=True)
        elif not snapshot.complete:
            click.echo(f"Scan incomplete: run the same command with --resume to go on "
                       f"(checkpoint {checkpoint_path(out)})", err=True)
    if not snapshot.pages:
        raise UsageError("nothing was scanned")
    sys.exit(exit_code(snapshot, result, tolerate_failures))


def scan_options(out, *, no_follow, ignore_robots, no_sitemaps, resume, http_user, http_password_env,
                 headers, cookies_file, storage_state, login_script, shard, **same):
    """The flags as ScanOptions: flags named like a field pass through as they are (the
    options check them, as they do for the API); the rest is what only a shell has."""
    import os

    from ..browser.auth import Access, parse_header
    from .. import ScanOptions
    from ..crawl.checkpoint import checkpoint_path

    password = None
    if http_password_env:
        if http_user is None:
            raise UsageError("--http-password-env needs --http-user")
        password = os.environ.get(http_password_env)
        if password is None:
            raise UsageError(f"--http-password-env {http_password_env}: that environment variable is not set")
    if resume and not out and not same.get("frontier"):
        raise UsageError("--resume needs --out (the checkpoint is OUT.checkpoint.jsonl)")
    access = Access(http_user=http_user, http_password=password,
                    headers=dict(parse_header(h) for h in headers), cookies_file=cookies_file,
                    storage_state=storage_state, login_script=login_script)
    from ..crawl.shard import resolve_shard
    part = resolve_shard(shard)   # or the environment's (a CI matrix, a Kubernetes Indexed Job)
    shard = str(part) if part else None
    return ScanOptions(shard=shard, follow=not no_follow, robots=not ignore_robots, sitemaps=not no_sitemaps,
                       access=access, checkpoint=str(checkpoint_path(out)) if out else None,
                       resume=resume, **same)


def _report(snapshot, baseline, lang: str, quiet: bool):
    """The summary (and the gate's verdict with a baseline); returns the gate's result."""
    from ..reports import render
    click.echo(render(snapshot, "text", lang=lang, color=sys.stdout.isatty(), figures_only=quiet))
    if baseline is None:
        return None
    from ..history.baseline import gate
    from ..reports.gate import text as gate_text
    result = gate(baseline, snapshot)
    click.echo(gate_text(result, lang=lang))
    return result
