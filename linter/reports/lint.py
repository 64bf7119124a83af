"""``brandlint lint`` output: a LintResult as text, JSON, SARIF or GitHub annotations.

Text and JSON (with the files skipped and why) are written here; SARIF and GitHub by the same writers ``scan`` uses
(``sarif.render_lint``, ``github.render_lint``), so both commands share levels,
fingerprint keys and escaping. The text format shows control characters of a catalog as
visible escapes (``visible()``), like every human-readable report.
"""
from __future__ import annotations

import json

from ..lint.records import SKIP_UNKNOWN
from ..version import __version__
from .common import lint_message, visible
from .i18n import labels

FORMATS = ("text", "json", "sarif", "github")


def render(result, fmt: str, lang: str = "en") -> str:
    L = labels(lang)
    if fmt == "sarif":
        from .sarif import render_lint
        return render_lint(result, L, lang)
    if fmt == "github":
        from .github import render_lint
        return render_lint(result, L, lang)
    return {"text": text, "json": as_json}[fmt](result, L)


def _where(file: str, line: int | None, column: int | None) -> str:
    out = visible(file)
    if line:
        out += f":{line}"
        if column:
            out += f":{column}"
    return out


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def text(result, L) -> str:
    lines = [f"{_where(e.file, e.line, e.column)}: error: {visible(e.message)}" for e in result.errors]
    shown = result.strict_skips if result.strict else [s for s in result.skipped if s.reason == SKIP_UNKNOWN]
    lines += [f"{visible(s.file)}: skipped: {visible(s.message)}" for s in shown]
    lines += [f"{visible(f.file)}:{f.line}:{f.column}: {f.rule}: {visible(lint_message(f, L))}"
              for f in result.findings]
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"


def summary_line(result) -> str:
    """Violations, then every considered file's outcome: linted, skipped, error."""
    out = f"{_plural(len(result.findings), 'violation')} in {result.strings} strings of {_plural(result.files, 'file')}"
    if result.errors:
        out += f"; {_plural(len(result.errors), 'file')} could not be linted"
    if result.suppressed:
        out += f"; {result.suppressed} suppressed"
    linted = result.files - len(result.errors)
    out += f" (linted {linted}, skipped {len(result.skipped)}, errors {len(result.errors)}"
    if result.prefiltered:
        out += f"; {result.prefiltered} without a possible mention, not parsed"
    out += ")"
    if result.strict and result.strict_skips and not result.errors:
        out += "; --strict: skipped files fail the run"
    return out


def as_json(result, L=None) -> str:
    data = {
        "tool": {"name": "brandlint", "version": __version__},
        "findings": [f.to_dict() for f in result.findings],
        "errors": [e.to_dict() for e in result.errors],
        "skipped": [s.to_dict() for s in result.skipped],
        "summary": {"files": result.files, "strings": result.strings,
                    "violations": len(result.findings), "errors": len(result.errors),
                    "linted": result.files - len(result.errors), "skipped": len(result.skipped),
                    "prefiltered": result.prefiltered, "strict": result.strict,
                    "suppressed": result.suppressed, "exit_code": result.exit_code},
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
