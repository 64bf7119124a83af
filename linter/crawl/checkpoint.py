"""The scan's journal: one JSON line per finished page, flushed as it finishes, so a scan
killed in any way (Ctrl-C, SIGTERM, ``kill -9``) can go on with ``--resume``.

Line 1 is a header (seeds, policy hash, the folders brandlint served and on which address);
then ``{"page": ..., "findings": [...], "links": [...], "item": {...}}`` per page. A torn
last line (killed mid-write) is ignored: that page is simply rendered again.

Decision: folders are served on a new port each run, so the header records which address
served which folder, and a resume rewrites the old addresses to the new ones; fingerprints
never contained the port, so findings stay identical.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import UsageError
from ..model import Finding, PageResult

VERSION = 1


@dataclass
class JournalEntry:
    """One finished page as the journal recorded it (not a baseline's ``Entry``)."""

    page: PageResult
    findings: list[Finding]
    links: list[str]
    depth: int
    device: str | None


@dataclass
class Journal:
    header: dict
    entries: list[JournalEntry] = field(default_factory=list)


def checkpoint_path(out: str | Path) -> Path:
    return Path(str(out) + ".checkpoint.jsonl")


class CheckpointWriter:
    def __init__(self, path: Path, header: dict, append: bool = False) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.fh = open(self.path, "a" if append else "w", encoding="utf-8")
        if not append:
            self._write({"checkpoint": VERSION, **header})

    def _write(self, obj: dict) -> None:
        self.fh.write(json.dumps(obj, ensure_ascii=False) + "\n")
        self.fh.flush()   # in the kernel's hands: survives kill -9 (no fsync: per-page disk waits)

    def add(self, page: PageResult, findings: list[Finding], links: list[str], depth: int) -> None:
        self._write({"page": page.to_dict(), "findings": [f.to_dict() for f in findings],
                     "links": links, "depth": depth, "device": page.device})

    def close(self) -> None:
        self.fh.close()


def read_checkpoint(path: Path) -> Journal:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise UsageError(f"{path}: cannot read checkpoint for --resume: {exc.strerror}") from None
    if not lines:
        raise UsageError(f"{path}: empty checkpoint")
    try:
        header = json.loads(lines[0])
    except json.JSONDecodeError:
        raise UsageError(f"{path}:1: not a brandlint checkpoint") from None
    if header.get("checkpoint") != VERSION:
        raise UsageError(f"{path}:1: not a brandlint checkpoint (version {header.get('checkpoint')!r})")
    journal = Journal(header)
    for line in lines[1:]:
        try:
            d = json.loads(line)
        except json.JSONDecodeError:
            continue   # torn last line
        journal.entries.append(JournalEntry(PageResult.from_dict(d["page"]), [Finding.from_dict(f) for f in d["findings"]],
                                     d.get("links", []), d.get("depth", 0), d.get("device")))
    return journal


def rebase(journal: Journal, served_now: dict[str, str]) -> None:
    """Rewrite the addresses of folders served in the interrupted run to this run's."""
    old = journal.header.get("served", {})
    mapping = {o: n for o, folder in old.items() for n, f in served_now.items() if f == folder and o != n}
    if not mapping:
        return

    def fix(u):
        if not u:
            return u
        for o, n in mapping.items():
            if u.startswith(o):
                return n + u[len(o):]
        return u
    for e in journal.entries:
        e.page.url, e.page.final_url = fix(e.page.url), fix(e.page.final_url)
        e.links = [fix(l) for l in e.links]
        e.findings = [replace(f, url=fix(f.url), frame_url=fix(f.frame_url),
                              context=fix(f.context) if isinstance(f.context, str) else f.context)
                      for f in e.findings]
