"""Which files to lint: named files, folders walked, ``.gitignore`` and the policy's
``ignore.paths`` respected, or only the files changed against a git revision.

Inside a git work tree the file list comes from ``git ls-files --cached --others
--exclude-standard``: exactly git's own ignore rules (nested .gitignore files, negations,
global excludes) for one subprocess. Outside git, folders are walked plainly, skipping
``.git/`` and ``node_modules/``. Files named on the command line are linted even if
git ignores them (you asked for them); the policy's ``ignore.paths`` globs apply to all.
What happens to each file the walk considers is decided in ``_decide`` (formats.py says
which files are considered): a Target to lint, or a Skip with its reason.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path

from ..errors import UsageError
from .formats import FORMATS, format_of, is_qt, looks_like_catalog, unread_reason
from .records import SKIP_IGNORED, SKIP_NOT_CATALOG, SKIP_UNKNOWN, Skip

ALWAYS_SKIP = frozenset((".git", "node_modules", ".hg", ".svn", "__pycache__", ".venv", ".tox"))


@dataclass(frozen=True)
class Target:
    """A file to lint, in the format its reader takes."""

    fs_path: str    # where to read it
    path: str       # how to report it: relative to the current folder when inside it
    fmt: str


def _display(p: Path | str, cwd: str) -> str:
    """Relative to the current folder when inside it. Plain string work, no symlink
    resolution: on a 2,000-file walk, Path.resolve and relpath cost more than linting."""
    raw = str(p)
    absolute = raw if raw.startswith("/") else os.path.normpath(os.path.join(cwd, raw))
    return _shown(raw, absolute, cwd)


def _shown(raw: str, absolute: str, cwd: str) -> str:
    if absolute.startswith(cwd + os.sep):
        absolute = absolute[len(cwd) + 1:]
    elif not raw.startswith("/") and absolute != cwd:
        absolute = os.path.normpath(raw)
    return absolute.replace(os.sep, "/") if os.sep != "/" else absolute


class _Places:
    """(absolute path, path shown) of walked files, normalising each folder once: per file,
    os.path.abspath and normpath were most of a 2,000-file walk."""

    def __init__(self, cwd: str) -> None:
        self.cwd = cwd
        self._dirs: dict[str, str] = {}

    def __call__(self, f: str) -> tuple[str, str]:
        folder, name = os.path.split(f)
        absolute_dir = self._dirs.get(folder)
        if absolute_dir is None:
            absolute_dir = self._dirs[folder] = os.path.normpath(os.path.join(self.cwd, folder))
        absolute = os.path.join(absolute_dir, name)  # what _display computes, folder once
        return absolute, _shown(f, absolute, self.cwd)


def _git(args: list[str], cwd: Path) -> str | None:
    import subprocess  # here: a folder outside git never needs it

    try:
        out = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except OSError:
        return None
    return out.stdout if out.returncode == 0 else None


def _git_root(folder: Path) -> Path | None:
    here = os.path.abspath(folder)
    while not os.path.exists(os.path.join(here, ".git")):  # no git process outside a work tree
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent
    out = _git(["rev-parse", "--show-toplevel"], folder)
    return Path(out.strip()).resolve() if out else None


def _ignored(path: str, globs: tuple[str, ...]) -> bool:
    if not globs:
        return False
    parts = path.split("/")
    return any(fnmatchcase(path, g) or fnmatchcase(parts[-1], g)
               or any(fnmatchcase("/".join(parts[:i]), g.rstrip("/")) for i in range(1, len(parts)))
               for g in globs)


def _walk_folder(folder: Path) -> list[str]:
    root = _git_root(folder)
    if root is not None:
        out = _git(["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "."], folder)
        if out is not None:
            files = [os.path.join(folder, f) for f in out.split("\0") if f]
            return [f for f in files if os.path.isfile(f) and not (ALWAYS_SKIP & set(f.split(os.sep)))]
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if d not in ALWAYS_SKIP)
        found.extend(os.path.join(dirpath, f) for f in filenames)
    return found


def collect(paths: list[str], ignore_globs: tuple[str, ...] = (), changed_base: str | None = None,
            changed: bool = False, filter_named: bool = False) -> tuple[list[Target], list[Skip]]:
    """The files to lint and the files skipped, each skip with its reason.

    filter_named: treat named files like walked ones (only catalogs among .json, .yml...),
    for callers such as pre-commit that pass every changed file."""
    cwd = os.getcwd()
    place = _Places(cwd)
    changed_set = _changed_files(changed_base) if changed else None
    seen: set[str] = set()
    targets: list[Target] = []
    skipped: list[Skip] = []
    for raw in paths or ["."]:
        p = Path(raw)
        if not p.exists():
            raise UsageError(f"{raw}: no such file or folder")
        if p.is_dir():
            candidates = [(f, False) for f in sorted(_walk_folder(p))]
        else:
            candidates = [(p, not filter_named)]
        for f, explicit in candidates:
            if explicit or changed_set is not None:
                real, shown = str(Path(f).resolve()), _display(f, cwd)
            else:
                real, shown = place(f)
            if real in seen or (changed_set is not None and real not in changed_set):
                continue
            seen.add(real)
            outcome = _decide(f, shown, explicit, ignore_globs)
            if isinstance(outcome, Target):
                targets.append(outcome)
            elif outcome is not None:
                skipped.append(outcome)
    return targets, skipped


def _decide(f: Path | str, shown: str, explicit: bool, ignore_globs: tuple[str, ...]) -> Target | Skip | None:
    """Lint it, skip it with a reason, or (not UI strings at all) None."""
    fmt = format_of(shown)
    if fmt == "qt" and not is_qt(_head(f)):
        return Skip(shown, SKIP_NOT_CATALOG, "TypeScript source, not a Qt Linguist catalog") if explicit else None
    if fmt is None:
        reason = unread_reason(shown)
        if reason is None:
            return Skip(shown, SKIP_UNKNOWN, "not a catalog or template format brandlint reads") if explicit else None
        return Skip(shown, SKIP_UNKNOWN, reason)
    if _ignored(shown, ignore_globs):
        return Skip(shown, SKIP_IGNORED, "ignored by the policy's ignore.paths")
    if not explicit and FORMATS[fmt].catalog_only and not looks_like_catalog(shown, fmt):
        return Skip(shown, SKIP_NOT_CATALOG, f"a .{shown.rsplit('.', 1)[-1]} file outside a catalog folder")
    return Target(str(f), shown, fmt)


def _head(f: Path | str) -> bytes:
    try:
        with open(f, "rb") as fh:
            return fh.read(256)
    except OSError:
        return b"<?xml"  # unreadable: let the reader report it as an error


def _changed_files(base: str | None) -> set[str]:
    """Absolute paths of files added, copied, modified or renamed since base (or HEAD),
    committed or not, plus untracked files. ``--base`` compares with the merge base, the
    way a pull request's diff does."""
    cwd = Path.cwd()
    root = _git_root(cwd)
    if root is None:
        raise UsageError("--changed needs a git work tree")
    rev = base or "HEAD"
    if _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], cwd) is None:
        raise UsageError(f"--base {rev}: not a git revision")
    args = ["diff", "--name-only", "-z", "--diff-filter=ACMR"]
    args += ["--merge-base", rev] if base else [rev]
    out = _git(args, root)
    if out is None:
        raise UsageError(f"git diff against {rev} failed")
    untracked = _git(["ls-files", "-z", "--others", "--exclude-standard"], root) or ""
    names = [n for n in out.split("\0") + untracked.split("\0") if n]
    return {str((root / n).resolve()) for n in names}
