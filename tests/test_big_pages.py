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
