"""Lint many files: read each once, let the raw-bytes prefilter drop the files that cannot
hold a mention, and parse the rest; in several processes when there is much to do.

A tree of SPLIT_MIN_FILES files or more is shared out: forked children (they inherit the
policy, the matcher and the imports made so far) and this process each read, prefilter
and parse a share, then help with the others' shares, and the results come back in order
(``_split``). On the benchmark's 2,000 files, two processes took a lint from 0.21 to
0.18 s on two cores. A smaller tree is linted
here, the prefilter first (a few microseconds a file, less than handing it to a worker),
then the files it let through, in a pool of forked workers when they add up to
PARALLEL_MIN_BYTES. ``jobs`` (``--jobs``) sets the number of processes, ``1`` never forks.
"""
from __future__ import annotations

import os

from ..matcher import Matcher
from .check import FileResult, lint_bytes
from .formats import reader_module
from .prefilter import FAMILY_OF, compile_prefilter, may_mention
from .records import LintError
from .walk import Target

PREFILTER_MIN_FILES = 16          # below this, compiling the prefilter costs more than it saves
PARALLEL_MIN_BYTES = 4_000_000    # bytes left to parse before workers pay off
SPLIT_MIN_FILES = 400             # files a process before reading, prefiltering and parsing are shared out
MAX_PARTS = 4                     # processes at most (unless --jobs): start-up is paid once, before the fork
READ_AHEAD = 1 << 16             # bytes of the first read: most catalogs are smaller
CHUNK_FILES = 16                  # files a process takes from a queue at a time
MAX_CHUNKS = 2048                 # 2-byte tokens: 4 KB, an empty pipe takes the queue in one write
_STATE: tuple | None = None       # (matcher, patterns, use_prefilter), set before forking


def lint_targets(targets: list[Target], matcher: Matcher, jobs: int | None = None):
    """Yield (target, FileResult or None when the prefilter proved it mention-free), in order."""
    global _STATE
    patterns = tuple(b.pattern for b in matcher.policy.brands.values() if b.pattern)
    _STATE = (matcher, patterns, len(targets) >= PREFILTER_MIN_FILES)
    parts = _parts(targets, jobs)
    if parts > 1:
        yield from _split(targets, parts)
        return
    todo: list[tuple[Target, bytes]] = []
    for t in targets:
        data = _read(t)
        if isinstance(data, FileResult):
            yield t, data
        elif not _passes(data, t.fmt):
            yield t, None
        else:
            todo.append((t, data))
    workers = 1 if jobs is not None else _workers(sum(len(d) for _, d in todo), len(todo))
    if workers <= 1:
        for t, data in todo:
            yield t, lint_bytes(data, t.path, t.fmt, matcher)
    else:
        yield from _parallel([t for t, _ in todo], workers)


def _read(t: Target) -> bytes | FileResult:
    try:
        return _read_all(t.fs_path)
    except OSError as exc:
        result = FileResult()
        result.error = LintError(t.path, f"cannot read: {exc.strerror}")
        return result


def _read_all(path: str) -> bytes:
    """The file's bytes with os.open/os.read: a quarter less CPU than open().read() over a
    2,000-file walk (no file objects), and one read for a file under READ_AHEAD bytes (a
    short read of a regular file is its end: no fstat, no second read to see the end)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        data = os.read(fd, READ_AHEAD)
        if len(data) < READ_AHEAD:
            return data
        parts = [data]
        while parts[-1]:
            parts.append(os.read(fd, 1 << 20))
        return b"".join(parts)
    finally:
        os.close(fd)


def _passes(data: bytes, fmt: str) -> bool:
    assert _STATE is not None
    _matcher, patterns, use_prefilter = _STATE
    if not use_prefilter:
        return True
    prefilter = _BY_FORMAT.get((patterns, fmt), False)
    if prefilter is False:  # looked up once a format, not hashed again for every file
        prefilter = _BY_FORMAT[(patterns, fmt)] = compile_prefilter(patterns, FAMILY_OF.get(fmt, "all"))
    return may_mention(data, prefilter)


_BY_FORMAT: dict = {}


def _workers(size: int, count: int) -> int:
    if size < PARALLEL_MIN_BYTES or count < 2 or not hasattr(os, "fork"):
        return 1
    return max(1, min(os.cpu_count() or 1, 8, count))


def _parallel(targets: list[Target], workers: int):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    jobs = [(t.fs_path, t.path, t.fmt) for t in targets]
    chunk = max(1, len(jobs) // (workers * 4))
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
        yield from zip(targets, pool.map(_one, jobs, chunksize=chunk))


def _one(job: tuple[str, str, str]) -> FileResult:
    """In a worker: read and parse one file the prefilter let through."""
    fs_path, path, fmt = job
    assert _STATE is not None
    data = _read(Target(fs_path, path, fmt))
    return data if isinstance(data, FileResult) else lint_bytes(data, path, fmt, _STATE[0])


def _parts(targets: list[Target], jobs: int | None) -> int:
    """How many processes share the files: one per core (at most MAX_PARTS), each with at
    least SPLIT_MIN_FILES files, unless ``--jobs`` says (``1`` never forks)."""
    if not hasattr(os, "fork") or len(targets) < 2:
        return 1
    if jobs is not None:
        return min(jobs, len(targets))
    return max(1, min(os.cpu_count() or 1, MAX_PARTS, len(targets) // SPLIT_MIN_FILES))


def _lint_one(t: Target) -> FileResult | None:
    data = _read(t)
    if isinstance(data, FileResult):
        return data
    if not _passes(data, t.fmt):
        return None
    assert _STATE is not None
    return lint_bytes(data, t.path, t.fmt, _STATE[0])


def _split(targets: list[Target], parts: int):
    """The files, ordered by the module that reads them (so that a reader is imported by
    few processes), are cut into chunks of about CHUNK_FILES and the chunks into ``parts``
    shares of equal count. This process and ``parts - 1`` forked children each lint their
    share, then help with the others' (``_take``): a process that met slow files
    (templates, a YAML import) is not waited for. The children's results come back
    pickled through pipes and every result is yielded in the files' order. A chunk a
    child took and did not return (it died) is linted here: nothing is lost."""
    import pickle  # noqa: F401 - here, once: each child would import it again on its way out (~3 ms)

    order = sorted(range(len(targets)), key=lambda i: (reader_module(targets[i].fmt), i))
    count = min(MAX_CHUNKS, max(parts, len(order) // CHUNK_FILES))
    cuts = [len(order) * k // count for k in range(count + 1)]
    chunks = [[targets[i] for i in order[a:b]] for a, b in zip(cuts, cuts[1:])]
    queues = _queues(count, parts)
    children = []
    try:
        children = [_fork(k, queues, chunks) for k in range(1, parts)]
        done = dict(_take(0, queues, chunks))
        for pid, fd in list(children):
            done.update(_collect_child(pid, fd))
            children.remove([pid, fd])
    finally:
        for q in queues:
            os.close(q)
        for pid, fd in children:   # only left here when this process was interrupted
            _reap(pid, fd)
    by_index = {}
    for k, chunk in enumerate(chunks):
        results = done.get(k)
        if results is None:   # taken by a child that died
            results = [_lint_one(t) for t in chunk]
        by_index.update(zip(order[cuts[k]:cuts[k + 1]], results))
    for i, t in enumerate(targets):
        yield t, by_index[i]


def _queues(count: int, parts: int) -> list[int]:
    """One queue a process: a pipe holding a 2-byte token for each chunk of its share (a
    read of one token is atomic, so a chunk goes to one process). Odd shares run
    backwards: with two processes, both end near the cut, in readers both have loaded."""
    queues = []
    for k in range(parts):
        share = range(count * k // parts, count * (k + 1) // parts)
        r, w = os.pipe()
        os.write(w, b"".join(c.to_bytes(2, "big") for c in (reversed(share) if k % 2 else share)))
        os.close(w)   # 4 KB at most (MAX_CHUNKS): an empty pipe takes it without blocking
        queues.append(r)
    return queues


def _take(k: int, queues: list[int], chunks: list[list[Target]]):
    """(chunk number, its results) for every chunk process k takes: its own queue's, then
    whatever is left in the others'."""
    for q in queues[k:] + queues[:k]:
        while True:
            token = os.read(q, 2)
            if len(token) < 2:
                break
            c = int.from_bytes(token, "big")
            yield c, [_lint_one(t) for t in chunks[c]]


def _fork(k: int, queues: list[int], chunks: list[list[Target]]) -> list:
    """[pid, read end of its pipe] of a child that is process k."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:   # the child: its chunks, then straight out (no atexit, no inherited buffers flushed)
        try:
            import pickle   # imported by _split before the fork: free here

            os.close(r)
            data = pickle.dumps(list(_take(k, queues, chunks)), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(w, "wb") as out:
                out.write(data)
        finally:
            os._exit(0)
    os.close(w)
    return [pid, r]


def _collect_child(pid: int, fd: int) -> list:
    """The (chunk number, results) pairs a child sent; none when it died."""
    import pickle

    with os.fdopen(fd, "rb") as got:
        data = got.read()
    os.waitpid(pid, 0)
    try:
        results = pickle.loads(data)
        if isinstance(results, list):
            return results
    except Exception:  # noqa: BLE001 - the child died: its chunks are linted here
        pass
    return []


def _reap(pid: int, fd: int | None) -> None:
    import signal

    try:
        if fd is not None:
            os.close(fd)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except OSError:   # collected already
        pass
