"""Reach: robots.txt obeyed (or not), sitemaps found through robots.txt (index + gzip),
hash routes as pages when the policy says so, per-host rate, devices kept apart."""
from __future__ import annotations

import gzip
import sys
from pathlib import Path

import pytest

from conftest import ANSWERS

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "fixtures"))

from faults.server import FaultServer  # noqa: E402

from linter.crawl.politeness import backoff  # noqa: E402
from linter.crawl.sitemap import parse  # noqa: E402

ROBOTS = "User-agent: *\nDisallow: /secret\n\nSitemap: {origin}/sitemap_index.xml\n"


def test_sitemap_parse_plain_index_gzip_and_truncated():
    urlset = b'<urlset><url><loc> https://a.test/x?a=1&amp;b=2 </loc></url><url><loc>https://a.test/y</loc></url></urlset>'
    assert parse(urlset) == (["https://a.test/x?a=1&b=2", "https://a.test/y"], False)
    assert parse(gzip.compress(b"<sitemapindex><sitemap><loc>https://a.test/s.xml.gz</loc></sitemap></sitemapindex>")) \
        == (["https://a.test/s.xml.gz"], True)
    assert parse(gzip.compress(urlset)[:-12])[0][0] == "https://a.test/x?a=1&b=2", "a torn gzip still yields its start"


def test_backoff_is_exponential_bounded_and_honours_retry_after():
    assert [backoff(a) for a in (1, 2, 3, 4)] == [0.5, 1.0, 2.0, 4.0]
    assert backoff(10) == 30.0
    assert backoff(1, retry_after=7) == 7 and backoff(1, retry_after=3600) == 30.0


@pytest.mark.browser
def test_robots_disallow_and_sitemaps_from_robots():
    from linter import scan
    with FaultServer(pages=["/secret", "/allowed"], robots=ROBOTS) as srv:
        snap = scan([srv.origin + "/"], page_timeout=ANSWERS)
        assert srv.hits("/secret") == 0, "a disallowed page is never requested"
    pages = {p.url.replace(srv.origin, ""): p for p in snap.pages}
    assert pages["/secret"].status == "skipped" and pages["/secret"].error == "disallowed by robots.txt"
    assert pages["/allowed"].status == "rendered"
    # listed only in the gzip sitemap behind the index that robots.txt names:
    assert pages["/from-sitemap/a"].status == "rendered"
    assert pages["/from-sitemap/b?x=1&y=2"].status == "rendered"


@pytest.mark.browser
def test_ignore_robots_and_no_sitemaps():
    from linter import scan
    with FaultServer(pages=["/secret"], robots=ROBOTS) as srv:
        snap = scan([srv.origin + "/"], page_timeout=ANSWERS, robots=False, sitemaps=False)
    got = {p.url.replace(srv.origin, ""): p.status for p in snap.pages if p.url.startswith(srv.origin)}
    assert got == {"/": "rendered", "/secret": "rendered"}


@pytest.mark.browser
def test_named_sitemap_seed():
    from linter import scan
    with FaultServer(pages=[]) as srv:
        snap = scan([srv.origin + "/sitemap_index.xml"], page_timeout=ANSWERS, follow=False)
    assert sorted(p.url.replace(srv.origin, "") for p in snap.pages if p.status == "rendered") == \
        ["/from-sitemap/a", "/from-sitemap/b?x=1&y=2"]


@pytest.mark.browser
def test_hash_routes_are_pages_when_the_policy_says_so(tmp_path):
    from linter import scan
    pol = tmp_path / "brandlint.toml"
    pol.write_text('extends = "permendag31"\n[crawl]\nhash_routes = true\n', encoding="utf-8")
    with FaultServer(pages=[]) as srv:
        on = scan([srv.origin + "/spa"], policy=str(pol), page_timeout=ANSWERS)
        off = scan([srv.origin + "/spa"], page_timeout=ANSWERS)
    routes = {p.url.replace(srv.origin, ""): p.violations for p in on.pages if p.status == "rendered"}
    assert routes == {"/spa": 0, "/spa#/promo": 1, "/spa#/bayar": 0}
    assert [f.url.replace(srv.origin, "") for f in on.findings] == ["/spa#/promo"]
    assert [p.url.replace(srv.origin, "") for p in off.pages if p.status == "rendered"] == ["/spa"]
    assert off.findings == []


@pytest.mark.browser
def test_rate_limits_page_loads_per_host():
    from linter import scan
    with FaultServer(pages=[f"/ok/{i}" for i in range(5)]) as srv:
        scan([srv.origin + "/"], page_timeout=ANSWERS, rate=4, concurrency=4, sitemaps=False, robots=False)
        stamps = sorted(r.at for r in srv.requests if r.dest == "document")
    assert len(stamps) == 6
    assert stamps[-1] - stamps[0] >= 5 / 4 - 0.05, "6 page loads at 4/s take at least 1.25 s"
    # (single gaps jitter with the machine's load: a slot is when a navigation starts,
    # not when the server sees it; the span is what the rate bounds)


@pytest.mark.browser
def test_devices_keep_their_findings_apart():
    from linter import scan
    with FaultServer(pages=[]) as srv:
        snap = scan([srv.origin + "/late"], devices=("iPhone 13", "Pixel 7"), follow=False, page_timeout=ANSWERS)
        desktop = scan([srv.origin + "/late"], follow=False, page_timeout=ANSWERS)
    assert sorted(p.device for p in snap.pages) == ["Pixel 7", "iPhone 13"]
    assert sorted(f.device for f in snap.findings) == ["Pixel 7", "iPhone 13"]
    prints = {f.fingerprint for f in snap.findings} | {f.fingerprint for f in desktop.findings}
    assert len(prints) == 3, "one finding per device, each with its own fingerprint"
    uas = [r.headers.get("user-agent", "") for r in srv.requests if r.path == "/late"]
    assert any("iPhone" in u for u in uas) and any("Android" in u for u in uas)


@pytest.mark.browser
def test_unknown_device_is_a_usage_error():
    from linter import UsageError, scan
    with FaultServer(pages=[]) as srv, pytest.raises(UsageError, match="did you mean: iPhone"):
        scan([srv.origin + "/"], devices=("iphone",), follow=False)


@pytest.mark.browser
def test_contexts_are_recycled_every_n_pages_without_losing_a_page():
    """A fresh context has no cookies: each /ok/ request without the server's visitor
    cookie is the first of a new context. Recycling every 2 pages opens 4 for 8 pages
    (the next one in the background); without recycling one does them all."""
    from linter import scan
    pages = [f"/ok/{i}" for i in range(1, 8)]

    def fresh_contexts(**kw):
        with FaultServer(pages=pages) as srv:
            snap = scan([srv.origin + "/"], page_timeout=ANSWERS, concurrency=1, sitemaps=False, robots=False, **kw)
            docs = [r for r in srv.requests if r.dest == "document" and r.path.startswith("/ok/")]
        return snap, sum("visitor=" not in r.headers.get("cookie", "") for r in docs), len(docs)

    every2, fresh2, docs2 = fresh_contexts(recycle_every=2)
    once, fresh1, docs1 = fresh_contexts()
    assert docs2 == docs1 == 7, "each page requested once"
    assert fresh1 == 1 and fresh2 >= 3
    for snap in (every2, once):
        assert [p.status for p in snap.pages].count("rendered") == 8
    assert len(every2.findings) == len(once.findings) == 8


@pytest.mark.browser
def test_blocked_hosts_never_load_and_the_page_is_still_read():
    from linter import scan

    def other_requests(**kw):
        with FaultServer(pages=[]) as srv:
            snap = scan([srv.origin + "/tracked"], follow=False, page_timeout=ANSWERS, sitemaps=False, robots=False, **kw)
            return snap, sorted(r.path for r in srv.other.requests)

    blocked, hits = other_requests(block_hosts=("localhost",))
    assert hits == [], "a blocked host gets no request at all"
    assert blocked.pages[0].status == "rendered" and [f.matched for f in blocked.findings] == ["TikTok"]
    loaded, hits = other_requests()
    assert hits == ["/ads.js", "/pixel.png"], "without --block-host the same page loads them"
