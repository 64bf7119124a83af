"""``brandlint report``: render a snapshot for one audience (terminal, CI, inspector, browser)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ..reports import FORMATS, LANGS


@click.command()
@click.argument("snapshot", type=click.Path(path_type=Path))
@click.option("--format", "-f", "fmt", type=click.Choice(list(FORMATS)), default="text", show_default=True,
              help="Report format.")
@click.option("--out", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")
@click.option("--lang", type=click.Choice(list(LANGS)), default="en", show_default=True,
              help="Language of labels, headings and CSV headers (id: Bahasa Indonesia).")
def report(snapshot: Path, fmt: str, out: Path | None, lang: str):
    """Render SNAPSHOT (a snapshot JSON file, or an evidence folder holding snapshot.json).

    Evidence paths in the snapshot are resolved relative to the snapshot's folder, so the
    HTML report embeds the crops of an evidence bundle.
    """
    from ..reports import render
    from ..history.snapshot import load_snapshot

    if snapshot.is_dir():
        snapshot = snapshot / "snapshot.json"
    snap = load_snapshot(snapshot)
    options = {}
    if fmt == "text":
        options["color"] = out is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    output = render(snap, fmt, lang=lang, base_dir=snapshot.parent, **options)
    data = output if isinstance(output, bytes) else output.encode("utf-8")
    if out is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    click.echo(f"wrote {out} ({len(data)} bytes)", err=True)
