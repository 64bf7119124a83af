"""Results of reading an image, kept by the hash of its pixels: in memory for a scan,
on disk across scans (``visual/`` in the cache folder: ``linter/cachedir.py``).

The key is the image's content hash plus the settings that shape the result (reference
logos, threshold, languages, this code's version), so changing a reference logo never
serves a stale answer. A cache entry that cannot be read is a miss, never an error.
"""
from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from pathlib import Path

from ..cachedir import cache_dir, store

VERSION = "visual/1"
MEMORY_ENTRIES = 2048


def default_dir() -> Path:
    return Path(cache_dir("visual"))


def content_key(pixels: bytes, size: tuple[int, int], settings: str) -> str:
    h = hashlib.sha256()
    h.update(f"{VERSION}\x1f{settings}\x1f{size[0]}x{size[1]}\x1f".encode())
    h.update(pixels)
    return h.hexdigest()


class ResultCache:
    def __init__(self, folder: Path | None = None, disk: bool = True) -> None:
        self.folder = Path(folder) if folder else default_dir()
        self.disk = disk
        self._memory: OrderedDict[str, dict] = OrderedDict()
        self.hits = self.misses = 0

    def get(self, key: str) -> dict | None:
        if key in self._memory:
            self._memory.move_to_end(key)
            self.hits += 1
            return self._memory[key]
        if self.disk:
            try:
                value = json.loads(self._path(key).read_text(encoding="utf-8"))
                self._remember(key, value)
                self.hits += 1
                return value
            except (OSError, ValueError):
                pass
        self.misses += 1
        return None

    def put(self, key: str, value: dict) -> None:
        self._remember(key, value)
        if not self.disk:
            return
        store(str(self._path(key)), json.dumps(value, separators=(",", ":")).encode("utf-8"))

    def _remember(self, key: str, value: dict) -> None:
        self._memory[key] = value
        self._memory.move_to_end(key)
        while len(self._memory) > MEMORY_ENTRIES:
            self._memory.popitem(last=False)

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"
