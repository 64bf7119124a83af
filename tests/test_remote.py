"""Remote browsers: a real ``playwright run-server`` and a real Chromium over DevTools on
loopback render the generated site exactly as a local scan does; a dropped connection is
a crashed browser; an endpoint that cannot be reached is a usage error naming it."""
from __future__ import annotations

import os
import signal

import pytest
from click.testing import CliRunner

from linter import scan
from linter.browser.remote import _public, parse_endpoints
from linter.cli import main
from linter.errors import UsageError
from servers import cdp_chromium, free_port, run_server
from sitegen import assert_same_scan


def test_endpoint_urls_are_checked_and_recorded_without_secrets():
    with pytest.raises(UsageError, match="--connect http://h:1"):
        parse_endpoints(connect=("http://h:1",))
    with pytest.raises(UsageError, match="--cdp ftp://h"):
        parse_endpoints(cdp=("ftp://h",))
    assert _public("wss://user:pw@chrome.example:3000/playwright?token=SECRET") == "wss://chrome.example:3000/playwright"


@pytest.mark.parametrize("flag, url", [("--connect", "ws://127.0.0.1:{port}/"), ("--cdp", "http://127.0.0.1:{port}")])
def test_an_unreachable_endpoint_is_a_usage_error_naming_it(flag, url, tmp_path):
    (tmp_path / "index.html").write_text("<p>hi</p>")
    url = url.format(port=free_port())
    res = CliRunner().invoke(main, ["scan", str(tmp_path), flag, url])
    assert res.exit_code == 2, res.output
    assert f"{flag} {url}" in res.output and "cannot reach the browser" in res.output


def _has_playwright_chromium() -> bool:
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        return os.path.exists(pw.chromium.executable_path)


@pytest.mark.browser
def test_a_bare_run_server_without_its_own_browser_says_how_to_fix_it(tmp_path):
    if _has_playwright_chromium():
        pytest.skip("Playwright's own Chromium is installed: a bare server works here")
    (tmp_path / "index.html").write_text("<p>hi</p>")
    with run_server(unsafe=False) as (url, _):
        res = CliRunner().invoke(main, ["scan", str(tmp_path), "--connect", url])
    assert res.exit_code == 2, res.output
    assert "run-server --unsafe" in res.output


@pytest.mark.browser
def test_a_scan_through_run_server_equals_a_local_scan(generated_site, generated_reference):
    with run_server() as (url, _):
        snap = scan([generated_site], connect=(url,), concurrency=1)
    assert_same_scan(snap, generated_reference)
    assert snap.options["endpoints"] == [{"kind": "ws", "url": url.rstrip("/") + "/", "drops": 0, "errors": [], "dead": False}]


@pytest.mark.browser
def test_a_scan_over_cdp_equals_a_local_scan(generated_site, generated_reference):
    with cdp_chromium() as (url, proc):
        snap = scan([generated_site], cdp=(url,), concurrency=1)
        assert proc.poll() is None, "brandlint closed a browser it did not start"
    assert_same_scan(snap, generated_reference)


@pytest.mark.browser
def test_a_dropped_server_is_reconnected_and_its_pages_retried(generated_site, generated_reference):
    """Two servers, tabs spread over both; one is killed after 30 pages and started again
    on its port: the crawl reconnects, retries what was in flight, and records the drop."""
    with run_server() as (first, _), run_server() as (second, proc):
        port = int(second.rsplit(":", 1)[1].strip("/"))
        state = {"pages": 0, "again": None}

        def on_page(page, findings):
            state["pages"] += 1
            if state["pages"] == 30:
                os.killpg(proc.pid, signal.SIGKILL)
                state["again"] = run_server(port)
                state["again"].__enter__()
        try:
            snap = scan([generated_site], connect=(first, second), concurrency=2, on_page=on_page)
        finally:
            if state["again"]:
                state["again"].__exit__(None, None, None)
    assert_same_scan(snap, generated_reference)
    drops = {e["url"]: e["drops"] for e in snap.options["endpoints"]}
    assert drops[first.rstrip("/") + "/"] == 0 and drops[second.rstrip("/") + "/"] == 1
