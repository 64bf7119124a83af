"""Compiled regular expressions, kept between runs.

``re`` parses and compiles a pattern in pure Python. The prefilter's variants cost 5 to
30 ms each, and the patterns every lint process compiles on its way (the readers',
PyYAML's, ``html.parser``'s, ``tomllib``'s: some 90 of them, 9 ms for PyYAML's printable
character class alone) cost a 2,000-file lint another 30 ms, every run. The compiled
program (a list of integers) is kept in the cache folder (``linter/cachedir.py``,
``re/``), keyed by the pattern, its flags and the exact Python and ``_sre`` versions, and
handed back to ``_sre.compile``. ``compile_cached`` does it for one pattern; ``install``
does it for every pattern this process compiles from then on (the ``brandlint lint``
entry point calls it: a short process, most of whose patterns are the same every run).

This leans on ``re``'s private compiler. A program is stored only after the pattern built
from it compared equal to ``re.compile``'s own (CPython compares flags, pattern and the
whole program), and an entry is used only when it names the same pattern and flags;
anything unexpected (another Python, a corrupt or unreadable entry, no writable folder)
falls back to compiling. The cache can save time, never change a result.
``BRANDLINT_NO_CACHE=1`` turns it off.
"""
from __future__ import annotations

import marshal
import os
import re
import sys

from ..cachedir import cache_dir, store

_COMPILE = None   # re's own compiler function, once install() has put ours in its place


def compile_cached(pattern: bytes, flags: int = 0) -> re.Pattern:
    if os.environ.get("BRANDLINT_NO_CACHE") or _COMPILE is not None:
        return re.compile(pattern, flags)  # uncached, or cached by install()'s hook
    try:
        import _sre
    except ImportError:  # pragma: no cover - not CPython
        return re.compile(pattern, flags)
    flags = int(flags)  # marshal keeps ints, not RegexFlag
    found = _load(pattern, flags, _sre)
    if found is not None:
        return found
    expected = re.compile(pattern, flags)
    _save(pattern, flags, expected, _sre)
    return expected


def install() -> None:
    """Every pattern compiled in this process from now on (and in its forks) goes through
    the cache. Patterns compiled before stay as they are; ``re``'s in-process cache still
    answers first."""
    global _COMPILE
    if _COMPILE is not None or os.environ.get("BRANDLINT_NO_CACHE"):
        return
    try:
        import _sre
        from re import _compiler  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - not CPython
        return
    original = _compiler.compile

    def compile(p, flags=0):  # re._compiler.compile's signature
        if not isinstance(p, (str, bytes)) or flags & re.DEBUG:
            return original(p, flags)
        found = _load(p, flags, _sre)
        if found is None:
            found = original(p, flags)
            _save(p, flags, found, _sre)
        return found

    _COMPILE = original
    _compiler.compile = compile


def _load(pattern: str | bytes, flags: int, sre) -> re.Pattern | None:
    try:
        with open(_path(pattern, flags, sre), "rb") as fh:
            stored, stored_flags, args = marshal.loads(fh.read())
        if stored == pattern and type(stored) is type(pattern) and stored_flags == flags:
            return sre.compile(pattern, *args)
    except Exception:  # noqa: BLE001 - no entry yet, or one this Python cannot use
        pass
    return None


def _save(pattern: str | bytes, flags: int, expected: re.Pattern, sre) -> None:
    try:
        args = _program(pattern, flags)
        if sre.compile(pattern, *args) != expected:
            return
    except Exception:  # noqa: BLE001 - re's internals changed: nothing to keep
        return
    try:
        blob = marshal.dumps((pattern, flags, args))
    except ValueError:  # nothing marshal cannot hold is expected here; if so, not kept
        return
    store(_path(pattern, flags, sre), blob)


def _path(pattern: str | bytes, flags: int, sre) -> str:
    from ..digest import sha256

    kind = "b" if isinstance(pattern, bytes) else "s"
    salt = f"{kind}{flags}\0{sys.version}\0{sre.MAGIC}\0{sre.CODESIZE}\0".encode()
    raw = pattern if isinstance(pattern, bytes) else pattern.encode("utf-8", "surrogatepass")
    return os.path.join(cache_dir("re"), sha256(salt + raw).hexdigest()[:40])


def _program(pattern: str | bytes, flags: int) -> tuple:
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
