"""brandlint's cache folder: ``$BRANDLINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/brandlint``,
else ``~/.cache/brandlint``. What is kept there (visual readings, compiled prefilter
patterns) only ever saves time: a missing, unreadable or unwritable folder is a miss."""
from __future__ import annotations

import os


def cache_dir(part: str) -> str:
    env = os.environ.get("BRANDLINT_CACHE_DIR")
    if env:
        return os.path.join(env, part)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "brandlint", part)
