"""Exit codes, decided in one place for ``scan``, ``check`` and ``lint``.

0 clean, 1 violations, 2 usage or configuration error (or a file ``lint`` could not read),
3 scan incomplete. A finding of severity ``note`` is reported everywhere but never fails a
command or a gate: a note is what a policy uses to watch a rule before enforcing it, and
``scan`` and ``lint`` used to disagree about it (scan failed on notes, lint did not).
"""
from __future__ import annotations

from .model import PageStatus

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (3 ms of a lint's start-up)
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import TypeVar

    T = TypeVar("T")

CLEAN, VIOLATIONS, USAGE, INCOMPLETE = 0, 1, 2, 3


def failing(findings: Iterable[T]) -> list[T]:
    """The findings that fail a command: every severity but ``note``."""
    return [f for f in findings if getattr(f, "severity", "error") != "note"]


def scan_exit(snapshot, gate_result=None, tolerate_failures: bool = False) -> int:
    """3 (incomplete) beats 1 (violations): a gate must not pass or fail on a scan that did
    not see every page, and the user has to fix the crawl first."""
    failed = any(PageStatus(p.status).failed for p in snapshot.pages)
    if (failed or not snapshot.complete) and not tolerate_failures:
        return INCOMPLETE
    if gate_result is not None:
        return CLEAN if gate_result.passed else VIOLATIONS
    return VIOLATIONS if failing(snapshot.findings) else CLEAN


def lint_exit(result) -> int:
    """2 when a file could not be linted (errors beat violations: an unreadable catalog may
    hide any number of them) or, under ``--strict``, was skipped; 1 on violations; else 0."""
    if result.errors or (result.strict and result.strict_skips):
        return USAGE
    return VIOLATIONS if failing(result.findings) else CLEAN
