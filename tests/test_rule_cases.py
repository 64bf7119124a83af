"""Rule cases as data (fixtures/rules/<rule id>.yml), no browser: ``pytest -k brand.legacy-text``.

Each case runs through the scan's pure evaluation step (collector output -> touchpoints ->
rules -> findings) and, where a template can say the same thing, through ``brandlint
lint``: one registry, one verdict, in both commands.
"""
from __future__ import annotations

import pytest

from linter.findings import evaluate
from linter.matcher import Matcher
from linter.policy import load_policy
from linter.extract import candidates, touchpoints
from linter.rules import RULES, get_rule
from rulecases import as_template, collected, described, lint_findings, load_cases, scan_findings, seen

MATCHER = Matcher(load_policy("permendag31"))
CASES = load_cases()
IDS = [f"{rule}/{case['name']}" for rule, case in CASES]


@pytest.mark.parametrize("rule,case", CASES, ids=IDS)
def test_scan(rule, case):
    assert scan_findings(case, MATCHER) == case["report"]


TEMPLATED = [(i, rc) for i, rc in zip(IDS, CASES) if as_template(rc[1]) is not None]


@pytest.mark.parametrize("rule,case", [rc for _, rc in TEMPLATED], ids=[i for i, _ in TEMPLATED])
def test_lint_agrees(rule, case):
    """Text, attribute, meta and asset cases as a template: lint reports what the scan reports."""
    assert lint_findings(case, MATCHER) == case["report"]


@pytest.mark.parametrize("rule,case", CASES, ids=IDS)
def test_built_in_rules_never_overlap(rule, case):
    """At most one built-in rule fires on a touchpoint, so their order cannot matter."""
    policy = MATCHER.policy
    for tp in seen(case, MATCHER):
        zone = policy.zones[tp.zone]
        fired = [r.ID for r in RULES if tp.kind in r.KINDS and r.check(tp, zone, policy)]
        assert len(fired) <= 1, fired


@pytest.mark.parametrize("module", RULES, ids=[r.ID for r in RULES])
def test_every_rule_has_passing_and_failing_cases_and_a_documented_shape(module):
    mine = [case for rule, case in CASES if rule == module.ID]
    assert any(not c["report"] for c in mine), "no passing case"
    assert any(r.startswith(module.ID + "@") for c in mine for r in c["report"]), "no failing case"
    doc = module.__doc__ or ""
    assert "Passes:" in doc and "Fails:" in doc and "Options:" in doc
    assert get_rule(module.ID) is module and all(get_rule(a) is module for a in module.ALIASES)


def test_every_case_file_names_a_rule():
    assert {rule for rule, _ in CASES} == {r.ID for r in RULES}


def test_evaluate_pairs_every_touchpoint_in_order():
    case = {"text": "TikTok, TikTok Shop dan TikTok"}
    tps = touchpoints(candidates(collected(case), MATCHER), described(case), "https://shop.example/", MATCHER.policy)
    pairs = evaluate(tps, MATCHER.policy)
    assert [tp.matched for tp, _ in pairs] == ["TikTok", "TikTok Shop", "TikTok"]
    assert [bool(f) for _, f in pairs] == [True, False, True]
    first, second = pairs[0][1], pairs[2][1]
    assert first.fingerprint != second.fingerprint  # same text, another occurrence
