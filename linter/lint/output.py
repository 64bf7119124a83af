"""Render a LintResult as text, JSON, SARIF 2.1.0 or GitHub workflow commands.

SARIF columns count Unicode code points (``columnKind``), as the findings do. A file that
could not be linted is a SARIF result too (rule ``brandlint.file-error``), not only a
tool notification, because code scanning shows results on the file and hides notifications.
"""
from __future__ import annotations

import hashlib
import json

from ..version import __version__
from .records import SKIP_UNKNOWN, LintResult

FILE_ERROR = "brandlint.file-error"
_LEVEL = {"error": "error", "warning": "warning", "note": "note"}
INFO_URI = "https://github.com/brandlint/brandlint/blob/main/docs/lint.md"


def render(result: LintResult, fmt: str) -> str:
    return {"text": text, "json": as_json, "sarif": sarif, "github": github}[fmt](result)


def text(result: LintResult) -> str:
    lines = []
    for e in result.errors:
        lines.append(f"{_where(e.file, e.line, e.column)}: error: {e.message}")
    shown = result.strict_skips if result.strict else [s for s in result.skipped if s.reason == SKIP_UNKNOWN]
    for s in shown:
        lines.append(f"{s.file}: skipped: {s.message}")
    for f in result.findings:
        lines.append(f"{f.file}:{f.line}:{f.column}: {f.rule}: {f.message}")
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"


def summary_line(result: LintResult) -> str:
    """Violations, then every considered file's outcome: linted, skipped, error."""
    n = len(result.findings)
    out = (f"{n} violation{'s' if n != 1 else ''} in {result.strings} strings "
           f"of {result.files} file{'s' if result.files != 1 else ''}")
    if result.errors:
        out += f"; {len(result.errors)} file{'s' if len(result.errors) != 1 else ''} could not be linted"
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


def _where(file: str, line: int | None, column: int | None) -> str:
    out = file
    if line:
        out += f":{line}"
        if column:
            out += f":{column}"
    return out


def as_json(result: LintResult) -> str:
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


def _fingerprint(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:32]


def sarif(result: LintResult) -> str:
    from ..rules import describe

    rule_ids = sorted({f.rule for f in result.findings})
    rules = [{
        "id": rid,
        "name": rid.split(".")[-1],
        "shortDescription": {"text": describe(rid)},
        "fullDescription": {"text": describe(rid)},
        "help": {"text": describe(rid), "markdown": describe(rid)},
        "helpUri": INFO_URI,
    } for rid in rule_ids]
    if result.errors:
        rule_ids.append(FILE_ERROR)
        rules.append({"id": FILE_ERROR, "name": "file-error",
                      "shortDescription": {"text": "A file could not be read or parsed, so its strings were not checked."},
                      "help": {"text": "Fix the syntax or encoding error at the reported position; the file was not linted."},
                      "defaultConfiguration": {"level": "error"}})
    index = {rid: i for i, rid in enumerate(rule_ids)}
    results = []
    for f in result.findings:
        results.append({
            "ruleId": f.rule, "ruleIndex": index[f.rule], "level": _LEVEL.get(f.severity, "error"),
            "message": {"text": f.message},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": f.file, "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": f.line, "startColumn": f.column,
                           "endLine": f.end_line, "endColumn": f.end_column,
                           "snippet": {"text": f.matched}}}}],
            "partialFingerprints": {
                # line numbers stay out: a finding keeps its identity when lines move
                "brandlintFinding/v1": _fingerprint(f.rule, f.file, f.key or "", f.context, f.matched)},
            "properties": {"zone": f.zone, "key": f.key, "suggestion": f.suggestion, "kind": f.kind},
        })
    for e in result.errors:
        region = {}
        if e.line:
            region["startLine"] = e.line
            if e.column:
                region["startColumn"] = e.column
        loc = {"artifactLocation": {"uri": e.file, "uriBaseId": "%SRCROOT%"}}
        if region:
            loc["region"] = region
        results.append({"ruleId": FILE_ERROR, "ruleIndex": index[FILE_ERROR], "level": "error",
                        "message": {"text": e.message}, "locations": [{"physicalLocation": loc}],
                        "partialFingerprints": {"brandlintFinding/v1": _fingerprint(FILE_ERROR, e.file, e.message)}})
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "brandlint", "version": __version__,
                                "informationUri": INFO_URI, "rules": rules}},
            "columnKind": "unicodeCodePoints",
            "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "The folder brandlint ran in."}}},
            "invocations": [{
                "executionSuccessful": not result.errors,
                "exitCode": result.exit_code,
                "toolExecutionNotifications": [
                    {"level": "error", "message": {"text": f"{e.file}: {e.message}"}} for e in result.errors],
            }],
            "results": results,
        }],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_prop(s: str) -> str:
    return _escape_data(s).replace(":", "%3A").replace(",", "%2C")


def github(result: LintResult) -> str:
    lines = []
    for e in result.errors:
        loc = f"file={_escape_prop(e.file)}"
        if e.line:
            loc += f",line={e.line}" + (f",col={e.column}" if e.column else "")
        lines.append(f"::error {loc},title={FILE_ERROR}::{_escape_data(e.message)}")
    for f in result.findings:
        level = {"error": "error", "warning": "warning"}.get(f.severity, "notice")
        lines.append(f"::{level} file={_escape_prop(f.file)},line={f.line},col={f.column},"
                     f"endLine={f.end_line},endColumn={f.end_column},title={_escape_prop(f.rule)}"
                     f"::{_escape_data(f.message)}")
    return "\n".join(lines) + ("\n" if lines else "")
