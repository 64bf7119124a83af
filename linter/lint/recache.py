"""Compiled prefilter patterns, kept between runs.

Building the prefilter's patterns is cheap; compiling them is not: ``re`` parses a
pattern in pure Python, and a variant's few kilobytes of pattern cost 5 to 30 ms, so a
lint of 2,000 mixed catalogs spent a fifth of its time compiling the same patterns every
run. The compiled program (a list of integers) is kept in the cache folder
(``linter/cachedir.py``, ``re/``), keyed by the pattern, its flags and the exact Python
and ``_sre`` versions, and handed back to ``_sre.compile``.

This leans on ``re``'s private compiler. A program is stored only after the pattern built
from it compared equal to ``re.compile``'s own (CPython compares flags, pattern and the
whole program), and an entry is used only when it names the same pattern; anything
unexpected (another Python, a corrupt or unreadable entry, no writable folder) falls back
to ``re.compile``. The cache can save time, never change a result.
``BRANDLINT_NO_CACHE=1`` turns it off.
"""
from __future__ import annotations

import marshal
import os
import re
import sys

from ..cachedir import cache_dir


def compile_cached(pattern: bytes, flags: int = 0) -> re.Pattern:
    if os.environ.get("BRANDLINT_NO_CACHE"):
        return re.compile(pattern, flags)
    try:
        import _sre
    except ImportError:  # pragma: no cover - not CPython
        return re.compile(pattern, flags)
    path = os.path.join(cache_dir("re"), _key(pattern, flags, _sre))
    try:
        with open(path, "rb") as fh:
            stored, args = marshal.loads(fh.read())
        if stored == pattern:
            return _sre.compile(pattern, *args)
    except Exception:  # noqa: BLE001 - no entry yet, or one this Python cannot use
        pass
    expected = re.compile(pattern, flags)
    try:
        args = _program(pattern, flags)
        if _sre.compile(pattern, *args) != expected:
            return expected
    except Exception:  # noqa: BLE001 - re's internals changed: compile as usual
        return expected
    _store(path, (pattern, args))
    return expected


def _key(pattern: bytes, flags: int, sre) -> str:
    from ..digest import sha256

    salt = f"{flags}\0{sys.version}\0{sre.MAGIC}\0{sre.CODESIZE}\0".encode()
    return sha256(salt + pattern).hexdigest()[:40]


def _program(pattern: bytes, flags: int) -> tuple:
    """What ``re._compiler.compile`` hands to ``_sre.compile`` after the pattern."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    return (int(flags | parsed.state.flags), [int(c) for c in code], parsed.state.groups - 1,
            groupindex, tuple(indexgroup))


def _store(path: str, entry: tuple) -> None:
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(tmp, "wb") as fh:
            marshal.dump(entry, fh)
        os.replace(tmp, path)  # atomic: a concurrent run reads a whole entry or none
    except (OSError, ValueError):
        try:
            os.unlink(tmp)
        except OSError:
            pass
