"""The progress display: one line rewritten in place on a terminal, plain lines in CI."""
from __future__ import annotations

import io
import time

from linter.reports.progress_line import ProgressDisplay
from linter.scanner import ScanStats


def stats(**kw):
    st = ScanStats(started=time.monotonic() - 10, **kw)
    return st


def test_tty_rewrites_one_line_with_counts_rate_and_eta():
    buf = io.StringIO()
    d = ProgressDisplay(buf, tty=True)
    d.update(stats(done=20, failed=1, findings=7, queued=18, in_flight=2, tabs=2), force=True)
    d.update(stats(done=21, failed=1, findings=7, queued=1, in_flight=0), force=True)
    out = buf.getvalue()
    assert "\n" not in out and out.count("\r") == 2
    assert "20 done, 20 queued, 1 failed, 7 findings, 2.0 pages/s, ~0m10s left, 2 tabs" in out
    assert "21 done, 1 queued" in out and out.rstrip().endswith(", 1 tab")
    d.finish()
    assert buf.getvalue().endswith("\r")


def test_ci_prints_a_plain_line_every_few_seconds():
    buf = io.StringIO()
    d = ProgressDisplay(buf, tty=False, every=5)
    for _ in range(50):
        d.update(stats(done=3, queued=2))
    assert buf.getvalue().count("\n") == 1 and "\r" not in buf.getvalue()


def test_budget_bounds_the_estimate():
    buf = io.StringIO()
    ProgressDisplay(buf, tty=False).update(stats(done=1, queued=1000, budget=70), force=True)
    assert "~0m59s left" in buf.getvalue() or "~1m00s left" in buf.getvalue()


def test_failed_pages_are_always_listed_others_only_when_verbose():
    from linter.model import PageResult
    buf = io.StringIO()
    d = ProgressDisplay(buf, tty=False)
    d.page(PageResult(url="http://a/", status="rendered"), [])
    d.page(PageResult(url="http://a/x", status="failed", error="HTTP 500"), [])
    assert buf.getvalue() == "   FAILED    0 violation(s)  http://a/x (HTTP 500)\n"
