"""``diff`` between two snapshots and the ``progress`` table over many."""
from __future__ import annotations

import csv
import io
import json
import re

from click.testing import CliRunner

from linter.history.baseline import create
from linter.cli import main
from linter.history.progress import diff, page_key, progress_rows
from linter.reports.figures import percent
from linter.reports.progress_table import table as format_table
from linter.reports.progress_html import progress_html
from builders import CHECKOUT, HOME, finding, snapshot, storefront

P1, P2 = "http://shop.test/product/1", "http://shop.test/product/2"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_diff_sorts_findings_into_new_fixed_persisting_unverified():
    old = storefront()
    new = snapshot({
        HOME: [finding(HOME, "Belanja di TikTok sekarang", "header/nav"),    # persisting
               finding(HOME, "TikTok Live", "footer")],                      # new
        # promo on HOME fixed; checkout failed -> its finding unverified
    }, failed=(CHECKOUT,))
    d = diff(old, new)
    assert d.counts() == {"new": 1, "fixed": 1, "persisting": 1, "unverified": 1}
    assert [f.context for f in d.fixed] == ["Promo TikTok hari ini"]
    assert [f.url for f in d.unverified] == [CHECKOUT]
    assert d.by_page() == {
        "http://localhost/": {"new": 1, "fixed": 1, "persisting": 1, "unverified": 0},
        "http://localhost/checkout/": {"new": 0, "fixed": 0, "persisting": 0, "unverified": 1},
    }
    assert d.by_rule()["brand.zone-brand"] == {"new": 0, "fixed": 0, "persisting": 0, "unverified": 1}


def test_diff_knows_which_page_of_a_template_failed():
    old = snapshot({P1: [finding(P1, "Dijual di TikTok")], P2: [finding(P2, "Dijual di TikTok")]})
    new = snapshot({P2: []}, failed=(P1,))
    d = diff(old, new)
    assert [f.url for f in d.fixed] == [P2] and [f.url for f in d.unverified] == [P1]


def test_diff_pairs_edited_text_and_counts_it_persisting():
    old = storefront()
    new = storefront()
    new.findings[1].context = "Promo TikTok minggu ini"
    d = diff(old, snapshot({HOME: new.findings[:2], CHECKOUT: new.findings[2:]}))
    assert d.counts() == {"new": 0, "fixed": 0, "persisting": 3, "unverified": 0}
    assert sorted(p.via for p in d.persisting) == ["exact", "exact", "landmark"]


def test_page_key_ignores_a_local_servers_port_only():
    assert page_key("http://127.0.0.1:8123/a?utm_source=x") == page_key("http://localhost:9000/a")
    assert page_key("https://shop.test:8443/a") != page_key("https://shop.test/a")


def test_percent_shows_numerators_and_never_rounds_up_to_100():
    assert percent(35, 40) == "87.5% (35/40)"
    assert percent(2499, 2500) == "99.9% (2499/2500)"
    assert percent(40, 40) == "100.0% (40/40)"
    assert percent(0, 0) == "n/a (0/0)"


def stages():
    """Three scans of a migration, given out of order: 2 -> 1 -> 0 violations."""
    early = snapshot({HOME: [finding(HOME, "Belanja di TikTok", "nav"), finding(HOME, "Promo TikTok", "main")],
                      CHECKOUT: [finding(CHECKOUT, "Bayar via TikTok", "form", rule="brand.zone-brand")]},
                     created="2024-03-01T09:00:00Z")
    middle = snapshot({HOME: [finding(HOME, "Belanja di TikTok", "nav")], CHECKOUT: []},
                      created="2024-03-08T09:00:00Z")
    done = snapshot({HOME: [], CHECKOUT: []}, created="2024-03-15T09:00:00Z")
    return [middle, done, early], ["middle", "done", "early"]


def test_progress_rows_are_ordered_by_date_with_changes_since_the_previous():
    rows = progress_rows(*stages())
    assert [r["label"] for r in rows] == ["early", "middle", "done"]
    first, second, last = rows
    assert (first["touchpoints"], first["compliant_touchpoints"], first["violations"]) == (9, 6, 3)
    assert (first["rendered"], first["clean_pages"], first["page_compliance"]) == (2, 0, 0.0)
    assert first["new"] is None and first["fixed"] is None
    assert (second["new"], second["fixed"], second["page_compliance"]) == (0, 2, 0.5)
    assert (last["fixed"], last["touchpoint_compliance"], last["page_compliance"]) == (1, 1.0, 1.0)
    table = format_table(rows)
    assert "66.6% (6/9)" in table and "100.0% (6/6)" in table and "0.0% (0/2)" in table


def test_progress_counts_failed_pages_in_coverage_not_in_compliance():
    snap = snapshot({HOME: []}, failed=(CHECKOUT,))
    row = progress_rows([snap])[0]
    assert (row["attempted"], row["rendered"], row["failed"]) == (2, 1, 1)
    assert (row["clean_pages"], row["rendered"]) == (1, 1)


def test_html_page_is_self_contained_and_escapes_labels():
    snaps, _ = stages()
    rows = progress_rows(snaps, ["<b>mid</b>", "done & dusted", "early"])
    for r in rows:
        r["created"] = ""  # make the labels show on the axis
    page = progress_html(rows, title="Shop <staging>")
    assert "<svg" in page and "<b>mid</b>" not in page and "&lt;b&gt;mid&lt;/b&gt;" in page
    assert "done &amp; dusted" in page and "<title>Shop &lt;staging&gt;</title>" in page
    assert not re.search(r"<script|<link|<img|src=|href=|url\(|@import", page)
    assert re.findall(r"https?://[^\"' ]+", page) == ["http://www.w3.org/2000/svg"]
    assert page.count("<polyline") == 2 and page.count("<circle") == 6


def test_html_breaks_the_line_where_a_ratio_is_undefined():
    empty = snapshot({}, failed=(HOME,), created="2024-03-02T00:00:00Z")  # nothing rendered: 0/0
    snaps, _ = stages()
    rows = progress_rows([snaps[2], empty, snaps[0], snaps[1]])
    page = progress_html(rows)
    assert rows[1]["page_compliance"] is None
    assert rows[1]["touchpoint_compliance"] is None
    assert page.count("<circle") == 6       # 3 rows with ratios x 2 series; no 0% for the 0/0 row
    assert page.count("<polyline") == 2     # per series: a lone point, the gap, then one segment


def test_progress_cli_reads_a_folder_and_writes_every_format(tmp_path):
    snaps, labels = stages()
    for snap, label in zip(snaps, labels):
        snap.write(tmp_path / f"{label}.json")
    create(snaps[2]).save(tmp_path / "baseline.json")  # not a snapshot: skipped with a note
    text = run("progress", tmp_path, "--html", tmp_path / "out" / "progress.html")
    assert text.exit_code == 0, text.output
    lines = [line for line in text.output.splitlines() if line.startswith("2024-")]
    assert [line[:10] for line in lines] == ["2024-03-01", "2024-03-08", "2024-03-15"]
    assert "skipped" in text.output and (tmp_path / "out" / "progress.html").read_text().startswith("<!doctype")
    rows = list(csv.DictReader(io.StringIO(run("progress", tmp_path, "--format", "csv").stdout)))
    assert [r["label"] for r in rows] == ["early", "middle", "done"] and rows[0]["new"] == ""
    data = json.loads(run("progress", tmp_path / "done.json", tmp_path / "early.json", "--format", "json").output)
    assert [r["fixed"] for r in data] == [None, 3]
    assert run("progress", tmp_path / "out").exit_code == 2  # no snapshots there


def test_diff_cli_text_and_json(tmp_path):
    snaps, labels = stages()
    for snap, label in zip(snaps, labels):
        snap.write(tmp_path / f"{label}.json")
    text = run("diff", tmp_path / "early.json", tmp_path / "middle.json")
    assert text.exit_code == 0
    assert text.output.startswith("0 new, 2 fixed, 1 persisting, 0 unverified")
    assert "http://localhost/checkout/" in text.output and "Promo TikTok" in text.output
    data = json.loads(run("diff", tmp_path / "early.json", tmp_path / "middle.json", "--format", "json").output)
    assert data["counts"]["fixed"] == 2 and data["by_rule"]["brand.zone-brand"]["fixed"] == 1
    assert run("diff", tmp_path / "early.json", tmp_path / "missing.json").exit_code == 2
