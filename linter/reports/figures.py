"""The one way a figure is printed: ``99.9% (2499/2500)``, in every report, ``progress`` and ``diff``.

Percentages are truncated to one decimal, never rounded, with integer arithmetic: only
``num == den`` can read 100%, so one violation left in 2,500 touchpoints shows as 99.9%
and not as a finished migration. Indonesian uses a decimal comma. A figure always carries
its numerator and denominator, because a bare percentage is what made the 2024 "90% done /
13% not compliant" claims impossible to reconcile.
"""
from __future__ import annotations

from .i18n import LANGS

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (3 ms of a lint's start-up)
if TYPE_CHECKING:
    from typing import Any


def _na(lang: str) -> str:
    return LANGS.get(lang, LANGS["en"])["fig.not_applicable"]


def tenths(num: int, den: int) -> int:
    """``num / den`` in tenths of a percent, truncated (``2499, 2500`` -> ``999``)."""
    return num * 1000 // den


def pct(num: int, den: int, lang: str = "en", ratio: float | None = None) -> str:
    """The bare percentage (``99.9%``); ``n/a`` when there is no denominator.

    ``ratio`` is the summary's own value for a zero denominator: a scan that rendered
    pages without a single brand mention is 100% compliant, not unknown.
    """
    if den:
        value = tenths(num, den)
    elif ratio is not None:
        value = round(ratio * 1000)
    else:
        return _na(lang)
    text = f"{value // 10}.{value % 10}%"
    return text.replace(".", ",") if lang == "id" else text


def percent(num: int, den: int, lang: str = "en", ratio: float | None = None) -> str:
    """``87.5% (35/40)``: the percentage with its numerator and denominator."""
    return f"{pct(num, den, lang, ratio)} ({num}/{den})"


def figure(part: dict[str, Any], lang: str = "en") -> str:
    """``percent`` of a ``{compliant, total, ratio}`` summary entry."""
    if part.get("ratio") is None:
        return f"{_na(lang)} ({part.get('compliant', 0)}/{part.get('total', 0)})"
    return percent(part.get("compliant", 0), part.get("total", 0), lang, part.get("ratio"))


def bar_width(part: dict[str, Any]) -> float:
    """The width (0-100) of a figure's bar, truncated like its text."""
    if part.get("ratio") is None:
        return 0.0
    total = part.get("total", 0)
    return tenths(part.get("compliant", 0), total) / 10 if total else round(part["ratio"] * 100, 1)


def coverage(cov: dict[str, int], L: dict[str, str]) -> str:
    """``3 attempted, 2 rendered, 1 failed, 0 skipped`` in the report language."""
    return L["cov.line"].format(**cov)
