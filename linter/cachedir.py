"""brandlint's cache folder: ``$BRANDLINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/brandlint``,
else ``~/.cache/brandlint``. What is kept there (visual readings, compiled regular
expressions, parsed policy TOML) only ever saves time: a missing, unreadable or unwritable
folder is a miss."""
from __future__ import annotations

import os


def cache_dir(part: str) -> str:
    env = os.environ.get("BRANDLINT_CACHE_DIR")
    if env:
        return os.path.join(env, part)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "brandlint", part)


def store(path: str, data: bytes) -> None:
    """Write a cache entry atomically (a concurrent run reads a whole entry or none); a
    read-only or full disk costs speed, not results, so a failure is silent."""
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
