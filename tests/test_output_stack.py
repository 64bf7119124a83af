"""One output stack: ``lint`` and ``scan`` share the SARIF and GitHub writers (same
fingerprint key, same levels, same rule table), a catalog's control characters never reach
a CI log, and a note fails neither command."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from builders import finding, snapshot
from linter.cli import main
from linter.reports import render
from linter.rules import RULES

NOTE_POLICY = 'extends = "permendag31"\n\n[severity]\n"brand.legacy-text" = "note"\n'


def run(args, cwd: Path):
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, args)
    finally:
        os.chdir(old)


def test_lint_github_and_text_show_a_catalogs_control_characters_escaped(tmp_path):
    # A key is part of the message; this one would clear the CI log's screen and ring it.
    (tmp_path / "id.json").write_text('{"promo\\u001b[2J\\u0007": "Belanja di TikTok\\u001b[31m"}',
                                      encoding="utf-8")
    for fmt in ("github", "text"):
        r = run(["lint", "--format", fmt, "id.json"], tmp_path)
        assert r.exit_code == 1, r.output
        assert "\x1b" not in r.output and "\x07" not in r.output
        assert "promo\\x1b[2J\\x07" in r.output
    # the machine formats keep the key verbatim (JSON escapes it)
    data = json.loads(run(["lint", "--format", "json", "id.json"], tmp_path).output)
    assert data["findings"][0]["key"] == "promo\x1b[2J\x07"


def _lint_sarif(tmp_path, policy: str | None = None) -> dict:
    (tmp_path / "id.json").write_text('{"a": "Belanja di TikTok", "b": "Bayar dengan TikTok Shop"}', encoding="utf-8")
    (tmp_path / "checkout.json").write_text('{"pay": "Bayar dengan TikTok Shop"}', encoding="utf-8")
    args = ["lint", "--format", "sarif", "id.json", "checkout.json"]
    if policy:
        (tmp_path / "p.toml").write_text(policy, encoding="utf-8")
        args += ["--policy", "p.toml"]
    return json.loads(run(args, tmp_path).output)


def test_lint_and_scan_sarif_share_fingerprint_key_levels_and_rule_table(tmp_path):
    snap = snapshot({"http://127.0.0.1:1/": [finding(), finding(context="TikTok lagi", severity="note")]})
    scan_run = json.loads(render(snap, "sarif"))["runs"][0]
    lint_run = _lint_sarif(tmp_path, NOTE_POLICY)["runs"][0]
    for run_ in (scan_run, lint_run):
        assert {k for r in run_["results"] for k in r["partialFingerprints"]} == {"brandlint/v1"}
        assert [r["id"] for r in run_["tool"]["driver"]["rules"]][:len(RULES)] == [r.ID for r in RULES]
    scan_rules = {r["id"]: r for r in scan_run["tool"]["driver"]["rules"]}
    lint_rules = {r["id"]: r for r in lint_run["tool"]["driver"]["rules"]}
    assert all(lint_rules[k] == v for k, v in scan_rules.items())
    levels = lambda run_: {(r["ruleId"], r["level"]) for r in run_["results"]}  # noqa: E731
    assert levels(scan_run) == {("brand.legacy-text", "error"), ("brand.legacy-text", "note")}
    assert ("brand.legacy-text", "note") in levels(lint_run) and ("brand.zone-brand", "error") in levels(lint_run)


def test_lint_and_scan_github_use_the_same_commands_for_the_same_severities(tmp_path):
    snap = snapshot({"http://127.0.0.1:1/": [finding(severity="note"), finding(context="x TikTok", severity="warning")]})
    scan_cmds = [line.split(" ", 1)[0] for line in render(snap, "github").splitlines()][:2]
    (tmp_path / "p.toml").write_text(NOTE_POLICY.replace('"note"', '"note"\n"brand.zone-brand" = "warning"'),
                                     encoding="utf-8")
    (tmp_path / "checkout.json").write_text('{"pay": "Bayar dengan TikTok Shop", "t": "TikTok"}', encoding="utf-8")
    r = run(["lint", "--format", "github", "--policy", "p.toml", "checkout.json"], tmp_path)
    lint_cmds = sorted(line.split(" ", 1)[0] for line in r.output.splitlines())
    assert scan_cmds == ["::notice", "::warning"] and lint_cmds == ["::notice", "::warning"]


def test_a_note_only_gate_passes_and_says_so(tmp_path):
    old = snapshot({"http://127.0.0.1:1/": []})
    new = snapshot({"http://127.0.0.1:1/": [finding(severity="note")]})
    old.write(tmp_path / "old.json")
    new.write(tmp_path / "new.json")
    assert run(["baseline", "create", "old.json", "-o", "b.json"], tmp_path).exit_code == 0
    r = run(["check", "new.json", "--baseline", "b.json"], tmp_path)
    assert r.exit_code == 0 and "notes only" in r.output, r.output
    worse = snapshot({"http://127.0.0.1:1/": [finding(severity="note"), finding(context="TikTok lagi")]})
    worse.write(tmp_path / "worse.json")
    r = run(["check", "worse.json", "--baseline", "b.json"], tmp_path)
    assert r.exit_code == 1 and "Gate failed: 1 new finding(s)." in r.output, r.output


@pytest.mark.browser
def test_a_note_fails_neither_scan_nor_lint_and_an_error_fails_both(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<!doctype html><html lang=id><head><meta charset=utf-8><title>Toko</title>"
                                     "</head><body><p>Belanja di TikTok</p></body></html>", encoding="utf-8")
    (tmp_path / "id.json").write_text('{"t": "Belanja di TikTok"}', encoding="utf-8")
    (tmp_path / "note.toml").write_text(NOTE_POLICY, encoding="utf-8")
    codes = {}
    for policy in ("note.toml", "permendag31"):
        scan = run(["scan", "site", "--policy", policy, "-q", "--out", f"{policy}.json"], tmp_path)
        lint = run(["lint", "id.json", "--policy", policy], tmp_path)
        assert "brand.legacy-text" in lint.output
        codes[policy] = (scan.exit_code, lint.exit_code)
    assert codes == {"note.toml": (0, 0), "permendag31": (1, 1)}
    snap = json.loads((tmp_path / "note.toml.json").read_text(encoding="utf-8"))
    assert [f["severity"] for f in snap["findings"]] == ["note"]   # reported, not failing


def test_every_human_format_shows_page_control_characters_as_escapes(tmp_path):
    from builders import page
    from linter.history.progress import diff, progress_rows
    from linter.history.baseline import Baseline, gate
    from linter.reports import diff as diff_report
    from linter.reports import gate as gate_report
    from linter.reports.progress_html import progress_html
    evil = "Promo TikTok\x1b[31m\u202e\x07"
    snap = snapshot({"http://127.0.0.1:1/\x1b[2J": [finding("http://127.0.0.1:1/\x1b[2J", evil, "main\x07")]})
    snap.pages.append(page("http://127.0.0.1:1/x", status="failed", error="boom\x1b[0m"))
    outputs = {fmt: render(snap, fmt) for fmt in ("text", "html", "github")}
    outputs["gate"] = gate_report.text(gate(Baseline(), snap))
    outputs["diff"] = diff_report.text(diff(snapshot({}), snap))
    rows = progress_rows([snap], ["label\x1b[1m"])
    outputs["progress-html"] = progress_html(rows)
    for name, out in outputs.items():
        assert not any(c in out for c in "\x1b\x07\u202e"), name
        assert "\\x1b" in out, name


def test_verify_shows_a_planted_file_name_escaped(tmp_path):
    from linter.bundle import write_manifest
    from report_data import bundle
    folder = bundle(tmp_path / "ev")
    write_manifest(folder)
    (folder / "crops" / "x\x1b[2J.png").write_bytes(b"planted")
    r = CliRunner().invoke(main, ["verify", str(folder)])
    assert r.exit_code == 1 and "added: crops/x\\x1b[2J.png" in r.output and "\x1b" not in r.output
