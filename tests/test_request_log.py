"""Whose requests a crawl records (``scan --requests``): by default the pages of a zone that
lists ``legacy_hosts``, where the request check runs, and not the others (listening costs
the driver five messages a request); ``--requests all`` records every page's. A page that
redirects itself into such a zone is read again, listening, so its requests still decide."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from hosts import TwoHosts

pytestmark = pytest.mark.browser

# A beacon to the legacy brand's host: offline it fails at once, and is still a request.
_PAY = "<script>fetch('http://api.tiktok.com/v1/charge', {method: 'POST', body: 'x'}).catch(() => {});</script>"


def _site(tmp_path):
    site = tmp_path / "site"
    (site / "checkout").mkdir(parents=True)
    (site / "index.html").write_text(
        "<!doctype html><html lang=id><title>Toko</title><p>Belanja di TikTok Shop</p>"
        f"<img src='/logo.png' alt=''>{_PAY}", encoding="utf-8")
    (site / "checkout" / "index.html").write_text(
        f"<!doctype html><html lang=id><title>Bayar</title><p>Bayar dengan Tokopedia</p>{_PAY}", encoding="utf-8")
    (site / "go.html").write_text(
        "<!doctype html><title>Lanjut</title><script>location.replace('/checkout/?from=go')</script>", encoding="utf-8")
    return site


def _scan(h, tmp_path, *extra):
    from linter.cli import main
    out = tmp_path / f"snap{len(extra)}.json"
    urls = [h.url("/index.html"), h.url("/checkout/"), h.url("/go.html")]
    res = CliRunner().invoke(main, ["scan", *urls, "--no-follow", "--offline", "--visual", "off", "-q",
                                    "-o", str(out), *extra])
    assert res.exit_code in (0, 1), res.output
    snap = json.loads(out.read_text(encoding="utf-8"))
    pages = {p["url"].rsplit("/", 1)[-1] or p["url"].rstrip("/").rsplit("/", 1)[-1]: p for p in snap["pages"]}
    return pages, snap["findings"]


def _charges(page):
    return [r for r in page["requests"] if r["url"].startswith("http://api.tiktok.com/")]


def test_requests_are_recorded_where_they_decide_and_everywhere_with_all(tmp_path):
    with TwoHosts(_site(tmp_path)) as h:
        pages, findings = _scan(h, tmp_path)
        every, every_findings = _scan(h, tmp_path, "--requests", "all")
    # The commerce page: not listened to, and its record says so.
    assert pages["index.html"]["requests_recorded"] is False and pages["index.html"]["requests"] == []
    # The payment page: every request, its own document first, the legacy one a finding.
    checkout = pages["checkout"]
    assert checkout["requests_recorded"] is True
    assert checkout["requests"][0]["type"] == "document" and checkout["requests"][0]["url"].endswith("/checkout/")
    (charge,) = _charges(checkout)
    assert charge["method"] == "POST" and charge["type"] == "fetch" and charge["failure"]
    # The page that sent itself to the checkout was read again, listening: its final
    # document's requests are recorded, and its legacy request is a finding too.
    go = pages["go.html"]
    assert go["final_url"].endswith("/checkout/?from=go") and go["requests_recorded"] is True
    assert [r["method"] for r in _charges(go)] == ["POST"]
    wire = sorted(f["url"].rsplit("/", 1)[-1] or "checkout" for f in findings if f["kind"] == "request")
    assert len(wire) == 2 and all(f["rule"] == "brand.legacy-endpoint" for f in findings if f["kind"] == "request")
    # --requests all: the commerce page's requests too (its image and its beacon), and
    # the same findings: recording more never decides more.
    index = every["index.html"]
    assert index["requests_recorded"] is True and len(_charges(index)) == 1
    assert any(r["url"].endswith("/logo.png") and r["status"] == 404 for r in index["requests"])
    assert sorted(f["fingerprint"] for f in every_findings) == sorted(f["fingerprint"] for f in findings)
