"""The visual matchers on generated images, without a browser: OCR, logos, colours, cache."""
from __future__ import annotations

import importlib.util
import sys

import pytest

from linter.visual.colors import delta_e2000, nearest_brand, parse_color, srgb_to_lab

np = pytest.importorskip("numpy")
pytest.importorskip("cv2")
pytest.importorskip("PIL")

from tests.conftest import ROOT  # noqa: E402

_spec = importlib.util.spec_from_file_location("draw_visual_fixtures", ROOT / "tools" / "draw_visual_fixtures.py")
draw = importlib.util.module_from_spec(_spec)
sys.modules["draw_visual_fixtures"] = draw
_spec.loader.exec_module(draw)

from linter.visual.logos import LogoMatcher, reference_from_rgba  # noqa: E402

THRESHOLD = 0.62


@pytest.fixture(scope="module")
def logo_matcher():
    refs = [reference_from_rgba(np.array(draw.legacy_mark()), "tiktok", "legacy.png"),
            reference_from_rgba(np.array(draw.shop_mark()), "tiktok-shop", "shop.png"),
            reference_from_rgba(np.array(draw.tokopedia_mark()), "tokopedia", "tokopedia.png")]
    return LogoMatcher(refs, THRESHOLD)


def brands_in(matcher, image) -> list[str]:
    return [m.brand for m in matcher.find(np.asarray(image.convert("RGB")))]


# ---------------------------------------------------------------- colours

def test_ciede2000_reference_pairs():
    # Sharma, Wu & Dalal (2005), table 1: pairs 1, 7 and 17.
    assert delta_e2000((50, 2.6772, -79.7751), (50, 0, -82.7485)) == pytest.approx(2.0425, abs=1e-4)
    assert delta_e2000((50, 0, 0), (50, -1, 2)) == pytest.approx(2.3669, abs=1e-4)
    assert delta_e2000((50, 2.5, 0), (73, 25, -18)) == pytest.approx(27.1492, abs=1e-4)


def test_css_colours_parse_as_computed_style_writes_them():
    assert parse_color("rgb(254, 44, 85)") == ((254, 44, 85), 1.0)
    assert parse_color("rgba(3, 172, 14, 0.5)") == ((3, 172, 14), 0.5)
    assert parse_color("#fe2c55") == ((254, 44, 85), 1.0)
    assert parse_color("transparent") is None


def test_nearest_brand_colour_within_threshold_only():
    palette = {"tiktok": ["#FE2C55", "#25F4EE"], "tokopedia": ["#03AC0E"]}
    assert nearest_brand((250, 48, 90), palette, 10)[0] == "tiktok"       # a near pink
    assert nearest_brand((3, 170, 16), palette, 10)[0] == "tokopedia"
    assert nearest_brand((40, 90, 200), palette, 10) is None              # a blue
    assert srgb_to_lab((255, 255, 255))[0] == pytest.approx(100, abs=0.01)


# ---------------------------------------------------------------- logos

@pytest.mark.parametrize("size", [24, 48, 128, 300])
@pytest.mark.parametrize("variant", sorted(draw.VARIANTS))
def test_legacy_logo_found_in_every_variant(logo_matcher, variant, size):
    image = draw.VARIANTS[variant](draw.legacy_mark(), size)
    assert brands_in(logo_matcher, image) == ["tiktok"]


@pytest.mark.parametrize("size", [24, 48, 128, 300])
@pytest.mark.parametrize("variant", sorted(draw.VARIANTS))
def test_shop_logo_is_a_shop_mention_not_the_legacy_mark_inside_it(logo_matcher, variant, size):
    image = draw.VARIANTS[variant](draw.shop_mark(), size)
    assert brands_in(logo_matcher, image) == ["tiktok-shop"]


@pytest.mark.parametrize("size", [20, 22, 26])
@pytest.mark.parametrize("variant", ["plain", "banner", "jpeg"])
def test_small_logos_whose_outline_is_their_border_are_told_apart(logo_matcher, variant, size):
    # At 20-26 px the Shop bag's outline is the edge of the matched box: the silhouette
    # test must judge the background outside the box, or it reads the bag inverted.
    assert brands_in(logo_matcher, draw.VARIANTS[variant](draw.shop_mark(), size)) == ["tiktok-shop"]
    assert brands_in(logo_matcher, draw.VARIANTS[variant](draw.legacy_mark(), size)) == ["tiktok"]


@pytest.mark.parametrize("size", [24, 48, 128, 300])
@pytest.mark.parametrize("decoy", ["star_badge", "music_note", "black_square"])
@pytest.mark.parametrize("variant", ["plain", "inverted", "jpeg", "banner"])
def test_decoys_do_not_match(logo_matcher, decoy, variant, size):
    image = draw.VARIANTS[variant](getattr(draw, decoy)(), size)
    assert brands_in(logo_matcher, image) == []


def test_logo_region_is_where_the_mark_is_in_a_banner(logo_matcher):
    image = draw.in_banner(draw.legacy_mark(), 64, width=480)
    (m,) = logo_matcher.find(np.asarray(image))
    x, y, w, h = m.box
    assert 10 <= x <= 34 and 40 <= w <= 80 and m.reference == "legacy.png"


def test_reference_without_anything_drawn_is_refused():
    with pytest.raises(ValueError):
        reference_from_rgba(np.zeros((32, 32, 4), dtype=np.uint8), "tiktok", "empty.png")


# ---------------------------------------------------------------- OCR

ocr = pytest.importorskip("linter.visual.ocr")
needs_tesseract = pytest.mark.skipif(ocr.available() is not None, reason="Tesseract is not installed")


def _engine_missing(engine: str) -> str | None:
    try:
        if engine == "tesserocr":
            import tesserocr  # noqa: F401
        else:
            import pytesseract
            pytesseract.get_tesseract_version()
    except Exception:  # noqa: BLE001 - not installed, or no tesseract binary
        return f"{engine} is not installed"
    return None


@pytest.fixture(scope="module", params=["tesserocr", "pytesseract"])
def reader(request):
    """Every OCR test runs through both bindings: tesserocr, and the pytesseract fallback
    (the real tesseract binary, one process per call)."""
    why = ocr.available() or _engine_missing(request.param)
    if why:
        pytest.skip(why)
    r = ocr.Reader(engine=request.param)
    assert r.engine == request.param
    return r


@needs_tesseract
def test_the_environment_can_force_the_pytesseract_fallback(monkeypatch, tmp_path):
    from linter.visual import work
    if _engine_missing("pytesseract"):
        pytest.skip("pytesseract is not installed")
    monkeypatch.setenv(ocr.ENGINE_ENV, "pytesseract")
    work.init_worker(work.Settings(ocr=True, logos=False, langs="eng+ind", min_conf=50, min_text_px=12,
                                   logo_threshold=THRESHOLD, references=[], cache_dir=str(tmp_path),
                                   cache_disk=False))
    assert "reader" not in work._state   # set up on the first picture, not at the fork
    assert work.warm() and work._state["reader"].engine == "pytesseract"
    monkeypatch.setenv(ocr.ENGINE_ENV, "tesseract-cli")
    with pytest.raises(ValueError, match="BRANDLINT_OCR_ENGINE"):
        ocr.Reader()


def mentions(reader, image):
    from linter.matcher import Matcher
    from linter.policy import load_policy
    from linter.visual.touch import text_touchpoints
    readings = [[[w.text, list(w.box), w.conf, w.line] for w in r.words] for r in reader.read(image)]
    item = {"key": "1", "box": [100, 200, image.width, image.height], "kind": "img"}
    tps = text_touchpoints(item, {"readings": readings}, {}, Matcher(load_policy("permendag31")),
                           "http://127.0.0.1/", "commerce", [])
    return [(tp.brand, tp.matched) for tp in tps], tps


@needs_tesseract
@pytest.mark.parametrize("font", sorted(draw.FONTS))
@pytest.mark.parametrize("style", ["plain", "noisy", "white-on-dark", "low-contrast"])
def test_ocr_reads_the_legacy_brand_in_three_fonts(reader, font, style):
    kw = {"plain": {}, "noisy": {"noise": True, "bg": (235, 225, 200)},
          "white-on-dark": {"fg": (255, 255, 255), "bg": (25, 25, 45)},
          "low-contrast": {"fg": (120, 120, 120), "bg": (165, 165, 165)}}[style]
    found, _ = mentions(reader, draw.text_banner("Bayar pakai TikTok", font, **kw))
    assert found == [("tiktok", "TikTok")]


@needs_tesseract
@pytest.mark.parametrize("font", sorted(draw.FONTS))
@pytest.mark.parametrize("size", [10, 12])
def test_ocr_reads_small_print_in_a_tall_image(reader, font, size):
    # 200 px high, so the whole-image upscale does not apply: at 10-12 px the first pass
    # reads "TikTek"/"Tiklok" unsure, and the small-print pass reads it again upscaled.
    image = draw.text_banner("Bayar pakai TikTok", font, size=size, width=size * 12 + 36, height=200)
    assert [brand for brand, _ in mentions(reader, image)[0]] == ["tiktok"]    # TikTok, Tiktok or Tik Tok


@needs_tesseract
def test_ocr_evasions_read_as_mentions(reader):
    assert mentions(reader, draw.text_banner("Promo TIKTOK hari ini", "sans-bold"))[0] == [("tiktok", "TIKTOK")]
    assert mentions(reader, draw.text_banner("Promo Tik Tok hari ini", "serif"))[0] == [("tiktok", "Tik Tok")]
    two_lines = draw.text_banner("Gratis ongkir di Tik\nTok", "sans-bold", height=110)
    assert [b for b, _ in mentions(reader, two_lines)[0]] == ["tiktok"]
    assert mentions(reader, draw.text_banner("Diskon TikTok Shop", "mono"))[0] == [("tiktok-shop", "TikTok Shop")]


@needs_tesseract
def test_ocr_word_box_is_inside_the_image_and_on_the_page(reader):
    image = draw.text_banner("Bayar pakai TikTok", "sans-bold")
    _, (tp,) = mentions(reader, image)
    wx, wy, ww, wh = tp.visual["word_box"]
    assert 150 < wx < 400 and 0 < wy < 60 and 60 < ww < 200
    assert tp.bbox[:2] == [100 + wx, 200 + wy] and tp.kind == "image-text"
    assert 0.5 < tp.visual["confidence"] <= 1


@needs_tesseract
def test_ocr_of_text_without_the_brand_finds_nothing(reader):
    assert mentions(reader, draw.text_banner("Bayar pakai Tokopedia", "serif"))[0] == [("tokopedia", "Tokopedia")]
    assert mentions(reader, draw.text_banner("Gratis ongkir se-Indonesia", "sans-bold"))[0] == []


# ---------------------------------------------------------------- worker and cache

def test_worker_caches_by_content_and_notes_bad_pixels(tmp_path):
    import io
    from linter.visual import work
    settings = work.Settings(ocr=False, logos=True, langs="eng", min_conf=50, min_text_px=12,
                             logo_threshold=THRESHOLD,
                             references=[("tiktok", "legacy.png", *_ref_arrays())],
                             cache_dir=str(tmp_path), cache_disk=True)
    work.init_worker(settings)
    page = draw.Image.new("RGB", (400, 200), "white")
    page.paste(draw.flat(draw.legacy_mark(64)), (10, 10))
    page.paste(draw.flat(draw.legacy_mark(64)), (200, 100))
    buf = io.BytesIO()
    page.save(buf, "PNG")
    items = [{"key": "a", "box": [10, 10, 64, 64]}, {"key": "b", "box": [200, 100, 64, 64]}]
    out = work.analyse(buf.getvalue(), items)
    assert [r["logos"][0][0] for r in out["results"].values()] == ["tiktok", "tiktok"]
    assert (out["misses"], out["hits"]) == (1, 1)          # the second copy is the same pixels
    assert work._state["logos"] is not None                # a miss set the matcher up
    work.init_worker(settings)                             # a new process: the disk cache answers
    again = work.analyse(buf.getvalue(), items)
    assert (again["misses"], again["hits"]) == (0, 2) and again["results"] == out["results"]
    assert "logos" not in work._state                      # ... without setting up OpenCV's matcher
    bad = work.analyse(b"\x89PNG\r\n\x1a\nnot really", items)
    assert bad["results"] == {} and "could not be read" in bad["notes"][0]


def _gif(*texts, durations=(100, 60000)) -> bytes:
    import io
    frames = [draw.text_banner(t, "sans-bold").convert("P") for t in texts]
    buf = io.BytesIO()
    frames[0].save(buf, "GIF", save_all=True, append_images=frames[1:], duration=list(durations), loop=0)
    return buf.getvalue()


def test_animated_gif_is_read_at_its_first_frame_whatever_the_screenshot_caught(tmp_path):
    import io
    from linter.visual import work
    from linter.visual.frames import first_frame, is_gif_url
    settings = work.Settings(ocr=False, logos=True, langs="eng", min_conf=50, min_text_px=12,
                             logo_threshold=THRESHOLD, references=[("tiktok", "legacy.png", *_ref_arrays())],
                             cache_dir=str(tmp_path), cache_disk=False)
    work.init_worker(settings)
    logo, blank = draw.flat(draw.legacy_mark(96)), draw.Image.new("RGB", (96, 96), "white")
    buf = io.BytesIO()
    logo.convert("P").save(buf, "GIF", save_all=True, append_images=[blank.convert("P")], duration=[100, 60000])
    shot = io.BytesIO()
    blank.save(shot, "PNG")          # the screenshot caught the second, empty frame
    item = {"key": "a", "box": [0, 0, 96, 96], "label": "<img> anim.gif"}
    assert work.analyse(shot.getvalue(), [item])["results"]["a"]["logos"] == []
    out = work.analyse(shot.getvalue(), [{**item, "gif": buf.getvalue()}])
    assert [m[0] for m in out["results"]["a"]["logos"]] == ["tiktok"]
    assert out["notes"] == ["visual: <img> anim.gif is animated; only its first frame was read"]
    still = io.BytesIO()
    blank.convert("P").save(still, "GIF")            # a still GIF: the screenshot is what is read
    assert first_frame(still.getvalue(), (96, 96)) is None
    assert first_frame(_gif("Gratis ongkir", "Bayar"), (280, 48)).size == (280, 48)
    assert work.analyse(shot.getvalue(), [{**item, "gif": b"GIF89a broken"}])["results"]["a"]["logos"] == []
    assert [is_gif_url(u) for u in ("http://x/a.GIF?v=2", "data:image/gif;base64,R0l", "http://x/gif.png")] \
        == [True, True, False]


@needs_tesseract
def test_animated_gif_text_is_the_first_frames(reader):
    from linter.visual.frames import first_frame
    found, _ = mentions(reader, first_frame(_gif("Bayar pakai TikTok", "Gratis ongkir"), (560, 96)))
    assert found == [("tiktok", "TikTok")]
    found, _ = mentions(reader, first_frame(_gif("Gratis ongkir", "Bayar pakai TikTok"), (560, 96)))
    assert found == [], "a mention only in a later frame is not read (docs/visual.md)"


def _ref_arrays():
    r = reference_from_rgba(np.array(draw.legacy_mark()), "tiktok", "legacy.png")
    return r.gray, r.mask


# ---------------------------------------------------------------- policy keys

def test_policy_logo_paths_are_relative_to_the_policy_file(tmp_path):
    from linter.policy import load_policy
    (tmp_path / "brand").mkdir()
    draw.legacy_mark(64).save(tmp_path / "brand" / "legacy.png")
    p = tmp_path / "brandlint.toml"
    p.write_text('extends = "permendag31"\n[brands.tiktok]\nname = "TikTok"\nlegacy = true\n'
                 "pattern = 'tik[ .\\-]?tok'\nlogos = [\"brand/legacy.png\"]\n", encoding="utf-8")
    pol = load_policy(p)
    assert pol.brands["tiktok"].logos == (str(tmp_path / "brand" / "legacy.png"),)
    assert pol.brands["tokopedia"].colors == ("#03AC0E",) and pol.zones["payment"].check_colors
    assert pol.visual.logo_threshold == pytest.approx(0.62)


@pytest.mark.parametrize("content", [None, b"GIF89a broken", b"plain text, not an image"])
def test_unreadable_reference_logo_is_a_config_error_naming_file_line_key(tmp_path, content):
    from linter.errors import ConfigError
    from linter.policy import load_policy
    from linter.visual.references import load_references
    if content is not None:
        (tmp_path / "logo.png").write_bytes(content)
    p = tmp_path / "brandlint.toml"
    p.write_text('extends = "permendag31"\n\n[brands.tiktok]\nname = "TikTok"\nlegacy = true\n'
                 "pattern = 'tik'\nlogos = [\"logo.png\"]\n", encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_references(load_policy(p))
    assert exc.value.file == str(p) and exc.value.line == 7 and exc.value.key == "brands.tiktok.logos"


def test_bad_colour_is_a_config_error(tmp_path):
    from linter.errors import ConfigError
    from linter.policy import load_policy
    p = tmp_path / "brandlint.toml"
    p.write_text('extends = "permendag31"\n[brands.tokopedia]\nname = "Tokopedia"\npattern = "tokopedia"\n'
                 'colors = ["green"]\n', encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_policy(p)
    assert exc.value.key == "brands.tokopedia.colors" and exc.value.line == 5
