"""Snapshots for the report tests, built with ``builders`` (no crawler needed).

A realistic Indonesian storefront scan (commerce, payment, a hidden menu, an iframe, a
failed page) plus one page whose every string is hostile. Imported by test_reports*.py
and test_bundle.py.
"""
from __future__ import annotations

import struct
import zlib
from pathlib import Path

from builders import finding, page
from linter.history.snapshot import Snapshot

SHOP = "https://toko.contoh.co.id"
XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = '"><img src=x onerror=alert(1)>'
XSS_URL = "javascript:alert(1)"
PWN = "<img src=x onerror=\"window.__pwned=1\">"


def png(path: Path, width: int = 24, height: int = 12, rgb=(220, 40, 40)) -> Path:
    """Write a tiny valid PNG (solid colour) without any imaging library."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    row = b"\x00" + bytes(rgb) * width
    raw = zlib.compress(row * height)
    data = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", raw) + chunk(b"IEND", b""))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _ev(name: str, url: str, html: str, *, crop: bool = True, hidden: bool = False) -> dict:
    return {"crop": None if hidden or not crop else f"crops/{name}.png", "screenshot": f"pages/{name.split('-')[0]}.png",
            "dom": f"dom/{name.split('-')[0]}.html", "time": "2026-11-28T10:00:05Z", "final_url": url,
            "viewport": {"width": 1280, "height": 800}, "locale": "id-ID",
            "user_agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 brandlint/0.1", "html": html,
            "hidden": hidden}


def storefront() -> Snapshot:
    home, cart, promo, down = f"{SHOP}/", f"{SHOP}/keranjang", f"{SHOP}/promo?id=7", f"{SHOP}/bantuan"
    f = [
        finding(rule="brand.legacy-text", severity="error", kind="text", url=home, zone="commerce",
                matched="TikTok", context="Belanja hemat di TikTok setiap hari", suggestion="TikTok Shop",
                selector="header > nav > a.brand", landmark="banner/nav", bbox=[12, 8, 96, 24],
                fingerprint="v1:legacy-text:aa11", brand="tiktok",
                evidence=_ev("home-1", home, '<a class="brand" href="/">Belanja hemat di TikTok</a>')),
        finding(rule="brand.legacy-text", severity="error", kind="attribute", url=home, zone="commerce",
                matched="TikTok-nya", context="Promo TikTok-nya hari ini", suggestion="TikTok Shop",
                selector="main img#hero", attribute="alt", fingerprint="v1:legacy-text:bb22", brand="tiktok",
                evidence=_ev("home-2", home, '<img id="hero" alt="Promo TikTok-nya hari ini" src="/hero.jpg">')),
        finding(rule="brand.legacy-text", severity="warning", kind="text", url=home, zone="commerce",
                matched="TIKTOK", context="Menu: Tentang TIKTOK", suggestion="TikTok Shop",
                selector="#menu-lainnya li:last-child", visible=False, fingerprint="v1:legacy-text:cc33",
                brand="tiktok", evidence=_ev("home-3", home, "<li>Tentang TIKTOK</li>", hidden=True)),
        finding(rule="brand.zone-brand", severity="error", kind="text", url=cart, zone="payment",
                matched="TikTok Shop", context="Bayar di TikTok Shop sekarang", suggestion="Tokopedia",
                selector="#ringkasan button.bayar", fingerprint="v1:zone-brand:dd44", brand="tiktok-shop",
                evidence=_ev("cart-1", cart, '<button class="bayar">Bayar di TikTok Shop sekarang</button>')),
        finding(rule="brand.legacy-endpoint", severity="error", kind="endpoint", url=cart, zone="payment",
                matched="pay.tiktok.com", context="https://pay.tiktok.com/charge", suggestion="Tokopedia",
                selector="form#bayar", attribute="action", fingerprint="v1:legacy-endpoint:ee55",
                evidence=_ev("cart-2", cart, '<form id="bayar" action="https://pay.tiktok.com/charge">', crop=False)),
        finding(rule="brand.legacy-asset", severity="note", kind="asset", url=promo, zone="commerce",
                matched="tiktok-logo", context=f"{SHOP}/img/tiktok-logo.png", suggestion="TikTok Shop",
                selector="iframe#banner >> img.logo", attribute="src", frame_url=f"{SHOP}/embed/banner",
                fingerprint="v1:legacy-asset:ff66",
                evidence=_ev("promo-1", promo, '<img class="logo" src="/img/tiktok-logo.png">')),
    ]
    pages = [
        page(url=home, final_url=home, title="Toko Contoh — Belanja Online", touchpoints=12, compliant=9,
                   violations=3, elapsed_ms=1840),
        page(url=cart, final_url=cart, title="Keranjang", touchpoints=4, compliant=2, violations=2,
                   elapsed_ms=920),
        page(url=promo, final_url=promo, title="Promo", touchpoints=3, compliant=2, violations=1),
        page(url=f"{SHOP}/tentang", title="Tentang kami", touchpoints=5, compliant=5, violations=0),
        page(url=down, status="failed", error="net::ERR_CONNECTION_REFUSED at https://toko.contoh.co.id/bantuan"),
        page(url=f"{SHOP}/akun", status="skipped", error="robots.txt"),
    ]
    return Snapshot(policy={"name": "permendag31", "hash": "sha256:0123456789abcdef0123456789abcdef"},
                    pages=pages, findings=f, created="2026-11-28T10:00:00Z", complete=False,
                    seeds=[home])


def hostile() -> Snapshot:
    """Every page-derived string is an injection attempt."""
    url = f"{SHOP}/cari?q={XSS_SCRIPT}"
    evil = [
        finding(rule="brand.legacy-text", severity="error", kind="text", url=url, zone="commerce",
                matched=f"TikTok{XSS_SCRIPT}", context=f"{XSS_IMG} TikTok {PWN}", suggestion=f"TikTok Shop{XSS_IMG}",
                selector=f'div[title="{XSS_IMG}"]', attribute="title", fingerprint=f"v1:{XSS_SCRIPT}",
                frame_url=XSS_URL,
                evidence={"crop": "crops/evil.png", "screenshot": "../../etc/passwd", "dom": XSS_URL,
                          "time": "2026-11-28T10:00:00Z", "final_url": XSS_URL,
                          "viewport": {"width": 1280, "height": 800}, "locale": "id-ID",
                          "user_agent": XSS_SCRIPT, "html": f"<div>{XSS_SCRIPT}{PWN}</div>", "hidden": False}),
        finding(rule="brand.legacy-text", severity="warning", kind="text", url=XSS_URL, zone="commerce",
                matched="=HYPERLINK(\"http://evil\")", context="+1 TikTok\x1b[31m\x07", suggestion="-TikTok Shop",
                selector="@x\tTikTok\r\nnext::error::boom%0A", fingerprint="v1:evil2",
                evidence={"crop": "/etc/passwd", "time": "2026-11-28T10:00:00Z"}),
    ]
    pages = [page(url=url, final_url=url, title=XSS_SCRIPT, touchpoints=2, compliant=0, violations=1),
             page(url=XSS_URL, title=PWN, touchpoints=1, compliant=0, violations=1),
             page(url=f"{SHOP}/x", status="failed", error=f"{XSS_SCRIPT}\x00\x1b")]
    return Snapshot(policy={"name": f"evil{XSS_IMG}", "hash": XSS_SCRIPT}, pages=pages, findings=evil,
                    created="2026-11-28T10:00:00Z", complete=True, seeds=[XSS_URL])


def bundle(tmp: Path, snap: Snapshot | None = None) -> Path:
    """Write ``snap`` as an evidence folder with tiny PNG crops/screenshots and DOM files."""
    snap = snap or storefront()
    colours = [(220, 40, 40), (40, 120, 220), (240, 170, 20), (40, 160, 80)]
    for i, f in enumerate(snap.findings):
        ev = f.evidence or {}
        if ev.get("crop") and not ev["crop"].startswith("/"):
            png(tmp / ev["crop"], 900 if "cart" in ev["crop"] else 120, 32, colours[i % len(colours)])
        if ev.get("screenshot") and ".." not in ev["screenshot"]:
            png(tmp / ev["screenshot"], 64, 96, (240, 240, 240))
        if ev.get("dom") and ":" not in ev["dom"]:
            (tmp / ev["dom"]).parent.mkdir(parents=True, exist_ok=True)
            (tmp / ev["dom"]).write_text("<html><body>TikTok</body></html>", encoding="utf-8")
    snap.write(tmp / "snapshot.json")
    return tmp
