"""``brandlint merge SHARD...``: one snapshot from the shards of a split scan."""
from __future__ import annotations

import sys

import click


@click.command()
@click.argument("shards", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--out", "-o", required=True, type=click.Path(dir_okay=False), help="Merged snapshot.")
@click.option("--lang", type=click.Choice(["en", "id"]), default="en", show_default=True)
def merge(shards, out, lang):
    """Merge shard snapshots scanned with the same policy; print the merged summary."""
    from ..history.merge import merge as merge_snapshots
    from ..reports import render
    from ..history.snapshot import load_snapshot

    merged = merge_snapshots([load_snapshot(p) for p in shards], list(shards))
    merged.write(out)
    click.echo(render(merged, "text", lang=lang, figures_only=True))
    click.echo(f"Merged {len(shards)} shard(s) into {out}", err=True)
    sys.exit(1 if merged.findings else 0)
