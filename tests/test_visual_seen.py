"""An image shown again in a scan is read once: later pages reuse its reading (their own
boxes and selectors), whatever the number of tabs; the same picture at another size, and
every canvas, is read again."""
from __future__ import annotations

import shutil

import pytest

from conftest import FIXTURES

pytestmark = pytest.mark.browser
pytest.importorskip("cv2")
pytest.importorskip("PIL")

IMG = FIXTURES / "sites" / "visual" / "img"
POLICY = FIXTURES / "visual-policy" / "brandlint.toml"
CANVAS = """<canvas id="c" width="400" height="80"></canvas><script>
const g = document.getElementById('c').getContext('2d'); g.fillStyle = '#fff'; g.fillRect(0, 0, 400, 80);
g.fillStyle = '#000'; g.font = 'bold 36px sans-serif'; g.fillText('Bayar pakai TikTok', 10, 52);</script>"""


def page(body: str, links: str = "") -> str:
    return f"<!DOCTYPE html><html lang=id><head><title>Promo</title></head><body><nav>{links}</nav><main>{body}</main></body></html>"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("seen-site")
    (root / "img").mkdir()
    for name in ("promo-sans.png", "mark-a-plain.png", "promo-clean.png"):
        shutil.copy(IMG / name, root / "img" / name)
    banner = '<img id="banner" src="/img/promo-sans.png" width="560" height="96" alt="">'
    mark = '<img class="mark" src="/img/mark-a-plain.png" width="96" height="96" alt="">'
    clean = '<img src="/img/promo-clean.png" width="560" height="96" alt="">'
    links = "".join(f'<a href="/p{i}.html">p{i}</a> ' for i in range(1, 5))
    (root / "index.html").write_text(page(banner + mark + clean, links), encoding="utf-8")
    for i in range(1, 4):
        (root / f"p{i}.html").write_text(page(f"<section><h2>Halaman {i}</h2>{banner}{mark}{clean}</section>"),
                                         encoding="utf-8")
    small = '<img id="banner" src="/img/promo-sans.png" width="280" height="48" alt="">'
    (root / "p4.html").write_text(page(small + CANVAS), encoding="utf-8")
    return root


def visual_scan(site, tmp_path, tabs):
    from linter import scan
    from linter.visual.ocr import available
    if available() is not None:
        pytest.skip("Tesseract is not installed")
    return scan([str(site)], str(POLICY), visual="on", visual_cache=str(tmp_path / f"cache-{tabs}"), concurrency=tabs)


@pytest.mark.parametrize("tabs", [1, 3])
def test_an_image_seen_again_is_read_once_and_reported_on_every_page(site, tmp_path, tabs):
    snap = visual_scan(site, tmp_path, tabs)
    rendered = sorted(p.url.rsplit("/", 1)[1] for p in snap.pages if p.status == "rendered")
    assert rendered == ["", "p1.html", "p2.html", "p3.html", "p4.html"]
    by_page = {}
    for f in snap.findings:
        if f.kind in ("image-text", "logo"):
            by_page.setdefault(f.url.rsplit("/", 1)[1], []).append(f)
    for name in ("", "p1.html", "p2.html", "p3.html"):
        kinds = sorted((f.kind, f.matched) for f in by_page.get(name, []))
        assert kinds == [("image-text", "TikTok"), ("logo", "TikTok logo")], (name, kinds)
    text = [f for f in by_page["p1.html"] if f.kind == "image-text"][0]
    assert "section" in text.selector or "#banner" in text.selector, "its own page's selector"
    # p4: the banner at half size is read again, and the canvas is always read.
    assert sorted(f.visual["source"] is None for f in by_page["p4.html"] if f.kind == "image-text") == [False, True]
    step = snap.options["visual_step"]
    # Read: banner, mark, clean (once each) + the small banner + the canvas; the other
    # nine showings of the first three come from the scan's memory, with any number of tabs.
    assert (step["images"], step["seen_again"]) == (5, 9), step
