"""Text, JSON, CSV, JUnit and GitHub reports, their languages, and the ``report`` command.

Every format is read back with a real parser (json, csv, lxml) rather than string matching.
"""
from __future__ import annotations

import csv
import io
import json
import re

import pytest
from click.testing import CliRunner
from lxml import etree

from linter.cli import main
from linter.reports import FORMATS, render
from linter.reports.i18n import EN, ID
from linter.rules import RULES, describe
from linter.history.snapshot import load_snapshot
from report_data import PWN, SHOP, XSS_IMG, XSS_SCRIPT, bundle, hostile, storefront


# --- text ---------------------------------------------------------------------------------

def test_text_groups_findings_under_their_page_with_where_zone_and_hidden():
    out = render(storefront(), "text")
    lines = out.splitlines()
    home = lines.index(f"{SHOP}/  [rendered]  3 violation(s), 12 touchpoint(s)")
    assert lines[home + 1] == ('  [brand.legacy-text] "TikTok" \u2192 "TikTok Shop"  '
                               "(where: header > nav > a.brand, zone commerce)")
    assert lines[home + 3].endswith("(where: #menu-lainnya li:last-child, zone commerce, hidden)")
    assert f"{SHOP}/keranjang  [rendered]  2 violation(s), 4 touchpoint(s)" in lines
    assert "(where: form#bayar [action], zone payment)" in out
    assert f"{SHOP}/tentang  [rendered]  no violations, 5 touchpoint(s)" in lines


def test_text_figures_have_numerators_denominators_coverage_and_failures():
    out = render(storefront(), "text")
    assert "Touchpoint compliance: 75.0% (18/24)" in out
    assert "Page compliance: 25.0% (1/4)" in out
    assert "Coverage: 5 attempted, 4 rendered, 1 failed, 1 skipped" in out
    assert "Violations: 6 (error 4, warning 1, note 1)" in out
    assert f"Failed pages:\n  {SHOP}/bantuan: net::ERR_CONNECTION_REFUSED" in out
    assert out.rstrip().endswith("INCOMPLETE")


def test_text_complete_scan_says_nothing_about_incompleteness_and_no_colour_by_default():
    snap = storefront()
    snap.complete = True
    out = render(snap, "text")
    assert "INCOMPLETE" not in out and "\x1b[" not in out
    assert "\x1b[" in render(snap, "text", color=True)


def test_text_shows_terminal_control_characters_escaped():
    out = render(hostile(), "text")
    assert "\x1b" not in out and "\x00" not in out and "\x07" not in out
    assert "</script>\\x00\\x1b" in out and "TikTok\\x0d\\x0anext" in out


def test_text_figures_only_drops_the_page_listing():
    out = render(storefront(), "text", figures_only=True)
    assert "Touchpoint compliance: 75.0% (18/24)" in out and "[brand.legacy-text]" not in out


def test_text_with_no_pages_says_not_applicable_rather_than_dividing_by_zero():
    from linter.history.snapshot import Snapshot
    out = render(Snapshot(policy={"name": "permendag31"}), "text", lang="id")
    assert "Kepatuhan titik sentuh: t/a (0/0)" in out


# --- json ---------------------------------------------------------------------------------

def test_json_is_the_snapshot_itself(tmp_path):
    snap = storefront()
    data = json.loads(render(snap, "json"))
    assert data == json.loads(json.dumps(snap.to_dict()))
    path = tmp_path / "s.json"
    path.write_text(render(snap, "json"), encoding="utf-8")
    assert load_snapshot(path).findings == snap.findings


# --- csv ----------------------------------------------------------------------------------

def _csv_rows(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def test_csv_one_row_per_finding_with_the_evidence_columns():
    rows = _csv_rows(render(storefront(), "csv"))
    assert rows[0][:10] == ["No.", "Page", "Zone", "Where", "Text seen", "Should read", "Rule",
                            "Severity", "Screenshot file", "Time"]
    assert len(rows) == 1 + 6
    assert rows[4][:10] == ["4", f"{SHOP}/keranjang", "payment", "#ringkasan button.bayar", "TikTok Shop",
                            "Tokopedia", "brand.zone-brand", "error", "crops/cart-1.png", "2026-11-28T10:00:05Z"]
    assert rows[3][3] == "#menu-lainnya li:last-child (hidden)" and rows[3][8] == "pages/home.png"


def test_csv_indonesian_headers_and_values_and_bom_bytes():
    text = render(storefront(), "csv", lang="id")
    assert text.encode("utf-8").startswith(b"\xef\xbb\xbf")
    rows = _csv_rows(text)
    assert rows[0][:10] == ["No.", "Halaman", "Zona", "Lokasi", "Teks terlihat", "Seharusnya", "Aturan",
                            "Tingkat", "Berkas tangkapan layar", "Waktu"]
    assert rows[4][2] == "pembayaran" and rows[4][7] == "kesalahan"


def test_csv_neutralises_formulas_and_keeps_hostile_text_intact():
    rows = _csv_rows(render(hostile(), "csv"))
    for row in rows[1:]:
        for value in row:
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
    evil = rows[2]
    assert evil[4] == "'=HYPERLINK(\"http://evil\")"
    assert evil[5] == "'-TikTok Shop"
    assert evil[3] == "'@x\tTikTok\r\nnext::error::boom%0A"
    assert rows[1][4] == f"TikTok{XSS_SCRIPT}"


# --- junit --------------------------------------------------------------------------------

def _junit(snap, lang="en"):
    return etree.fromstring(render(snap, "junit", lang=lang).encode("utf-8"))


def test_junit_one_testcase_per_page_and_one_failure_per_finding():
    root = _junit(storefront())
    suite = root.find("testsuite")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == [p.url for p in storefront().pages]
    assert [len(c.findall("failure")) for c in cases] == [3, 2, 1, 0, 0, 0]
    assert cases[4].find("error").get("message").startswith("net::ERR_CONNECTION_REFUSED")
    assert cases[5].find("skipped") is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors"), suite.get("skipped")) == ("6", "6", "1", "1")
    failure = cases[1].find("failure")
    assert failure.get("type") == "brand.zone-brand"
    assert failure.get("message") == '[brand.zone-brand] "TikTok Shop" should read "Tokopedia"'
    assert "Where: #ringkasan button.bayar" in failure.text


def test_junit_is_well_formed_with_hostile_and_xml_invalid_characters():
    root = _junit(hostile())
    failures = root.findall(".//failure")
    assert failures[0].get("message") == f'[brand.legacy-text] "TikTok{XSS_SCRIPT}" should read "TikTok Shop{XSS_IMG}"'
    assert "\x1b" not in etree.tostring(root, encoding="unicode")
    error = root.find(".//error")
    assert error.get("message") == XSS_SCRIPT   # NUL and ESC stripped, markup kept as text


# --- github -------------------------------------------------------------------------------

def test_github_commands_per_finding_with_levels():
    lines = render(storefront(), "github").splitlines()
    assert lines[0] == (f"::error title=brand.legacy-text::{SHOP}/: \"TikTok\" should read \"TikTok Shop\""
                        " \u2014 Where: header > nav > a.brand, Zone: commerce")
    levels = [line.split(" ", 1)[0] for line in lines]
    assert levels.count("::error") == 5 and levels.count("::warning") == 1 and levels.count("::notice") == 2
    assert lines[-1].startswith("::notice title=Brand compliance report::INCOMPLETE: 6 violation(s)")
    assert "75.0%25 (18/24)" in lines[-1]


def test_github_data_cannot_break_out_of_its_command():
    out = render(hostile(), "github")
    lines = out.splitlines()
    assert len(lines) == 2 + 1 + 1          # two findings, one failed page, the summary
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)
    assert "TikTok%0D%0Anext::error::boom%250A" in out
    assert "\x1b" not in out and "</script>\\x00\\x1b" in out


# --- languages ----------------------------------------------------------------------------

def test_translations_have_identical_keys_and_no_empty_value():
    assert EN.keys() == ID.keys()
    assert all(v.strip() for v in [*EN.values(), *ID.values()])
    fields = lambda s: sorted(re.findall(r"{(\w*)}", s))  # noqa: E731
    assert [k for k in EN if fields(EN[k]) != fields(ID[k])] == []


def test_english_rule_help_is_the_rule_docstring():
    assert {k[5:]: v for k, v in EN.items() if k.startswith("rule.")} == {r.ID: describe(r.ID) for r in RULES}


ENGLISH_ONLY = sorted({v for k, v in EN.items() if v != ID[k] and len(v) >= 4}, key=len, reverse=True)


def _english_labels_in(text: str) -> list[str]:
    return [v for v in ENGLISH_ONLY if re.search(r"(?<![\w-])" + re.escape(v) + r"(?![\w-])", text)]


def human_text(fmt: str, out: str) -> str:
    """What a person reads in ``out``: format syntax and machine ids (SARIF levels, JUnit
    element names, workflow command names) are not labels and are left out."""
    if fmt == "sarif":
        texts = []
        def walk(node):
            if isinstance(node, dict):
                texts.extend(v for k, v in node.items() if k == "text" and isinstance(v, str))
                for k, v in node.items():
                    if k != "properties":
                        walk(v)
            elif isinstance(node, list):
                for v in node:
                    walk(v)
        walk(json.loads(out))
        return "\n".join(texts)
    if fmt == "junit":
        root = etree.fromstring(out.encode("utf-8"))
        return "\n".join([*(v for el in root.iter() for k, v in el.attrib.items() if k != "type"),
                          *(t for t in root.itertext())])
    if fmt == "github":
        return re.sub(r"^::\w+ ", "", out, flags=re.M)
    return out


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f not in ("json", "html")])
def test_indonesian_output_has_no_english_label(fmt):
    assert _english_labels_in(human_text(fmt, render(storefront(), fmt, lang="id"))) == []
    # the same check finds the English labels in the English report, so it can fail
    assert len(_english_labels_in(human_text(fmt, render(storefront(), fmt, lang="en")))) >= 3


def test_unknown_format_and_language_are_usage_errors():
    from linter.errors import UsageError
    with pytest.raises(UsageError, match="unknown report format 'pdf'"):
        render(storefront(), "pdf")
    with pytest.raises(UsageError, match="unknown language 'fr'"):
        render(storefront(), "text", lang="fr")


# --- the command --------------------------------------------------------------------------

def test_report_command_writes_every_format_to_a_file(tmp_path):
    folder = bundle(tmp_path / "ev")
    runner = CliRunner()
    for fmt in FORMATS:
        out = tmp_path / f"r.{fmt}"
        result = runner.invoke(main, ["report", str(folder / "snapshot.json"), "--format", fmt,
                                      "--out", str(out), "--lang", "id"])
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 200
    assert (tmp_path / "r.csv").read_bytes().startswith(b"\xef\xbb\xbfNo.,Halaman,")
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") == 4   # crops found beside the snapshot


def test_report_command_to_stdout_accepts_an_evidence_folder(tmp_path):
    folder = bundle(tmp_path / "ev")
    result = CliRunner().invoke(main, ["report", str(folder), "--format", "text"])
    assert result.exit_code == 0
    assert "Touchpoint compliance: 75.0% (18/24)" in result.output


def test_report_command_rejects_a_missing_or_foreign_file(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["report", str(tmp_path / "nope.json")])
    assert result.exit_code == 2 and "cannot read snapshot" in result.output
    (tmp_path / "x.json").write_text('{"hello": 1}')
    result = runner.invoke(main, ["report", str(tmp_path / "x.json"), "--format", "csv"])
    assert result.exit_code == 2 and "not a brandlint snapshot" in result.output
    assert runner.invoke(main, ["report", str(tmp_path / "x.json"), "--format", "pdf"]).exit_code == 2


def test_hostile_strings_survive_every_machine_format_verbatim():
    snap = hostile()
    assert json.loads(render(snap, "json"))["findings"][0]["context"] == f"{XSS_IMG} TikTok {PWN}"
    sarif = json.loads(render(snap, "sarif"))
    assert sarif["runs"][0]["results"][0]["properties"]["matched"] == f"TikTok{XSS_SCRIPT}"


def test_text_summarises_skipped_urls_by_reason_instead_of_listing_them():
    from linter.model import PageResult
    from linter.reports import render
    from linter.history.snapshot import Snapshot
    snap = Snapshot(policy={"name": "permendag31", "hash": "x"}, pages=[
        PageResult(url="http://h/", touchpoints=1, compliant=1),
        *[PageResult(url=f"http://h/missing/{i}", status="skipped", error="no such file in the served folder") for i in range(50)],
        PageResult(url="http://h/deep", status="skipped", error="deeper than --max-depth 1"),
    ])
    text = render(snap, "text")
    assert "http://h/missing/3" not in text
    assert "      50  no such file in the served folder" in text
    assert "       1  deeper than --max-depth 1" in text
