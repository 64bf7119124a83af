"""``brandlint lint``: UI strings in templates and translation catalogs, checked in source.

Exit codes: 0 clean, 1 violations, 2 usage/configuration error or a file that could not be
linted (errors beat violations: an unreadable catalog may hide any number of them).
"""
from __future__ import annotations

import sys

import click

from ..reports.lint import FORMATS


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--policy", "policy", help="Preset name or policy TOML file (default: nearest brandlint.toml / pyproject.toml, else permendag31).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Output format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True),
              help="Write the report to this file instead of standard output.")
@click.option("--changed", is_flag=True,
              help="Only files changed against --base (default HEAD), committed or not, plus untracked ones.")
@click.option("--base", metavar="REV", help="Git revision to compare with (its merge base with HEAD); implies --changed.")
@click.option("--filter-named", is_flag=True,
              help="Skip named .json/.yml/.xml/.properties files that do not look like catalogs, as a folder walk does (for pre-commit).")
@click.option("--strict", is_flag=True,
              help="Fail (exit 2) when any file considered was skipped (unknown format, not a catalog), not only on errors.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None,
              help="Processes sharing the files (default: one per core, up to 4, for trees of 400 files or more; 1 never forks).")
def lint(paths, policy, fmt, output, changed, base, filter_named, strict, jobs):
    """Check UI strings in catalogs (JSON, YAML, .po/.pot, Android strings.xml, .strings,
    .stringsdict, .xcstrings, .arb, .properties, XLIFF, .resx, Fluent .ftl, Qt .ts) and
    templates (HTML, Jinja/Django, Twig, Liquid, Handlebars, ERB, Razor, Blade, Vue, Svelte,
    JSX/TSX) under PATHS (default: the current folder), reported as file:line:column.

    Folders are walked respecting .gitignore and the policy's ignore.paths; every file
    considered is linted, skipped with a reason, or an error. Exit codes: 0 clean,
    1 violations, 2 usage error, a file that could not be linted, or (--strict) a skip.
    """
    from .lint_fast import run_lint

    sys.exit(run_lint(paths, policy, fmt, output, changed, base, filter_named, strict, jobs))
