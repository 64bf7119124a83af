"""Lint many files: read each once, let the raw-bytes prefilter drop the files that cannot
hold a mention, and parse the rest, in worker processes when there is enough to parse.

Workers are forked (they inherit the compiled matcher and readers: nothing to pickle but
file names and results) and only when the bytes left to parse make up for starting them;
a pre-commit run on three files never pays for a pool.
"""
from __future__ import annotations

import os

from ..matcher import Matcher
from .check import FileResult, lint_bytes
from .prefilter import FAMILY_OF, compile_prefilter, may_mention
from .records import LintError
from .walk import Target

PREFILTER_MIN_FILES = 16          # below this, compiling the prefilter costs more than it saves
PARALLEL_MIN_BYTES = 4_000_000    # bytes left to parse before workers pay off
_MATCHER: Matcher | None = None   # set before forking, read by the workers


def lint_targets(targets: list[Target], matcher: Matcher, jobs: int | None = None):
    """Yield (target, FileResult or None when the prefilter proved it mention-free)."""
    patterns = tuple(b.pattern for b in matcher.policy.brands.values() if b.pattern)
    use_prefilter = len(targets) >= PREFILTER_MIN_FILES
    todo: list[tuple[Target, bytes]] = []
    for t in targets:
        try:
            with open(t.fs_path, "rb") as fh:
                data = fh.read()
        except OSError as exc:
            result = FileResult()
            result.error = LintError(t.path, f"cannot read: {exc.strerror}")
            yield t, result
            continue
        if use_prefilter and not may_mention(data, compile_prefilter(patterns, FAMILY_OF.get(t.fmt, "all"))):
            yield t, None
            continue
        todo.append((t, data))
    workers = _workers(jobs, sum(len(d) for _, d in todo), len(todo))
    if workers <= 1:
        for t, data in todo:
            yield t, lint_bytes(data, t.path, t.fmt, matcher)
        return
    yield from _parallel(todo, matcher, workers)


def _workers(jobs: int | None, size: int, count: int) -> int:
    if jobs is not None:
        return max(1, min(jobs, count))
    if size < PARALLEL_MIN_BYTES or count < 2 or not hasattr(os, "fork"):
        return 1
    return max(1, min(os.cpu_count() or 1, 8, count))


def _parallel(todo, matcher: Matcher, workers: int):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _MATCHER
    _MATCHER = matcher
    ctx = multiprocessing.get_context("fork")
    jobs = [(t.fs_path, t.path, t.fmt) for t, _ in todo]
    chunk = max(1, len(jobs) // (workers * 4))
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        for (t, _), result in zip(todo, pool.map(_one, jobs, chunksize=chunk)):
            yield t, result


def _one(job: tuple[str, str, str]) -> FileResult:
    fs_path, path, fmt = job
    with open(fs_path, "rb") as fh:
        data = fh.read()
    assert _MATCHER is not None
    return lint_bytes(data, path, fmt, _MATCHER)
