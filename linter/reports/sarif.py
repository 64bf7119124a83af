"""SARIF 2.1.0 for code-scanning dashboards and CI annotations.

Pages are not files, so each result's ``artifactLocation.uri`` is the page URL (percent-
encoded where a raw URL would not be a valid URI reference) and its logical location is
the CSS selector. ``partialFingerprints["brandlint/v1"]`` carries our own versioned
fingerprint so SARIF consumers track a finding across scans the way our baselines do.
"""
from __future__ import annotations

import json
import re
from urllib.parse import quote

from ..version import __version__
from ..rules import all_rules
from ..history.snapshot import Snapshot
from .common import label, rule_help

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {"error": "error", "warning": "warning", "note": "note"}
# Characters RFC 3986 allows in a URI reference; anything else is percent-encoded.
_URI_SAFE = ":/?#[]@!$&'()*+,;=%-._~"


def uri(url: str) -> str:
    """``url`` as a valid URI reference; existing ``%XX`` escapes are kept, a stray ``%`` is not."""
    return quote(re.sub(r"%(?![0-9A-Fa-f]{2})", "%25", url), safe=_URI_SAFE)


def _rule_entry(rule_id: str, L, lang: str) -> dict:
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
    }


def _result(f, rule_index: int, L, lang) -> dict:
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
        "level": _LEVELS.get(f.severity, "warning"),
        "message": {"text": L["msg.should_read"].format(matched=f.matched, suggestion=f.suggestion)
                    + f" ({L['field.zone']} {label(L, 'zone', f.zone)})"},
        "locations": [location],
        "properties": props,
    }
    if f.fingerprint:
        result["partialFingerprints"] = {"brandlint/v1": f.fingerprint}
    return result


def build(snapshot: Snapshot, L, lang) -> dict:
    rule_ids = [r.ID for r in all_rules()]
    rule_ids += sorted({f.rule for f in snapshot.findings} - set(rule_ids))
    index = {rid: i for i, rid in enumerate(rule_ids)}
    tool = snapshot.tool or {}
    invocation = {"executionSuccessful": bool(snapshot.complete)}
    if snapshot.created:
        invocation["endTimeUtc"] = snapshot.created
    failures = [
        {"level": "error", "message": {"text": L["msg.page_failed"].format(error=p.error or p.status)},
         "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(p.url)}}}]}
        for p in snapshot.pages if p.status not in ("rendered", "skipped")]
    if failures:
        invocation["toolExecutionNotifications"] = failures
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": tool.get("name") or "brandlint",
                "version": tool.get("version") or __version__,
                "rules": [_rule_entry(rid, L, lang) for rid in rule_ids],
            }},
            "invocations": [invocation],
            "language": lang,
            "results": [_result(f, index[f.rule], L, lang) for f in snapshot.findings],
            "properties": {"policy": snapshot.policy, "summary": snapshot.summary()},
        }],
    }


def render(snapshot: Snapshot, *, L, lang, base_dir=None) -> str:
    return json.dumps(build(snapshot, L, lang), ensure_ascii=False, indent=2) + "\n"
