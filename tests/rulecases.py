"""Run a rule case (fixtures/rules/*.yml) through scan's pure evaluation step and through
``brandlint lint``; findings come back as ``"rule@'matched'->suggestion"`` strings."""
from __future__ import annotations

from html import escape
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from linter.extract import candidates, touchpoints
from linter.findings import evaluate
from linter.lint import lint_source
from linter.matcher import Matcher
from linter.visual.touch import color_touchpoints, logo_touchpoints, text_touchpoints

CASES_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "rules"
PAGE = "https://shop.example/"


def load_cases() -> list[tuple[str, dict]]:
    """(rule id, case) for every case of every rule file, in file order."""
    out = []
    for path in sorted(CASES_DIR.glob("*.yml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            out.append((path.stem, case))
    return out


def collected(case: dict) -> dict:
    """What the in-page collector would have returned for the case's one element ("1")."""
    raw: dict = {}
    if "text" in case:
        raw["runs"] = [{"t": case["text"], "s": [0, 1]}]
    if "attribute" in case:
        raw["attrs"] = [[1, case["attribute"]["name"], case["attribute"]["value"]]]
    if "meta" in case:
        raw["meta"] = [[case["meta"]["name"], case["meta"]["value"]]]
    for kind in ("asset", "endpoint"):
        if kind in case:
            raw[kind + "s"] = [[1, case[kind]["attribute"], case[kind]["url"]]]
    return raw


def described(case: dict) -> dict:
    """The browser's description of element "1": the zone and context its ancestors give it."""
    info = {"selector": "main > p", "landmark": "main", "visible": True, "bbox": [0, 0, 10, 10]}
    if case.get("zone"):
        info["zone"] = case["zone"]
    if case.get("context"):
        info["context"] = case["context"]
    return {"1": info}


def report(findings) -> list[str]:
    return [f"{f.rule}@'{f.matched}'->{f.suggestion}" for f in findings]


def seen(case: dict, matcher: Matcher) -> list:
    """The case's touchpoints, built by the same pure steps a scan uses: ``extract`` for
    what the collector reads, ``visual.touch`` for what the visual step reads."""
    policy, page = matcher.policy, case.get("page", PAGE)
    info = described(case)
    tps = touchpoints(candidates(collected(case), matcher), info, page, policy)
    zone = policy.zone_for_url(page).id
    item = {"key": "1", "box": [0, 0, 200, 100], "kind": "img", "src": "/img/banner.png"}
    if "image-text" in case:
        words = [[w, [10 + 40 * i, 10, 36, 12], 91] for i, w in enumerate(case["image-text"].split())]
        tps += text_touchpoints(item, {"readings": [words]}, info["1"], matcher, page, zone, [])
    if "logo" in case:
        logo = case["logo"]
        result = {"logos": [[logo["brand"], logo["reference"], 0.93, [0, 0, 48, 48]]]}
        names = {b.id: b.name for b in policy.brands.values()}
        tps += logo_touchpoints(item, result, info["1"], page, zone, names)
    if "color" in case:
        entry = {"key": "1", "box": [0, 0, 120, 40], "tag": case["color"].get("tag", "button"),
                 "background": case["color"].get("background"), "color": case["color"].get("text")}
        tps += color_touchpoints([entry], info, policy, page, zone)
    return tps


def scan_findings(case: dict, matcher: Matcher) -> list[str]:
    return report(f for _, f in evaluate(seen(case, matcher), matcher.policy) if f)


def as_template(case: dict) -> tuple[str, str] | None:
    """The case as an HTML template and its path (the page's path words become the file's),
    or None for what lint has no template form for (endpoints: a template cannot say where
    a form really posts)."""
    if "text" in case:
        html = f"<p>{escape(case['text'])}</p>"
    elif "attribute" in case:
        a = case["attribute"]
        html = f'<input type="text" {a["name"]}="{escape(a["value"])}">'
    elif "meta" in case:
        m = case["meta"]
        html = f'<meta property="{m["name"]}" content="{escape(m["value"])}">'
    elif "asset" in case and case["asset"]["attribute"] == "src":
        html = f'<img src="{escape(case["asset"]["url"])}">'
    else:
        return None
    if case.get("zone"):
        html = f'<div data-brand-zone="{case["zone"]}">{html}</div>'
    if case.get("context"):
        html = f'<div data-brand-context="{case["context"]}">{html}</div>'
    path = urlsplit(case.get("page", PAGE)).path.strip("/") or "index"
    return html, f"templates/{path}.html"


def lint_findings(case: dict, matcher: Matcher) -> list[str] | None:
    template = as_template(case)
    if template is None:
        return None
    result = lint_source(*template, matcher.policy)
    assert not result.errors, result.errors
    return report(result.findings)
