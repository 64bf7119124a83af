"""Turn the SEED arguments into start URLs.

A seed is a URL, a sitemap URL (``.xml``/``.xml.gz`` or a path naming ``sitemap``), a text
file of URLs (one a line, ``#`` comments), an HTML file, or a folder. A folder is served on
127.0.0.1 by brandlint itself: with an ``index.html`` the crawl starts there and follows
links; without one, every HTML file in it is a seed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urljoin

from ..errors import UsageError
from .serve import FolderServer
from .sitemap import fetch_sitemap

HTML_SUFFIXES = (".html", ".htm", ".xhtml")


@dataclass
class Seeds:
    urls: list[str] = field(default_factory=list)
    servers: list[FolderServer] = field(default_factory=list)
    served_roots: dict[str, Path] = field(default_factory=dict)  # base URL -> folder it serves

    @property
    def only_local(self) -> bool:
        """True when every seed is a local folder or file brandlint serves itself."""
        return all(any(u.startswith(r) for r in self.served_roots) for u in self.urls)

    def close(self) -> None:
        for srv in self.servers:
            srv.stop()
        self.servers.clear()


def _is_sitemap(url: str) -> bool:
    path = url.split("?")[0].lower()
    return path.endswith((".xml", ".xml.gz")) or "sitemap" in path.rsplit("/", 1)[-1]


def _serve(folder: Path, seeds: Seeds) -> FolderServer:
    srv = FolderServer(folder).start()
    seeds.servers.append(srv)
    seeds.served_roots[srv.url] = srv.root
    return srv


def expand(raw_seeds: list[str], headers_for=None) -> Seeds:
    seeds = Seeds()
    try:
        for seed in raw_seeds:
            if re.match(r"^https?://", seed, re.I):
                seeds.urls.extend(fetch_sitemap(seed, headers_for=headers_for) if _is_sitemap(seed) else [seed])
                continue
            path = Path(seed)
            if path.is_dir():
                srv = _serve(path, seeds)
                if (path / "index.html").exists():
                    seeds.urls.append(srv.url)
                else:
                    files = sorted(p for p in path.rglob("*") if p.suffix.lower() in HTML_SUFFIXES and p.is_file())
                    seeds.urls.extend(urljoin(srv.url, quote(p.relative_to(path).as_posix())) for p in files)
            elif path.is_file() and path.suffix.lower() in HTML_SUFFIXES:
                srv = _serve(path.parent, seeds)
                seeds.urls.append(urljoin(srv.url, quote(path.name)))
            elif path.is_file():
                try:
                    lines = path.read_text(encoding="utf-8").splitlines()
                except (OSError, UnicodeDecodeError) as exc:
                    raise UsageError(f"{path}: cannot read URL list: {exc}") from None
                for no, line in enumerate(lines, 1):
                    line = line.split("#", 1)[0].strip() if not line.lstrip().startswith("http") else line.strip()
                    if not line:
                        continue
                    if not re.match(r"^https?://", line, re.I):
                        raise UsageError(f"{path}:{no}: not an http(s) URL: {line!r}")
                    seeds.urls.append(line)
            else:
                raise UsageError(f"seed {seed!r} is not a URL, a file or a folder")
    except BaseException:
        seeds.close()
        raise
    if not seeds.urls:
        seeds.close()
        raise UsageError("no pages to scan: the seeds name no URL")
    return seeds
