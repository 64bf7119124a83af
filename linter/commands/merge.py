"""``brandlint merge SHARD...``: one snapshot from the shards of a split scan, optionally
gated against a baseline (the merge-and-gate job of a CI matrix: docs/scale.md)."""
from __future__ import annotations

import sys

import click


@click.command()
@click.argument("shards", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--out", "-o", required=True, type=click.Path(dir_okay=False), help="Merged snapshot.")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False, exists=True),
              help="Fail only on findings this baseline does not cover (as scan --baseline).")
@click.option("--tolerate-failures", is_flag=True, help="Do not exit 3 when a shard's pages failed to load.")
@click.option("--lang", type=click.Choice(["en", "id"]), default="en", show_default=True)
def merge(shards, out, baseline_path, tolerate_failures, lang):
    """Merge shard snapshots scanned with the same policy; print the merged summary.
    Exit codes as scan's: 3 when a shard was incomplete, 1 on (new) violations."""
    from ..history.merge import merge as merge_snapshots
    from ..reports import render
    from ..history.snapshot import load_snapshot
    from ..outcome import scan_exit

    merged = merge_snapshots([load_snapshot(p) for p in shards], list(shards))
    merged.write(out)
    click.echo(render(merged, "text", lang=lang, figures_only=True))
    result = None
    if baseline_path:
        from ..history.baseline import gate, load_baseline
        from ..reports.gate import text as gate_text
        result = gate(load_baseline(baseline_path), merged)
        click.echo(gate_text(result, lang=lang))
    click.echo(f"Merged {len(shards)} shard(s) into {out}", err=True)
    sys.exit(scan_exit(merged, result, tolerate_failures))
