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
def lint(paths, policy, fmt, output, changed, base, filter_named):
    """Check UI strings in catalogs (JSON, YAML, .po/.pot, Android strings.xml, .strings,
    .stringsdict, .arb, .properties) and templates (HTML, Jinja/Django, Blade, Vue, Svelte,
    JSX/TSX) under PATHS (default: the current folder), reported as file:line:column.

    Folders are walked respecting .gitignore and the policy's ignore.paths. Exit codes:
    0 clean, 1 violations, 2 usage error or a file that could not be linted.
    """
    from ..lint import lint_paths
    from ..reports.lint import render
    from ..policy import load_policy

    result = lint_paths(list(paths), load_policy(policy), changed=changed, base=base,
                        filter_named=filter_named)
    report = render(result, fmt)
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(report)
        if fmt != "text":
            click.echo(_summary(result), err=True)
    else:
        click.echo(report, nl=False)
    sys.exit(result.exit_code)


def _summary(result) -> str:
    return (f"brandlint lint: {len(result.findings)} violations, {len(result.errors)} errors, "
            f"{result.strings} strings in {result.files} files")
