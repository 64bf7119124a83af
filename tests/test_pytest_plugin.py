"""The pytest plugin, through a real pytest-playwright suite run by pytester in a
subprocess (so the plugin arrives through its ``pytest11`` entry point, as for a user)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "fixtures"))

from shopserver import ShopServer  # noqa: E402

pytest_plugins = ["pytester"]
POLICY = ROOT / "fixtures" / "shopserver" / "brandlint.toml"

CONFTEST = '''
import os
import pytest


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    args = [*browser_type_launch_args.get("args", []), *(["--no-sandbox"] if os.geteuid() == 0 else [])]
    return {**browser_type_launch_args, "executable_path": os.environ["CHROMIUM"], "args": args}
'''

SUITE = '''
import os

SHOP = os.environ["SHOP_URL"]
GATEWAY = os.environ["GATEWAY"]


def add_to_cart(page):
    page.goto(SHOP + "produk/1001/")
    page.click("text=Tambah ke keranjang")
    page.wait_for_selector("#cart-count >> text=1")


def test_empty_cart_is_clean(page, brandlint):
    page.goto(SHOP + "keranjang/")
    brandlint.assert_clean(page, state="empty cart")


def test_cart_with_an_item(page, brandlint):
    add_to_cart(page)
    page.goto(SHOP + "keranjang/")
    brandlint.assert_clean(page, state="cart")


def test_payment_request_on_the_wire(page, brandlint):
    add_to_cart(page)
    page.goto(SHOP + "kasir/")
    page.fill("#alamat", "Jl. Merdeka 1")
    page.select_option("#kurir", "jne")
    page.check("#setuju")
    page.click("text=Bayar sekarang")
    page.wait_for_url("**/pembayaran/**")
    found = brandlint.check(page, state="payment")
    assert [f.kind for f in found] == ["text", "endpoint", "request"]
    assert found[2].matched.startswith("POST " + GATEWAY + "/v1/sessions?order=TN-")


def test_without_the_fixture(page):
    page.goto(SHOP + "produk/1001/")
    assert "Toko Nusantara" in page.title()
'''


def _chromium() -> str:
    from linter.browser.launch import SYSTEM_CANDIDATES
    found = os.environ.get("BRANDLINT_CHROMIUM") or next((c for c in SYSTEM_CANDIDATES if Path(c).exists()), None)
    if not found:
        pytest.skip("no system Chromium for pytest-playwright")
    return found


def _run(pytester, shop, *args):
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_shop=SUITE)
    env = {"SHOP_URL": shop.url, "GATEWAY": shop.gateway_url(), "CHROMIUM": _chromium(),
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    for k, v in env.items():
        pytester._monkeypatch.setenv(k, v)
    return pytester.runpytest_subprocess("-p", "no:cacheprovider", f"--brandlint-policy={POLICY}", *args)


@pytest.mark.browser
def test_a_pytest_playwright_suite_through_the_plugin(pytester, tmp_path):
    pytest.importorskip("pytest_playwright")
    out = tmp_path / "session.json"
    with ShopServer() as shop:
        result = _run(pytester, shop, f"--brandlint-out={out}")
        result.assert_outcomes(passed=3, failed=1)
        text = result.stdout.str()
        assert "FAILED test_shop.py::test_cart_with_an_item[chromium]" in text
        assert "brandlint: 1 violation in state 'cart' (" + shop.url + "keranjang/)" in text
        assert "  - brand.zone-brand: 'TikTok Shop' in 'Keranjang TikTok Shop kamu' -> Tokopedia [" in text

        snap = json.loads(out.read_text(encoding="utf-8"))
        states = [(p["journey"], p["state"], p["status"], p["violations"]) for p in snap["pages"]]
        assert states == [("test_shop.py::test_empty_cart_is_clean[chromium]", "empty cart", "rendered", 0),
                          ("test_shop.py::test_cart_with_an_item[chromium]", "cart", "rendered", 1),
                          ("test_shop.py::test_payment_request_on_the_wire[chromium]", "payment", "rendered", 3)]
        assert [(f["state"], f["rule"], f["kind"]) for f in snap["findings"]] == [
            ("cart", "brand.zone-brand", "text"), ("payment", "brand.legacy-text", "text"),
            ("payment", "brand.legacy-endpoint", "endpoint"), ("payment", "brand.legacy-endpoint", "request")]
        # the page's own load is in the state's requests: the context was listened to from the start
        cart = snap["pages"][1]
        assert [r["url"] for r in cart["requests"] if r["type"] == "document"][-1] == shop.url + "keranjang/"

        # the session snapshot is a snapshot like any scan's: a baseline of it absorbs the cart's violation
        from click.testing import CliRunner
        from linter.cli import main
        base = tmp_path / "base.json"
        r = CliRunner().invoke(main, ["baseline", "create", str(out), "-o", str(base)])
        assert r.exit_code == 0, r.output
        again = _run(pytester, shop, f"--brandlint-baseline={base}")
        again.assert_outcomes(passed=4)


def test_the_plugin_costs_nothing_until_the_fixture_is_used():
    # No per-test hook at all (only options and the session's end), and no browser code
    # until a check: what loads is the package's own public API, once per session.
    import linter.pytest_plugin as plugin
    assert [n for n in dir(plugin) if n.startswith("pytest_runtest")] == []
    code = ("import sys, linter.pytest_plugin; "
            "heavy = sorted(m for m in sys.modules if m.startswith(('playwright', 'linter.browser', 'linter.crawl', 'linter.findings')));"
            "print(heavy); sys.exit(1 if heavy else 0)")
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_the_entry_point_is_registered():
    from importlib.metadata import entry_points
    eps = [e for e in entry_points(group="pytest11") if e.name == "brandlint"]
    assert [e.value for e in eps] == ["linter.pytest_plugin"]
