"""``brandlint baseline create|update|show`` and ``brandlint check``: thin CLI over linter.history.baseline.

``create`` refuses to overwrite an existing baseline (without ``--force``): re-creating a
committed baseline from a newer scan would grow it behind the ratchet's back.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import gate, load_baseline, load_snapshot
from ..history.baseline import create as create_baseline
from ..history.baseline import update as update_baseline
from ..errors import UsageError
from ..reports import baseline as baseline_report
from ..reports import gate as gate_report

_file = click.Path(dir_okay=False, path_type=Path)


@click.group()
def baseline():
    """Create, update (ratchet) and show baselines of known violations."""


@baseline.command()
@click.argument("snapshot", type=_file)
@click.option("-o", "--out", type=_file, help="Baseline file to write (default: standard output).")
@click.option("--force", is_flag=True, help="Overwrite an existing baseline file.")
def create(snapshot: Path, out: Path | None, force: bool):
    """Write a baseline of every finding in SNAPSHOT."""
    b = create_baseline(load_snapshot(snapshot))
    if out is None:
        click.echo(b.dumps(), nl=False)
        return
    if out.exists() and not force:
        raise UsageError(f"{out}: baseline exists; use `brandlint baseline update {out} {snapshot}` "
                         "(the ratchet) or --force to replace it")
    b.save(out)
    click.echo(baseline_report.created(b, str(out)), err=True)


@baseline.command()
@click.argument("baseline_file", metavar="BASELINE", type=_file)
@click.argument("snapshot", type=_file)
@click.option("--accept-new", is_flag=True, help="Add findings the baseline does not cover (needs --reason).")
@click.option("--reason", default="", help="Why the new findings are accepted; kept in the baseline file.")
@click.option("--fixed-only", is_flag=True, help="Only drop fixed entries; leave new findings to fail `check`.")
@click.option("-o", "--out", type=_file, help="Write here instead of replacing BASELINE.")
def update(baseline_file: Path, snapshot: Path, accept_new: bool, reason: str, fixed_only: bool,
           out: Path | None):
    """Ratchet BASELINE with SNAPSHOT: drop fixed entries, never grow silently.

    An entry is dropped only when its page rendered in SNAPSHOT and the violation is gone;
    entries of pages that failed or were not scanned are kept (unverified).
    """
    if reason and not accept_new:
        raise UsageError("--reason only applies with --accept-new")
    if accept_new and fixed_only:
        raise UsageError("--accept-new and --fixed-only contradict each other")
    old = load_baseline(baseline_file)
    snap = load_snapshot(snapshot)
    new_baseline, result = update_baseline(old, snap, accept_new=accept_new, reason=reason)
    if result.new and not (accept_new or fixed_only):
        for line in baseline_report.new_lines(result):
            click.echo(line, err=True)
        raise UsageError(
            f"{baseline_file}: {len(result.new)} finding(s) in {snapshot} are not in the baseline and "
            "the ratchet never grows it silently; accept them with --accept-new --reason \"...\", "
            "or drop only the fixed entries with --fixed-only")
    target = out or baseline_file
    new_baseline.save(target)
    click.echo(baseline_report.updated(old, new_baseline, result, str(target), accepted=accept_new,
                                       fixed_only=fixed_only))


@baseline.command()
@click.argument("baseline_file", metavar="BASELINE", type=_file)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def show(baseline_file: Path, fmt: str):
    """Summarise a baseline: entries per page and per rule, and the accepted reasons."""
    b = load_baseline(baseline_file).normalised()
    click.echo(baseline_report.show_json(b) if fmt == "json" else baseline_report.show_text(b, str(baseline_file)))


@click.command()
@click.argument("snapshot", type=_file)
@click.option("--baseline", "baseline_file", required=True, type=_file, help="Baseline file to gate against.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--lang", type=click.Choice(["en", "id"]), default="en", show_default=True)
def check(snapshot: Path, baseline_file: Path, fmt: str, lang: str):
    """Gate SNAPSHOT on BASELINE: exit 1 only for findings the baseline does not cover."""
    result = gate(load_baseline(baseline_file), load_snapshot(snapshot))
    if fmt == "json":
        click.echo(gate_report.as_json(result))
    else:
        click.echo(gate_report.text(result, lang))
    sys.exit(0 if result.passed else 1)
