"""``brandlint verify``: check an evidence bundle against its MANIFEST.sha256.

Exit 0 when every file is intact, 1 when any file changed, is missing or was added (or the
manifest has lines we cannot trust), 2 when there is no manifest.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command()
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
def verify(folder: Path):
    """Recompute every file's SHA-256 in FOLDER and report what changed, is missing or was added."""
    from ..bundle import MANIFEST, verify as verify_bundle
    from ..reports import verify as verify_report

    result = verify_bundle(folder)
    for line in verify_report.problems(result):
        click.echo(line)
    click.echo(verify_report.verdict(result, folder, MANIFEST), err=not result.ok)
    if not result.ok:
        sys.exit(1)
