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


def exit_code(snapshot, gate_result=None, tolerate_failures: bool = False) -> int:
    """2 is raised elsewhere; 3 (incomplete) beats 1 (violations): a gate must not pass
    or fail on a scan that did not see every page, and the user has to fix the crawl first."""
    failed = any(p.status in ("failed", "not-authenticated") for p in snapshot.pages)
    if (failed or not snapshot.complete) and not tolerate_failures:
        return 3
    if gate_result is not None:
        return 1 if gate_result.new else 0
    return 1 if snapshot.findings else 0


@click.command()
@click.argument("seeds", nargs=-1, required=True)
@click.option("--out", "-o", "out", type=click.Path(dir_okay=False), help="Write the snapshot JSON here.")
@click.option("--policy", "policy", help="Preset name or policy TOML file (default: nearest brandlint.toml / pyproject.toml, else permendag31).")
@click.option("--max-pages", type=click.IntRange(1), default=500, show_default=True)
@click.option("--max-depth", type=click.IntRange(0), default=10, show_default=True)
@click.option("--concurrency", "-j", type=click.IntRange(1, 32), default=4, show_default=True, help="Pages rendered at once.")
@click.option("--include", multiple=True, help="Only follow URLs matching this glob (or re:REGEX). Repeatable.")
@click.option("--exclude", multiple=True, help="Never follow URLs matching this glob (or re:REGEX). Repeatable.")
@click.option("--no-follow", is_flag=True, help="Scan the seeds only.")
@click.option("--page-timeout", type=float, default=30.0, show_default=True, help="Seconds allowed per page.")
@click.option("--settle-timeout", type=float, default=5.0, show_default=True, help="Most seconds to wait for a page to stop changing.")
@click.option("--viewport", callback=_viewport, default="1280x800", show_default=True)
@click.option("--locale", default="id-ID", show_default=True)
@click.option("--timezone", default="Asia/Jakarta", show_default=True)
@click.option("--browser-path", envvar="BRANDLINT_CHROMIUM", help="Chromium executable (default: Playwright's, else /usr/bin/chromium).")
@click.option("--evidence", "evidence_dir", type=click.Path(file_okay=False), help="Write screenshots, DOM and a MANIFEST.sha256 bundle here.")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False, exists=True), help="Fail only on findings this baseline does not cover.")
@click.option("--tolerate-failures", is_flag=True, help="Do not exit 3 when pages failed to load.")
@click.option("--lang", type=click.Choice(["en", "id"]), default="en", show_default=True)
@click.option("--quiet", "-q", is_flag=True, help="Print only the summary figures.")
def scan(seeds, out, policy, max_pages, max_depth, concurrency, include, exclude, no_follow,
         page_timeout, settle_timeout, viewport, locale, timezone, browser_path, evidence_dir,
         baseline_path, tolerate_failures, lang, quiet):
    """Render SEED pages in Chromium and report legacy-brand violations.

    SEED is a URL, a sitemap URL, a file of URLs, an HTML file or a local folder (served on
    127.0.0.1 for the scan). Same-origin links are followed.
    """
    from ..policy import load_policy
    from ..reports import render
    from ..scanner import ScanOptions, scan as run_scan

    pol = load_policy(policy)
    baseline = None
    if baseline_path:
        from ..baseline import load_baseline
        baseline = load_baseline(baseline_path)
    opts = ScanOptions(max_pages=max_pages, max_depth=max_depth, concurrency=concurrency,
                       include=include, exclude=exclude, follow=not no_follow,
                       page_timeout=page_timeout, settle_timeout=settle_timeout,
                       viewport=viewport, locale=locale, timezone=timezone,
                       browser_path=browser_path, evidence_dir=evidence_dir)
    tty = sys.stderr.isatty()

    def progress(page, findings):
        mark = {"rendered": "ok", "failed": "FAILED", "skipped": "skipped"}.get(page.status, page.status)
        extra = f" ({page.error})" if page.error else ""
        click.echo(f"  {mark:>7}  {len(findings):3d} violation(s)  {page.url}{extra}", err=True, color=tty)

    snapshot = run_scan(list(seeds), pol, opts, on_page=None if quiet else progress)
    if out:
        snapshot.write(out)
    text = render(snapshot, "text", lang=lang, color=sys.stdout.isatty())
    if quiet:
        text = text[text.find("\n\n") + 2:] if "\n\n" in text else text
    click.echo(text)
    result = None
    if baseline is not None:
        from ..baseline import format_gate, gate
        result = gate(baseline, snapshot)
        click.echo(format_gate(result, lang=lang))
    if out:
        click.echo(f"Snapshot written to {out}", err=True)
    if not snapshot.pages:
        raise UsageError("nothing was scanned")
    sys.exit(exit_code(snapshot, result, tolerate_failures))
