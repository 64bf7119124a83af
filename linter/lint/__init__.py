"""``brandlint lint``: UI strings in translation catalogs and templates, checked in source.

No browser and nothing heavy at import: readers load on first use (PyYAML only when a YAML
file is linted). The API the CLI uses is ``lint_paths``; ``lint_source`` checks one text.
"""
from __future__ import annotations

from ..matcher import Matcher
from ..policy import Policy
from .records import LintError, LintFinding, LintResult, Skip

__all__ = ["LintError", "LintFinding", "LintResult", "Skip", "lint_paths", "lint_source"]


def lint_paths(paths: list[str], policy: Policy, *, changed: bool = False,
               base: str | None = None, filter_named: bool = False, strict: bool = False,
               jobs: int | None = None) -> LintResult:
    """Lint files and folders. Raises UsageError for a missing path or a bad git revision.

    Every file the walk considers ends in the result as linted (``files``), skipped
    (``skipped``, with the reason) or an error (``errors``); ``strict`` makes a skip fail.
    """
    from .run import lint_targets
    from .walk import collect

    targets, skipped = collect(paths, policy.ignore_paths, changed_base=base,
                               changed=changed or bool(base), filter_named=filter_named)
    result = LintResult(skipped=sorted(skipped, key=lambda s: s.file), strict=strict)
    for _target, one in lint_targets(targets, Matcher(policy), jobs):
        result.files += 1
        if one is None:
            result.prefiltered += 1
            continue
        result.strings += one.strings
        result.suppressed += one.suppressed
        result.findings.extend(one.findings)
        if one.error:
            result.errors.append(one.error)
    result.findings.sort(key=lambda f: (f.file, f.line, f.column))
    result.errors.sort(key=lambda e: e.file)
    return result


def lint_source(text: str, path: str, policy: Policy, fmt: str | None = None) -> LintResult:
    """Lint text as if it were the file at path (the path decides format and zone)."""
    from .check import lint_text
    from .formats import format_of

    fmt = fmt or format_of(path)
    if fmt is None:
        raise ValueError(f"{path}: unknown file type")
    one = lint_text(text, path, fmt, Matcher(policy))
    result = LintResult(findings=one.findings, files=1, strings=one.strings, suppressed=one.suppressed)
    if one.error:
        result.errors.append(one.error)
    return result
