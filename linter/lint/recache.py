"""Compiled prefilter patterns, cached between runs.

Building the prefilter's patterns is cheap; compiling them is not: ``re`` parses a pattern
in pure Python, and the prefilter's tens of kilobytes of pattern cost a lint run of 2,000
files more than reading them. The compiled program (a list of integers) is kept in the
user's cache folder (``$XDG_CACHE_HOME/brandlint`` or ``~/.cache/brandlint``), keyed by
the pattern, the flags and the exact Python version, and handed back to ``_sre.compile``.
This leans on ``re``'s private compiler, so anything unexpected (another Python, an
unreadable or corrupt cache, no writable home) falls back to ``re.compile``: the cache can
only save time, never change a result. ``BRANDLINT_NO_CACHE=1`` turns it off.
"""
from __future__ import annotations

import hashlib
import marshal
import os
import re
import sys


def _folder() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "brandlint", "re")


def compile_cached(pattern: bytes, flags: int = 0) -> re.Pattern:
    if os.environ.get("BRANDLINT_NO_CACHE"):
        return re.compile(pattern, flags)
    try:
        import _sre
        from re import _compiler, _parser  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - another Python's re
        return re.compile(pattern, flags)
    key = hashlib.sha256(b"%d\0%s\0%d\0" % (flags, sys.version.encode(), _sre.MAGIC) + pattern).hexdigest()[:40]
    path = os.path.join(_folder(), key)
    try:
        with open(path, "rb") as fh:
            pflags, code, groups, groupindex, indexgroup = marshal.load(fh)
        return _sre.compile(pattern, pflags, code, groups, groupindex, indexgroup)
    except Exception:  # noqa: BLE001 - no cache yet, or one this Python cannot use
        pass
    try:
        parsed = _parser.parse(pattern, flags)
        code = _compiler._code(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup = [None] * parsed.state.groups
        for name, i in groupindex.items():
            indexgroup[i] = name
        args = (int(flags | parsed.state.flags), [int(c) for c in code], parsed.state.groups - 1, groupindex, tuple(indexgroup))
        compiled = _sre.compile(pattern, *args)
    except Exception:  # noqa: BLE001
        return re.compile(pattern, flags)
    if compiled.pattern != pattern or compiled.flags != re.compile(b"", flags).flags | parsed.state.flags:
        return re.compile(pattern, flags)
    _store(path, args)
    return compiled


def _store(path: str, args: tuple) -> None:
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(tmp, "wb") as fh:
            marshal.dump(args, fh)
        os.replace(tmp, path)  # atomic: a concurrent run reads a whole file or none
    except (OSError, ValueError):
        try:
            os.unlink(tmp)
        except OSError:
            pass
