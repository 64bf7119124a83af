"""The ``brandlint`` command: a thin click layer over the Python API.

Sub-commands live in ``linter/commands/<name>.py`` and are imported only when invoked, so
``brandlint lint`` never pays for Playwright or the report stack.
"""
from __future__ import annotations

import importlib
import importlib.util  # not implied by "import importlib": only an editable install's hook imported it
import sys

import click

from .version import __version__
from .errors import BrandlintError

COMMANDS = {
    "scan": "linter.commands.scan:scan",
    "lint": "linter.commands.lint:lint",
    "report": "linter.commands.report:report",
    "verify": "linter.commands.verify:verify",
    "baseline": "linter.commands.baseline:baseline",
    "check": "linter.commands.baseline:check",
    "diff": "linter.commands.progress:diff",
    "progress": "linter.commands.progress:progress",
    "merge": "linter.commands.merge:merge",
    "rules": "linter.commands.rules:rules",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx):
        return sorted(name for name in COMMANDS if self._importable(name))

    @staticmethod
    def _importable(name):
        mod = COMMANDS[name].split(":")[0]
        return importlib.util.find_spec(mod) is not None

    def get_command(self, ctx, name):
        if name not in COMMANDS or not self._importable(name):
            return None
        mod, attr = COMMANDS[name].split(":")
        return getattr(importlib.import_module(mod), attr)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except BrandlintError as exc:
            click.echo(f"brandlint: error: {exc}", err=True)
            sys.exit(exc.exit_code)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="brandlint")
def main():
    """brandlint: find legacy-brand text and assets in rendered pages and UI strings.

    Exit codes: 0 clean, 1 violations (new ones when gating on a baseline),
    2 usage or configuration error, 3 scan incomplete.
    """


if __name__ == "__main__":
    main()
