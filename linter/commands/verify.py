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

    result = verify_bundle(folder)
    for kind, items in (("changed", result.changed), ("missing", result.missing),
                        ("added", result.added), ("malformed", result.malformed)):
        for item in items:
            click.echo(f"{kind}: {item}")
    if result.ok:
        click.echo(f"OK: {result.checked} files match {folder / MANIFEST}")
        return
    problems = len(result.changed) + len(result.missing) + len(result.added) + len(result.malformed)
    click.echo(f"FAILED: {problems} problem(s) in {folder}", err=True)
    sys.exit(1)
