"""The rule registry: one set of rules for ``brandlint scan`` and ``brandlint lint``.

A rule is one module in this package (or a plugin module handed to ``register``) with:

- a docstring: the first paragraph is the one-line help; then what it checks, its
  options (the policy keys it reads), and ``Passes:`` / ``Fails:`` examples.
  ``brandlint rules`` prints it and SARIF carries it, so write it for users;
- ``ID``: a dotted, readable id (``brand.legacy-text``) and ``ALIASES`` (old ids, still
  accepted in ``[severity]``);
- ``KINDS``: the touchpoint kinds it judges (``model.KINDS``: text, attribute, meta,
  asset, endpoint, ...). The engine calls a rule only for touchpoints of its kinds;
- ``check(seen, zone, policy) -> Verdict | None``: ``seen`` is a Touchpoint (from a page,
  or built by ``brandlint lint`` for a string in a file: ``url`` is then the file's path),
  ``zone`` the ``policy.Zone`` it is in, ``policy`` the Policy. Return
  ``verdict.Verdict(ID, suggestion)`` for a violation, else None. Pure: no browser, no
  files, no clock; the shared checks are in ``linter/verdict.py``.

A touchpoint is one violation at most: ``judge`` returns the first verdict in registry
order (built-in rules first, then plugins in the order registered). The built-in rules
never overlap (``tests/test_rule_cases.py`` checks every case against every rule), so
their order does not matter; a plugin that overlaps one is shadowed by it.

Cases as data: every rule has passing and failing cases in ``fixtures/rules/<id>.yml``.
"""
from __future__ import annotations

from types import ModuleType

from ..errors import ConfigError
from ..model import KINDS
from ..verdict import Verdict
from . import legacy_asset, legacy_color, legacy_endpoint, legacy_logo, legacy_text, zone_brand

RULES: tuple[ModuleType, ...] = (legacy_text, zone_brand, legacy_asset, legacy_endpoint, legacy_logo, legacy_color)
_REGISTERED: list[ModuleType] = []
_BY_ID: dict[str, ModuleType] = {}
_ALIASES: dict[str, str] = {}
_BY_KIND: dict[str, tuple[ModuleType, ...]] = {}


def _index() -> None:
    rules = all_rules()
    _BY_ID.clear()
    _BY_ID.update({r.ID: r for r in rules})
    _ALIASES.clear()
    _ALIASES.update({a: r.ID for r in rules for a in r.ALIASES})
    _BY_KIND.clear()
    _BY_KIND.update({k: tuple(r for r in rules if k in r.KINDS) for k in {k for r in rules for k in r.KINDS}})


def _check_shape(module: ModuleType) -> None:
    name = getattr(module, "__name__", repr(module))
    for attr in ("ID", "ALIASES", "KINDS", "check"):
        if not hasattr(module, attr):
            raise ConfigError(f"rule module {name} has no {attr} (see linter/rules/__init__.py)")
    if not (module.__doc__ or "").strip():
        raise ConfigError(f"rule {module.ID} ({name}) has no docstring: it is the rule's documentation")
    unknown = [k for k in module.KINDS if k not in KINDS]
    if unknown:
        raise ConfigError(f"rule {module.ID} judges unknown kind(s) {', '.join(unknown)} (known: {', '.join(KINDS)})")
    taken = {r.ID for r in all_rules()} | set(_ALIASES)
    clash = [i for i in (module.ID, *module.ALIASES) if i in taken]
    if clash:
        raise ConfigError(f"rule {module.ID} ({name}): id or alias already taken: {', '.join(clash)}")


def register(module: ModuleType) -> ModuleType:
    """Add a rule module (the plugin hook): from now on it runs in scan and lint alike.
    Register before loading the policy if the policy's ``[severity]`` names it."""
    _check_shape(module)
    _REGISTERED.append(module)
    _index()
    return module


def unregister(module: ModuleType) -> None:
    """Remove a module ``register`` added (built-in rules stay)."""
    _REGISTERED.remove(module)
    _index()


def all_rules() -> tuple[ModuleType, ...]:
    """Built-in rules, then registered ones, in the order ``judge`` consults them."""
    return RULES + tuple(_REGISTERED)


def judge(seen, zone, policy) -> Verdict | None:
    """The verdict on one touchpoint in its zone: the first rule of its kind that fires."""
    for rule in _BY_KIND.get(seen.kind, ()):
        verdict = rule.check(seen, zone, policy)
        if verdict is not None:
            return verdict
    return None


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


_index()
