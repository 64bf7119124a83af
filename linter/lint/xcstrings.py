"""Xcode String Catalogs (``.xcstrings``): JSON, one entry per string key.

Every localization's ``stringUnit.value`` is UI text, including those under plural and
device ``variations`` and under ``substitutions`` (``%#@files@`` parts). The key reported
is the catalog key with the localization path after it, ``Pay now[id]`` or
``files[en.plural.other]``, so a zone word in the key still applies. Comments and
``extractionState`` are metadata. The key itself is the source text only for strings
never localized in the source language; it is not linted (it is the developer's
identifier, and the source localization, once added, is).
"""
from __future__ import annotations

from collections.abc import Iterator

from .escapes import decode_into
from .json_yaml import json_strings
from .records import Segment


def xcstrings_segments(text: str, path: str = "") -> Iterator[Segment]:
    out = []
    for keypath, start, end in json_strings(text):
        if len(keypath) < 6 or keypath[0] != "strings" or keypath[-2:] != ("stringUnit", "value"):
            continue
        key, rest = keypath[1], keypath[2:-2]
        if rest[0] != "localizations":
            continue
        where = ".".join(str(p) for p in rest[1:] if p not in ("variations", "substitutions"))
        out.append(decode_into(Segment(f"{key}[{where}]"), text, start, end))
    return iter(out)
