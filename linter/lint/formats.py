"""Which reader handles a file, and what a folder walk decides about every file it meets.

Every file a walk *considers* ends as linted, skipped with a reason, or an error. A walk
considers a file when its extension is one brandlint reads, when it is a known catalog
format brandlint has no reader for (``.mo``, ``.resjson``...), or when it sits where
catalogs live (``locales/``, ``i18n/``, a file named after a language such as
``id.csv``). Source code and images elsewhere are not UI strings and are not considered.

Generic extensions (``.json``, ``.yml``, ``.properties``, ``.xml``) are read only where
they look like translation catalogs; elsewhere (``package.json``) they are *skipped* with
that reason, never silently. ``.ts`` is Qt Linguist when its content is XML and
TypeScript otherwise: TypeScript is source code, so it is not considered.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from . import suppress


@dataclass(frozen=True)
class Format:
    """How brandlint reads a source format: its comment syntax and where it applies."""

    name: str
    comments: tuple[str, ...]
    markup: bool = False      # readers that need the policy (templates)
    catalog_only: bool = False  # generic extension: only in locale-ish places when walking


_READERS = {
    "json": ("json_yaml", "json_segments"), "arb": ("json_yaml", "arb_segments"),
    "yaml": ("json_yaml", "yaml_segments"), "gettext": ("gettext", "po_segments"),
    "android": ("android", "android_segments"), "strings": ("apple", "strings_segments"),
    "stringsdict": ("apple", "stringsdict_segments"),
    "properties": ("properties", "properties_segments"), "xliff": ("xliff", "xliff_segments"),
    "xcstrings": ("xcstrings", "xcstrings_segments"), "resx": ("resx", "resx_segments"),
    "fluent": ("fluent", "fluent_segments"), "qt": ("qt", "qt_segments"),
    "template": ("templates", "template_segments"), "jsx": ("jsx", "jsx_segments"),
}


def reader_module(name: str) -> str:
    """The module that reads a format (formats sharing one share its import)."""
    return _READERS[name][0]


def _read(name: str) -> Callable:
    """The reader, its module imported on first use so start-up stays light."""
    import importlib

    module, func = _READERS[name]
    return getattr(importlib.import_module(f"{__package__}.{module}"), func)


FORMATS = {
    "json": Format("json", suppress.NONE, catalog_only=True),
    "arb": Format("arb", suppress.NONE),
    "yaml": Format("yaml", suppress.HASH, catalog_only=True),
    "gettext": Format("gettext", suppress.HASH),
    "android": Format("android", suppress.XML, catalog_only=True),
    "strings": Format("strings", suppress.C_LIKE + suppress.XML),
    "stringsdict": Format("stringsdict", suppress.XML),
    "properties": Format("properties", suppress.BANG_HASH, catalog_only=True),
    "xliff": Format("xliff", suppress.XML),
    "xcstrings": Format("xcstrings", suppress.NONE),
    "resx": Format("resx", suppress.XML),
    "fluent": Format("fluent", suppress.HASH),
    "qt": Format("qt", suppress.XML),
    "template": Format("template", suppress.HTML, markup=True),
    "jsx": Format("jsx", suppress.C_LIKE, markup=True),
}

_SUFFIXES = [
    (".blade.php", "template"),
    (".json", "json"), (".arb", "arb"), (".yml", "yaml"), (".yaml", "yaml"),
    (".po", "gettext"), (".pot", "gettext"), (".xml", "android"), (".strings", "strings"),
    (".stringsdict", "stringsdict"), (".properties", "properties"),
    (".xlf", "xliff"), (".xliff", "xliff"), (".xcstrings", "xcstrings"),
    (".resx", "resx"), (".resw", "resx"), (".ftl", "fluent"), (".ts", "qt"),
    (".jsx", "jsx"), (".tsx", "jsx"),
] + [(ext, "template") for ext in (
    ".html", ".htm", ".xhtml", ".jinja", ".jinja2", ".j2", ".djhtml", ".twig", ".njk",
    ".hbs", ".handlebars", ".mustache", ".liquid", ".vue", ".svelte", ".erb", ".ejs",
    ".cshtml", ".razor", ".vbhtml")]

# Catalog formats brandlint has no reader for: a file of one is reported, never ignored.
UNREAD_CATALOGS = {
    ".mo": "compiled gettext catalog (lint the .po it is built from)",
    ".qm": "compiled Qt catalog (lint the .ts it is built from)",
    ".resjson": "no reader for .resjson", ".lang": "no reader for .lang", ".ini": "no reader for .ini",
    ".csv": "no reader for .csv", ".tsv": "no reader for .tsv", ".toml": "no reader for .toml",
    ".xmb": "no reader for .xmb", ".xtb": "no reader for .xtb", ".tmx": "no reader for .tmx",
    ".loc": "no reader for .loc", ".i18n": "no reader for .i18n",
}
# Never UI strings, wherever they sit (a flag image in locales/ is not a catalog).
NOT_TEXT = frozenset(""".png .jpg .jpeg .gif .webp .avif .ico .bmp .svg .woff .woff2 .ttf .otf .eot
.mp3 .mp4 .webm .wav .pdf .zip .gz .md .rst .lock .map .pyc""".split())

# ISO 639-1 codes: a file named after one is a catalog
_LANGS = frozenset("""aa ab af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch
co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha
he hi ho hr ht hu hy hz ia id ie ig ii ik in io is it iu ja jv ka kg ki kj kk kl km kn ko kr
ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn
no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so
sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh
yi yo za zh zu""".split())
_LOCALE_DIRS = frozenset("""locale locales i18n l10n lang langs language languages translations
translation messages intl strings""".split())
_LOCALE_NAME = re.compile(r"(?:^|[._-])([a-z]{2})(?:[_-][A-Za-z]{2,4})?$")
_ANDROID_DIR = re.compile(r"(?:^|/)res/values[^/]*/[^/]+\.xml$")
_QT_HEAD = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?xml|<!DOCTYPE\s+TS|<TS[\s>])")


_BY_EXT = {suffix: name for suffix, name in _SUFFIXES if suffix.count(".") == 1}
_MULTI_DOT = [(suffix, name) for suffix, name in _SUFFIXES if suffix.count(".") > 1]


def format_of(path: str) -> str | None:
    low = path.lower()
    for suffix, name in _MULTI_DOT:  # .blade.php before .php
        if low.endswith(suffix):
            return name
    return _BY_EXT.get(low[low.rfind("."):]) if "." in low else None


def is_qt(head: bytes) -> bool:
    """A ``.ts`` file is Qt Linguist when it starts as XML; otherwise it is TypeScript."""
    return bool(_QT_HEAD.match(head))


def in_catalog_place(path: str) -> bool:
    """A locale-ish folder, or a file named after a language (``id.json``, ``messages_id``)."""
    parts = path.replace("\\", "/").split("/")
    if any(p.lower() in _LOCALE_DIRS for p in parts[:-1]):
        return True
    stem = parts[-1].rsplit(".", 1)[0]
    m = _LOCALE_NAME.search(stem)
    return bool(m and m.group(1) in _LANGS)


def looks_like_catalog(path: str, fmt: str) -> bool:
    """For generic extensions in a folder walk: is this file a translation catalog?"""
    if fmt == "android":
        return bool(_ANDROID_DIR.search(path.replace("\\", "/")))
    if in_catalog_place(path):
        return True
    stem = path.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return fmt == "properties" and stem.lower().startswith("messages")


def unread_reason(path: str) -> str | None:
    """Why a file with no reader still matters: a known catalog format, or a catalog place."""
    name = path.replace("\\", "/").rsplit("/", 1)[-1].lower()
    ext = "." + name.rsplit(".", 1)[1] if "." in name else ""
    if ext in NOT_TEXT:
        return None
    if ext in UNREAD_CATALOGS:
        return f"unknown catalog format: {UNREAD_CATALOGS[ext]}"
    if in_catalog_place(path) and not name.startswith("."):
        return "unknown catalog format: a file where catalogs live, with no reader for its type"
    return None
