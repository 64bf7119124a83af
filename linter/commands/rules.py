"""``brandlint rules``: list the rules with their help text."""
from __future__ import annotations

import click

from ..rules import all_rules


@click.command()
def rules():
    """List the rules and what each checks."""
    for rule in all_rules():
        doc = (rule.__doc__ or "").strip()
        aliases = f"  (aliases: {', '.join(rule.ALIASES)})" if rule.ALIASES else ""
        click.echo(f"{rule.ID}{aliases}\n  " + doc.replace("\n", "\n  ") + "\n")
