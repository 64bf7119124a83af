"""Lint many files: read each once, let the raw-bytes prefilter drop the files that cannot
hold a mention, and parse the rest; in worker processes when the tree is big.

Workers are forked after the prefilter patterns are compiled, so they inherit the patterns,
the matcher and the readers already imported: only file names go out and results come back.
A tree of a few hundred files never pays for a pool (a pre-commit run on three files, or
the test fixtures); ``jobs`` (``--jobs``) overrides the choice, ``1`` never forks.
"""
from __future__ import annotations

import os

from ..matcher import Matcher
from .check import FileResult, lint_bytes
from .prefilter import FAMILY_OF, compile_prefilter, may_mention
from .records import LintError
from .walk import Target

PREFILTER_MIN_FILES = 16     # below this, compiling the prefilter costs more than it saves
PARALLEL_MIN_FILES = 400     # files before forked workers pay for themselves
_STATE: tuple | None = None  # (matcher, patterns, use_prefilter), set before forking


def lint_targets(targets: list[Target], matcher: Matcher, jobs: int | None = None):
    """Yield (target, FileResult or None when the prefilter proved it mention-free), in order."""
    global _STATE
    patterns = tuple(b.pattern for b in matcher.policy.brands.values() if b.pattern)
    use_prefilter = len(targets) >= PREFILTER_MIN_FILES
    _STATE = (matcher, patterns, use_prefilter)
    workers = _workers(jobs, len(targets))
    if workers <= 1:
        for t in targets:
            yield t, _one((t.fs_path, t.path, t.fmt))
        return
    for family in {FAMILY_OF.get(t.fmt, "all") for t in targets}:
        compile_prefilter(patterns, family)  # compiled once, inherited by every worker
    yield from _parallel(targets, workers)


def _workers(jobs: int | None, count: int) -> int:
    if jobs is not None:
        return max(1, min(jobs, count))
    if count < PARALLEL_MIN_FILES or not hasattr(os, "fork"):
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


def _parallel(targets: list[Target], workers: int):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    jobs = [(t.fs_path, t.path, t.fmt) for t in targets]
    chunk = max(1, len(jobs) // (workers * 4))
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
        yield from zip(targets, pool.map(_one, jobs, chunksize=chunk))


def _one(job: tuple[str, str, str]) -> FileResult | None:
    fs_path, path, fmt = job
    assert _STATE is not None
    matcher, patterns, use_prefilter = _STATE
    try:
        with open(fs_path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        result = FileResult()
        result.error = LintError(path, f"cannot read: {exc.strerror}")
        return result
    if use_prefilter and not may_mention(data, compile_prefilter(patterns, FAMILY_OF.get(fmt, "all"))):
        return None
    return lint_bytes(data, path, fmt, matcher)
