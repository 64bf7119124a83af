"""JUnit XML: one test case per page, one failure per finding, for CI test dashboards.

Built with ElementTree, which escapes markup; characters XML 1.0 cannot carry at all
(most C0 controls, lone surrogates, U+FFFE/FFFF) are stripped first, because no escape
makes them valid. Failed pages are ``<error>``, skipped pages ``<skipped>``.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..history.snapshot import Snapshot
from .common import by_page, figure, is_hidden, label, where
from .figures import coverage

_XML_INVALID = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(value: object) -> str:
    return _XML_INVALID.sub("", "" if value is None else str(value))


def _el(parent, tag: str, text: str | None = None, **attrs) -> ET.Element:
    el = ET.SubElement(parent, tag, {k: clean(v) for k, v in attrs.items()})
    if text is not None:
        el.text = clean(text)
    return el


def _details(f, L) -> str:
    rows = [(L["field.text_seen"], f.matched), (L["field.should_read"], f.suggestion),
            (L["field.where"], where(f) + (f" ({L['hidden']})" if is_hidden(f) else "")),
            (L["field.zone"], label(L, "zone", f.zone)), (L["field.kind"], label(L, "kind", f.kind)),
            (L["field.context"], f.context), (L["field.fingerprint"], f.fingerprint)]
    if f.frame_url:
        rows.append((L["field.frame"], f.frame_url))
    shot = (f.evidence or {}).get("crop") or (f.evidence or {}).get("screenshot")
    if shot:
        rows.append((L["field.screenshot"], shot))
    return "\n".join(f"{k}: {v}" for k, v in rows)


def render(snapshot: Snapshot, *, L, lang, base_dir=None) -> str:
    groups = by_page(snapshot)
    policy = (snapshot.policy or {}).get("name", "")
    suites = ET.Element("testsuites", {"name": clean(f"brandlint {policy}".strip())})
    suite = _el(suites, "testsuite", name=f"{L['junit.suite']}: {policy}",
                timestamp=snapshot.created or "")
    props = _el(suite, "properties")
    s = snapshot.summary()
    for key, value in (("policy", policy), ("policy_hash", (snapshot.policy or {}).get("hash", "")),
                       ("complete", str(bool(snapshot.complete)).lower()),
                       ("touchpoint_compliance", figure(s["touchpoint_compliance"], L, lang)),
                       ("page_compliance", figure(s["page_compliance"], L, lang)),
                       ("coverage", coverage(s["coverage"], L))):
        _el(props, "property", name=key, value=value)
    tests = failures = errors = skipped = 0
    for g in groups:
        page = g.page
        name = page.url if page else L["page.other"]
        case = _el(suite, "testcase", name=name, classname="brandlint.pages",
                   time=f"{(page.elapsed_ms if page else 0) / 1000:.3f}")
        tests += 1
        if page is not None and page.status == "skipped":
            _el(case, "skipped", message=page.error or label(L, "status", page.status))
            skipped += 1
        elif page is not None and page.status != "rendered":
            _el(case, "error", L["msg.page_failed"].format(error=page.error or page.status),
                message=page.error or label(L, "status", page.status), type=page.status)
            errors += 1
        for f in g.findings:
            msg = f"[{f.rule}] " + L["msg.should_read"].format(matched=f.matched, suggestion=f.suggestion)
            _el(case, "failure", _details(f, L), message=msg, type=f.rule)
            failures += 1
    for el in (suites, suite):
        el.set("tests", str(tests))
        el.set("failures", str(failures))
        el.set("errors", str(errors))
    suite.set("skipped", str(skipped))
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"
