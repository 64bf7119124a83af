"""Issue 4's demo: the shop at four migration stages, scanned for real. Compliance rises to
100%, each stage passes the gate of the first stage's baseline, and the ratchet shrinks."""
from __future__ import annotations

from click.testing import CliRunner

import pytest

from conftest import FIXTURES, scan_folder
from linter.history.baseline import create, gate, update
from linter.cli import main
from linter.history.progress import progress_rows
from linter.reports.progress_table import table as format_table

pytestmark = pytest.mark.browser
STAGES = sorted((FIXTURES / "stages").iterdir())


@pytest.fixture(scope="module")
def stage_snapshots():
    snaps = []
    for i, stage in enumerate(STAGES):
        snap = scan_folder(stage)
        snap.created = f"2024-0{i + 3}-01T00:00:00Z"  # one scan a month, for the table's order
        snaps.append(snap)
    return snaps


def test_progress_rises_to_full_compliance(stage_snapshots):
    rows = progress_rows(stage_snapshots, [s.name for s in STAGES])
    ratios = [r["touchpoint_compliance"] for r in rows]
    assert ratios == sorted(ratios) and ratios[0] < ratios[-1] == 1.0
    assert [r["violations"] for r in rows] == sorted((r["violations"] for r in rows), reverse=True)
    assert rows[-1]["violations"] == 0 and rows[-1]["page_compliance"] == 1.0
    assert all(r["new"] == 0 for r in rows[1:]), "a later stage only fixes"
    assert all(r["fixed"] > 0 for r in rows[1:])
    print("\n" + format_table(rows))


def test_gate_passes_every_later_stage_and_the_ratchet_shrinks(stage_snapshots):
    baseline = create(stage_snapshots[0])
    size = sum(e.count for e in baseline.entries)
    assert size == len(stage_snapshots[0].findings) > 0
    for snap in stage_snapshots[1:]:
        result = gate(baseline, snap)
        assert result.new == [], [f.context for f in result.new]
        assert result.fixed
        baseline, _ = update(baseline, snap)
        now = sum(e.count for e in baseline.entries)
        assert now == len(snap.findings) < size
        size = now
    assert baseline.entries == []


def test_progress_command_prints_the_table(stage_snapshots, tmp_path):
    paths = []
    for stage, snap in zip(STAGES, stage_snapshots):
        p = tmp_path / f"{stage.name}.json"
        snap.write(p)
        paths.append(str(p))
    res = CliRunner().invoke(main, ["progress", *paths, "--html", str(tmp_path / "p.html")])
    assert res.exit_code == 0, res.output
    assert "100.0%" in res.output
    html = (tmp_path / "p.html").read_text(encoding="utf-8")
    assert "<svg" in html and "http://" not in html.replace("http://www.w3.org/2000/svg", "")
