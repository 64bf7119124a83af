"""One figure everywhere: a snapshot with one violation in 2,500 touchpoints (and one
unclean page in 2,500) prints 99.9% with its numerator and denominator in every output
that shows figures, the same in each, and none of them says 100%."""
from __future__ import annotations

import csv
import io
import json
import re

import pytest
from click.testing import CliRunner
from lxml import etree

from builders import finding, page
from linter.cli import main
from linter.history.progress import diff, progress_rows
from linter.history.snapshot import Snapshot, load_snapshot
from linter.reports import FORMATS, render
from linter.reports import diff as diff_report
from linter.reports import progress_table
from linter.reports.progress_html import progress_html

SITE = "https://toko.test"
N = 2500
FIGURE = {"en": "99.9% (2499/2500)", "id": "99,9% (2499/2500)"}
COVERAGE = {"en": "2501 attempted, 2500 rendered, 1 failed, 1 skipped",
            "id": "2501 dicoba, 2500 dirender, 1 gagal, 1 dilewati"}
HUNDRED = re.compile(r"100([.,]0)?\s*%")


def one_in_2500(created: str = "2024-03-02T00:00:00Z") -> Snapshot:
    pages = [page(f"{SITE}/p/{i}", final_url=f"{SITE}/p/{i}", touchpoints=1, violations=int(i == 7))
             for i in range(N)]
    pages += [page(f"{SITE}/down", status="failed", error="timeout"),
              page(f"{SITE}/akun", status="skipped", error="robots.txt")]
    bad = finding(f"{SITE}/p/7", "Belanja di TikTok", "main", fingerprint="v1:0000000000000000007")
    return Snapshot(policy={"name": "permendag31", "hash": "sha256:0"}, pages=pages, findings=[bad],
                    created=created)


@pytest.fixture(scope="module")
def snap():
    return one_in_2500()


def test_the_summary_holds_the_counts(snap):
    s = snap.summary()
    assert s["touchpoint_compliance"] == {"compliant": 2499, "total": 2500, "ratio": 0.9996}
    assert s["page_compliance"] == {"compliant": 2499, "total": 2500, "ratio": 0.9996}


def _sarif_figures(out: str) -> str:
    return json.dumps(json.loads(out)["runs"][0]["properties"]["figures"], ensure_ascii=False)


def _junit_figures(out: str) -> str:
    root = etree.fromstring(out.encode("utf-8"))
    return "\n".join(f"{p.get('name')}={p.get('value')}" for p in root.iter("property"))


def _html_figures(out: str) -> str:
    """Each figure card as a person reads it: the big percentage, then its count."""
    from lxml import html
    doc = html.fromstring(out)
    for el in doc.xpath("//style|//script"):   # the stylesheet's "width: 100%" is no figure
        el.drop_tree()
    cards = [(c.findtext(".//div[@class='fig-value']"), c.findtext(".//div[@class='fig-sub']/b"))
             for c in doc.find_class("fig")]
    return "\n".join(f"{v} ({b})" for v, b in cards if v and b) + "\n" + doc.text_content()


@pytest.mark.parametrize("lang", ["en", "id"])
@pytest.mark.parametrize("fmt", ["text", "html", "sarif", "junit", "github"])
def test_every_report_prints_the_same_figures_and_never_100(snap, fmt, lang):
    out = render(snap, fmt, lang=lang)
    shown = {"sarif": _sarif_figures, "junit": _junit_figures, "html": _html_figures}.get(fmt, lambda o: o)(out)
    if fmt == "github":
        shown = shown.replace("%25", "%").replace("%2C", ",")
    assert shown.count(FIGURE[lang]) >= 2, shown[-600:]   # touchpoint and page compliance
    assert COVERAGE[lang] in shown
    assert not HUNDRED.search(shown.replace(f"{SITE}/", "")), HUNDRED.search(shown)


def test_html_shows_the_truncated_percentage_in_the_big_figure_and_the_bar(snap):
    out = render(snap, "html")
    assert out.count('<div class="fig-value">99.9%</div>') == 2
    assert out.count('<span style="width: 99.9%"></span>') == 2


def test_json_report_and_snapshot_carry_the_counts_and_no_ratio_of_one(snap, tmp_path):
    data = json.loads(render(snap, "json"))
    for key in ("touchpoint_compliance", "page_compliance"):
        assert data["summary"][key] == {"compliant": 2499, "total": 2500, "ratio": 0.9996}
    assert data["summary"]["coverage"] == {"attempted": 2501, "rendered": 2500, "failed": 1, "skipped": 1}
    snap.write(tmp_path / "s.json")
    assert load_snapshot(tmp_path / "s.json").summary() == snap.summary()


def test_csv_report_is_the_evidence_list_and_claims_no_figure(snap):
    rows = list(csv.reader(io.StringIO(render(snap, "csv")[1:], newline="")))
    assert len(rows) == 2 and rows[1][1] == f"{SITE}/p/7"
    assert not HUNDRED.search(render(snap, "csv"))


@pytest.mark.parametrize("lang", ["en", "id"])
def test_progress_table_csv_json_and_html_print_the_same_figures(snap, lang):
    older = one_in_2500("2024-03-01T00:00:00Z")
    rows = progress_rows([older, snap], ["older", "now"])
    table = progress_table.table(rows, lang)
    assert table.count(FIGURE[lang]) == 4 and not HUNDRED.search(table)
    sheet = list(csv.DictReader(io.StringIO(progress_table.as_csv(rows, lang))))
    assert {(r["touchpoint_figure"], r["page_figure"]) for r in sheet} == {(FIGURE[lang], FIGURE[lang])}
    assert {(r["touchpoint_compliance"], r["page_compliance"]) for r in sheet} == {("0.9996", "0.9996")}
    page_html = progress_html(rows, lang=lang)
    body = page_html.split("</style>", 1)[1].replace(">100%</text>", "")   # CSS and the y axis's top label
    assert page_html.count(FIGURE[lang]) >= 4 and not HUNDRED.search(body), HUNDRED.search(body)


@pytest.mark.parametrize("lang", ["en", "id"])
def test_diff_prints_both_snapshots_figures(snap, lang):
    d = diff(one_in_2500("2024-03-01T00:00:00Z"), snap)
    out = diff_report.text(d, lang)
    assert out.count(f"{FIGURE[lang]} -> {FIGURE[lang]}") == 2
    assert f"{COVERAGE[lang]} -> {COVERAGE[lang]}" in out and not HUNDRED.search(out)
    data = json.loads(diff_report.as_json(d))
    assert data["summary"]["new"]["touchpoint_compliance"]["ratio"] == 0.9996


def test_the_commands_print_what_the_reports_print(snap, tmp_path):
    snap.write(tmp_path / "now.json")
    one_in_2500("2024-03-01T00:00:00Z").write(tmp_path / "older.json")
    runner = CliRunner()
    outputs = {
        "report": runner.invoke(main, ["report", str(tmp_path / "now.json")]),
        "progress": runner.invoke(main, ["progress", str(tmp_path / "older.json"), str(tmp_path / "now.json")]),
        "diff": runner.invoke(main, ["diff", str(tmp_path / "older.json"), str(tmp_path / "now.json")]),
        "merge": runner.invoke(main, ["merge", str(tmp_path / "now.json"), "-o", str(tmp_path / "m.json")]),
    }
    for name, res in outputs.items():
        assert FIGURE["en"] in res.output and not HUNDRED.search(res.output.replace(f"{SITE}/", "")), (name, res.output[-800:])


def test_every_report_format_is_covered():
    checked = {"text", "html", "sarif", "junit", "github", "json", "csv"}
    assert set(FORMATS) == checked


def test_json_ratio_never_rounds_to_one_or_zero_unless_it_is():
    from linter.history.snapshot import ratio
    assert (ratio(99999, 100000), ratio(1, 100000), ratio(5, 5), ratio(0, 5)) == (0.9999, 0.0001, 1.0, 0.0)
    assert ratio(2, 3) == 0.6667  # otherwise rounded as before: old snapshots read the same
