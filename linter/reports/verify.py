"""``brandlint verify``: what an evidence bundle check found, one line a problem.

File names come from the folder being checked, so they go through ``visible()``: a file
added to a bundle cannot rewrite the terminal that reports it.
"""
from __future__ import annotations

from pathlib import Path

from .common import visible

KINDS = ("changed", "missing", "added", "malformed")


def problems(result) -> list[str]:
    return [f"{kind}: {visible(item)}" for kind in KINDS for item in getattr(result, kind)]


def verdict(result, folder: Path, manifest: str) -> str:
    if result.ok:
        return f"OK: {result.checked} files match {visible(folder / manifest)}"
    count = sum(len(getattr(result, kind)) for kind in KINDS)
    return f"FAILED: {count} problem(s) in {visible(folder)}"
