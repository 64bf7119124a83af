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
        _defer("inspect")
        from .lint.recache import install

        install()  # the ~90 patterns a lint compiles on its way, kept between runs (recache.py)
        from .commands.lint_fast import main as lint_main

        code = lint_main(argv[1:])
        if code is not None:
            sys.exit(code)
    from .cli import main as click_main

    click_main()


def _defer(name: str) -> None:
    """Import a module only when one of its attributes is first used. ``dataclasses``
    imports ``inspect`` (with ``ast``, ``dis`` and ``tokenize``: ~7 ms, a thirtieth of a
    2,000-file lint) only to write a signature into a class that has no docstring; every
    dataclass a lint makes has one (``tests/test_lint_cli.py`` checks that a lint never
    loads it). importlib's LazyLoader would not do: on 3.11, ``import inspect`` reads the
    lazy module's ``__spec__``, which loads it."""
    if name in sys.modules:
        return
    import types

    class Deferred(types.ModuleType):
        def __getattr__(self, attr: str):  # only for what the placeholder lacks
            import importlib

            if sys.modules.get(name) is self:
                del sys.modules[name]
            real = importlib.import_module(name)
            self.__dict__.update(real.__dict__)
            return getattr(real, attr)

    sys.modules[name] = Deferred(name)
