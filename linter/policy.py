"""Policy: which brands to find, which zones and contexts decide what is a violation.

A policy is TOML data. Presets ship in ``linter/presets``; a user's ``brandlint.toml`` or
``[tool.brandlint]`` in ``pyproject.toml`` may ``extends`` one and override any table.
Tables merge key by key; lists and scalars replace. ``tomllib`` reports no positions for
keys, so errors locate the key by reading the file's lines (``_locate``): good enough to
name the line a person has to fix.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .digest import sha256
from .errors import ConfigError
from .globs import url_pattern
from .rules import known_rule_ids, resolve_rule_id
from .tomlcache import loads as toml_loads
from .zones import zone_named

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (3 ms of a lint's start-up)
if TYPE_CHECKING:
    from typing import Any

SEVERITIES = ("error", "warning", "note")

# key -> expected type(s); "*" marks a table whose keys are user-chosen ids.
_BRAND = {"name": str, "legacy": bool, "pattern": str, "base": str, "continuation": str,
          "logos": list, "colors": list}
_ZONE = {"default": bool, "allowed": list, "suggest": str, "url_segments": list,
         "selectors": list, "legacy_hosts": list, "check_colors": bool}
_VISUAL = {"min_image_px": int, "min_text_px": int, "ocr_min_confidence": float, "ocr_langs": str,
           "logo_threshold": float, "color_delta_e": float, "max_images": int}
_SCHEMA: dict[str, Any] = {
    "name": str,
    "description": str,
    "extends": str,
    "brands": {"*": _BRAND},
    "zones": {"*": _ZONE},
    "contexts": {"*": {"selectors": list, "meta": list}},
    "assets": {"says_brand_in": list, "brand_folders": list, "transform_suffixes": list},
    "ignore": {"selectors": list, "url_patterns": list, "paths": list, "keys": list},
    "severity": {"*": str},
    "fingerprint": {"routes": list},
    "crawl": {"hash_routes": bool},
    "visual": _VISUAL,
}
_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM", b"RIFF")


@dataclass(frozen=True)
class Brand:
    """A brand the policy knows (``[brands.<id>]``): how to find it, and its assets."""

    id: str
    name: str
    legacy: bool = False
    pattern: str | None = None
    base: str | None = None
    continuation: str | None = None
    logos: tuple[str, ...] = ()     # reference logo files, absolute paths
    colors: tuple[str, ...] = ()    # brand colours, "#RRGGBB"


@dataclass(frozen=True)
class VisualPolicy:
    """Settings of the visual step (``[visual]``): see docs/visual.md."""
    min_image_px: int = 16          # images smaller than this each way are not read
    min_text_px: int = 12           # images lower than this are not OCR'd
    ocr_min_confidence: float = 50  # words Tesseract is less sure of are dropped
    ocr_langs: str = "eng+ind"
    logo_threshold: float = 0.62    # similarity a region needs to be a logo
    color_delta_e: float = 10.0     # CIEDE2000 distance that counts as the brand colour
    max_images: int = 80            # images read per page; the rest are a page note


@dataclass(frozen=True)
class Zone:
    """A part of the site (``[zones.<id>]``): the brands allowed there and where it is."""

    id: str
    allowed: frozenset[str]
    suggest: str
    default: bool = False
    url_segments: tuple[str, ...] = ()
    selectors: tuple[str, ...] = ()
    legacy_hosts: tuple[str, ...] = ()
    check_colors: bool = False


ASSET_PLACES = ("file-name", "brand-folder", "path")


@dataclass(frozen=True)
class AssetRule:
    """Where an asset URL's path says a brand. ``file-name``: its own file name (after any
    CDN transform suffix is cut off); ``brand-folder``: the folder after one named in
    ``brand_folders`` (``/brand/tiktok/logo.svg``); ``path``: any word of the path (the
    old, imprecise reading: storage folders such as ``tiktok-obj/`` count too)."""

    says_brand_in: tuple[str, ...] = ("file-name", "brand-folder")
    brand_folders: tuple[str, ...] = ("brand", "brands", "logo", "logos")
    transform_suffixes: tuple[str, ...] = (r"~tplv-.*$",)


@dataclass(frozen=True)
class Policy:
    """A loaded, validated policy: brands, zones, contexts and the rest (``load_policy``)."""

    name: str
    description: str
    brands: dict[str, Brand]
    zones: dict[str, Zone]
    contexts: dict[str, tuple[str, ...]]
    context_meta: dict[str, tuple[str, ...]] = field(default_factory=dict)  # context id -> meta names
    assets: AssetRule = field(default_factory=AssetRule)
    ignore_selectors: tuple[str, ...] = ()
    ignore_url_patterns: tuple[str, ...] = ()
    ignore_paths: tuple[str, ...] = ()   # globs of source files ``brandlint lint`` skips
    ignore_keys: tuple[str, ...] = ()    # globs of catalog keys ``brandlint lint`` skips
    severity: dict[str, str] = field(default_factory=dict)
    routes: tuple[str, ...] = ()
    hash_routes: bool = False
    hash: str = ""
    source: str = ""
    visual: VisualPolicy = field(default_factory=VisualPolicy)
    logo_sources: dict[str, tuple[str, int | None]] = field(default_factory=dict)  # brand -> (file, line)

    @property
    def default_zone(self) -> Zone:
        return next(z for z in self.zones.values() if z.default)

    def brand_name(self, brand_id: str) -> str:
        return self.brands[brand_id].name

    def zone_for_url(self, url: str) -> Zone:
        """The zone a page's URL puts it in: the first non-default zone naming one of its
        path's words (split as ``zones.words`` splits them, camelCase included)."""
        try:
            path = unquote(urlsplit(url).path)
        except ValueError:
            path = ""
        return zone_named(self.zones.values(), path) or self.default_zone

    def url_ignored(self, url: str) -> bool:
        """Whether ``ignore.url_patterns`` ignores this page (the syntax: linter/globs.py)."""
        return any(url_pattern(pat)(url) for pat in self.ignore_url_patterns)

    def severity_of(self, rule_id: str) -> str:
        return self.severity.get(rule_id, "error")

    @property
    def legacy_hosts(self) -> tuple[str, ...]:
        return tuple(h for z in self.zones.values() for h in z.legacy_hosts)

    def collector_config(self) -> dict[str, Any]:
        """What the in-page collector needs to know: selectors only. (The brand patterns
        go to the page only as a describe hint, ``Matcher.describe_hint``.)"""
        return {
            "zones": {z.id: list(z.selectors) for z in self.zones.values() if z.selectors},
            "contexts": {cid: list(sel) for cid, sel in self.contexts.items()},
            "ignore": list(self.ignore_selectors),
            "contextMeta": sorted({m for names in self.context_meta.values() for m in names}),
        }


# ---------------------------------------------------------------- loading


# A plain folder next to this module (importlib.resources would cost a lint run more to
# import than reading the preset does; the package is never imported from a zip).
_PRESETS = Path(__file__).with_name("presets")


def preset_names() -> list[str]:
    return sorted(name[:-5] for name in os.listdir(_PRESETS) if name.endswith(".toml"))


def _read_toml(path: Path, table: tuple[str, ...] = ()) -> tuple[dict, str]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read policy: {exc.strerror}", file=str(path)) from None
    try:
        data = toml_loads(text)
    except ValueError as exc:  # tomllib.TOMLDecodeError
        line = getattr(exc, "lineno", None)
        if line is None:
            m = re.search(r"line (\d+)", str(exc))
            line = int(m.group(1)) if m else None
        raise ConfigError(f"invalid TOML: {exc}", file=str(path), line=line) from None
    for key in table:
        data = data.get(key, {})
    return data, text


def _locate(text: str, keys: tuple[str, ...], prefix: tuple[str, ...] = ()) -> int | None:
    """Best-effort line number of a dotted key in TOML source text.

    Exact matches win; otherwise the line of the deepest table or inline table holding it.
    """
    keys = prefix + keys
    header: tuple[str, ...] = ()
    best, best_depth = None, 0
    for no, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        m = re.match(r"^\[\[?\s*([^\]]+?)\s*\]\]?", line)
        if m:
            header = _split_key(m.group(1))
            full = header
        else:
            m = re.match(r"^(\"[^\"]*\"|'[^']*'|[A-Za-z0-9_.\-]+)\s*=", line)
            if not m:
                continue
            full = header + _split_key(m.group(1))
        if full == keys:
            return no
        if len(full) > best_depth and keys[: len(full)] == full:
            best, best_depth = no, len(full)
    return best


def _split_key(key: str) -> tuple[str, ...]:
    parts = re.findall(r"\"[^\"]*\"|'[^']*'|[^.\s]+", key)
    return tuple(p.strip("\"'") for p in parts)


def _validate(data: dict, schema: dict, where: tuple[str, ...], file: str, text: str,
              prefix: tuple[str, ...]) -> None:
    for key, value in data.items():
        path = where + (key,)
        expected = schema.get(key, schema.get("*"))
        dotted = ".".join(path)
        if expected is None:
            known = ", ".join(sorted(k for k in schema if k != "*"))
            raise ConfigError(f"unknown key (expected one of: {known})", file=file,
                              line=_locate(text, path, prefix), key=dotted)
        if isinstance(expected, dict):
            if not isinstance(value, dict):
                raise ConfigError(f"must be a table, not {type(value).__name__}", file=file,
                                  line=_locate(text, path, prefix), key=dotted)
            _validate(value, expected, path, file, text, prefix)
        elif expected is float and isinstance(value, int) and not isinstance(value, bool):
            continue
        elif not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise ConfigError(f"must be {expected.__name__}, not {type(value).__name__}",
                              file=file, line=_locate(text, path, prefix), key=dotted)
        elif expected is list and not all(isinstance(v, str) for v in value):
            raise ConfigError("must be a list of strings", file=file,
                              line=_locate(text, path, prefix), key=dotted)


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _load_raw(source: str | Path, seen: tuple[str, ...] = ()) -> tuple[dict, list[tuple[str, str, tuple]]]:
    """Load a preset name or a file, following ``extends``. Returns merged data and the sources."""
    table: tuple[str, ...] = ()
    if isinstance(source, str) and source in preset_names():
        path = _PRESETS / f"{source}.toml"
        label = f"preset:{source}"
    else:
        path = Path(source)
        label = str(path)
        if path.name == "pyproject.toml":
            table = ("tool", "brandlint")
    if label in seen:
        raise ConfigError("'extends' forms a cycle: " + " -> ".join(seen + (label,)), file=str(path))
    data, text = _read_toml(path, table)
    _validate(data, _SCHEMA, (), str(path), text, table)
    _resolve_logos(data, path, text, table)
    parent = data.pop("extends", None)
    sources = [(str(path), text, table)]
    if parent is not None:
        if parent not in preset_names():
            candidate = (path.parent / parent)
            if not candidate.exists():
                raise ConfigError(f"extends '{parent}': no such preset ({', '.join(preset_names())}) or file",
                                  file=str(path), line=_locate(text, ("extends",), table), key="extends")
            parent = candidate
        base, more = _load_raw(parent, seen + (label,))
        data = _merge(base, data)
        sources = more + sources
    return data, sources


def _resolve_logos(data: dict, path: Path, text: str, table: tuple[str, ...]) -> None:
    """Logo paths are relative to the file that names them: resolve them now, before
    ``extends`` merges files from other folders, and check each is an image file."""
    where: dict[str, dict] = {}
    for bid, b in data.get("brands", {}).items():
        if "logos" not in b:
            continue
        line = _locate(text, ("brands", bid, "logos"), table)
        paths = []
        for rel in b["logos"]:
            full = (path.parent / rel).resolve()
            try:
                with open(full, "rb") as fh:
                    head = fh.read(16)
            except OSError as exc:
                raise ConfigError(f"reference logo '{rel}' cannot be read: {exc.strerror}", file=str(path),
                                  line=line, key=f"brands.{bid}.logos") from None
            if not head.startswith(_IMAGE_MAGIC) and b"<svg" not in head and not head.lstrip().startswith(b"<"):
                raise ConfigError(f"reference logo '{rel}' is not a PNG, JPEG, GIF, WebP or BMP image",
                                  file=str(path), line=line, key=f"brands.{bid}.logos")
            paths.append(str(full))
        where[bid] = {"paths": paths, "file": str(path), "line": line}
    if where:
        data["\x00logos"] = where


def find_config(start: Path | None = None) -> Path | None:
    """The nearest brandlint.toml, or pyproject.toml with [tool.brandlint], from start upwards."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        for name in ("brandlint.toml", ".brandlint.toml"):
            if (folder / name).is_file():
                return folder / name
        pp = folder / "pyproject.toml"
        if pp.is_file():
            try:
                if "brandlint" in toml_loads(pp.read_text(encoding="utf-8")).get("tool", {}):
                    return pp
            except (ValueError, OSError):  # tomllib.TOMLDecodeError, UnicodeDecodeError
                continue
    return None


def load_policy(source: str | Path | None = None) -> Policy:
    """A preset name, a TOML file, or None for the nearest config file (else ``permendag31``)."""
    if source is None:
        source = find_config() or "permendag31"
    data, sources = _load_raw(source)
    return _build(data, sources)


def _error(sources, keys: tuple[str, ...], message: str) -> ConfigError:
    for file, text, table in reversed(sources):
        line = _locate(text, keys, table)
        if line:
            return ConfigError(message, file=file, line=line, key=".".join(keys))
    file, _, _ = sources[-1]
    return ConfigError(message, file=file, key=".".join(keys))


def _compile(sources, keys, pattern: str) -> str:
    # Compiled as the matcher uses it, inside a group of an alternation: a global inline
    # flag such as (?x) is valid alone but not there.
    try:
        re.compile(f"(?:{pattern})")
    except re.error as exc:
        hint = " (write a flag for this pattern only as (?x:...))" if "global flags" in str(exc) else ""
        raise _error(sources, keys, f"invalid regular expression: {exc}{hint}") from None
    return pattern


def _context_meta(data: dict) -> dict[str, tuple[str, ...]]:
    """context id -> the meta tags (lower-case names) whose content is in that context."""
    return {cid: tuple(m.lower() for m in c["meta"]) for cid, c in data.get("contexts", {}).items() if c.get("meta")}


def _asset_rule(data: dict, sources) -> AssetRule:
    for place in data.get("says_brand_in", ()):
        if place not in ASSET_PLACES:
            raise _error(sources, ("assets", "says_brand_in"),
                         f"unknown place '{place}' (known: {', '.join(ASSET_PLACES)})")
    for pattern in data.get("transform_suffixes", ()):
        _compile(sources, ("assets", "transform_suffixes"), pattern)
    default = AssetRule()
    return AssetRule(
        says_brand_in=tuple(data.get("says_brand_in", default.says_brand_in)),
        brand_folders=tuple(f.lower().strip("/") for f in data.get("brand_folders", default.brand_folders)),
        transform_suffixes=tuple(data.get("transform_suffixes", default.transform_suffixes)))


def _brands(data: dict, sources, logo_where: dict) -> dict[str, Brand]:
    brands: dict[str, Brand] = {}
    for bid, b in data.get("brands", {}).items():
        if "name" not in b:
            raise _error(sources, ("brands", bid), "a brand needs a 'name'")
        if ("pattern" in b) == ("base" in b):
            raise _error(sources, ("brands", bid), "a brand needs either 'pattern' or 'base' + 'continuation'")
        if "base" in b and "continuation" not in b:
            raise _error(sources, ("brands", bid, "base"), "'base' needs a 'continuation'")
        for k in ("pattern", "continuation"):
            if k in b:
                _compile(sources, ("brands", bid, k), b[k])
        for c in b.get("colors", ()):
            if not re.fullmatch(r"#[0-9a-fA-F]{6}", c):
                raise _error(sources, ("brands", bid, "colors"), f"'{c}' is not a colour of the form #RRGGBB")
        logos = logo_where.get(bid, {}).get("paths", ()) if "logos" in b else ()
        brands[bid] = Brand(id=bid, name=b["name"], legacy=b.get("legacy", False),
                            pattern=b.get("pattern"), base=b.get("base"),
                            continuation=b.get("continuation"), logos=tuple(logos),
                            colors=tuple(c.upper() for c in b.get("colors", ())))
    for bid, b in brands.items():
        if b.base and b.base not in brands:
            raise _error(sources, ("brands", bid, "base"), f"unknown brand '{b.base}'")
    if not brands:
        raise _error(sources, ("brands",), "the policy names no brands")
    return brands


def _zones(data: dict, sources, brands: dict[str, Brand]) -> dict[str, Zone]:
    zones: dict[str, Zone] = {}
    for zid, z in data.get("zones", {}).items():
        for k in ("allowed", "suggest"):
            if k not in z:
                raise _error(sources, ("zones", zid), f"a zone needs '{k}'")
        for a in z["allowed"]:
            if a not in brands:
                raise _error(sources, ("zones", zid, "allowed"), f"unknown brand '{a}'")
        zones[zid] = Zone(id=zid, allowed=frozenset(z["allowed"]), suggest=z["suggest"],
                          default=z.get("default", False),
                          url_segments=tuple(s.lower() for s in z.get("url_segments", [])),
                          selectors=tuple(z.get("selectors", [])),
                          legacy_hosts=tuple(h.lower().lstrip(".") for h in z.get("legacy_hosts", [])),
                          check_colors=z.get("check_colors", False))
    defaults = [z for z in zones.values() if z.default]
    if len(defaults) != 1:
        raise _error(sources, ("zones",), f"exactly one zone must have default = true (found {len(defaults)})")
    return zones


def _severity(data: dict, sources) -> dict[str, str]:
    """``[severity]`` by canonical rule id; a rule registered before loading may be named."""
    for rule, sev in data.get("severity", {}).items():
        if sev not in SEVERITIES:
            raise _error(sources, ("severity", rule), f"must be one of {', '.join(SEVERITIES)}")
    severity = {}
    for rule, sev in data.get("severity", {}).items():
        if rule not in known_rule_ids():
            raise _error(sources, ("severity", rule), f"unknown rule (known: {', '.join(known_rule_ids())})")
        severity[resolve_rule_id(rule)] = sev
    return severity


def _build(data: dict, sources) -> Policy:
    logo_where = data.pop("\x00logos", {})   # before the hash: where logos were named, not policy
    brands = _brands(data, sources, logo_where)
    zones = _zones(data, sources, brands)
    severity = _severity(data, sources)
    for pattern in data.get("ignore", {}).get("url_patterns", []):
        try:
            url_pattern(pattern)
        except ValueError as exc:
            raise _error(sources, ("ignore", "url_patterns"), str(exc)) from None
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return Policy(
        name=data.get("name", Path(sources[-1][0]).stem),
        description=data.get("description", ""),
        brands=brands,
        zones=zones,
        contexts={cid: tuple(c.get("selectors", [])) for cid, c in data.get("contexts", {}).items()},
        context_meta=_context_meta(data),
        assets=_asset_rule(data.get("assets", {}), sources),
        ignore_selectors=tuple(data.get("ignore", {}).get("selectors", [])),
        ignore_url_patterns=tuple(data.get("ignore", {}).get("url_patterns", [])),
        ignore_paths=tuple(data.get("ignore", {}).get("paths", [])),
        ignore_keys=tuple(data.get("ignore", {}).get("keys", [])),
        severity=severity,
        routes=tuple(data.get("fingerprint", {}).get("routes", [])),
        hash_routes=data.get("crawl", {}).get("hash_routes", False),
        visual=VisualPolicy(**data.get("visual", {})),
        logo_sources={bid: (w["file"], w["line"]) for bid, w in logo_where.items()},
        hash="sha256:" + sha256(canonical.encode()).hexdigest()[:16],
        source=sources[-1][0],
    )
