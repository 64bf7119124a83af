"""Shards: K/N from the option or the environment, a stable partition, and N shard scans
merged with ``brandlint merge`` equal to one unsharded scan."""
from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter

import pytest
from click.testing import CliRunner

from linter.cli import main
from linter.crawl.discover import links_in
from linter.crawl.frontier import Frontier
from linter.crawl.shard import parse_shard, resolve_shard, shard_from_env, shard_of, shard_key
from linter.errors import UsageError
from sitegen import assert_same_scan

URLS = [f"https://shop.example/p/{i}?q={i % 7}" for i in range(3000)]


def test_every_url_belongs_to_exactly_one_shard_and_shards_are_balanced():
    counts = Counter(shard_of(u, 3) for u in URLS)
    assert set(counts) == {1, 2, 3}
    assert min(counts.values()) > 0.8 * len(URLS) / 3


def test_the_partition_is_the_same_in_another_process():
    code = "import sys; from linter.crawl.shard import shard_of; print([shard_of(u, 5) for u in sys.argv[1:]])"
    other = subprocess.run([sys.executable, "-c", code, *URLS[:50]], capture_output=True, text=True, check=True,
                           env={"PYTHONHASHSEED": "123", "PATH": ""}, cwd=str(__import__("pathlib").Path(__file__).parent.parent))
    assert json.loads(other.stdout) == [shard_of(u, 5) for u in URLS[:50]]


@pytest.mark.parametrize("env, want", [
    ({"BRANDLINT_SHARD": "2/4"}, "2/4"),
    ({"JOB_COMPLETION_INDEX": "0", "BRANDLINT_SHARD_TOTAL": "3"}, "1/3"),
    ({"JOB_COMPLETION_INDEX": "2", "BRANDLINT_SHARD_TOTAL": "3"}, "3/3"),
    ({"BRANDLINT_SHARD": "1/2", "JOB_COMPLETION_INDEX": "1", "BRANDLINT_SHARD_TOTAL": "3"}, "1/2"),
    ({}, None),
])
def test_shard_from_the_environment(env, want):
    got = shard_from_env(env)
    assert (str(got) if got else None) == want


def test_the_option_wins_and_one_shard_is_no_shard():
    assert str(resolve_shard("3/5", {"BRANDLINT_SHARD": "1/2"})) == "3/5"
    assert resolve_shard("1/1", {}) is None


@pytest.mark.parametrize("spec", ["0/2", "3/2", "1/0", "a/b", "2", ""])
def test_bad_shard_specs_are_usage_errors(spec):
    with pytest.raises(UsageError, match="K"):
        parse_shard(spec or "x")


def test_a_kubernetes_index_without_a_total_is_a_usage_error():
    with pytest.raises(UsageError, match="BRANDLINT_SHARD_TOTAL"):
        shard_from_env({"JOB_COMPLETION_INDEX": "1"})


def test_cli_rejects_a_bad_shard_with_exit_2():
    res = CliRunner().invoke(main, ["scan", "http://127.0.0.1:9/", "--shard", "5/4"])
    assert res.exit_code == 2 and "--shard '5/4'" in res.output


def test_a_served_folder_hashes_by_path_not_by_port():
    a = shard_key("http://127.0.0.1:4001/x/y.html", {"http://127.0.0.1:4001/": None})
    b = shard_key("http://127.0.0.1:5002/x/y.html", {"http://127.0.0.1:5002/": None})
    assert a == b and shard_key("http://h/x", {}) == "http://h/x"


def test_links_are_read_as_the_collector_reads_them():
    html = ('<html><head><base href="/sub/"></head><body><a href="a.html">a</a>'
            '<map><area href="/b.html"></map><a>none</a><link href="/style.css"></body></html>')
    assert links_in(html, "http://h/page") == ["http://h/sub/a.html", "http://h/b.html"]


def test_a_shard_queues_other_shards_pages_for_discovery_and_records_only_its_skips():
    fronts = [Frontier(["http://h/"], shard=parse_shard(f"{k}/2")) for k in (1, 2)]
    links = [f"http://h/p{i}" for i in range(40)] + ["mailto:x@h", "http://other/"]
    for f in fronts:
        f.push(links, f.lease())
    rendered = [{i.url for i in f.queue if not i.discover} for f in fronts]
    discovered = [{i.url for i in f.queue if i.discover} for f in fronts]
    assert rendered[0].isdisjoint(rendered[1])
    assert rendered[0] | rendered[1] == set(links[:40])
    assert discovered[0] == rendered[1] and discovered[1] == rendered[0]
    skipped = [dict(f.skipped) for f in fronts]
    assert sorted([*skipped[0], *skipped[1]]) == sorted(["mailto:x@h", "http://other/"])


@pytest.mark.browser
def test_two_shards_merged_equal_an_unsharded_scan(generated_site, generated_reference, tmp_path):
    runner = CliRunner()
    outs = []
    for k in (1, 2):
        out = tmp_path / f"shard-{k}.json"
        res = runner.invoke(main, ["scan", generated_site, "--shard", f"{k}/2", "-j", "1", "--out", str(out), "-q"])
        assert res.exit_code == 1, res.output     # violations, nothing failed
        outs.append(out)
    shards = [json.loads(o.read_text()) for o in outs]
    rendered = [{p["url"] for p in s["pages"]} for s in shards]
    assert rendered[0] and rendered[1] and rendered[0].isdisjoint(rendered[1])
    res = runner.invoke(main, ["merge", *map(str, outs), "-o", str(tmp_path / "merged.json")])
    assert res.exit_code == 1, res.output
    assert_same_scan(json.loads((tmp_path / "merged.json").read_text()), generated_reference)


def test_merge_gates_against_a_baseline_and_an_incomplete_shard_exits_3(tmp_path):
    from linter.history.snapshot import Snapshot
    from linter.model import Finding, PageResult
    pol = {"name": "permendag31", "hash": "sha256:aaa"}

    def finding(url):
        return Finding(rule="brand.legacy-text", severity="error", kind="text", url=url, zone="commerce",
                       matched="TikTok", context="Beli di TikTok", suggestion="TikTok Shop", fingerprint=f"v1:{url[-1]}")
    a = Snapshot(pol, pages=[PageResult("http://s/a", touchpoints=1, violations=1)], findings=[finding("http://s/a")])
    b = Snapshot(pol, pages=[PageResult("http://s/b", touchpoints=1, violations=1)], findings=[finding("http://s/b")])
    for name, snap in (("a", a), ("b", b)):
        snap.write(tmp_path / f"{name}.json")
    run = CliRunner().invoke
    assert run(main, ["baseline", "create", str(tmp_path / "a.json"), "-o", str(tmp_path / "base.json")]).exit_code == 0
    shards = [str(tmp_path / "a.json"), str(tmp_path / "b.json")]
    res = run(main, ["merge", *shards, "-o", str(tmp_path / "m.json"), "--baseline", str(tmp_path / "base.json")])
    assert res.exit_code == 1, res.output          # b's finding is new
    assert run(main, ["baseline", "create", str(tmp_path / "m.json"), "-o", str(tmp_path / "all.json")]).exit_code == 0
    res = run(main, ["merge", *shards, "-o", str(tmp_path / "m.json"), "--baseline", str(tmp_path / "all.json")])
    assert res.exit_code == 0, res.output
    b.complete = False
    b.write(tmp_path / "b.json")
    res = run(main, ["merge", *shards, "-o", str(tmp_path / "m.json"), "--baseline", str(tmp_path / "all.json")])
    assert res.exit_code == 3, res.output
