"""The first round trip also describes the elements the brand patterns point at, so a
usual page needs no second one; whatever the Python matcher finds beyond them (after
normalising a homoglyph or an invisible character) is still described, with evidence."""
from __future__ import annotations

import pytest
from playwright.async_api import Frame

from tests.conftest import assert_findings
from linter.browser import render

pytestmark = pytest.mark.browser


@pytest.fixture
def describe_calls(monkeypatch):
    calls = []
    original = Frame.evaluate

    async def spy(self, expression, *args, **kwargs):
        if expression == render.DESCRIBE_JSON:
            calls.append(list(args[0]["keys"]) if args else [])
        return await original(self, expression, *args, **kwargs)

    monkeypatch.setattr(Frame, "evaluate", spy)
    return calls


def evidence_of(snap):
    return [(f.matched, bool(f.selector), bool(f.bbox and f.bbox[2] > 0)) for f in snap.findings]


def test_plain_mentions_are_described_in_the_first_trip(describe_calls):
    snap = assert_findings(
        "<p>Belanja di <b>TikTok</b> sekarang</p><img alt='Logo TikTok' src='/tiktok-logo.png' width=20 height=20>"
        "<p>Bayar di <a href='/x'>Tik Tok</a></p>",
        ["brand.legacy-text@'TikTok'", "brand.legacy-text@'Tik Tok'", "brand.legacy-text@'TikTok'",
         "brand.legacy-asset@'tiktok'"])
    assert describe_calls == [], "every element was described with the page's first evaluate"
    assert all(sel for _, sel, _ in evidence_of(snap))


def test_a_mention_only_the_matcher_sees_is_still_described(describe_calls):
    # A Cyrillic і and a zero-width space: the JavaScript patterns miss it, the matcher does not.
    snap = assert_findings("<p>Belanja di <span>T\u0456k\u200bTok</span> sekarang</p>",
                           ["brand.legacy-text@'T\u0456k\u200bTok'"])
    assert len(describe_calls) == 1 and len(describe_calls[0]) == 1, describe_calls
    assert evidence_of(snap) == [("T\u0456k\u200bTok", True, True)]


def test_a_pattern_javascript_cannot_read_falls_back_to_python(describe_calls):
    # (?x:...) is Python's verbose flag: new RegExp throws on it, the hint is dropped,
    # the matcher's picks are described in a second trip.
    policy = """
name = "verbose"
[brands.tiktok]
name = "TikTok"
legacy = true
pattern = '(?x: tik \\s? tok)'
[zones.all]
default = true
allowed = []
suggest = "Tokopedia"
"""
    snap = assert_findings("<p>Belanja di <b>TikTok</b></p>", ["brand.legacy-text@'TikTok'"], policy=policy)
    assert len(describe_calls) == 1
    assert evidence_of(snap) == [("TikTok", True, True)]
