"""Snapshots written before issue 11 (one engine, one output stack) read, fingerprint, gate
and print the same after it.

``fixtures/history/shop-before-issue-11.json`` is a real scan of the fixture shop written by
commit edf6f63, the last one before the issue's changes (``scan fixtures/sites/shop -q --out``).
It is a record of the old format, never regenerated: a test that recreated it would prove
nothing.
"""
from __future__ import annotations

import copy
import json

import pytest

from conftest import FIXTURES, ROOT
from linter.fingerprint import assign_fingerprints
from linter.history.baseline import create, gate, load_baseline
from linter.history.snapshot import load_snapshot
from linter.reports import render

OLD = FIXTURES / "history" / "shop-before-issue-11.json"
BASELINE = ROOT / "baselines" / "shop.json"


@pytest.fixture(scope="module")
def old_data():
    return json.loads(OLD.read_text(encoding="utf-8"))


def _subset(old: dict, new: dict) -> dict:
    """The old record's keys whose value changed or went missing after a round trip."""
    return {k: (v, new.get(k, "<missing>")) for k, v in old.items() if new.get(k, "<missing>") != v}


def test_an_old_snapshot_reads_back_with_every_field_it_had(old_data):
    snap = load_snapshot(OLD)
    again = snap.to_dict()
    assert [_subset(o, n) for o, n in zip(old_data["pages"], again["pages"])] == [{}] * len(old_data["pages"])
    assert [_subset(o, n) for o, n in zip(old_data["findings"], again["findings"])] == [{}] * 44
    assert snap.summary() == old_data["summary"]


def test_old_findings_get_the_same_fingerprints_again():
    snap = load_snapshot(OLD)
    findings = copy.deepcopy(snap.findings)
    for f in findings:
        f.fingerprint = ""
    for url in dict.fromkeys(f.url for f in findings):   # per page, in document order, as a scan does
        assign_fingerprints([f for f in findings if f.url == url], tuple(snap.options.get("routes") or ()))
    assert [f.fingerprint for f in findings] == [f.fingerprint for f in snap.findings]


def test_the_committed_shop_baseline_gates_the_old_snapshot_exactly():
    """The shop gained three cases only pixels show after this snapshot (issue 14: a banner,
    a canvas card, a pay button's colour): to the old snapshot they are fixed, and the rest
    of the baseline is exactly what the old snapshot creates."""
    snap = load_snapshot(OLD)
    baseline = load_baseline(BASELINE)
    result = gate(baseline, snap)
    assert result.passed and not result.new and not result.unverified
    assert len(result.absorbed) == 44 and {m.via for m in result.absorbed} == {"exact"}
    assert sorted((e.page, e.rule, e.landmark) for e in result.fixed) == [
        ("localhost/", "brand.legacy-text", "main>section>img"),
        ("localhost/payment/", "brand.legacy-color", "main>button"),
        ("localhost/product/{id}/", "brand.legacy-text", "canvas#qr-card")]
    fixed = {e.fingerprint for e in result.fixed}
    assert create(snap).entries == [e for e in baseline.entries if e.fingerprint not in fixed]


def test_the_old_snapshot_prints_its_figures():
    out = render(load_snapshot(OLD), "text")
    assert "Touchpoint compliance: 63.3% (76/120)" in out and "Page compliance: 11.1% (1/9)" in out
    assert "Coverage: 9 attempted, 9 rendered, 0 failed, 3 skipped" in out
