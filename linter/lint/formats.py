"""Which reader handles a file, and which files a folder walk treats as UI strings.

Named files are linted whenever their extension is known. In a folder walk, generic
extensions (``.json``, ``.yml``, ``.properties``, ``.xml``) count only where they look like
translation catalogs (a locale-ish folder such as ``locales/`` or ``i18n/``, a file named
after a language like ``id.json`` or ``messages_id.properties``, Android ``res/values*``):
``package.json`` or ``docker-compose.yml`` are not UI and must not fail a build.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from . import suppress


@dataclass(frozen=True)
class Format:
    name: str
    comments: tuple[str, ...]
    markup: bool = False      # readers that need the policy (templates)
    catalog_only: bool = False  # generic extension: only in locale-ish places when walking


def _read(name: str) -> Callable:
    """The reader, imported on first use so start-up stays light."""
    from . import android, apple, gettext, json_yaml, jsx, properties, templates
    return {
        "json": json_yaml.json_segments,
        "arb": lambda text, path: json_yaml.json_segments(text, path, arb=True),
        "yaml": json_yaml.yaml_segments,
        "gettext": gettext.po_segments,
        "android": android.android_segments,
        "strings": apple.strings_segments,
        "stringsdict": apple.stringsdict_segments,
        "properties": properties.properties_segments,
        "template": templates.template_segments,
        "jsx": jsx.jsx_segments,
    }[name]


FORMATS = {
    "json": Format("json", suppress.NONE, catalog_only=True),
    "arb": Format("arb", suppress.NONE),
    "yaml": Format("yaml", suppress.HASH, catalog_only=True),
    "gettext": Format("gettext", suppress.HASH),
    "android": Format("android", suppress.XML, catalog_only=True),
    "strings": Format("strings", suppress.C_LIKE),
    "stringsdict": Format("stringsdict", suppress.XML),
    "properties": Format("properties", suppress.BANG_HASH, catalog_only=True),
    "template": Format("template", suppress.HTML, markup=True),
    "jsx": Format("jsx", suppress.C_LIKE, markup=True),
}

_SUFFIXES = [
    (".blade.php", "template"),
    (".json", "json"), (".arb", "arb"), (".yml", "yaml"), (".yaml", "yaml"),
    (".po", "gettext"), (".pot", "gettext"), (".xml", "android"), (".strings", "strings"),
    (".stringsdict", "stringsdict"), (".properties", "properties"),
    (".jsx", "jsx"), (".tsx", "jsx"),
] + [(ext, "template") for ext in (
    ".html", ".htm", ".xhtml", ".jinja", ".jinja2", ".j2", ".djhtml", ".twig", ".njk",
    ".hbs", ".handlebars", ".mustache", ".liquid", ".vue", ".svelte")]

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


def format_of(path: str) -> str | None:
    low = path.lower()
    for suffix, name in _SUFFIXES:
        if low.endswith(suffix):
            return name
    return None


def looks_like_catalog(path: str, fmt: str) -> bool:
    """For generic extensions in a folder walk: is this file a translation catalog?"""
    parts = path.replace("\\", "/").split("/")
    if fmt == "android":
        return bool(_ANDROID_DIR.search(path.replace("\\", "/")))
    if any(p.lower() in _LOCALE_DIRS for p in parts[:-1]):
        return True
    stem = parts[-1].rsplit(".", 1)[0]
    m = _LOCALE_NAME.search(stem)
    if m and m.group(1) in _LANGS:
        return True
    return fmt == "properties" and stem.lower().startswith("messages")
