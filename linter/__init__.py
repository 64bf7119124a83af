"""brandlint: a UI branding-separation linter.

The public API; everything else is private and may change. The CLI uses only these.
"""
from __future__ import annotations

__version__ = "0.1.0"

from .errors import BrandlintError, ConfigError, UsageError  # noqa: E402
from .matcher import Matcher, Mention  # noqa: E402
from .model import Finding, PageResult, Touchpoint  # noqa: E402
from .policy import Policy, load_policy  # noqa: E402
from .snapshot import Snapshot, load_snapshot  # noqa: E402


def scan(seeds, **options):
    """Render and check pages; returns a Snapshot. See ``linter.scanner.ScanOptions``."""
    from .scanner import scan as _scan
    return _scan(seeds, **options)


__all__ = [
    "BrandlintError", "ConfigError", "Finding", "Matcher", "Mention", "PageResult", "Policy",
    "Snapshot", "Touchpoint", "UsageError", "__version__", "load_policy", "load_snapshot", "scan",
]
