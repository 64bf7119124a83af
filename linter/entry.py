"""The ``brandlint`` process entry point (console script and ``python -m linter``).

``brandlint lint`` with plain arguments is parsed without importing click
(``commands/lint_fast.py``): a pre-commit hook runs it on every commit and click's import
was a tenth of a 2,000-file lint; a lint process also runs the cycle collector less often.
Everything else goes to the click group in ``cli.py``.
"""
from __future__ import annotations

import sys


def main() -> None:
    argv = sys.argv[1:]
    if argv[:1] == ["lint"]:
        import gc

        # A lint is a short process whose objects refcounting frees: at the default
        # thresholds the cycle collector ran 36 times in a 2,000-file lint (4.5 ms of
        # ~150). Run it less often, as mypy's gctune does; it still runs.
        gc.set_threshold(200_000, 30, 30)
        from .commands.lint_fast import main as lint_main

        code = lint_main(argv[1:])
        if code is not None:
            sys.exit(code)
    from .cli import main as click_main

    click_main()
