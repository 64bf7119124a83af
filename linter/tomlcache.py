"""TOML text -> data, parsed once a machine.

``tomllib`` costs a lint more to import than to read a policy with: it imports ``typing``,
``datetime`` and ``string``, ~6 ms of a 2,000-file lint's start-up, for a preset that has
not changed since the last run. The data parsed from a text is kept in the cache folder
(``linter/cachedir.py``, ``toml/``) as marshal data, keyed by the text's digest and the
Python version; an entry is used only when it holds the very same text. Data marshal
cannot hold (TOML dates and times) is not kept. A missing, corrupt or unwritable entry is
a miss; ``BRANDLINT_NO_CACHE=1`` turns it off.
"""
from __future__ import annotations

import marshal
import os
import sys

from .cachedir import cache_dir, store


def loads(text: str) -> dict:
    """``tomllib.loads(text)``, from the cache when it holds this text. Raises
    ``tomllib.TOMLDecodeError`` (a ValueError) for a text that is not TOML."""
    off = bool(os.environ.get("BRANDLINT_NO_CACHE"))
    path = None if off else _path(text)
    if path is not None:
        try:
            with open(path, "rb") as fh:
                stored, data = marshal.loads(fh.read())
            if stored == text and isinstance(data, dict):
                return data
        except Exception:  # noqa: BLE001 - no entry yet, or one this Python cannot read
            pass
    import tomllib

    data = tomllib.loads(text)
    if path is not None:
        _store(path, text, data)
    return data


def _path(text: str) -> str:
    from .digest import sha256

    salt = f"{sys.version}\0{marshal.version}\0".encode()
    return os.path.join(cache_dir("toml"), sha256(salt + text.encode("utf-8", "surrogatepass")).hexdigest()[:40])


def _store(path: str, text: str, data: dict) -> None:
    try:
        blob = marshal.dumps((text, data))
    except ValueError:  # a date or time: not kept
        return
    store(path, blob)
