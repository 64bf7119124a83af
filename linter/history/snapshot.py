"""The snapshot: one scan's pages, findings (violations only) and summary, as JSON.

Snapshots are records of a moment (they carry ``created``); baselines, which are meant for
git, are derived from them without any volatile field.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..version import __version__
from ..errors import UsageError
from ..model import Finding, PageResult, PageStatus

SCHEMA = "brandlint.snapshot/1"


def ratio(num: int, den: int) -> float | None:
    """``num / den`` to four decimals; rounding never reaches 1.0 (or 0.0) unless the
    figure is exactly that, so the JSON agrees with the truncated percentages printed."""
    if not den:
        return None
    value = round(num / den, 4)
    if value == 1.0 and num != den:
        return 0.9999
    return 0.0001 if value == 0.0 and num else value


@dataclass
class Snapshot:
    policy: dict[str, str]
    pages: list[PageResult] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    created: str = ""
    complete: bool = True
    seeds: list[str] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)
    tool: dict[str, str] = field(default_factory=lambda: {"name": "brandlint", "version": __version__})

    def summary(self) -> dict[str, Any]:
        attempted = [p for p in self.pages if p.status != PageStatus.SKIPPED]
        rendered = [p for p in self.pages if p.status == PageStatus.RENDERED]
        failed = [p for p in attempted if p.status != PageStatus.RENDERED]
        touch = sum(p.touchpoints for p in rendered)
        compliant = sum(p.compliant for p in rendered)
        clean = sum(1 for p in rendered if p.violations == 0)
        by_rule: dict[str, int] = {}
        for f in self.findings:
            by_rule[f.rule] = by_rule.get(f.rule, 0) + 1
        # No touchpoint on pages that did render means nothing is non-compliant: 100%, not
        # "unknown". Only a scan that rendered nothing has no figure at all.
        t_ratio = ratio(compliant, touch) if touch else (1.0 if rendered else None)
        return {
            "touchpoint_compliance": {"compliant": compliant, "total": touch, "ratio": t_ratio},
            "page_compliance": {"compliant": clean, "total": len(rendered), "ratio": ratio(clean, len(rendered))},
            "coverage": {"attempted": len(attempted), "rendered": len(rendered), "failed": len(failed),
                         "skipped": len(self.pages) - len(attempted)},
            "violations": len(self.findings),
            "by_rule": dict(sorted(by_rule.items())),
            "by_severity": {s: sum(1 for f in self.findings if f.severity == s)
                            for s in ("error", "warning", "note")},
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "tool": self.tool,
            "policy": self.policy,
            "created": self.created or now_iso(),
            "complete": self.complete,
            "seeds": self.seeds,
            "options": self.options,
            "pages": [p.to_dict() for p in self.pages],
            "findings": [f.to_dict() for f in self.findings],
            "summary": self.summary(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Snapshot":
        return cls(policy=data.get("policy", {}), created=data.get("created", ""),
                   complete=data.get("complete", True), seeds=data.get("seeds", []),
                   options=data.get("options", {}), tool=data.get("tool", {}),
                   pages=[PageResult.from_dict(p) for p in data.get("pages", [])],
                   findings=[Finding.from_dict(f) for f in data.get("findings", [])])

    def write(self, path: str | Path) -> None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        tmp.replace(path)


def now_iso() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def read_json(path: Path, what: str):
    """A JSON file's data, or a UsageError naming the file (and line) and what it should be."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"{path}: cannot read {what}: {exc.strerror}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        where = f"{path}:{line}" if line else str(path)
        raise UsageError(f"{where}: not a JSON {what}: {getattr(exc, 'msg', exc)}") from None


def load_snapshot(path: str | Path) -> Snapshot:
    path = Path(path)
    data = read_json(path, "snapshot")
    if not isinstance(data, dict) or not str(data.get("schema", "")).startswith("brandlint.snapshot/"):
        raise UsageError(f"{path}: not a brandlint snapshot (no 'schema': '{SCHEMA}')")
    try:
        return Snapshot.from_dict(data)
    except (ValueError, TypeError) as exc:   # a page status no brandlint writes, a wrong shape
        raise UsageError(f"{path}: not a brandlint snapshot: {exc}") from None
