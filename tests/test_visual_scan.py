"""The visual step end to end in real Chromium: the visual fixture site yields exactly
the findings its EXPECTED.json states, bad pixels are page notes, and --visual modes."""
from __future__ import annotations

import json
from collections import Counter

import pytest

from conftest import FIXTURES, ROOT, diff_multisets, expected_key, finding_key, load_expected, path_of

pytestmark = pytest.mark.browser
pytest.importorskip("cv2")
pytest.importorskip("PIL")

SITE = FIXTURES / "sites" / "visual"
POLICY = FIXTURES / "visual-policy" / "brandlint.toml"
_scans: dict = {}


def visual_scan(tmp_path_factory, **options):
    from linter import scan
    from linter.visual.ocr import available
    if options.get("visual", "on") == "on" and available() is not None:
        pytest.skip("Tesseract is not installed")
    key = tuple(sorted(options.items()))
    if key not in _scans:
        cache = tmp_path_factory.mktemp("visual-cache")
        _scans[key] = scan([str(SITE)], str(POLICY), visual_cache=str(cache), **{"visual": "on", **options})
    return _scans[key]


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    return visual_scan(tmp_path_factory)


def test_visual_site_findings_are_exactly_the_expected_ones(snapshot):
    want = Counter(expected_key(v["page"], v) for v in load_expected(SITE)["violations"])
    got = Counter(finding_key(f) for f in snapshot.findings)
    assert got == want, "\n" + diff_multisets(got, want)


def test_visual_site_touchpoints_per_page(snapshot):
    want = load_expected(SITE)["pages"]
    got = {path_of(p.url): {"touchpoints": p.touchpoints, "violations": p.violations}
           for p in snapshot.pages if p.status == "rendered"}
    assert got == want
    assert all(not p.notes for p in snapshot.pages), [p.notes for p in snapshot.pages]


def test_severities_and_suggestions(snapshot):
    by_kind = Counter((f.kind, f.rule, f.severity, f.suggestion) for f in snapshot.findings)
    assert by_kind[("color", "brand.legacy-color", "warning", "Tokopedia colour #03AC0E")] == 2
    assert by_kind[("logo", "brand.legacy-logo", "error", "the TikTok Shop logo")] == 24
    assert by_kind[("logo", "brand.legacy-logo", "error", "the Tokopedia logo")] == 3
    shop_logos = [f for f in snapshot.findings if f.kind == "logo" and f.brand == "tiktok-shop"]
    assert {path_of(f.url) for f in shop_logos} == {"/checkout/"} and len(shop_logos) == 2


def test_image_text_findings_carry_word_box_confidence_and_image_box(snapshot):
    f = next(f for f in snapshot.findings if f.kind == "image-text" and f.visual["source"]
             and f.visual["source"].endswith("/promo-sans.png"))
    ix, iy, iw, ih = f.visual["image_bbox"]
    wx, wy, ww, wh = f.visual["word_box"]
    assert (iw, ih) == (560, 96)                         # the image's displayed box
    assert 0 <= wx < wx + ww <= iw and 0 <= wy < wy + wh <= ih
    assert f.bbox == [ix + wx, iy + wy, ww, wh]          # the word on the page: what evidence outlines
    assert 0.5 < f.visual["confidence"] <= 1 and f.matched == "TikTok" and f.context.startswith("Bayar pakai")
    assert f.selector and f.landmark


def test_logo_findings_carry_reference_score_and_region(snapshot):
    banner = [f for f in snapshot.findings if f.kind == "logo" and f.visual["source"].endswith("mark-a-banner-300.png")]
    (f,) = banner
    x, y, w, h = f.visual["region"]
    assert f.visual["reference"] == "legacy-mark.png" and f.visual["score"] >= 0.62
    assert x < 60 and 200 <= w <= 330, "the mark's region in the 1200 px banner, not the whole banner"


def test_warm_cache_reads_nothing_again_and_finds_the_same(snapshot, tmp_path_factory):
    from linter import scan
    cache = tmp_path_factory.mktemp("warm")
    cold = scan([str(SITE)], str(POLICY), visual="on", visual_cache=str(cache))
    warm = scan([str(SITE)], str(POLICY), visual="on", visual_cache=str(cache))
    assert cold.options["visual_step"]["cache_misses"] > 0
    assert warm.options["visual_step"]["cache_misses"] == 0
    assert warm.options["visual_step"]["cache_hits"] == cold.options["visual_step"]["images"]
    assert sorted(f.fingerprint for f in warm.findings) == sorted(f.fingerprint for f in snapshot.findings)


def test_assets_mode_checks_logos_and_colours_without_ocr(tmp_path_factory):
    snap = visual_scan(tmp_path_factory, visual="assets")
    kinds = Counter(f.kind for f in snap.findings)
    assert kinds == Counter({"logo": 27, "color": 2})


def test_visual_off_reads_no_pixels(tmp_path_factory):
    snap = visual_scan(tmp_path_factory, visual="off")
    assert not [f for f in snap.findings if f.kind in ("image-text", "logo", "color")]
    assert snap.options["visual"] == "off" and "visual_step" not in snap.options


def test_evidence_crop_outlines_the_word(tmp_path, snapshot):
    from PIL import Image
    from linter import scan
    out = tmp_path / "ev"
    snap = scan([str(SITE)], str(POLICY), visual="on", evidence_dir=str(out), visual_cache=str(tmp_path / "c"))
    f = next(f for f in snap.findings if f.kind == "image-text" and f.visual["source"]
             and f.visual["source"].endswith("/promo-dark.png"))
    crop = Image.open(out / f.evidence["crop"]).convert("RGB")
    w, h = crop.size
    assert (w, h) == (f.bbox[2] + 48, f.bbox[3] + 48), "the crop is the word's box plus padding, not the image"
    # The outline (#e0245e, 3 px, outside a box 3 px larger than the word's) runs 18-20 px
    # in from the crop's left edge; the word itself starts at 24 px.
    crop.save(out / "checked-crop.png")
    pink = [x for x in range(0, 30) if crop.getpixel((x, h // 2))[0] > 180 and crop.getpixel((x, h // 2))[1] < 90]
    assert pink and 17 <= min(pink) and max(pink) <= 22, pink


# ---------------------------------------------------------------- bad input

BOMB = """<?xml version="1.0"?>
<!DOCTYPE svg [
<!ENTITY a "TikTokTikTokTikTokTikTokTikTokTikTokTikTokTikTokTikTokTikTok">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
<!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
<!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;"><!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;">
]>
<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60"><text x="0" y="40">&i;</text></svg>
"""


@pytest.fixture(scope="module")
def bad_site(tmp_path_factory):
    """Pixels that must not crash or hang a scan, generated here (a 20,000 px PNG is not
    something to commit)."""
    import struct
    import zlib
    site = tmp_path_factory.mktemp("bad-pixels")
    (site / "corrupt.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00garbage" * 50)
    # 20,000 x 20,000 px, one colour: a valid PNG of ~1 MB written row filter by row filter.
    width = height = 20000
    raw = zlib.compress((b"\x00" + b"\xf0" * width) * height, 9)

    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)) \
        + chunk(b"IDAT", raw) + chunk(b"IEND", b"")
    (site / "huge.png").write_bytes(png)
    # The browser shows the frame due at capture time: after 100 ms, the second one (for a
    # minute). The first frame is read whatever the capture caught: anim.gif's mention is
    # found, anim-late.gif's (only in its second frame) is not.
    mention, clean = _draw_text("Bayar pakai TikTok"), _draw_text("Gratis ongkir")
    mention.save(site / "anim.gif", save_all=True, append_images=[clean], duration=[100, 60000], loop=0)
    clean.save(site / "anim-late.gif", save_all=True, append_images=[mention], duration=[100, 60000], loop=0)
    (site / "bomb.svg").write_text(BOMB, encoding="utf-8")
    (site / "index.html").write_text(
        "<!DOCTYPE html><html><head><title>Bad pixels</title></head><body>"
        '<p>Gambar rusak</p><img src="corrupt.png" width="120" height="60" alt="">'
        '<img src="anim.gif" alt=""><img src="anim-late.gif" alt=""><img src="huge.png" alt=""><img src="bomb.svg" width="200" height="60" alt="">'
        "</body></html>", encoding="utf-8")
    return site


def _draw_text(text):
    import importlib.util
    import sys
    spec = importlib.util.spec_from_file_location("draw_visual_fixtures", ROOT / "tools" / "draw_visual_fixtures.py")
    mod = sys.modules.get("draw_visual_fixtures")
    if mod is None:
        mod = importlib.util.module_from_spec(spec)
        sys.modules["draw_visual_fixtures"] = mod
        spec.loader.exec_module(mod)
    return mod.text_banner(text, "sans-bold").convert("P")


def test_bad_pixels_are_page_notes_not_a_crash_or_a_hang(bad_site, tmp_path):
    from linter import scan
    from linter.visual.ocr import available
    if available() is not None:
        pytest.skip("Tesseract is not installed")
    snap = scan([str(bad_site)], "permendag31", visual="on", visual_cache=str(tmp_path), page_timeout=60)
    (page,) = [p for p in snap.pages if p.status != "skipped"]
    assert page.status == "rendered", page.error
    notes = " | ".join(page.notes)
    assert "could not be decoded" in notes and "corrupt.png" in notes
    assert "20000x" in notes or "first 4096 px" in notes, notes
    gif = [(f.visual["source"].rsplit("/", 1)[-1], f.matched) for f in snap.findings if f.kind == "image-text"]
    assert gif == [("anim.gif", "TikTok")], "animated GIFs are read at their first frame"
    assert notes.count("is animated; only its first frame was read") == 2, notes
    json.dumps(snap.to_dict())   # and the snapshot still serialises
