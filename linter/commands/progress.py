"""``brandlint diff OLD NEW`` and ``brandlint progress SNAPSHOT...|DIR``: thin CLI over linter.history.progress.

A folder given to ``progress`` contributes every ``*.json`` in it that is a brandlint
snapshot; other JSON files there (a baseline, a report) are skipped with a note, so a
``snapshots/`` folder can hold whatever CI leaves next to them.
"""
from __future__ import annotations

import json
from pathlib import Path

import click

from ..errors import UsageError
from ..history.progress import diff as diff_snapshots
from ..history.progress import format_diff, format_table, progress_rows, rows_csv
from ..history.snapshot import Snapshot, load_snapshot

_file = click.Path(dir_okay=False, path_type=Path)


@click.command()
@click.argument("old", type=_file)
@click.argument("new", type=_file)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def diff(old: Path, new: Path, fmt: str):
    """Compare two snapshots: new, fixed, persisting and unverified findings, per page and rule.

    A finding missing from NEW counts as fixed only when its page rendered in NEW.
    """
    d = diff_snapshots(load_snapshot(old), load_snapshot(new))
    if fmt == "json":
        click.echo(json.dumps(d.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(format_diff(d))


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
def progress(paths: tuple[Path, ...], fmt: str, html_out: Path | None, title: str):
    """Table of compliance over time from SNAPSHOT files or folders of them (oldest first)."""
    rows = progress_rows(*collect(paths))
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        click.echo(rows_csv(rows), nl=False)
    else:
        click.echo(format_table(rows))
    if html_out:
        from ..reports.progress_html import progress_html
        html_out.parent.mkdir(parents=True, exist_ok=True)
        html_out.write_text(progress_html(rows, title), encoding="utf-8")
        click.echo(f"wrote {html_out}", err=True)
