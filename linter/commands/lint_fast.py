"""``brandlint lint`` without click: the pre-commit path, where start-up is most of the run.

Importing click costs a lint of 2,000 files about a tenth of its time, so ``linter.entry``
parses the lint command's arguments here when they are plain: the options of
``commands/lint.py`` in their usual forms (``--format json``, ``--format=json``, ``-o
FILE``, ``-j 2``), with valid values, and paths. Anything else (``--help``, an unknown or
repeated option, a bad value, ``--``, a path starting with ``-``) returns None and click
parses the command line as always, with its messages and exit codes. Both paths run
``run_lint``, so a run gives the same output and exit code either way;
``tests/test_lint_cli.py`` checks that this table is the click command's options and
compares the two paths' output.
"""
from __future__ import annotations

import os
import sys

from ..reports.lint import FORMATS

# option dest -> (flags, kind); kind: "flag", "text", a tuple of choices, or (lo, hi) ints
OPTIONS: dict[str, tuple[tuple[str, ...], object]] = {
    "policy": (("--policy",), "text"),
    "fmt": (("--format",), FORMATS),
    "output": (("--output", "-o"), "text"),
    "changed": (("--changed",), "flag"),
    "base": (("--base",), "text"),
    "filter_named": (("--filter-named",), "flag"),
    "strict": (("--strict",), "flag"),
    "jobs": (("--jobs", "-j"), (1, 64)),
}
_BY_FLAG = {flag: dest for dest, (flags, _kind) in OPTIONS.items() for flag in flags}
DEFAULTS = {"policy": None, "fmt": "text", "output": None, "changed": False, "base": None,
            "filter_named": False, "strict": False, "jobs": None}


def parse(argv: list[str]) -> dict | None:
    """The lint command's parameters from plain arguments, or None to let click parse."""
    out: dict = {**DEFAULTS, "paths": []}
    seen: set[str] = set()
    i = 0
    while i < len(argv):
        arg = argv[i]
        i += 1
        if not arg.startswith("-") or arg == "-":
            out["paths"].append(arg)
            continue
        flag, eq, inline = arg.partition("=")
        dest = _BY_FLAG.get(flag)
        if dest is None or dest in seen or (eq and not flag.startswith("--")):
            return None  # unknown, repeated (click keeps the last: not worth copying), -o=x
        seen.add(dest)
        kind = OPTIONS[dest][1]
        if kind == "flag":
            if eq:
                return None
            out[dest] = True
            continue
        if not eq:
            if i >= len(argv):
                return None
            inline = argv[i]
            i += 1
        value = _value(kind, inline)
        if value is None:
            return None
        out[dest] = value
    if out["output"] is not None and not _plain_output(out["output"]):
        return None
    return out


def _value(kind, raw: str):
    if kind == "text":
        return None if raw.startswith("-") else raw
    if isinstance(kind, tuple) and isinstance(kind[0], str):
        return raw if raw in kind else None
    lo, hi = kind
    try:
        n = int(raw)
    except ValueError:
        return None
    return n if lo <= n <= hi else None


def _plain_output(path: str) -> bool:
    """click.Path(dir_okay=False, writable=True) has something to say about an existing
    folder or read-only file: leave those to it."""
    if not os.path.exists(path):
        return True
    return not os.path.isdir(path) and os.access(path, os.W_OK)


def run_lint(paths, policy, fmt, output, changed, base, filter_named, strict, jobs) -> int:
    """Lint, write the report, return the exit code (the body of ``brandlint lint``)."""
    from ..lint import lint_paths
    from ..policy import load_policy
    from ..reports.lint import render, summary_line

    result = lint_paths(list(paths), load_policy(policy), changed=changed, base=base,
                        filter_named=filter_named, strict=strict, jobs=jobs)
    report = render(result, fmt)
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(report)
        if fmt != "text":
            echo(f"brandlint lint: {summary_line(result)}\n", err=True)
    else:
        echo(report)
    return result.exit_code


def echo(text: str, err: bool = False) -> None:
    """``click.echo(text, nl=False)``: written as is to a UTF-8 stream; click itself
    (which strips ANSI codes for a pipe and fixes odd encodings) for anything else."""
    stream = sys.stderr if err else sys.stdout
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
    if "\x1b" in text or encoding != "utf8":
        import click
        click.echo(text, nl=False, err=err)
        return
    stream.write(text)
    stream.flush()


def main(argv: list[str]) -> int | None:
    """Run ``brandlint lint`` from argv (after ``lint``); None when click must parse it."""
    args = parse(argv)
    if args is None:
        return None
    import errno

    from ..errors import BrandlintError

    try:
        return run_lint(**args)
    except BrandlintError as exc:  # as cli.LazyGroup reports it
        echo(f"brandlint: error: {exc}\n", err=True)
        return exc.exit_code
    except KeyboardInterrupt:  # as click's standalone mode does
        echo("Aborted!\n", err=True)
        return 1
    except OSError as exc:
        if exc.errno != errno.EPIPE:
            raise
        sys.stdout = open(os.devnull, "w")  # a closed pipe: no second error at exit, as in click
        return 1
