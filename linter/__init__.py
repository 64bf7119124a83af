"""brandlint: a UI branding-separation linter.

The public API; everything else is private and may change. The CLI uses only these.

Names load on first use (PEP 562 ``__getattr__``): ``python -m linter lint`` imports this
package first, and a pre-commit hook must not pay for the snapshot, baseline and scan
modules it never touches. ``from linter import Policy`` works as before.
"""
from __future__ import annotations

import importlib

from .version import __version__  # noqa: F401 (re-exported)
from .errors import BrandlintError, ConfigError, UsageError  # noqa: E402

_LAZY = {  # public name -> the module that defines it
    "Matcher": "matcher", "Mention": "matcher",
    "Finding": "model", "PageResult": "model", "Touchpoint": "model",
    "ScanOptions": "options",
    "Policy": "policy", "load_policy": "policy",
    "Snapshot": "history.snapshot", "load_snapshot": "history.snapshot",
    "Baseline": "history.baseline", "GateResult": "history.baseline", "gate": "history.baseline",
    "load_baseline": "history.baseline",
    "LintFinding": "lint", "LintResult": "lint", "lint_paths": "lint",
}


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module 'linter' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    globals()[name] = value  # once: later look-ups do not come here
    return value


def __dir__():
    return sorted(set(globals()) | set(_LAZY))


def scan(seeds, policy=None, **options):
    """Render and check pages; returns a Snapshot. ``policy`` is a Policy, a preset name,
    a TOML path or None (nearest config); options are ``ScanOptions`` fields as keywords, or
    ``options=ScanOptions(...)``; ``on_page``/``on_progress`` callbacks as in ``scanner.scan``.
    A bad option value is a ``UsageError`` naming the option, exactly as ``brandlint scan``
    reports it."""
    from .scanner import scan as _scan
    return _scan(seeds, policy, **options)


def lint_text(text: str, path: str = "strings.json", policy=None):
    """Lint UI strings held in memory as if they were the file ``path`` (its extension picks
    the format, its words the zone). Returns the list of ``LintFinding``; raises
    ``UsageError`` for an unknown format or text that does not parse (with its location)."""
    from .lint.check import lint_text as _lint_text
    from .lint.formats import format_of
    from .matcher import Matcher
    from .policy import Policy, load_policy
    fmt = format_of(path)
    if fmt is None:
        raise UsageError(f"{path}: not a catalog or template format brandlint reads")
    if not isinstance(policy, Policy):
        policy = load_policy(policy)
    result = _lint_text(text, path, fmt, Matcher(policy))
    if result.error is not None:
        raise UsageError(str(result.error))
    return result.findings


__all__ = [
    "Baseline", "BrandlintError", "ConfigError", "Finding", "GateResult", "LintFinding", "LintResult",
    "Matcher", "Mention", "PageResult", "Policy", "ScanOptions", "Snapshot", "Touchpoint", "UsageError", "__version__",
    "gate", "lint_paths", "lint_text", "load_baseline", "load_policy", "load_snapshot", "scan",
]
