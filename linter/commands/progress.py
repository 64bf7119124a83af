"""``brandlint diff OLD NEW`` and ``brandlint progress SNAPSHOT...|DIR``: thin CLI over
linter.history.progress (the data) and linter.reports (its text, CSV, JSON and HTML).

A folder given to ``progress`` contributes every ``*.json`` in it that is a brandlint
snapshot; other JSON files there (a baseline, a report) are skipped with a note, so a
``snapshots/`` folder can hold whatever CI leaves next to them.
"""
from __future__ import annotations

from pathlib import Path

import click

from ..errors import UsageError
from ..history.progress import diff as diff_snapshots
from ..history.progress import progress_rows
from ..history.snapshot import Snapshot, load_snapshot
from ..reports import diff as diff_report
from ..reports import progress_table

_file = click.Path(dir_okay=False, path_type=Path)


@click.command()
@click.argument("old", type=_file)
@click.argument("new", type=_file)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--lang", type=click.Choice(["en", "id"]), default="en", show_default=True)
def diff(old: Path, new: Path, fmt: str, lang: str):
    """Compare two snapshots: new, fixed, persisting and unverified findings, per page and rule.

    A finding missing from NEW counts as fixed only when its page rendered in NEW.
    """
    d = diff_snapshots(load_snapshot(old), load_snapshot(new))
    click.echo(diff_report.as_json(d) if fmt == "json" else diff_report.text(d, lang))


def collect(paths: tuple[Path, ...]) -> tuple[list[Snapshot], list[str]]:
    snapshots, labels = [], []
    for path in paths:
        if path.is_dir():
            for child in sorted(path.glob("*.json")):
                try:
                    snapshots.append(load_snapshot(child))
                except UsageError as exc:
                    click.echo(f"brandlint: note: skipped {exc}", err=True)
                    continue
                labels.append(child.stem)
        else:
            snapshots.append(load_snapshot(path))
            labels.append(path.stem)
    if not snapshots:
        raise UsageError(f"no snapshots found in {', '.join(map(str, paths))}")
    return snapshots, labels


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text", show_default=True)
@click.option("--html", "html_out", type=_file, help="Also write a self-contained HTML page with the chart.")
@click.option("--title", default="brandlint progress", show_default=True, help="Title of the HTML page.")
@click.option("--lang", type=click.Choice(["en", "id"]), default="en", show_default=True)
def progress(paths: tuple[Path, ...], fmt: str, html_out: Path | None, title: str, lang: str):
    """Table of compliance over time from SNAPSHOT files or folders of them (oldest first)."""
    rows = progress_rows(*collect(paths))
    if fmt == "json":
        click.echo(progress_table.as_json(rows))
    elif fmt == "csv":
        click.echo(progress_table.as_csv(rows, lang), nl=False)
    else:
        click.echo(progress_table.table(rows, lang))
    if html_out:
        from ..reports.progress_html import progress_html
        html_out.parent.mkdir(parents=True, exist_ok=True)
        html_out.write_text(progress_html(rows, title, lang), encoding="utf-8")
        click.echo(f"wrote {html_out}", err=True)
