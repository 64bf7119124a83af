"""End to end in real Chromium: the fixture sites yield exactly the findings they state."""
from __future__ import annotations

from collections import Counter

import pytest

from conftest import (FIXTURES, diff_multisets, expected_here, expected_key, finding_key, load_expected,
                      path_of, pixel_capabilities, scan_folder)

pytestmark = pytest.mark.browser


def shop_expected() -> dict:
    """The shop's EXPECTED.json as the preset scan finds it here (no reference logos; the
    pixel findings that need OCR only where Tesseract is installed)."""
    return expected_here(FIXTURES / "sites/shop", pixel_capabilities())


def test_shop_findings_are_exactly_the_expected_ones(shop_snapshot):
    want = Counter(expected_key(v["page"], v) for v in shop_expected()["violations"])
    got = Counter(finding_key(f) for f in shop_snapshot.findings)
    assert got == want, "\n" + diff_multisets(got, want)


def test_shop_pages_touchpoints_and_violations(shop_snapshot):
    want = shop_expected()["pages"]
    rendered = {path_of(p.url): p for p in shop_snapshot.pages if p.status == "rendered"}
    assert set(rendered) == set(want), "every linked page and nothing else (no widget, no other origin)"
    got = {k: {"touchpoints": p.touchpoints, "violations": p.violations} for k, p in rendered.items()}
    assert got == {k: {"touchpoints": v["touchpoints"], "violations": v["violations"]} for k, v in want.items()}


def test_shop_summary_has_numerators_and_denominators(shop_snapshot):
    s = shop_snapshot.summary()
    pages = shop_expected()["pages"]
    total = sum(p["touchpoints"] for p in pages.values())
    bad = sum(p["violations"] for p in pages.values())
    assert s["touchpoint_compliance"] == {"compliant": total - bad, "total": total,
                                          "ratio": round((total - bad) / total, 4)}
    clean = sum(1 for p in pages.values() if p["violations"] == 0)
    assert s["page_compliance"]["compliant"] == clean and s["page_compliance"]["total"] == len(pages)
    assert s["coverage"]["attempted"] == s["coverage"]["rendered"] == len(pages)
    assert s["coverage"]["failed"] == 0


def test_findings_carry_location_and_fingerprint(shop_snapshot):
    for f in shop_snapshot.findings:
        assert f.fingerprint.startswith("v1:") and f.suggestion and f.context
        if f.kind in ("text", "attribute") and f.visible:
            assert f.selector and f.bbox and f.bbox[2] > 0 and f.bbox[3] > 0
    assert len({f.fingerprint for f in shop_snapshot.findings}) == len(shop_snapshot.findings)


SURFACES = load_expected(FIXTURES / "sites/surfaces")["pages"]


@pytest.mark.parametrize("page", sorted(SURFACES), ids=lambda p: p.strip("/") or "index")
def test_surface_page(surfaces_snapshot, page):
    exp = SURFACES[page]
    want = Counter(expected_key(page, v) for v in exp["violations"])
    got = Counter(finding_key(f) for f in surfaces_snapshot.findings if path_of(f.url) == page)
    assert got == want, exp.get("note", "") + "\n" + diff_multisets(got, want)
    (result,) = [p for p in surfaces_snapshot.pages if path_of(p.url) == page]
    assert result.status == "rendered"
    assert result.settled, "the page never went quiet within the settle timeout"
    assert result.touchpoints == exp["touchpoints"], exp.get("note", "")


def test_clean_site_is_fully_compliant():
    snap = scan_folder(FIXTURES / "sites/clean")
    s = snap.summary()
    assert snap.findings == []
    assert s["touchpoint_compliance"]["ratio"] == 1.0 and s["touchpoint_compliance"]["total"] > 0
    assert s["page_compliance"]["ratio"] == 1.0 and s["coverage"]["failed"] == 0


def test_shop_logos_under_the_demo_policy(tmp_path):
    """The demo's policy (fixtures/shopserver/brandlint.toml) names the stand-in reference
    logos: on /search/ the legacy mark saved as banner-3.png is a violation and the TikTok
    Shop mark beside it a compliant touchpoint (a commerce page). One page, served by the
    stateful shop as the demo does (it serves these same files)."""
    import sys
    from linter import scan
    sys.path.insert(0, str(FIXTURES))
    from shopserver import ShopServer
    have = pixel_capabilities(logos=True)
    if "logos" not in have:
        pytest.skip("the visual extra is not installed")
    want = expected_here(FIXTURES / "sites/shop", have)
    with ShopServer() as shop:
        snap = scan([shop.url + "search/"], str(FIXTURES / "shopserver" / "brandlint.toml"), follow=False,
                    visual_cache=str(tmp_path))
    (page,) = [p for p in snap.pages if p.status == "rendered"]
    assert {"touchpoints": page.touchpoints, "violations": page.violations} == want["pages"]["/search/"]
    got = Counter(finding_key(f) for f in snap.findings)
    assert got == Counter(expected_key(v["page"], v) for v in want["violations"] if v["page"] == "/search/")
    (logo,) = [f for f in snap.findings if f.kind == "logo"]
    assert logo.visual["source"].endswith("/img/banner-3.png") and logo.visual["reference"] == "legacy-mark.png"
