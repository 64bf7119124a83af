"""``scan --offline``: only the seeds' hosts resolve, so a page's third-party hosts fail at
once (a CI machine without internet would otherwise wait out a DNS timeout for each)."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from hosts import TwoHosts

pytestmark = pytest.mark.browser


def test_offline_fails_third_party_hosts_at_once_and_reads_the_page(tmp_path):
    from linter.cli import main
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(
        "<!doctype html><html lang=id><head><title>Toko</title>"
        "<script src='http://ads.brandlint-offline.example/tag.js'></script></head>"
        "<body><p>Belanja di TikTok</p><img src='http://cdn.brandlint-offline.example/x.png' alt=''></body></html>",
        encoding="utf-8")
    out = tmp_path / "snap.json"
    with TwoHosts(site) as h:
        res = CliRunner().invoke(main, ["scan", h.url("/index.html"), "--no-follow", "--offline", "--visual", "off", "--requests", "all",
                                        "-q", "-o", str(out)])
    assert res.exit_code == 1, res.output            # the mention is a violation
    (page,) = json.loads(out.read_text(encoding="utf-8"))["pages"]
    assert page["status"] == "rendered"
    third = [r for r in page["requests"] if "brandlint-offline.example" in r["url"]]
    assert len(third) == 2 and all("ERR_NAME_NOT_RESOLVED" in (r.get("failure") or "") for r in third), third
    assert [f["matched"] for f in json.loads(out.read_text(encoding="utf-8"))["findings"]] == ["TikTok"]


def test_online_is_a_flag_too():
    from linter.cli import main
    res = CliRunner().invoke(main, ["scan", "--help"])
    assert "--offline / --online" in res.output
