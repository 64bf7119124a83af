"""End to end against the fault server: every fault ends with a status, within the budget,
and nothing outside the seed origin is ever requested as a page."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "fixtures"))

from conftest import ANSWERS  # noqa: E402
from faults.server import FaultServer, chromium_processes, oom_killer  # noqa: E402

pytestmark = pytest.mark.browser

# Pages that never answer (or never finish answering, or never yield the main thread):
# only these may time out, so only their scan has a short page timeout. Every other page
# answers, and a loaded machine must not turn a slow answer into a timeout.
NEVER_ANSWERS = ["/hang", "/drip", "/js-hang"]
ANSWERING = [p for p in FaultServer.PAGES if p not in NEVER_ANSWERS]


@pytest.fixture(scope="module")
def faults():
    """One scan of every fault that answers, at concurrency 4, with a generous page timeout."""
    with FaultServer(pages=ANSWERING, on_crash=oom_killer) as srv:
        from linter import scan
        snap = scan([srv.origin + "/"], page_timeout=ANSWERS, concurrency=4, retries=2)
        yield srv, snap, None


@pytest.fixture(scope="module")
def never_answering():
    """The pages that never answer, with a short page timeout: they time out on any machine."""
    with FaultServer(pages=NEVER_ANSWERS) as srv:
        from linter import scan
        snap = scan([srv.origin + "/"], page_timeout=3, concurrency=4, retries=2)
        yield srv, snap, None


def status(snap, srv, path):
    (p,) = [p for p in snap.pages if p.url == srv.origin + path]
    return p


def test_scan_ends_complete(faults, never_answering):
    for srv, snap, _ in (faults, never_answering):
        assert snap.complete, "every URL ended with a status"


def test_every_linked_url_has_exactly_one_status(faults):
    srv, snap, _ = faults
    urls = [p.url for p in snap.pages]
    assert len(urls) == len(set(urls))
    for path in ["/", *srv.pages]:
        assert srv.origin + path in urls, path
    others = {p.url: p for p in snap.pages if not p.url.startswith(srv.origin)}
    assert {u: p.status for u, p in others.items()} == {
        f"{srv.other.origin}/elsewhere": "skipped", "file:///etc/passwd": "skipped",
        "javascript:alert(1)": "skipped", "mailto:qa@example.test": "skipped"}
    assert all(p.error for p in snap.pages if p.status != "rendered"), "every non-rendered page says why"


@pytest.mark.parametrize("path,want,reason", [
    ("/ok/1", "rendered", None),
    ("/error500", "failed", "HTTP 500"),
    ("/crash", "failed", "crashed"),
    ("/loop", "skipped", "redirect loop"),
    ("/offsite", "skipped", "left the seed origin"),
    ("/download", "skipped", "download"),
    ("/data.json", "skipped", "not an HTML page (application/json)"),
    ("/huge", "skipped", "page too large"),
    ("/huge-stream", "skipped", "page too large"),
    ("/dialogs", "rendered", None),
    ("/popup", "rendered", None),
])
def test_fault_outcome(faults, path, want, reason):
    srv, snap, _ = faults
    p = status(snap, srv, path)
    assert p.status == want, p.error
    if reason:
        assert reason in p.error


@pytest.mark.parametrize("path", NEVER_ANSWERS)
def test_a_page_that_never_answers_times_out(never_answering, path):
    srv, snap, _ = never_answering
    p = status(snap, srv, path)
    assert p.status == "failed" and "timed out" in p.error, p.error


def test_timeouts_5xx_and_crashes_are_retried_then_failed(faults, never_answering):
    for (srv, snap, _), path in [(never_answering, "/hang"), (faults, "/error500"), (faults, "/crash"),
                                 (never_answering, "/js-hang")]:
        assert status(snap, srv, path).attempts == 3, path
        assert srv.hits(path) == 3, path
    srv, snap, _ = faults
    assert srv.hits("/loop") >= 1 and status(snap, srv, "/loop").attempts == 1, "a redirect loop is not retried"


def test_flaky_and_throttled_pages_succeed_on_the_second_try(faults):
    srv, snap, _ = faults
    for path in ("/flaky", "/throttled"):
        p = status(snap, srv, path)
        assert (p.status, p.attempts, srv.hits(path)) == ("rendered", 2, 2)
        assert [f.matched for f in snap.findings if f.url == p.url] == ["TikTok"]


def test_nothing_outside_the_seed_origin_is_requested_as_a_page(faults):
    srv, snap, _ = faults
    pages = [r.path for r in srv.other.requests if r.dest in ("document", "iframe")]
    assert pages == [], "offsite redirect, popup and links must not load the other origin"


def test_dialogs_popups_and_late_text_do_not_stall_and_are_read(faults):
    srv, snap, _ = faults
    late = [f for f in snap.findings if f.url.endswith("/late")]
    assert [f.matched for f in late] == ["TikTok"], "text written 700 ms after load is read"
    for path in ("/dialogs", "/popup"):
        p = status(snap, srv, path)
        assert (p.status, p.attempts) == ("rendered", 1), "answered and closed, not timed out"
        assert [f.matched for f in snap.findings if f.url == p.url] == ["TikTok"]


def test_budget_stops_a_scan_and_accounts_for_every_url():
    with FaultServer(pages=["/hang", "/drip", "/js-hang"] + [f"/ok/{i}" for i in range(30)]) as srv:
        from linter import scan
        # Every URL is a seed: on a loaded machine the budget may run out before a home
        # page could be read for its links, and every URL must still end with a status.
        seeds = [srv.origin + p for p in srv.pages]
        snap = scan(seeds, page_timeout=5, budget=6, concurrency=2, retries=5, follow=False)
        hang_hits = srv.hits("/hang")
    # Order, not wall time: the budget ended the scan before /hang had used its 6 attempts
    # (6 x 5 s, more than the whole budget), whatever the machine's speed.
    assert hang_hits < 6, hang_hits
    assert not snap.complete
    urls = {p.url: p for p in snap.pages}
    for path in srv.pages:
        assert srv.origin + path in urls, path
    skipped = [p for p in snap.pages if p.status == "skipped" and "budget" in (p.error or "")]
    assert skipped, "pages not reached say the budget ran out"


def test_retry_after_delay():
    with FaultServer(pages=["/throttled"]) as srv:
        from linter import scan
        snap = scan([srv.origin + "/throttled"], page_timeout=ANSWERS, follow=False)
        assert snap.pages[0].status == "rendered" and snap.pages[0].attempts == 2
        assert snap.pages[0].url == srv.origin + "/throttled"
    stamps = [t for t in srv.stamps("/throttled")]
    assert stamps[1] - stamps[0] >= 0.95, "Retry-After: 1 was honoured"


def test_browser_killed_mid_scan_is_relaunched_and_the_scan_goes_on():
    from linter import scan
    killed = []

    def on_page(page, findings):
        if len(killed) == 0 and page.url.endswith("/ok/3"):
            pids = chromium_processes("browser")
            killed.extend(pids)
            import os
            import signal
            for pid in pids:
                os.kill(pid, signal.SIGKILL)

    with FaultServer(pages=[f"/ok/{i}" for i in range(12)]) as srv:
        snap = scan([srv.origin + "/"], page_timeout=ANSWERS, concurrency=2, on_page=on_page)
    assert killed
    rendered = {p.url for p in snap.pages if p.status == "rendered"}
    assert rendered == {srv.origin + "/"} | {f"{srv.origin}/ok/{i}" for i in range(12)}
    assert snap.options["browser_relaunches"] >= 1
    assert len(snap.findings) == 13


def test_cli_exit_code_3_and_tolerate(tmp_path):
    from linter.cli import main
    with FaultServer(pages=["/error500", "/ok/1"]) as srv:
        out = tmp_path / "s.json"
        res = CliRunner().invoke(main, ["scan", srv.origin + "/", "--page-timeout", str(ANSWERS), "--retries", "0",
                                        "-o", str(out), "-q"])
        assert res.exit_code == 3, res.output
        res = CliRunner().invoke(main, ["scan", srv.origin + "/", "--page-timeout", str(ANSWERS), "--retries", "0",
                                        "-o", str(out), "-q", "--tolerate-failures"])
        assert res.exit_code == 1, res.output   # violations remain
    data = json.loads(out.read_text())
    assert {p["status"] for p in data["pages"]} >= {"rendered", "failed"}
    assert not (tmp_path / "s.json.checkpoint.jsonl").exists(), "a complete scan removes its journal"
