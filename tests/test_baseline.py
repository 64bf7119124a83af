"""Baseline model and gate: fingerprints survive restyling, the gate is one-to-one, the ratchet
only shrinks. Snapshots are built from the model dataclasses, the way a scan builds them
(fingerprints assigned per page, in document order)."""
from __future__ import annotations

import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.history.baseline import Baseline, create, gate, load_baseline, update
from linter.reports.gate import text as format_gate
from linter.errors import UsageError
from linter.fingerprint import assign_fingerprints
from linter.model import PageResult
from builders import CHECKOUT, HOME, finding, snapshot, storefront
from linter.history.snapshot import Snapshot

def fps(snap: Snapshot) -> list[str]:
    return [f.fingerprint for f in snap.findings]


# --- fingerprints -----------------------------------------------------------------------------

def test_reordered_and_restyled_page_keeps_its_fingerprints():
    spec = [("Belanja di TikTok", "header/nav"), ("Promo TikTok", "main/#promo"),
            ("Promo TikTok", "main/#promo"), ("TikTok Live", "footer")]
    before = [finding(HOME, c, lm, selector=f"div.css-1ab2c3 > span:nth-child({i})")
              for i, (c, lm) in enumerate(spec)]
    after = [finding(HOME.replace("8123", "9999"), c, lm, selector=f"section.Hero_x9f > p.{i}")
             for i, (c, lm) in enumerate(reversed(spec))]
    assign_fingerprints(before)
    assign_fingerprints(after)
    assert sorted(f.fingerprint for f in before) == sorted(f.fingerprint for f in after)
    assert len({f.fingerprint for f in before}) == 4  # the two identical promos differ by index


def test_changed_text_changes_the_fingerprint():
    a, b = [finding(HOME, "Promo TikTok", "main")], [finding(HOME, "Promo TikTok minggu ini", "main")]
    assign_fingerprints(a)
    assign_fingerprints(b)
    assert a[0].fingerprint != b[0].fingerprint


# --- the file ---------------------------------------------------------------------------------

def test_baseline_file_is_deterministic_sorted_one_entry_a_line(tmp_path):
    snap = storefront()
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    create(snap).save(first)
    shuffled = storefront()
    random.Random(4).shuffle(shuffled.findings)
    shuffled.created = "2031-01-01T00:00:00Z"
    create(shuffled).save(second)
    assert first.read_bytes() == second.read_bytes()

    text = first.read_text(encoding="utf-8")
    assert "created" not in text and "2024" not in text and "total" not in text
    lines = text.splitlines()
    start, end = lines.index('  "entries": [') + 1, lines.index("  ],")
    entries = [json.loads(line.rstrip(",")) for line in lines[start:end]]
    assert len(entries) == 3 and entries == sorted(entries, key=lambda e: (e["page"], e["rule"], e["landmark"]))
    assert all(list(e) == sorted(e) for e in entries)
    assert {e["page"] for e in entries} == {"localhost/", "localhost/checkout/"}
    assert json.loads(text)["schema"] == "brandlint.baseline/1"


def test_baseline_round_trips_through_the_file(tmp_path):
    snap = storefront()
    snap.findings.append(finding(HOME, "Ikuti \"TikTok\" ✓", "footer"))
    assign_fingerprints([f for f in snap.findings if f.url == HOME])
    b = update(create(storefront()), snap, accept_new=True, reason="Footer: social, ticket #12")[0]
    assert b.accepted and b.total == 4
    path = tmp_path / "b.json"
    b.save(path)
    loaded = load_baseline(path)
    assert loaded == b and loaded.dumps() == b.dumps()


@pytest.mark.parametrize("text, message", [
    ("{\n  \"schema\": ", ":2: not a JSON baseline"),
    ('{"schema": "brandlint.snapshot/1"}', "not a brandlint baseline"),
    ('{"schema": "brandlint.baseline/1", "entries": [{"count": 0, "fingerprint": "v1:a", "landmark": "",'
     ' "page": "p", "rule": "r", "text": "t"}]}', "entries[0]: 'count' must be a positive integer"),
    ('{"schema": "brandlint.baseline/1", "entries": [{"count": 1}]}', "entries[0]: missing fingerprint"),
])
def test_broken_baseline_files_are_named_and_located(tmp_path, text, message):
    path = tmp_path / "broken.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UsageError) as err:
        load_baseline(path)
    assert str(path) in str(err.value) and message in str(err.value)


# --- the gate ---------------------------------------------------------------------------------

def test_same_scan_passes_and_everything_is_absorbed_exactly():
    result = gate(create(storefront()), storefront())
    assert result.passed and result.new == [] and result.fixed == [] and result.unverified == []
    assert sorted(m.finding.fingerprint for m in result.absorbed) == sorted(fps(storefront()))
    assert {m.via for m in result.absorbed} == {"exact"}


def test_one_added_violation_fails_the_gate_with_exactly_that_finding():
    base = create(storefront())
    snap = storefront()
    extra = finding(CHECKOUT, "Metode TikTok Pay", "main/#methods", rule="brand.zone-brand")
    snap.findings.append(extra)
    assign_fingerprints([f for f in snap.findings if f.url == CHECKOUT])
    result = gate(base, snap)
    assert not result.passed
    assert result.new == [extra]
    assert len(result.absorbed) == 3
    text = format_gate(result)
    assert extra.fingerprint in text and "1 new finding" in text and "absorbed 3" in text


def test_a_fixed_violation_is_reported_fixed_and_shrinks_the_baseline():
    base = create(storefront())
    snap = storefront()
    gone = snap.findings.pop(1)  # "Promo TikTok hari ini" now says TikTok Shop
    result = gate(base, snap)
    assert result.passed
    assert [e.fingerprint for e in result.fixed] == [gone.fingerprint]
    shrunk, _ = update(base, snap)
    assert shrunk.total == 2 and gone.fingerprint not in shrunk.dumps()


def test_findings_of_a_page_that_failed_are_unverified_not_fixed():
    base = create(storefront())
    snap = storefront()
    snap.findings = [f for f in snap.findings if f.url != CHECKOUT]
    snap.pages = [p for p in snap.pages if p.url != CHECKOUT]
    snap.pages.append(PageResult(url=CHECKOUT, status="failed", error="timeout"))
    result = gate(base, snap)
    assert result.fixed == [] and [e.page for e in result.unverified] == ["localhost/checkout/"]
    kept, _ = update(base, snap)
    assert kept.total == 3  # not scanned is never fixed
    # a page missing from the scan altogether is unverified too
    snap.pages = [p for p in snap.pages if p.url != CHECKOUT]
    assert len(gate(base, snap).unverified) == 1


def test_one_failed_page_of_a_template_keeps_the_template_unverified():
    p1, p2 = "http://shop.test/product/1", "http://shop.test/product/2"
    base = create(snapshot({p1: [finding(p1, "Dijual di TikTok")], p2: [finding(p2, "Dijual di TikTok")]}))
    assert [(e.page, e.count) for e in base.entries] == [("shop.test/product/{id}", 2)]
    later = snapshot({p2: []}, failed=(p1,))
    result = gate(base, later)
    assert result.fixed == [] and [e.count for e in result.unverified] == [2]


def test_two_identical_mentions_are_two_entries_and_a_third_is_new():
    two = snapshot({HOME: [finding(HOME, "Promo TikTok", "main"), finding(HOME, "Promo TikTok", "main")]})
    base = create(two)
    assert base.total == 2 and len(base.entries) == 2
    three = snapshot({HOME: [finding(HOME, "Promo TikTok", "main") for _ in range(3)]})
    result = gate(base, three)
    assert [f.fingerprint for f in result.new] == [three.findings[2].fingerprint]
    assert len(result.absorbed) == 2


def test_identical_findings_on_pages_of_one_template_are_one_entry_with_a_count():
    urls = [f"http://shop.test/product/{n}" for n in (11, 12, 13)]
    base = create(snapshot({u: [finding(u, "Dijual di TikTok")] for u in urls[:2]}))
    assert [e.count for e in base.entries] == [2]
    result = gate(base, snapshot({u: [finding(u, "Dijual di TikTok")] for u in urls}))
    assert [f.url for f in result.new] == [urls[2]]  # the count absorbs two, not three


def test_edited_copy_and_moved_element_are_absorbed_not_new():
    base = create(storefront())
    snap = storefront()
    edited, moved = snap.findings[0], snap.findings[1]
    edited.context = "Belanja hemat di TikTok"          # same rule, page, landmark
    moved.landmark = "aside/#sidebar"                   # same rule, page, text
    assign_fingerprints([f for f in snap.findings if f.url == HOME])
    result = gate(base, snap)
    assert result.passed and result.fixed == []
    via = {m.finding.fingerprint: m.via for m in result.absorbed}
    assert via[edited.fingerprint] == "landmark" and via[moved.fingerprint] == "text"
    # the ratchet re-keys them, so the next gate matches exactly and the count is unchanged
    rekeyed, _ = update(base, snap)
    assert rekeyed.total == 3
    assert {m.via for m in gate(rekeyed, snap).absorbed} == {"exact"}


def test_a_swap_is_not_hidden_by_the_count():
    base = create(storefront())
    snap = storefront()
    snap.findings[1] = finding(HOME, "Ikuti TikTok kami", "footer")  # one fixed, another appears
    assign_fingerprints([f for f in snap.findings if f.url == HOME])
    result = gate(base, snap)
    assert [f.context for f in result.new] == ["Ikuti TikTok kami"]
    assert [e.text for e in result.fixed] == ["promo tiktok hari ini"]


def test_empty_landmarks_do_not_match_each_other():
    base = create(snapshot({HOME: [finding(HOME, "Promo TikTok", "")]}))
    result = gate(base, snapshot({HOME: [finding(HOME, "Beli di TikTok", "")]}))
    assert len(result.new) == 1 and len(result.fixed) == 1


# --- the ratchet ------------------------------------------------------------------------------

def test_the_ratchet_grows_only_with_a_reason():
    base = create(storefront())
    snap = storefront()
    extra = finding(HOME, "TikTok Live", "footer")
    snap.findings.append(extra)
    assign_fingerprints([f for f in snap.findings if f.url == HOME])
    same, result = update(base, snap)
    assert len(result.new) == 1 and same.total == 3  # not grown without accept_new
    with pytest.raises(UsageError, match="--reason"):
        update(base, snap, accept_new=True, reason="  ")
    grown, _ = update(base, snap, accept_new=True, reason="Live banner owned by the social team")
    assert grown.total == 4
    assert grown.accepted == [{"reason": "Live banner owned by the social team",
                               "fingerprints": [extra.fingerprint]}]
    # once the accepted finding is fixed, its fingerprint (and the empty block) leave the file
    snap.findings.remove(extra)
    assert update(grown, snap)[0].accepted == []


def test_format_gate_speaks_indonesian_and_notes_a_policy_change():
    base = Baseline(policy="custom", entries=create(storefront()).entries)
    text = format_gate(gate(base, storefront()), lang="id")
    assert "Baseline menyerap 3 temuan (3 persis)" in text and "Gate lolos" in text
    assert "kebijakan 'custom'" in text


# --- properties ------------------------------------------------------------------------------

_mentions = st.lists(st.tuples(st.sampled_from(["Promo TikTok", "Beli di TikTok", "TikTok Live"]),
                               st.sampled_from(["main", "nav", "footer", ""])), min_size=1, max_size=12)


@settings(max_examples=60, deadline=None)
@given(_mentions, st.randoms(use_true_random=False), st.data())
def test_any_reordering_is_absorbed_exactly_and_removals_are_fixed_exactly(spec, rnd, data):
    base = create(snapshot({HOME: [finding(HOME, c, lm) for c, lm in spec]}))
    shuffled = list(spec)
    rnd.shuffle(shuffled)
    again = snapshot({HOME: [finding(HOME, c, lm, selector=f".x{rnd.random()}") for c, lm in shuffled]})
    result = gate(base, again)
    assert result.new == [] and result.fixed == [] and {m.via for m in result.absorbed} == {"exact"}
    kept = data.draw(st.integers(min_value=0, max_value=len(spec)))
    fewer = snapshot({HOME: [finding(HOME, c, lm) for c, lm in shuffled[:kept]]})
    result = gate(base, fewer)
    assert result.new == [] and sum(e.count for e in result.fixed) == len(spec) - kept
    more = snapshot({HOME: [finding(HOME, c, lm) for c, lm in shuffled + [data.draw(st.sampled_from(spec))]]})
    assert len(gate(base, more).new) == 1
