"""What a real storefront renders, in real Chromium: cross-origin and nested frames, closed
shadow roots, inner scroll containers, client-side redirects; each page of
fixtures/sites/storefront yields exactly the findings and page record EXPECTED.json states.

The site is served on 127.0.0.1 and 127.0.0.2 at one port (tests/hosts.py), so the
widgets its pages embed come from another origin, as payment and chat widgets do.
"""
from __future__ import annotations

import subprocess
import sys
from collections import Counter

import pytest

from conftest import FIXTURES, diff_multisets, expected_key, finding_key, load_expected, path_of
from hosts import TwoHosts, reachable

SITE = FIXTURES / "sites" / "storefront"
PAGES = load_expected(SITE)["pages"]

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not reachable(), reason="127.0.0.2 cannot be bound here")]


@pytest.fixture(scope="module")
def hosts():
    with TwoHosts(SITE) as h:
        yield h


@pytest.fixture(scope="module")
def storefront(hosts):
    from linter import scan
    return scan([hosts.url(p) for p in sorted(PAGES)], follow=False)


def _record(snap, page):
    (rec,) = [p for p in snap.pages if path_of(p.url) == page]
    return rec


@pytest.mark.parametrize("page", sorted(PAGES), ids=lambda p: p.strip("/") or "index")
def test_storefront_page(storefront, page):
    exp = PAGES[page]
    rec = _record(storefront, page)
    assert rec.status == exp.get("status", "rendered"), (rec.error, rec.notes)
    if rec.status == "rendered":
        assert rec.settled == exp.get("settled", True), "the page never went quiet within the settle timeout"
    if "error" in exp:
        assert exp["error"] in rec.error
    if "final" in exp:
        assert path_of(rec.final_url) == exp["final"]
    if "redirects" in exp:
        assert [path_of(u) for u in rec.redirects] == exp["redirects"]
    for key, field in (("frames", "frames"), ("scroll_containers", "scroll_containers"), ("cut_short", "scroll_cut_short")):
        if key in exp:
            assert getattr(rec, field) == exp[key], (field, rec.notes)
    for words in exp.get("notes", ()):
        assert any(words in n for n in rec.notes), (words, rec.notes)
    got = Counter(finding_key(f)[1:] for f in storefront.findings if f.url in (rec.url, rec.final_url))
    want = Counter(expected_key(page, v)[1:] for v in exp["violations"])
    assert got == want, exp["note"] + "\n" + diff_multisets(got, want)
    assert rec.touchpoints == exp["touchpoints"], exp["note"]


def test_a_finding_in_a_frame_belongs_to_the_embedding_page(storefront, hosts):
    (f,) = [f for f in storefront.findings if path_of(f.url) == "/frames/cross-origin.html"]
    assert f.url == hosts.url("/frames/cross-origin.html")
    assert f.frame_url == hosts.other("/widget/chat.html")
    assert f.suggestion == "TikTok Shop" and f.selector


def test_a_closed_root_is_named_in_the_selector(storefront):
    found = [f for f in storefront.findings if path_of(f.url) == "/shadow/closed.html"]
    assert found and all(">>closed>>" in f.selector for f in found), [f.selector for f in found]
    assert all(f.bbox and f.bbox[2] > 0 for f in found)
    live = [f for f in found if "Live" in f.context]
    assert live and live[0].selector.endswith("promo-card >>closed>> live-tag >> span"), live[0].selector


def test_the_row_of_a_virtual_list_is_found_where_it_was_shown(storefront):
    (f,) = [f for f in storefront.findings if path_of(f.url) == "/scroll/virtual-list.html"]
    assert "Baris 873" in f.context and f.visible and f.bbox and f.bbox[3] == 20


def test_a_frame_address_on_a_legacy_host_is_an_endpoint(hosts, tmp_path):
    from linter import load_policy, scan
    toml = tmp_path / "brandlint.toml"
    toml.write_text('extends = "permendag31"\n[zones.payment]\nallowed = ["tokopedia"]\nsuggest = "Tokopedia"\n'
                    'url_segments = ["checkout"]\nlegacy_hosts = ["127.0.0.2"]\n', encoding="utf-8")
    snap = scan([hosts.url("/checkout/frame-endpoint.html")], load_policy(toml), follow=False)
    assert [(f.rule, f.kind, f.matched, f.zone, f.frame_url) for f in snap.findings] == [
        ("brand.legacy-endpoint", "endpoint", hosts.other("/widget/legacy-pay.html"), "payment", None)]


RUNS = 50


def test_react_like_page_is_read_after_its_final_text_every_time_under_load(hosts):
    """Commit, effect, effect that fetches, body, timer from the result, idle callback:
    read after the final text 50 times out of 50 while two processes keep the CPUs busy."""
    from linter import scan
    burners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(2)]
    try:
        snap = scan([hosts.url(f"/ready/react-like.html?run={i}") for i in range(RUNS)], follow=False)
    finally:
        for b in burners:
            b.kill()
            b.wait()
    assert [p.status for p in snap.pages] == ["rendered"] * RUNS
    read = Counter(f.url for f in snap.findings if "Promo akhir TikTok" in f.context)
    early = sorted(p.url for p in snap.pages if read[p.url] != 1)
    assert early == [], f"{len(early)} of {RUNS} read before their final text"
