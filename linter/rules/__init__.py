"""Rule registry. Each rule is one module with ``ID``, ``ALIASES``, ``KINDS``, a docstring
and ``check(touchpoint, zone, matcher) -> Verdict | None``."""
from __future__ import annotations

from types import ModuleType

from ..errors import ConfigError
from . import legacy_asset, legacy_color, legacy_endpoint, legacy_logo, legacy_text, zone_brand

RULES: tuple[ModuleType, ...] = (legacy_text, zone_brand, legacy_asset, legacy_endpoint, legacy_logo, legacy_color)
_BY_ID = {r.ID: r for r in RULES}
_ALIASES = {a: r.ID for r in RULES for a in r.ALIASES}


def known_rule_ids() -> list[str]:
    return sorted([*_BY_ID, *_ALIASES])


def resolve_rule_id(rule_id: str) -> str:
    return _ALIASES.get(rule_id, rule_id)


def get_rule(rule_id: str) -> ModuleType:
    try:
        return _BY_ID[resolve_rule_id(rule_id)]
    except KeyError:
        raise ConfigError(f"unknown rule '{rule_id}' (known: {', '.join(known_rule_ids())})") from None


def describe(rule_id: str) -> str:
    """First paragraph of the rule's docstring: its one-line help text."""
    doc = (get_rule(rule_id).__doc__ or "").strip()
    return doc.split("\n\n")[0].replace("\n", " ")
