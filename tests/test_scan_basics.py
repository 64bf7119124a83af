"""Scan behaviour a user relies on: empty sites are compliant, failures are recorded,
links stay on the seed's origin, exit codes follow the contract."""
from __future__ import annotations

import pytest
from click.testing import CliRunner
from hosts import TwoHosts

from linter import scan
from linter.cli import main

pytestmark = pytest.mark.browser


def closed_port_url() -> str:
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


def site(tmp_path, pages: dict[str, str]):
    for name, body in pages.items():
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(f"<!doctype html><html lang=id><head><meta charset=utf-8><title>Toko</title></head><body>{body}</body></html>",
                     encoding="utf-8")
    return tmp_path


def test_pages_that_mention_nothing_are_fully_compliant(tmp_path):
    root = site(tmp_path, {"index.html": "<a href='b.html'>b</a> Selamat datang", "b.html": "Produk lokal"})
    snap = scan([str(root)])
    s = snap.summary()
    assert s["touchpoint_compliance"] == {"compliant": 0, "total": 0, "ratio": 1.0}
    assert s["page_compliance"] == {"compliant": 2, "total": 2, "ratio": 1.0}
    res = CliRunner().invoke(main, ["scan", str(root), "-q"])
    assert res.exit_code == 0 and "100.0% (0/0)" in res.output, res.output


def test_links_to_other_origins_and_schemes_are_never_followed(tmp_path):
    root = site(tmp_path, {"index.html": """
        <a href="https://www.tiktok.com/@x">a</a> <a href="http://127.0.0.2:9/x">b</a>
        <a href="javascript:alert(1)">c</a> <a href="mailto:a@b.c">d</a> <a href="file:///etc/passwd">e</a>
        <a href="/b.html?utm_source=x#top">f</a> <a href="b.html">g</a>"""})
    site(tmp_path, {"b.html": "TikTok"})
    snap = scan([str(root)])
    assert sorted(p.url.rsplit("/", 1)[-1] for p in snap.pages if p.status != "skipped") == ["", "b.html"]
    # every link ends with a status: the ones not followed are recorded as skipped, with why
    skipped = {p.url: p.error for p in snap.pages if p.status == "skipped"}
    assert set(skipped) == {"https://www.tiktok.com/@x", "http://127.0.0.2:9/x", "javascript:alert(1)",
                            "mailto:a@b.c", "file:///etc/passwd"}
    assert [f.url.rsplit("/", 1)[-1] for f in snap.findings] == ["b.html"]


def test_a_fragment_link_leads_to_the_base_address_page(tmp_path):
    """"#top" resolves against the document's base, not its own address: under a <base>
    it is a link to another page (the collector takes fragment links without parsing them)."""
    root = site(tmp_path, {"deep/page.html": "Belanja di TikTok"})
    (root / "index.html").write_text("<!doctype html><html lang=id><head><base href='/deep/page.html'>"
                                     "<title>Toko</title></head><body><a href='#top'>atas</a> Selamat datang</body></html>",
                                     encoding="utf-8")
    with TwoHosts(root) as h:   # served, not a folder scan: that would seed every file in it
        snap = scan([h.url("/index.html")])
    rendered = sorted(p.url.split("/", 3)[-1] for p in snap.pages if p.status == "rendered")
    assert rendered == ["deep/page.html", "index.html"], rendered
    assert [f.url.rsplit("/", 1)[-1] for f in snap.findings] == ["page.html"]


def test_exit_codes(tmp_path):
    clean = site(tmp_path / "clean", {"index.html": "TikTok Shop"})
    dirty = site(tmp_path / "dirty", {"index.html": "TikTok"})
    runner = CliRunner()
    assert runner.invoke(main, ["scan", str(clean), "-q"]).exit_code == 0
    assert runner.invoke(main, ["scan", str(dirty), "-q"]).exit_code == 1
    down = closed_port_url()
    assert runner.invoke(main, ["scan", down, "-q", "--page-timeout", "5"]).exit_code == 3
    assert runner.invoke(main, ["scan", down, "-q", "--page-timeout", "5",
                                "--tolerate-failures"]).exit_code == 0
    assert runner.invoke(main, ["scan", str(tmp_path / "nope")]).exit_code == 2


def test_unreachable_page_is_recorded_not_a_crash(tmp_path):
    snap = scan([closed_port_url()], page_timeout=5)
    (page,) = snap.pages
    assert page.status == "failed" and "ERR_CONNECTION_REFUSED" in page.error
    assert snap.summary()["coverage"] == {"attempted": 1, "rendered": 0, "failed": 1, "skipped": 0}


def test_snapshot_written_by_the_cli_has_the_contract_fields(tmp_path):
    root = site(tmp_path / "s", {"index.html": "<p>Beli di TikTok</p>"})
    out = tmp_path / "snap.json"
    res = CliRunner().invoke(main, ["scan", str(root), "--out", str(out), "-q"])
    assert res.exit_code == 1
    import json
    data = json.loads(out.read_text(encoding="utf-8"))
    for key in ("schema", "tool", "policy", "created", "pages", "findings", "summary"):
        assert key in data
    assert set(data["policy"]) >= {"name", "hash"} and data["tool"]["name"] == "brandlint"
    page = data["pages"][0]
    assert {"url", "final_url", "status", "title", "error", "touchpoints", "violations"} <= set(page)
    f = data["findings"][0]
    assert {"fingerprint", "url", "rule", "kind", "severity", "zone", "matched", "context", "suggestion",
            "selector", "visible", "bbox", "evidence"} <= set(f)
    assert (f["matched"], f["suggestion"], f["kind"], f["zone"]) == ("TikTok", "TikTok Shop", "text", "commerce")


def test_a_page_cannot_replace_the_installed_collector(tmp_path):
    """The collect step is installed with the settle probe in every document the crawl
    opens (a one-line evaluate a page instead of 56 KB of source); a page script that
    assigns or deletes it changes nothing: the mention is still read."""
    root = site(tmp_path, {"index.html": """<p>Bayar pakai TikTok</p><script>
        try { window.__brandlintCollectPage = async () => JSON.stringify({ raw: { runs: [] } }); } catch (e) {}
        try { delete window.__brandlintCollectPage; } catch (e) {}
        document.title = typeof window.__brandlintCollectPage;</script>"""})
    snap = scan([str(root)])
    assert [p.title for p in snap.pages] == ["function"]
    assert [f.matched for f in snap.findings] == ["TikTok"]
