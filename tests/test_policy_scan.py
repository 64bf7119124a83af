"""Policy settings change what a real scan reports: the rules are data, not code."""
from __future__ import annotations

import pytest

from conftest import assert_findings

pytestmark = pytest.mark.browser

EXTENDS = 'extends = "permendag31"\n'


def test_default_policy_one_liner():
    assert_findings("<p>Beli di TikTok</p><p>TikTok Shop</p>", ["brand.legacy-text@'TikTok'"])


def test_custom_ignore_selector():
    policy = EXTENDS + "[ignore]\nselectors = ['[data-brandlint=\"ignore\"]', '.arsip']\n"
    assert_findings("<div class=arsip>TikTok 2021</div><p>TikTok</p>", ["brand.legacy-text@'TikTok'"], policy=policy)


def test_custom_payment_segment_puts_the_page_in_the_payment_zone():
    policy = EXTENDS + "[zones.payment]\nurl_segments = ['kasir']\n"
    snap = assert_findings("<p>Bayar di TikTok Shop</p>", ["brand.zone-brand@'TikTok Shop'"],
                           path="kasir/index.html", policy=policy)
    assert snap.findings[0].suggestion == "Tokopedia"


def test_custom_social_context():
    policy = EXTENDS + "[contexts.social]\nselectors = ['.sosmed']\n"
    assert_findings("<footer class=sosmed>Ikuti kami di TikTok</footer>", [], policy=policy)


def test_severity_override():
    snap = assert_findings("<p>TikTok</p>", ["brand.legacy-text@'TikTok'"],
                           policy=EXTENDS + "[severity]\n'brand.legacy-text' = 'warning'\n")
    assert snap.findings[0].severity == "warning"


def test_a_different_rebrand_is_only_data():
    policy = """
name = "x-rebrand"
[brands.twitter]
name = "Twitter"
legacy = true
pattern = 'twitter'
[brands.x]
name = "X"
pattern = 'x(?= |$)'
[zones.all]
default = true
allowed = ["x"]
suggest = "X"
"""
    snap = assert_findings("<p>Follow us on Twitter</p><p>TikTok is not tracked here</p>",
                           ["brand.legacy-text@'Twitter'"], policy=policy)
    assert snap.findings[0].suggestion == "X" and snap.policy["name"] == "x-rebrand"


def test_text_written_by_an_interval_is_caught():
    assert_findings("<p id=t></p><script>const i = setInterval(() => {"
                    "document.getElementById('t').textContent = 'Live TikTok'; clearInterval(i); }, 600);</script>",
                    ["brand.legacy-text@'TikTok'"])


def test_a_ticking_clock_does_not_hold_the_page_for_the_settle_timeout():
    snap = assert_findings("<p id=c></p><script>setInterval(() => {"
                           "document.getElementById('c').textContent = new Date().toISOString(); }, 200);</script>"
                           "<p>TikTok Shop</p>", [])
    # settled, not cut off by the settle timeout (no wall-time bound: that would measure the machine)
    assert snap.pages[0].settled


def test_ignored_url_patterns_are_recorded_and_not_scanned(tmp_path):
    from linter import load_policy, scan
    (tmp_path / "site/arsip").mkdir(parents=True)
    (tmp_path / "site/index.html").write_text("<a href='arsip/2019.html'>arsip</a> <p>TikTok Shop</p>", encoding="utf-8")
    (tmp_path / "site/arsip/2019.html").write_text("<p>TikTok</p>", encoding="utf-8")
    (tmp_path / "p.toml").write_text(EXTENDS + "[ignore]\nurl_patterns = ['*/arsip/*']\n", encoding="utf-8")
    snap = scan([str(tmp_path / "site")], load_policy(tmp_path / "p.toml"))
    assert snap.findings == []
    (skipped,) = [p for p in snap.pages if p.status == "skipped"]
    assert skipped.url.endswith("/arsip/2019.html") and "ignore.url_patterns" in skipped.error


def test_route_templates_reach_the_baseline(tmp_path):
    """Fingerprints and baseline entries use the same policy routes: the snapshot records them."""
    from linter import load_policy, scan
    from linter.history.baseline import create
    (tmp_path / "site/produk").mkdir(parents=True)
    for slug in ("batik-tulis", "tenun-ikat"):
        (tmp_path / f"site/produk/{slug}.html").write_text("<p>Beli di TikTok</p>", encoding="utf-8")
    (tmp_path / "p.toml").write_text(EXTENDS + "[fingerprint]\nroutes = ['/produk/{slug}.html']\n", encoding="utf-8")
    snap = scan([str(tmp_path / "site")], load_policy(tmp_path / "p.toml"))
    assert snap.options["routes"] == ["/produk/{slug}.html"]
    (entry,) = create(snap).entries
    assert entry.page == "localhost/produk/{slug}.html" and entry.count == 2
