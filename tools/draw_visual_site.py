"""Write the PNG/JPEG files of ``fixtures/sites/visual`` and the fixture policy's
reference logos (``fixtures/visual-policy/brand``). Called by draw_visual_fixtures.py."""
from __future__ import annotations

from pathlib import Path

from PIL import Image

import draw_visual_fixtures as d

SIZES = (24, 48, 128, 300)


def _save(im: Image.Image, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".jpg":
        im.convert("RGB").save(path, "JPEG", quality=35)
    else:
        im.save(path, "PNG", optimize=True)


def write_all(root: Path) -> None:
    site = root / "fixtures" / "sites" / "visual" / "img"
    refs = root / "fixtures" / "visual-policy" / "brand"
    _save(d.legacy_mark(256), refs / "legacy-mark.png")
    _save(d.shop_mark(256), refs / "shop-mark.png")
    _save(d.tokopedia_mark(256), refs / "tokopedia-mark.png")
    marks = {"mark-a": d.legacy_mark(), "mark-b": d.shop_mark(), "mark-c": d.tokopedia_mark()}
    for name, mark in marks.items():
        big = mark.resize((300, 300), Image.LANCZOS)
        _save(d.flat(big), site / f"{name}-plain.png")
        _save(d.flat(d.monochrome(big)), site / f"{name}-mono.png")
        _save(d.inverted(big), site / f"{name}-inverted.png")
        _save(d.rotated(big), site / f"{name}-rotated.png")
        _save(d.flat(big), site / f"{name}-jpeg.jpg")
        for s in SIZES:
            _save(d.in_banner(mark, s), site / f"{name}-banner-{s}.png")
    for name, fn in (("decoy-star", d.star_badge), ("decoy-note", d.music_note), ("decoy-square", d.black_square)):
        _save(d.flat(fn(300)), site / f"{name}.png")
    texts = {
        "promo-sans": d.text_banner("Bayar pakai TikTok", "sans-bold"),
        "promo-serif": d.text_banner("Belanja hemat di TIKTOK", "serif"),
        "promo-mono": d.text_banner("Promo Tik Tok hari ini", "mono"),
        "promo-noisy": d.text_banner("Gratis ongkir TikTok", "sans-bold", noise=True, bg=(235, 225, 200)),
        "promo-dark": d.text_banner("Live TikTok malam ini", "serif", fg=(255, 255, 255), bg=(25, 25, 45)),
        "promo-split": d.text_banner("Kupon khusus pembeli Tik\nTok minggu ini", "sans-bold", height=110),
        "promo-shop": d.text_banner("Diskon TikTok Shop", "mono"),
        "promo-clean": d.text_banner("Batik tulis asli Solo", "serif"),
        "pay-banner": d.text_banner("Bayar pakai TikTok", "sans-bold", bg=(255, 240, 244)),
        "pay-ok": d.text_banner("Bayar pakai Tokopedia", "sans-bold", bg=(235, 250, 236)),
        "hero-bg": d.text_banner("Festival TikTok Nusantara", "sans-bold", size=36, width=720, height=120,
                                 fg=(255, 255, 255), bg=(120, 40, 90)),
        "poster": d.text_banner("Nonton live TikTok", "serif", width=480, height=270, size=34,
                                fg=(250, 250, 250), bg=(40, 40, 40)),
    }
    for name, im in texts.items():
        _save(im, site / f"{name}.png")


def write_shop(root: Path) -> None:
    """The fixture shop's pictures (fixtures/sites/shop/img), each stated in its EXPECTED.json:
    a promo banner whose pixels read the legacy brand, the legacy stand-in mark in a banner
    saved under a neutral name, and the Shop stand-in mark (allowed on commerce pages). The
    canvas card is drawn by the page's script, the pay button's colour is CSS."""
    img = root / "fixtures" / "sites" / "shop" / "img"
    _save(d.text_banner("Bayar pakai TikTok", "sans-bold", bg=(255, 243, 230)), img / "promo-bayar.png")
    _save(d.in_banner(d.legacy_mark(), 64, width=480), img / "banner-3.png")
    _save(d.flat(d.shop_mark(64)), img / "mitra-resmi.png")
