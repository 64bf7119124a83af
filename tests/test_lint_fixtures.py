"""The fixture trees: every finding at its exact file:line:column, and malformed files
reported as errors with their position while the other files are still linted."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from linter.lint import lint_paths
from linter.lint.check import decode
from linter.lint.formats import format_of
from linter.policy import load_policy

ROOT = Path(__file__).resolve().parent.parent
CATALOGS = ROOT / "fixtures" / "catalogs"
BAD = ROOT / "fixtures" / "catalogs-bad"
POLICY = load_policy("permendag31")


def _expected() -> dict[str, list[tuple]]:
    out: dict[str, list[tuple]] = {}
    for line in (CATALOGS / "expected.tsv").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        where, rule, zone, matched, key = line.split("\t")
        file, lno, col = where.rsplit(":", 2)
        out.setdefault(file, []).append((int(lno), int(col), rule, zone, matched, None if key == "-" else key))
    return out


EXPECTED = _expected()
NOT_LINTED = ("expected.tsv", "package.json", "docker-compose.yml", "client.ts")
FIXTURE_FILES = sorted(
    p.relative_to(CATALOGS).as_posix() for p in CATALOGS.rglob("*")
    if p.is_file() and p.name not in NOT_LINTED)


@pytest.fixture(scope="module")
def result():
    cwd = os.getcwd()
    os.chdir(CATALOGS)
    try:
        return lint_paths(["."], POLICY)
    finally:
        os.chdir(cwd)


@pytest.mark.parametrize("file", FIXTURE_FILES)
def test_findings_at_exact_positions(result, file):
    got = [(f.line, f.column, f.rule, f.zone, f.matched, f.key) for f in result.findings if f.file == file]
    assert got == EXPECTED.get(file, [])


@pytest.mark.parametrize("file", sorted(EXPECTED))
def test_expected_positions_point_at_the_mention(file):
    """Independent of the linter: the source at each expected position starts the mention
    (possibly with an escape such as \\u0054, or markup between its halves)."""
    lines = decode((CATALOGS / file).read_bytes(), format_of(file)).splitlines()  # UTF-16 too
    for lno, col, _rule, _zone, matched, _key in EXPECTED[file]:
        at = lines[lno - 1][col - 1:]
        assert at.lower().startswith(matched[:3].lower()) or at.startswith(("\\u", "&#")), (file, lno, col, at)


def test_every_format_has_a_failing_and_a_passing_fixture(result):
    suffixes = {".json", ".yml", ".yaml", ".po", ".pot", ".xml", ".strings", ".stringsdict", ".arb",
                ".properties", ".html", ".php", ".vue", ".svelte", ".jsx", ".tsx", ".xlf", ".xcstrings",
                ".resx", ".ftl", ".ts", ".erb", ".cshtml", ".liquid", ".twig", ".hbs"}
    failing = {Path(f).suffix for f in EXPECTED}
    assert failing == suffixes
    assert result.files == len(FIXTURE_FILES)  # all linted, nothing else
    assert result.strings > sum(len(v) for v in EXPECTED.values())  # passing strings too


def test_folder_walk_skips_files_that_are_not_catalogs(result):
    linted = {f.file for f in result.findings}
    assert "package.json" not in linted and "docker-compose.yml" not in linted
    # never silent: each skip is listed with its reason; TypeScript is source, not considered
    assert [(s.file, s.reason) for s in result.skipped] == [
        ("docker-compose.yml", "not-a-catalog"), ("expected.tsv", "unknown-format"),
        ("package.json", "not-a-catalog")]
    assert result.suppressed == 6
    assert result.exit_code == 1


BAD_ERRORS = [
    # file, line, column, words of the message
    ("locales/id/broken.po", 2, 8, "quoted string"),
    ("locales/id/broken.xlf", 4, 40, "mismatched tag"),
    ("locales/id/junk.ftl", 2, 1, "expected a message, a term or a comment"),
    ("locales/id/broken.yml", 4, 1, "invalid YAML"),
    ("locales/id/invalid.json", 5, 5, "invalid JSON"),
    ("locales/id/latin1.json", 2, 21, "not valid UTF-8"),
    ("locales/id/missing-semicolon.strings", 1, 15, "expected ';'"),
    ("res/values/strings.xml", 4, 29, "mismatched tag"),
]


@pytest.fixture(scope="module")
def bad_result():
    cwd = os.getcwd()
    os.chdir(BAD)
    try:
        return lint_paths(["."], POLICY)
    finally:
        os.chdir(cwd)


@pytest.mark.parametrize("file,line,column,words", BAD_ERRORS, ids=[c[0] for c in BAD_ERRORS])
def test_malformed_file_is_an_error_with_its_position(bad_result, file, line, column, words):
    errors = [e for e in bad_result.errors if e.file == file]
    assert len(errors) == 1
    e = errors[0]
    assert (e.line, e.column) == (line, column)
    assert words in e.message


def test_other_files_are_still_linted_and_errors_beat_violations(bad_result):
    assert [(f.file, f.line, f.column) for f in bad_result.findings] == [("locales/id/good.json", 2, 33)]
    assert len(bad_result.errors) == len(BAD_ERRORS)
    assert bad_result.exit_code == 2


def test_unknown_catalog_like_file_is_reported_beside_the_errors(bad_result):
    """Never silent: a file where catalogs live with no reader is a skip with its reason,
    reported with the corrupt files, and the good file is still linted."""
    assert [(s.file, s.reason) for s in bad_result.skipped] == [("locales/id/app.lang", "unknown-format")]
    assert "no reader for .lang" in bad_result.skipped[0].message
    assert bad_result.files - len(bad_result.errors) == 1  # good.json, linted
