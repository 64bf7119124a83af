"""The evidence bundle: safe file names for evidence, and a SHA-256 manifest to verify it.

A bundle is a folder (``snapshot.json``, ``pages/``, ``crops/``, ``dom/``) plus
``MANIFEST.sha256``, one ``<sha256>  <relative/path>`` line per file, sorted, forward
slashes: the format ``sha256sum -c`` reads, so an inspector can check a bundle without
brandlint. ``verify`` reports files changed, missing or added since the manifest was
written; it never reads outside the folder, whatever the manifest says.
"""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from .errors import UsageError

MANIFEST = "MANIFEST.sha256"
MAX_NAME = 100
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_SUFFIX = re.compile(r"^(\.[A-Za-z0-9]{1,10})*$")
_LINE = re.compile(r"^([0-9a-f]{64}) [ *](.+)$")
# Device names Windows refuses as a file name, with any extension ("con.example.com-…").
_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
             *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}


def safe_name(url: str, suffix: str = "") -> str:
    """A file name for ``url``'s evidence, safe on every OS and unique per URL.

    Readable host-and-path stem, characters outside ``[A-Za-z0-9._-]`` folded to ``_``,
    then ``-`` and 10 hex digits of the URL's SHA-256: sanitising can merge URLs
    (``/a?b`` and ``/a_b``) and case-insensitive file systems merge case, the hash cannot.
    """
    if not _SUFFIX.match(suffix):
        raise ValueError(f"unsafe file suffix {suffix!r}")
    digest = hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    try:
        parts = urlsplit(url)
        readable = parts.netloc + parts.path + ("_" + parts.query if parts.query else "")
    except ValueError:
        readable = url
    stem = _UNSAFE.sub("_", readable).strip("._-")
    stem = re.sub(r"[._-]{2,}", lambda m: m.group()[0], stem) or "page"
    room = MAX_NAME - len(suffix) - len(digest) - 1
    stem = stem[:room].rstrip("._-") or "page"
    if stem.split(".")[0].upper() in _RESERVED:
        stem = "_" + stem[: room - 1]
    return f"{stem}-{digest}{suffix}"


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def _files(root: Path) -> list[str]:
    out = []
    for dirpath, dirnames, filenames in os.walk(root):   # does not follow directory links
        dirnames.sort()
        for name in filenames:
            rel = (Path(dirpath) / name).relative_to(root).as_posix()
            if rel != MANIFEST:
                out.append(rel)
    return sorted(out)


def write_manifest(folder: str | Path) -> Path:
    """Hash every file under ``folder`` (except the manifest) into ``MANIFEST.sha256``."""
    root = Path(folder)
    lines = []
    for rel in _files(root):
        if "\n" in rel or "\r" in rel:
            raise UsageError(f"{root / rel!r}: a file name with a line break cannot be listed in {MANIFEST}")
        lines.append(f"{sha256_file(root / rel)}  {rel}\n")
    path = root / MANIFEST
    tmp = path.with_name(MANIFEST + ".tmp")
    tmp.write_text("".join(lines), encoding="utf-8", newline="\n")
    tmp.replace(path)
    return path


@dataclass
class VerifyResult:
    changed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    malformed: list[str] = field(default_factory=list)   # manifest lines we refuse to trust
    checked: int = 0

    @property
    def ok(self) -> bool:
        return not (self.changed or self.missing or self.added or self.malformed)


def _safe_rel(rel: str) -> bool:
    p = PurePosixPath(rel)
    return not (p.is_absolute() or "\\" in rel or ":" in rel or any(x in ("..", "") for x in p.parts)
                or rel == MANIFEST)


def verify(folder: str | Path) -> VerifyResult:
    """Recompute every hash; raise UsageError if the folder has no manifest."""
    root = Path(folder)
    manifest = root / MANIFEST
    if not manifest.is_file():
        raise UsageError(f"{manifest}: no manifest (was the bundle written with --evidence?)")
    result = VerifyResult()
    expected: dict[str, str] = {}
    for n, line in enumerate(manifest.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        m = _LINE.match(line)
        if not line.strip():
            continue
        if not m or not _safe_rel(m.group(2)) or m.group(2) in expected:
            result.malformed.append(f"{MANIFEST}:{n}: {line[:120]}")
            continue
        expected[m.group(2)] = m.group(1)
    present = set(_files(root))
    for rel, digest in sorted(expected.items()):
        if rel not in present:
            result.missing.append(rel)
        elif sha256_file(root / rel) != digest:
            result.changed.append(rel)
        result.checked += 1
    result.added = sorted(present - set(expected))
    return result
