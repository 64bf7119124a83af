"""merge: shards add up; a page retried on another shard counts once, at its best."""
from __future__ import annotations

from click.testing import CliRunner

from linter.cli import main
from linter.history.merge import merge
from linter.model import PageResult
from linter.history.snapshot import Snapshot, load_snapshot
import builders

POLICY = {"name": "permendag31", "hash": "sha256:aaa"}


def finding(url, fp):
    return builders.finding(url, "Beli di TikTok", "", fingerprint=fp)


def test_pages_and_findings_add_up_and_a_retry_counts_once(tmp_path):
    a = Snapshot(POLICY, created="2024-03-01T00:00:00Z", pages=[
        PageResult("http://s/a", touchpoints=2, compliant=1, violations=1),
        PageResult("http://s/b", status="failed", error="timeout")], findings=[finding("http://s/a", "v1:1")])
    b = Snapshot(POLICY, created="2024-03-01T00:05:00Z", pages=[
        PageResult("http://s/b", touchpoints=1, compliant=0, violations=1)], findings=[finding("http://s/b", "v1:2")])
    m = merge([a, b])
    s = m.summary()
    assert s["coverage"] == {"attempted": 2, "rendered": 2, "failed": 0, "skipped": 0}
    assert s["touchpoint_compliance"] == {"compliant": 1, "total": 3, "ratio": 0.3333}
    assert [f.fingerprint for f in m.findings] == ["v1:1", "v1:2"] and m.created == b.created
    pa, pb = tmp_path / "a.json", tmp_path / "b.json"
    a.write(pa)
    b.write(pb)
    res = CliRunner().invoke(main, ["merge", str(pa), str(pb), "-o", str(tmp_path / "m.json")])
    assert res.exit_code == 1 and "2 rendered" in res.output
    assert len(load_snapshot(tmp_path / "m.json").findings) == 2


def test_shards_of_different_policies_are_refused(tmp_path):
    a = Snapshot(POLICY, pages=[PageResult("http://s/a")])
    b = Snapshot({"name": "other", "hash": "sha256:bbb"}, pages=[PageResult("http://s/b")])
    pa, pb = tmp_path / "a.json", tmp_path / "b.json"
    a.write(pa)
    b.write(pb)
    res = CliRunner().invoke(main, ["merge", str(pa), str(pb), "-o", str(tmp_path / "m.json")])
    assert res.exit_code == 2 and "different policies" in res.output
