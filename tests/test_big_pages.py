"""Big pages are read to their end: a product grid of 400,000 elements and one of 25,000
images with alt texts, each with a single legacy mention as the very last thing on the
page. Behaviour, not timing: the budgets are generous, and the test asserts only that
the page rendered and its last mention was found."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "fixtures"))

from shapes import LAST_MENTION, grid_page  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.parametrize("elements,images", [(400_000, False), (100_000, True)], ids=["text-400k", "images-100k"])
def test_the_last_mention_of_a_big_grid_is_found(tmp_path, elements, images):
    from linter import scan
    (tmp_path / "index.html").write_text(grid_page(elements, images), encoding="utf-8")
    snap = scan([str(tmp_path)], follow=False, page_timeout=900, settle_timeout=300)
    (page,) = snap.pages
    assert page.status == "rendered", page.error
    assert [(f.rule, f.matched) for f in snap.findings] == [("brand.legacy-text", "TikTok")]
    assert LAST_MENTION in snap.findings[0].context
    assert snap.findings[0].selector and snap.findings[0].bbox, "the mention is located on the page"
    if images:
        assert page.touchpoints == 1, "25,000 alt texts were read and none mentions a brand"


def test_a_page_of_thousands_of_mentions_is_read_whole_with_its_geometry_capped(tmp_path):
    """3,000 cards that each say TikTok: every one is a finding; past the geometry cap
    (frames.GEOMETRY_MAX) a finding keeps its zone, context and visibility but no selector
    or box, and the page's record says how many were capped."""
    from linter import scan
    from linter.browser.frames import GEOMETRY_MAX
    cards = "".join(f"<div class=c><h3>Produk {i}</h3><p>Promo TikTok {i}</p></div>" for i in range(3000))
    (tmp_path / "index.html").write_text(f"<!doctype html><meta charset=utf-8><main>{cards}</main>"
                                         "<div data-brand-zone=payment><p>Bayar pakai TikTok Shop</p></div>",
                                         encoding="utf-8")
    snap = scan([str(tmp_path)], follow=False, page_timeout=600, settle_timeout=120)
    (page,) = snap.pages
    assert page.status == "rendered", page.error
    assert len(snap.findings) == 3001
    located = [f for f in snap.findings if f.selector and f.bbox]
    assert len(located) == GEOMETRY_MAX
    assert all(f.visible for f in snap.findings), "visibility is read for every element"
    assert snap.findings[-1].zone == "payment" and not snap.findings[-1].selector, "zone read past the cap"
    assert any(n.startswith(f"geometry capped: {3001 - GEOMETRY_MAX} of 3001") for n in page.notes), page.notes
