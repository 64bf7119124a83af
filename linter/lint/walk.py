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


def _folders(folder: str, cwd: str) -> list[tuple[str, str, list[str]]]:
    """(absolute folder, folder as shown, file names) for every folder under folder whose
    files the walk considers. Each folder is normalised once, not each file: per file,
    path joins and normalising were most of a 2,000-file walk."""
    out = []
    for walked, names in _files_by_folder(folder):
        absolute = os.path.normpath(os.path.join(cwd, walked))
        shown = "" if absolute == cwd else _shown(walked, absolute, cwd)
        out.append((absolute, shown, names))
    return out


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


def _files_by_folder(folder: str) -> list[tuple[str, list[str]]]:
    """(folder, names) of the files under folder: git's list inside a work tree, else a
    plain walk."""
    root = _git_root(Path(folder))
    if root is not None:
        out = _git(["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "."], Path(folder))
        if out is not None:
            return _group(folder, out.split("\0"))
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if d not in ALWAYS_SKIP]
        if filenames:
            found.append((dirpath, filenames))
    return found


def _group(folder: str, files: list[str]) -> list[tuple[str, list[str]]]:
    """git's paths (relative to folder, "/"-separated) by folder, files that exist only
    (the index may name one deleted since) and none inside ALWAYS_SKIP folders."""
    by_folder: dict[str, list[str]] = {}
    for f in files:
        sub, _, name = f.rpartition("/")
        if name:
            by_folder.setdefault(sub, []).append(name)
    out = []
    for sub, names in by_folder.items():
        if sub and ALWAYS_SKIP.intersection(sub.split("/")):
            continue
        where = os.path.join(folder, sub) if sub else folder
        names = [n for n in names if os.path.isfile(os.path.join(where, n))]
        if names:
            out.append((where, names))
    return out


def collect(paths: list[str], ignore_globs: tuple[str, ...] = (), changed_base: str | None = None,
            changed: bool = False, filter_named: bool = False) -> tuple[list[Target], list[Skip]]:
    """The files to lint and the files skipped, each skip with its reason.

    filter_named: treat named files like walked ones (only catalogs among .json, .yml...),
    for callers such as pre-commit that pass every changed file."""
    cwd = os.getcwd()
    changed_set = _changed_files(changed_base) if changed else None
    seen: set[str] = set()
    targets: list[Target] = []
    skipped: list[Skip] = []
    for raw in paths or ["."]:
        p = Path(raw)
        if not p.exists():
            raise UsageError(f"{raw}: no such file or folder")
        if p.is_dir():
            candidates = _walked(raw, cwd, changed_set)
        else:
            candidates = [(str(p.resolve()), _display(p, cwd), str(p), not filter_named)]
        for real, shown, f, explicit in candidates:
            if real in seen or (changed_set is not None and real not in changed_set):
                continue
            seen.add(real)
            outcome = _decide(f, shown, explicit, ignore_globs)
            if isinstance(outcome, Target):
                targets.append(outcome)
            elif outcome is not None:
                skipped.append(outcome)
    return targets, skipped


def _walked(folder: str, cwd: str, changed_set: set[str] | None) -> list[tuple[str, str, str, bool]]:
    """(real path, path shown, path to read, explicit=False) of the files under folder, by
    path shown. Real paths resolve symlinks only for ``--changed`` (git's paths are real);
    otherwise a walked file's real path is its absolute path."""
    out = []
    for absolute, shown, names in _folders(folder, cwd):
        prefix = shown + "/" if shown else ""
        for name in names:
            path = absolute + os.sep + name
            real = str(Path(path).resolve()) if changed_set is not None else path
            out.append((real, prefix + name, path, False))
    out.sort(key=lambda c: c[1])
    return out


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
