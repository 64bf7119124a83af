"""SARIF 2.1.0 for code-scanning dashboards: the one SARIF writer, for ``scan`` and ``lint``.

Both share the rule table (every registered rule, then any other id seen), the levels
(``error``/``warning``/``note``; anything else ``warning``, SARIF's own default) and the
fingerprint key ``brandlint/v1``. Scan results carry the snapshot's versioned fingerprint;
lint results ``source_fingerprint`` (no line numbers, so moving lines keeps identity).

Pages are not files, so a scan result's ``artifactLocation.uri`` is the page URL (percent-
encoded where a raw URL would not be a valid URI reference) and its logical location is
the CSS selector. Lint columns count Unicode code points (``columnKind``), as its findings
do. A file lint could not read is a result too (rule ``brandlint.file-error``), not only a
tool notification, because code scanning shows results on the file and hides notifications.
Strings stay verbatim: SARIF is a machine format and JSON escapes every control character.
"""
from __future__ import annotations

import json
import re
from urllib.parse import quote

from ..fingerprint import source_fingerprint
from ..history.snapshot import Snapshot
from ..rules import all_rules
from ..version import __version__
from .common import FILE_ERROR, failed, figure, label, lint_message, rule_help
from .figures import coverage

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFO_URI = "https://github.com/brandlint/brandlint/blob/main/docs/lint.md"
FINGERPRINT = "brandlint/v1"
_LEVELS = {"error": "error", "warning": "warning", "note": "note"}
# Characters RFC 3986 allows in a URI reference; anything else is percent-encoded.
_URI_SAFE = ":/?#[]@!$&'()*+,;=%-._~"


def level(severity: str) -> str:
    return _LEVELS.get(severity, "warning")


def uri(url: str) -> str:
    """``url`` as a valid URI reference; existing ``%XX`` escapes are kept, a stray ``%`` is not."""
    return quote(re.sub(r"%(?![0-9A-Fa-f]{2})", "%25", url), safe=_URI_SAFE)


def _rule_entry(rule_id: str, L, lang: str) -> dict:
    if rule_id == FILE_ERROR:
        return {"id": FILE_ERROR, "name": "FileError",
                "shortDescription": {"text": "A file could not be read or parsed, so its strings were not checked."},
                "help": {"text": "Fix the syntax or encoding error at the reported position; the file was not linted."},
                "helpUri": INFO_URI, "defaultConfiguration": {"level": "error"}}
    short = rule_help(rule_id, L)
    full = short
    module = next((r for r in all_rules() if r.ID == rule_id), None)
    if module is not None and lang == "en":
        full = (module.__doc__ or short).strip()   # English: the rule's whole docstring
    return {
        "id": rule_id,
        "name": "".join(w.capitalize() for w in rule_id.replace(".", "-").split("-")),
        "shortDescription": {"text": short},
        "fullDescription": {"text": full},
        "help": {"text": full},
        "helpUri": INFO_URI,
    }


def _rule_ids(seen: set[str]) -> list[str]:
    ids = [r.ID for r in all_rules()]
    return ids + sorted(seen - set(ids))


def _document(rule_ids: list[str], results: list[dict], invocation: dict, L, lang: str,
              tool: dict | None = None, **run) -> dict:
    tool = tool or {}
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": tool.get("name") or "brandlint",
                "version": tool.get("version") or __version__,
                "informationUri": INFO_URI,
                "rules": [_rule_entry(rid, L, lang) for rid in rule_ids],
            }},
            "invocations": [invocation],
            "results": results,
            **run,
        }],
    }


def _result(f, rule_index: int, L) -> dict:
    location: dict = {"physicalLocation": {"artifactLocation": {"uri": uri(f.url)}}}
    if f.selector:
        location["logicalLocations"] = [{"fullyQualifiedName": f.selector, "kind": "element"}]
    props = {"zone": f.zone, "kind": f.kind, "matched": f.matched, "suggestion": f.suggestion,
             "context": f.context, "visible": f.visible}
    for key in ("attribute", "frame_url", "brand", "bbox"):
        if getattr(f, key) is not None:
            props[key] = getattr(f, key)
    if f.evidence:
        props["evidence"] = f.evidence
    result = {
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": level(f.severity),
        "message": {"text": L["msg.should_read"].format(matched=f.matched, suggestion=f.suggestion)
                    + f" ({L['field.zone']} {label(L, 'zone', f.zone)})"},
        "locations": [location],
        "properties": props,
    }
    if f.fingerprint:
        result["partialFingerprints"] = {FINGERPRINT: f.fingerprint}
    return result


def build(snapshot: Snapshot, L, lang) -> dict:
    rule_ids = _rule_ids({f.rule for f in snapshot.findings})
    index = {rid: i for i, rid in enumerate(rule_ids)}
    invocation = {"executionSuccessful": bool(snapshot.complete)}
    if snapshot.created:
        invocation["endTimeUtc"] = snapshot.created
    failures = [
        {"level": "error", "message": {"text": L["msg.page_failed"].format(error=p.error or p.status)},
         "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(p.url)}}}]}
        for p in snapshot.pages if failed(p)]
    if failures:
        invocation["toolExecutionNotifications"] = failures
    results = [_result(f, index[f.rule], L) for f in snapshot.findings]
    s = snapshot.summary()
    printed = {key: figure(s[key], L, lang) for key in ("touchpoint_compliance", "page_compliance")}
    printed["coverage"] = coverage(s["coverage"], L)
    return _document(rule_ids, results, invocation, L, lang, snapshot.tool, language=lang,
                     properties={"policy": snapshot.policy, "summary": s, "figures": printed})


def render(snapshot: Snapshot, *, L, lang, base_dir=None) -> str:
    return json.dumps(build(snapshot, L, lang), ensure_ascii=False, indent=2) + "\n"


# --- lint -------------------------------------------------------------------------------------

def _lint_result(f, rule_index: int, message: str) -> dict:
    return {
        "ruleId": f.rule, "ruleIndex": rule_index, "level": level(f.severity),
        "message": {"text": message},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": f.file, "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": f.line, "startColumn": f.column,
                       "endLine": f.end_line, "endColumn": f.end_column,
                       "snippet": {"text": f.matched}}}}],
        "partialFingerprints": {FINGERPRINT: source_fingerprint(f.rule, f.file, f.key or "", f.context, f.matched)},
        "properties": {"zone": f.zone, "key": f.key, "suggestion": f.suggestion, "kind": f.kind},
    }


def _error_result(e, rule_index: int) -> dict:
    region = {}
    if e.line:
        region["startLine"] = e.line
        if e.column:
            region["startColumn"] = e.column
    loc: dict = {"artifactLocation": {"uri": e.file, "uriBaseId": "%SRCROOT%"}}
    if region:
        loc["region"] = region
    return {"ruleId": FILE_ERROR, "ruleIndex": rule_index, "level": "error",
            "message": {"text": e.message}, "locations": [{"physicalLocation": loc}],
            "partialFingerprints": {FINGERPRINT: source_fingerprint(FILE_ERROR, e.file, e.message)}}


def build_lint(result, L, lang: str = "en") -> dict:
    """The SARIF document of a ``LintResult``."""
    rule_ids = _rule_ids({f.rule for f in result.findings}) + ([FILE_ERROR] if result.errors else [])
    index = {rid: i for i, rid in enumerate(rule_ids)}
    results = [_lint_result(f, index[f.rule], lint_message(f, L)) for f in result.findings]
    results += [_error_result(e, index[FILE_ERROR]) for e in result.errors]
    invocation = {
        "executionSuccessful": not result.errors, "exitCode": result.exit_code,
        "toolExecutionNotifications": [
            {"level": "error", "message": {"text": f"{e.file}: {e.message}"}} for e in result.errors],
    }
    return _document(rule_ids, results, invocation, L, lang, columnKind="unicodeCodePoints",
                     originalUriBaseIds={"%SRCROOT%": {"description": {"text": "The folder brandlint ran in."}}})


def render_lint(result, L, lang: str = "en") -> str:
    return json.dumps(build_lint(result, L, lang), ensure_ascii=False, indent=2) + "\n"
