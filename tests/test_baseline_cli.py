"""``brandlint baseline create|update|show`` and ``brandlint check``: what a CI job sees,
exit codes 0 (nothing new), 1 (new findings), 2 (usage)."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from linter.cli import main
from linter.fingerprint import assign_fingerprints
from builders import CHECKOUT, finding, storefront


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def files(tmp_path):
    """The baseline scan, a later scan with one more violation, and one with one fixed."""
    old = storefront()
    grown = storefront(created="2024-03-08T00:00:00Z")
    extra = finding(CHECKOUT, "Metode TikTok Pay", "main/#methods", rule="brand.zone-brand")
    grown.findings.append(extra)
    assign_fingerprints([f for f in grown.findings if f.url == CHECKOUT])
    fixed = storefront(created="2024-03-09T00:00:00Z")
    fixed.findings.pop(0)
    paths = {"old": tmp_path / "old.json", "grown": tmp_path / "grown.json", "fixed": tmp_path / "fixed.json"}
    for key, snap in (("old", old), ("grown", grown), ("fixed", fixed)):
        snap.write(paths[key])
    paths["baseline"] = tmp_path / "baselines" / "shop.json"
    paths["extra"] = extra.fingerprint
    return paths


def test_create_is_byte_identical_and_refuses_to_overwrite(files):
    out = files["baseline"]
    assert run("baseline", "create", files["old"], "-o", out).exit_code == 0
    first = out.read_bytes()
    refused = run("baseline", "create", files["old"], "-o", out)
    assert refused.exit_code == 2 and "baseline update" in refused.output and "--force" in refused.output
    assert run("baseline", "create", files["old"], "-o", out, "--force").exit_code == 0
    assert out.read_bytes() == first
    assert run("baseline", "create", files["old"]).output.encode() == first  # stdout too


def test_check_exit_codes_and_listing(files):
    run("baseline", "create", files["old"], "-o", files["baseline"])
    clean = run("check", files["old"], "--baseline", files["baseline"])
    assert clean.exit_code == 0 and "Gate passed" in clean.output and "absorbed 3" in clean.output
    failing = run("check", files["grown"], "--baseline", files["baseline"])
    assert failing.exit_code == 1
    assert "1 new finding(s) not in the baseline" in failing.output and files["extra"] in failing.output
    fixed = run("check", files["fixed"], "--baseline", files["baseline"])
    assert fixed.exit_code == 0 and "1 baseline entr(ies) fixed" in fixed.output
    as_json = json.loads(run("check", files["grown"], "--baseline", files["baseline"], "--format", "json").output)
    assert as_json["passed"] is False and [f["fingerprint"] for f in as_json["new"]] == [files["extra"]]
    assert as_json["counts"] == {"new": 1, "absorbed": 3, "fixed": 0, "unverified": 0}


def test_check_usage_errors_exit_2(files, tmp_path):
    missing = run("check", files["old"], "--baseline", tmp_path / "nope.json")
    assert missing.exit_code == 2 and "nope.json" in missing.output
    assert run("check", files["old"]).exit_code == 2  # --baseline is required
    not_a_baseline = run("check", files["old"], "--baseline", files["old"])
    assert not_a_baseline.exit_code == 2 and "not a brandlint baseline" in not_a_baseline.output


def test_update_refuses_to_grow_without_accept_new_and_reason(files):
    run("baseline", "create", files["old"], "-o", files["baseline"])
    before = files["baseline"].read_bytes()
    refused = run("baseline", "update", files["baseline"], files["grown"])
    assert refused.exit_code == 2
    assert "--accept-new --reason" in refused.output and files["extra"] in refused.output
    assert files["baseline"].read_bytes() == before
    no_reason = run("baseline", "update", files["baseline"], files["grown"], "--accept-new")
    assert no_reason.exit_code == 2 and "--reason" in no_reason.output
    assert files["baseline"].read_bytes() == before
    ok = run("baseline", "update", files["baseline"], files["grown"], "--accept-new",
             "--reason", "TikTok Pay label approved by legal until 2024-06")
    assert ok.exit_code == 0 and "3 -> 4 finding(s)" in ok.output
    data = json.loads(files["baseline"].read_text())
    assert data["accepted"] == [{"fingerprints": [files["extra"]],
                                 "reason": "TikTok Pay label approved by legal until 2024-06"}]
    assert run("check", files["grown"], "--baseline", files["baseline"]).exit_code == 0


def test_update_shrinks_on_fixes_and_fixed_only_leaves_new_ones_failing(files):
    run("baseline", "create", files["old"], "-o", files["baseline"])
    shrunk = run("baseline", "update", files["baseline"], files["fixed"])
    assert shrunk.exit_code == 0 and "3 -> 2 finding(s): 1 fixed removed" in shrunk.output
    assert len(json.loads(files["baseline"].read_text())["entries"]) == 2
    # the grown scan has the fixed one back plus one more: --fixed-only writes, the gate still fails
    partial = run("baseline", "update", files["baseline"], files["grown"], "--fixed-only")
    assert partial.exit_code == 0 and "2 new left out" in partial.output
    assert run("check", files["grown"], "--baseline", files["baseline"]).exit_code == 1


def test_show_summarises_by_page_and_rule(files):
    run("baseline", "create", files["old"], "-o", files["baseline"])
    out = run("baseline", "show", files["baseline"]).output
    assert "3 entries, 3 finding(s)" in out and "localhost/checkout/" in out and "brand.zone-brand" in out
    data = json.loads(run("baseline", "show", files["baseline"], "--format", "json").output)
    assert data["by_page"] == {"localhost/": 2, "localhost/checkout/": 1}

