"""``brandlint lint`` as CI runs it: exit codes, output formats, SARIF schema, git-aware
file selection, and a start-up that never imports the browser stack."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from linter.cli import main

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "tests" / ".cache" / "sarif-2.1.0.json"


def run(args, cwd: Path):
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, ["lint", *args])
    finally:
        os.chdir(old)


@pytest.fixture
def tree(tmp_path):
    (tmp_path / "locales" / "id").mkdir(parents=True)
    (tmp_path / "locales" / "id" / "common.json").write_text(
        '{\n  "home": "Belanja di TikTok Shop"\n}\n', encoding="utf-8")
    return tmp_path


def test_clean_tree_exits_0(tree):
    r = run(["."], tree)
    assert r.exit_code == 0, r.output
    assert "0 violations in 1 strings of 1 file" in r.output


def test_violation_exits_1_with_file_line_column(tree):
    (tree / "locales" / "id" / "checkout.json").write_text('{"title": "Bayar di TikTok"}', encoding="utf-8")
    r = run(["."], tree)
    assert r.exit_code == 1
    assert "locales/id/checkout.json:1:21: brand.legacy-text: 'TikTok' must read 'Tokopedia'" in r.output


def test_error_exits_2_even_with_violations(tree):
    (tree / "locales" / "id" / "a.json").write_text('{"t": "TikTok"}', encoding="utf-8")
    (tree / "locales" / "id" / "b.json").write_text('{"t": ', encoding="utf-8")
    r = run(["."], tree)
    assert r.exit_code == 2
    assert "locales/id/b.json:1:7: error: invalid JSON" in r.output
    assert "locales/id/a.json:1:8:" in r.output


def test_missing_path_is_a_usage_error(tree):
    r = run(["nope"], tree)
    assert r.exit_code == 2
    assert "nope: no such file or folder" in r.output


def test_json_output_fields(tree):
    (tree / "locales" / "id" / "cart.json").write_text('{"cartTitle": "Keranjang TikTok"}', encoding="utf-8")
    r = run(["--format", "json", "."], tree)
    data = json.loads(r.output)
    f = data["findings"][0]
    assert {k: f[k] for k in ("file", "line", "column", "key", "rule", "matched", "suggestion", "zone")} == {
        "file": "locales/id/cart.json", "line": 1, "column": 26, "key": "cartTitle",
        "rule": "brand.legacy-text", "matched": "TikTok", "suggestion": "Tokopedia", "zone": "payment"}
    assert data["summary"]["exit_code"] == r.exit_code == 1


def test_github_output(tree):
    (tree / "t.html").write_text("<p>\n  Belanja di TikTok</p>", encoding="utf-8")
    r = run(["--format", "github", "t.html"], tree)
    assert r.output.startswith("::error file=t.html,line=2,col=14,endLine=2,endColumn=20,title=brand.legacy-text::")


def _sarif(tree) -> dict:
    (tree / "locales" / "id" / "checkout.json").write_text('{"t": "TikTok Shop"}', encoding="utf-8")
    (tree / "locales" / "id" / "bad.json").write_text('{"t": ', encoding="utf-8")
    (tree / "p.html").write_text("<p>Tik<b>Tok</b></p>", encoding="utf-8")
    r = run(["--format", "sarif", "."], tree)
    assert r.exit_code == 2
    return json.loads(r.output)


def test_sarif_regions_and_fingerprints(tree):
    doc = _sarif(tree)
    results = doc["runs"][0]["results"]
    by_uri = {res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: res for res in results}
    region = by_uri["locales/id/checkout.json"]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 1, "startColumn": 8, "endLine": 1, "endColumn": 19,
                      "snippet": {"text": "TikTok Shop"}}
    assert by_uri["locales/id/checkout.json"]["ruleId"] == "brand.zone-brand"
    assert by_uri["p.html"]["locations"][0]["physicalLocation"]["region"]["endColumn"] == 13  # "Tok" is columns 10-12
    assert by_uri["locales/id/bad.json"]["ruleId"] == "brandlint.file-error"
    rules = {r["id"]: r for r in doc["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["brand.zone-brand"]["help"]["text"]
    assert all(res["partialFingerprints"] for res in results)


def test_sarif_validates_against_the_2_1_0_schema(tree):
    if not SCHEMA.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{SCHEMA} missing: run tools/fetch-sarif-schema.sh")
        pytest.skip("SARIF schema not fetched (tools/fetch-sarif-schema.sh)")
    import jsonschema
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls(schema).validate(_sarif(tree))


def _git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"})


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_gitignore_and_changed(tree):
    loc = tree / "locales" / "id"
    (loc / "old.json").write_text('{"t": "TikTok lama"}', encoding="utf-8")
    (tree / ".gitignore").write_text("generated/\n", encoding="utf-8")
    (tree / "generated").mkdir()
    (tree / "generated" / "id.json").write_text('{"t": "TikTok"}', encoding="utf-8")
    (tree / "node_modules" / "pkg" / "locales").mkdir(parents=True)
    (tree / "node_modules" / "pkg" / "locales" / "id.json").write_text('{"t": "TikTok"}', encoding="utf-8")
    _git(tree, "init", "-q", "-b", "main")
    _git(tree, "add", ".")
    _git(tree, "commit", "-q", "-m", "base")
    r = run(["--format", "json", "."], tree)
    assert {f["file"] for f in json.loads(r.output)["findings"]} == {"locales/id/old.json"}
    # a named file is linted even when git ignores it
    assert run(["generated/id.json"], tree).exit_code == 1

    _git(tree, "checkout", "-q", "-b", "feature")
    (loc / "new.json").write_text('{"t": "TikTok baru"}', encoding="utf-8")          # untracked
    (loc / "common.json").write_text('{"home": "TikTok"}', encoding="utf-8")       # modified
    r = run(["--changed", "--format", "json", "."], tree)
    assert {f["file"] for f in json.loads(r.output)["findings"]} == {"locales/id/new.json", "locales/id/common.json"}
    _git(tree, "add", ".")
    _git(tree, "commit", "-q", "-m", "feature")
    r = run(["--base", "main", "--format", "json", "."], tree)
    assert {f["file"] for f in json.loads(r.output)["findings"]} == {"locales/id/new.json", "locales/id/common.json"}
    assert run(["--changed", "--base", "main"], tree).exit_code == 1
    r = run(["--base", "no-such-rev", "."], tree)
    assert r.exit_code == 2 and "not a git revision" in r.output
    _git(tree, "checkout", "-q", "main")
    r = run(["--changed", "."], tree)
    assert r.exit_code == 0 and "of 0 files" in r.output


HEAVY = ("playwright", "bs4", "lxml", "jinja2", "yaml")


def test_startup_imports_nothing_heavy(tmp_path):
    target = tmp_path / "id.json"
    target.write_text('{"a": "TikTok"}', encoding="utf-8")
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "linter", "lint", str(target)],
                          capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    imported = {m.group(1).split(".")[0] for m in re.finditer(r"\|\s+(\S+)\s*$", proc.stderr, re.M)}
    assert "linter" in imported  # the measurement works
    assert not imported & set(HEAVY), imported & set(HEAVY)


def test_yaml_is_imported_only_for_yaml_files(tmp_path):
    target = tmp_path / "id.yml"
    target.write_text("id:\n  a: TikTok\n", encoding="utf-8")
    code = ("import sys\nfrom linter.lint import lint_paths\nfrom linter.policy import load_policy\n"
            f"r = lint_paths([{str(target)!r}], load_policy('permendag31'))\n"
            "print(len(r.findings), 'yaml' in sys.modules, 'playwright' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.stdout.split() == ["1", "True", "False"], proc.stderr


def test_named_files_are_linted_unless_filter_named(tree):
    (tree / "package.json").write_text('{"description": "TikTok tools"}', encoding="utf-8")
    assert run(["package.json"], tree).exit_code == 1
    r = run(["--filter-named", "package.json", "locales/id/common.json"], tree)
    assert r.exit_code == 0 and "of 1 file" in r.output


def test_pre_commit_hook_runs_the_filtered_command():
    import yaml
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = hooks[0]
    assert hook["entry"] == "brandlint lint --filter-named"
    files = re.compile(hook["files"])
    for ok in ("locales/id/checkout.json", "app/src/main/res/values-in/strings.xml", "res/values/strings.xml",
               "resources/views/a.blade.php", "src/Cart.vue", "locale/id/LC_MESSAGES/django.po"):
        assert files.search(ok), ok
    for no in ("app/build.gradle", "src/main.py", "AndroidManifest.xml"):
        assert not files.search(no), no


def test_skips_are_counted_listed_in_json_and_fail_under_strict(tree):
    (tree / "locales" / "id" / "legacy.lang").write_text("title = TikTok\n", encoding="utf-8")
    (tree / "package.json").write_text('{"description": "TikTok tools"}', encoding="utf-8")
    r = run(["."], tree)
    assert r.exit_code == 0, r.output  # a skip alone does not fail by default...
    assert "locales/id/legacy.lang: skipped: unknown catalog format" in r.output
    assert "(linted 1, skipped 2, errors 0)" in r.output
    data = json.loads(run(["--format", "json", "."], tree).output)
    assert {(s["file"], s["reason"]) for s in data["skipped"]} == {
        ("locales/id/legacy.lang", "unknown-format"), ("package.json", "not-a-catalog")}
    assert (data["summary"]["linted"], data["summary"]["skipped"]) == (1, 2)
    strict = run(["--strict", "."], tree)
    assert strict.exit_code == 2  # ...but --strict fails on it
    assert "package.json: skipped: a .json file outside a catalog folder" in strict.output


def test_strict_does_not_fail_on_files_the_policy_ignores(tree):
    (tree / "brandlint.toml").write_text('extends = "permendag31"\n[ignore]\npaths = ["vendor/*"]\n',
                                         encoding="utf-8")
    (tree / "vendor").mkdir()
    (tree / "vendor" / "id.json").write_text('{"a": "TikTok"}', encoding="utf-8")
    r = run(["--strict", "--policy", "brandlint.toml", "locales", "vendor"], tree)
    assert r.exit_code == 0, r.output
    assert "skipped 1" in r.output


def test_typescript_is_not_a_qt_catalog(tree):
    (tree / "src").mkdir()
    (tree / "src" / "api.ts").write_text('export const s = "TikTok";\n', encoding="utf-8")
    (tree / "locales" / "id" / "app_id.ts").write_text(
        '<?xml version="1.0"?>\n<TS><context><name>Main</name><message><source>TikTok</source>'
        '<translation>Belanja TikTok</translation></message></context></TS>\n', encoding="utf-8")
    r = run(["--format", "json", "."], tree)
    data = json.loads(r.output)
    assert [(f["file"], f["line"], f["column"]) for f in data["findings"]] == [("locales/id/app_id.ts", 2, 84)]
    assert "src/api.ts" not in {s["file"] for s in data["skipped"]}
    named = run(["src/api.ts"], tree)
    assert named.exit_code == 0 and "src/api.ts: skipped" not in named.output
    assert "skipped 1" in named.output  # named, so reported: TypeScript, not Qt


def test_workers_give_the_same_report_as_one_process(tmp_path):
    """--jobs 2 forks workers (prefilter and parse in them); the report is byte-identical."""
    for n in range(40):
        d = tmp_path / "locales" / ("id" if n % 2 else "en")
        d.mkdir(parents=True, exist_ok=True)
        body = ",\n".join(f'  "k{i}": "Belanja hemat {i}"' for i in range(20))
        if n % 7 == 0:
            body += ',\n  "promo": "Diskon di \\u0054ikTok"'
        (d / f"page{n}.json").write_text("{\n" + body + "\n}\n", encoding="utf-8")
    (tmp_path / "locales" / "id" / "broken.json").write_text('{"a": "TikTok', encoding="utf-8")
    (tmp_path / "locale" / "id" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "locale" / "id" / "LC_MESSAGES" / "app.po").write_text('msgid "a"\nmsgstr "Bayar di TikTok"\n', encoding="utf-8")
    one = run(["--jobs", "1", "--format", "json", "."], tmp_path)
    for jobs in ("2", "3"):
        more = run(["--jobs", jobs, "--format", "json", "."], tmp_path)
        assert one.exit_code == more.exit_code == 2
        assert one.output == more.output
    data = json.loads(one.output)
    assert len(data["findings"]) == 7 and data["summary"]["prefiltered"] == 34


def test_a_child_that_dies_loses_nothing(tmp_path, monkeypatch):
    """A tree shared out over processes: when a child dies before answering, this process
    lints the child's share itself, and the report is the one-process report."""
    from linter.lint import run as lint_run

    (tmp_path / "locales" / "id").mkdir(parents=True)
    for n in range(30):
        (tmp_path / "locales" / "id" / f"page{n}.json").write_text(json.dumps({"k": f"Promo {n} di TikTok" if n % 3 else "Promo"}),
                                                encoding="utf-8")
    one = run(["--jobs", "1", "--format", "json", "."], tmp_path)
    parent, real = os.getpid(), lint_run._lint_one

    def dying(t):
        if os.getpid() != parent:
            os._exit(3)
        return real(t)

    monkeypatch.setattr(lint_run, "_lint_one", dying)
    shared = run(["--jobs", "3", "--format", "json", "."], tmp_path)
    assert shared.exit_code == one.exit_code == 1
    assert shared.output == one.output and len(json.loads(one.output)["findings"]) == 20


def _proc(args, cwd, module="linter"):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", module, *args], capture_output=True, text=True, cwd=cwd, env=env)


# Not imported by `brandlint lint` over JSON catalogs: the browser, scan, snapshot/baseline,
# HTML report stacks, click (plain arguments are parsed without it), YAML (no YAML file) and
# hashlib (OpenSSL's bindings: linter/digest.py gives the policy's hash without them), and
# what inspect imports (linter/entry.py defers it: every dataclass a lint makes has a docstring).
NOT_FOR_LINT = ("playwright", "jinja2", "yaml", "click", "hashlib", "ast", "dis", "tokenize", "linter.browser", "linter.scanner", "linter.crawl",
                "linter.history", "linter.visual", "linter.journeys", "linter.reports.html",
                "linter.options", "linter.cli")


def test_lint_entry_point_imports_only_what_lint_needs(tree):
    (tree / "locales" / "id" / "checkout.json").write_text('{"title": "Bayar di TikTok"}', encoding="utf-8")
    code = ("import runpy, sys\nsys.argv = ['brandlint', 'lint', '--format', 'json', '.']\n"
            "try:\n    runpy.run_module('linter', run_name='__main__')\nexcept SystemExit as exc:\n"
            "    code = exc.code\nloaded = sorted(m for m in sys.modules if any(m == p or m.startswith(p + '.')"
            f" for p in {NOT_FOR_LINT!r}))\nprint('\\nEXIT', code, 'LOADED', loaded)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tree,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)))
    report, _, tail = proc.stdout.rpartition("\nEXIT ")
    assert json.loads(report)["findings"][0]["file"] == "locales/id/checkout.json", proc.stderr
    assert tail.strip() == "1 LOADED []", tail


def test_the_digest_lint_uses_is_hashlibs_sha256():
    import hashlib

    from linter.digest import sha256
    for data in (b"", b"permendag31", bytes(range(256)) * 4096):
        assert sha256(data).hexdigest() == hashlib.sha256(data).hexdigest()


def test_lint_fast_path_parses_the_click_commands_options():
    from linter.commands.lint import lint
    from linter.commands.lint_fast import OPTIONS

    click_opts = {p.name: (tuple(sorted(p.opts)), p.is_flag) for p in lint.params if p.name != "paths"}
    fast = {dest: (tuple(sorted(flags)), kind == "flag") for dest, (flags, kind) in OPTIONS.items()}
    assert fast == click_opts


@pytest.mark.parametrize("args", [
    ["."], ["--format", "json", "."], ["--format=sarif", "locales"], ["-j", "1", "--strict", "."],
    ["locales/id/a.json", "--filter-named"], ["--policy", "no-such-preset", "."], ["no-such-folder"],
    ["--format", "yaml", "."], ["--jobs", "0", "."], ["--bogus"], ["-o", "out.json", "--format", "json", "."],
    ["--format", "github", "-o", "out.txt", "."], ["--help"],
], ids=lambda a: " ".join(a))
def test_lint_fast_path_and_click_give_the_same_output_and_exit_code(tree, args):
    (tree / "locales" / "id" / "a.json").write_text('{"t": "Bayar di TikTok", "u": "\\u0054ikTok"}', encoding="utf-8")
    (tree / "locales" / "id" / "b.json").write_text('{"t": ', encoding="utf-8")
    outs = []
    for module in ("linter", "linter.cli"):
        proc = _proc(["lint", *args], tree, module)
        written = [(tree / f).read_text(encoding="utf-8") for f in ("out.json", "out.txt") if (tree / f).exists()]
        for f in ("out.json", "out.txt"):
            (tree / f).unlink(missing_ok=True)
        outs.append((proc.returncode, proc.stdout.replace("python -m linter.cli", "python -m linter"),
                     proc.stderr.replace("python -m linter.cli", "python -m linter"), written))
    assert outs[0] == outs[1]
    assert outs[0][0] in (0, 1, 2)
