"""The committed baseline of the fixture shop gates real scans: CI fails only on the 48th."""
from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from conftest import FIXTURES, ROOT, expected_here, pixel_capabilities, scan_folder
from linter.history.baseline import create, gate, load_baseline
from linter.cli import main

pytestmark = pytest.mark.browser
BASELINE = ROOT / "baselines" / "shop.json"


def test_committed_baseline_is_what_a_fresh_scan_creates(shop_snapshot, tmp_path):
    """Fingerprints are stable across runs, ports and timing: re-creating is byte-identical."""
    if "ocr" not in pixel_capabilities():
        pytest.skip("the committed baseline holds the shop's findings read by OCR (Tesseract is not installed)")
    out = tmp_path / "b.json"
    create(shop_snapshot).save(out)
    assert out.read_bytes() == BASELINE.read_bytes()


def test_scan_gated_on_the_committed_baseline_passes():
    res = CliRunner().invoke(main, ["scan", str(FIXTURES / "sites/shop"), "--baseline", str(BASELINE), "-q"])
    assert res.exit_code == 0, res.output
    assert "no new findings" in res.output


def test_one_added_violation_fails_the_gate_with_exactly_that_finding(tmp_path):
    site = tmp_path / "shop"
    shutil.copytree(FIXTURES / "sites/shop", site)
    seller = site / "seller/toko-nusantara/index.html"
    html = seller.read_text(encoding="utf-8")
    seller.write_text(html.replace("</main>", "<p id='promo'>Diskon khusus pengguna TikTok!</p></main>", 1),
                      encoding="utf-8")
    snap = scan_folder(site)
    result = gate(load_baseline(BASELINE), snap)
    assert [(f.rule, f.matched, f.url.split("/", 3)[-1]) for f in result.new] == [
        ("brand.legacy-text", "TikTok", "seller/toko-nusantara/")]
    want = len(expected_here(FIXTURES / "sites/shop", pixel_capabilities())["violations"])
    assert len(result.absorbed) == want and len(result.fixed) == 47 - want
    res = CliRunner().invoke(main, ["check", "--baseline", str(BASELINE), _write(snap, tmp_path)])
    assert res.exit_code == 1 and "Diskon khusus pengguna TikTok" in res.output


def _write(snap, tmp_path):
    p = tmp_path / "snap.json"
    snap.write(p)
    return str(p)
