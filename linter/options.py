"""``ScanOptions``: what a scan may be told, its defaults (held here once) and its checks.

The Python API (``linter.scan(seeds, **options)``) and ``brandlint scan`` build the same
``ScanOptions``, so both accept and reject exactly the same values with the same message.
A message names the option by its field name (``forbid_url_pattern``), which is the
keyword of the API, the key in the snapshot's ``options``, and the CLI flag with ``-`` for
``_``: never a flag, which the API does not have.

Decision: values a shell can only give as text (``viewport="1280x800"``,
``block_resources="font,media"``, ``concurrency="auto"``) are accepted as text by the API
too and normalised here, so the CLI passes them through untouched.

This module imports nothing from the crawl or the browser stack (``linter`` imports it, and
``brandlint lint`` must stay free of the browser): the ``Access`` record (credentials) is
imported only when a ScanOptions is made without one.
"""
from __future__ import annotations

import re
from dataclasses import MISSING, asdict, dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import UsageError
from .globs import url_pattern

if TYPE_CHECKING:
    from .browser.auth import Access

RESOURCE_TYPES = ("font", "media", "image", "stylesheet", "script", "texttrack", "manifest")
MAX_TABS = 32
VISUAL_MODES = ("on", "off", "assets", "auto")   # linter/crawl/visual_step.py decides what auto is
REQUEST_MODES = ("wire", "all")   # whose requests a crawl records (browser/render.py Tab)


@dataclass
class ScanOptions:
    max_pages: int = 500
    max_depth: int = 10
    concurrency: int | None = None        # tabs at once; None: measured as the scan goes (crawl/throttle.py)
    include: tuple[str, ...] = ()         # URL globs (linter/globs.py) a followed link must match
    exclude: tuple[str, ...] = ()         # URL globs a followed link must not match
    follow: bool = True
    page_timeout: float = 30.0
    settle_timeout: float = 5.0
    quiet_ms: int = 50
    scroll_rows: int = 20_000             # new text runs read per inner scroll container, at most
    scroll_containers: int = 20           # inner scroll containers scrolled per frame, at most
    browser_path: str | None = None
    viewport: tuple[int, int] | None = None   # None: 1280x800, or each device's own
    locale: str = "id-ID"
    timezone: str = "Asia/Jakarta"
    user_agent: str | None = None
    devices: tuple[str, ...] = ()          # Playwright device names; each scans every page
    recycle_every: int = 200             # measured: 2,000 pages peak at +50% memory without, flat with
    evidence_dir: str | None = None
    offline: bool | None = None           # None: offline exactly when every seed is local
    block_hosts: tuple[str, ...] = ()     # host patterns that never load (ads, analytics)
    block_resources: tuple[str, ...] = ("font", "media")  # resource types never loaded
    retries: int = 2                      # further attempts after a timeout, 5xx, 429, crash
    budget: float | None = None           # seconds for the whole scan
    rate: float = 0.0                     # page loads per second per host (0: no limit)
    robots: bool = True                   # obey robots.txt
    sitemaps: bool = True                 # add the pages robots.txt's sitemaps list
    max_page_mb: float = 10.0
    max_elements: int = 200_000           # elements a frame's styles are read for; past it text and attributes only
    require_selector: str | None = None
    forbid_url_pattern: str | None = None
    access: "Access" = field(default_factory=lambda: _no_access())
    checkpoint: str | None = None
    resume: bool = False
    connect: tuple[str, ...] = ()         # ws:// Playwright browser servers (browser/remote.py)
    cdp: tuple[str, ...] = ()             # http:// DevTools endpoints of running Chromiums
    shard: str | None = None              # "K/N": render only the pages hashing to shard K (crawl/shard.py)
    frontier: str | None = None           # redis://HOST:PORT/DB: a crawl shared by workers (crawl/shared.py)
    crawl_id: str | None = None           # the shared crawl's name (default: a hash of seeds and policy)
    lease: float = 60.0                   # seconds before a silent worker's pages go to another
    visual: str = "auto"                  # on | off | assets (logos and colours, no OCR) | auto
    visual_cache: str | None = None       # folder of the visual cache (default ~/.cache/brandlint)
    requests: str = "wire"               # record the requests of pages in a zone with legacy_hosts (wire), or of every page (all)
    journeys: tuple = ()                  # linter.journeys.Journey: scripted states beside the crawl

    def __post_init__(self) -> None:
        self.viewport = parse_viewport(self.viewport)
        self.concurrency = parse_concurrency(self.concurrency)
        self.block_resources = parse_resources(self.block_resources)
        for name in ("include", "exclude", "devices", "block_hosts", "connect", "cdp"):
            value = getattr(self, name)
            setattr(self, name, (value,) if isinstance(value, str) else tuple(value))
        _check_numbers(self)
        _check_patterns(self)
        if self.visual not in VISUAL_MODES:
            raise UsageError(f"visual: {self.visual!r}: expected one of {', '.join(VISUAL_MODES)}")
        if self.requests not in REQUEST_MODES:
            raise UsageError(f"requests: {self.requests!r}: expected one of {', '.join(REQUEST_MODES)}")
        _check_frontier(self)
        if self.resume:
            if not self.checkpoint:
                raise UsageError("resume: needs checkpoint, the journal of the interrupted scan")
            if not Path(self.checkpoint).exists():
                raise UsageError(f"resume: no checkpoint at {self.checkpoint}")

    @classmethod
    def from_keywords(cls, **kw) -> "ScanOptions":
        """``ScanOptions(**kw)``, with an unknown keyword a usage error naming it."""
        names = [f.name for f in fields(cls)]
        unknown = sorted(set(kw) - set(names))
        if unknown:
            close = [n for n in names if any(part in n for part in unknown[0].split("_") if len(part) > 2)]
            hint = f"; did you mean {', '.join(close[:3])}?" if close else ""
            raise UsageError(f"unknown scan option {unknown[0]!r}{hint}")
        return cls(**kw)

    def public(self) -> dict:
        """The options as the snapshot records them: never a password or a header's value."""
        d = asdict(self)
        d["journeys"] = [{"name": j.name, "file": j.file} for j in self.journeys]
        acc = d.pop("access")
        d["http_user"] = acc["http_user"]
        d["headers"] = sorted(acc["headers"])          # names only
        d["cookies_file"], d["storage_state"], d["login_script"] = acc["cookies_file"], acc["storage_state"], acc["login_script"]
        for k, v in list(d.items()):
            if isinstance(v, tuple):
                d[k] = list(v)
        return d

    @property
    def forbid_url(self) -> re.Pattern | None:
        return re.compile(self.forbid_url_pattern) if self.forbid_url_pattern else None


def _check_frontier(opts: ScanOptions) -> None:
    if opts.frontier is None:
        if opts.crawl_id is not None:
            raise UsageError("crawl_id: names a shared crawl, so it needs frontier (redis://HOST:PORT/DB)")
        return
    if not re.match(r"^rediss?://", opts.frontier):
        raise UsageError(f"frontier: {opts.frontier!r}: expected redis://HOST:PORT/DB (or rediss://)")
    if opts.shard:
        raise UsageError("frontier and shard: a shared crawl splits itself; use one or the other")
    if not (isinstance(opts.lease, (int, float)) and opts.lease >= 1):
        raise UsageError(f"lease: {opts.lease!r}: expected at least 1 second")
    opts.checkpoint, opts.resume = None, False   # Redis is the journal: a restarted worker joins


def _no_access():
    from .browser.auth import Access
    return Access()


def default(name: str):
    """The default of a ScanOptions field: the one place defaults are written."""
    f = next(f for f in fields(ScanOptions) if f.name == name)
    return f.default_factory() if f.default is MISSING else f.default


# (field, lowest, highest, kind): kind int means a whole number.
_RANGES = (("max_pages", 1, None, int), ("max_depth", 0, None, int), ("recycle_every", 1, None, int),
           ("retries", 0, 10, int), ("quiet_ms", 0, None, int),
           ("scroll_rows", 0, None, int), ("scroll_containers", 0, None, int), ("page_timeout", 0.5, None, float),
           ("settle_timeout", 0, None, float), ("rate", 0, None, float), ("max_page_mb", 0.001, None, float),
           ("max_elements", 0, None, int),
           ("budget", 1, None, float))


def _check_numbers(opts: ScanOptions) -> None:
    for name, low, high, kind in _RANGES:
        value = getattr(opts, name)
        if value is None and name == "budget":
            continue
        whole = isinstance(value, int) and not isinstance(value, bool)
        if not (whole or (kind is float and isinstance(value, float))):
            what = "a whole number" if kind is int else "a number"
            raise UsageError(f"{name}: {value!r} is not {what}")
        if value < low or (high is not None and value > high):
            span = f"from {low:g} to {high:g}" if high is not None else f"at least {low:g}"
            raise UsageError(f"{name}: {value!r} is out of range: expected {span}")


def _check_patterns(opts: ScanOptions) -> None:
    for name in ("include", "exclude"):
        for p in getattr(opts, name):
            try:
                url_pattern(p)
            except ValueError as exc:
                raise UsageError(f"{name}: {exc}") from None
    if opts.forbid_url_pattern:
        try:
            re.compile(opts.forbid_url_pattern)
        except re.error as exc:
            raise UsageError(f"forbid_url_pattern: {opts.forbid_url_pattern!r} is not a regular expression: {exc}") from None


def parse_concurrency(value) -> int | None:
    """None or ``"auto"``: measured; else a number of tabs from 1 to 32."""
    if value is None or str(value).strip().lower() == "auto":
        return None
    try:
        n = int(value) if not isinstance(value, (bool, float)) else 0
    except ValueError:
        n = 0
    if not 1 <= n <= MAX_TABS:
        raise UsageError(f"concurrency: {value!r}: expected 'auto' or a number of tabs from 1 to {MAX_TABS}")
    return n


def parse_viewport(value) -> tuple[int, int] | None:
    """None, ``(width, height)`` or ``"WIDTHxHEIGHT"``."""
    if value is None:
        return None
    try:
        w, h = value.lower().split("x") if isinstance(value, str) else value
        w, h = int(w), int(h)
    except (ValueError, TypeError):
        w = h = 0
    if w < 1 or h < 1:
        raise UsageError(f"viewport: {value!r}: expected WIDTHxHEIGHT, e.g. 1280x800")
    return w, h


def parse_resources(value) -> tuple[str, ...]:
    """Resource types never loaded: a sequence, or text ``"font,media"``; ``"none"`` loads all."""
    if isinstance(value, str):
        value = () if value.strip().lower() == "none" else [k for k in value.split(",") if k.strip()]
    kinds = tuple(k.strip().lower() for k in value)
    bad = [k for k in kinds if k not in RESOURCE_TYPES]
    if bad:
        raise UsageError(f"block_resources: unknown type(s) {', '.join(bad)}; use {', '.join(RESOURCE_TYPES)} or none")
    return kinds
