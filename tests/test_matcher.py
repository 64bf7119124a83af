"""Matcher: cases as data (fixtures/cases/matcher.toml) plus invariants under hypothesis."""
from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.matcher import Matcher
from linter.model import Touchpoint
from linter.rules import judge
from linter.policy import load_policy

CASES = tomllib.loads((Path(__file__).parent.parent / "fixtures/cases/matcher.toml").read_text("utf-8"))["case"]
MATCHER = Matcher(load_policy("permendag31"))


def mentions(text: str) -> list[str]:
    return [f"{m.brand}@{m.text}" for m in MATCHER.find(text)]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case):
    assert mentions(case["text"]) == case["mentions"]


def test_offsets_point_into_the_original_text():
    text = "Halo\u00a0 \u200b dunia, T\u0456k\u200bTok Shop!"
    (m,) = MATCHER.find(text)
    assert text[m.start:m.end] == m.text == "T\u0456k\u200bTok Shop"


def test_context_is_the_text_around_the_mention():
    text = "x" * 100 + " Belanja di TikTok hari ini " + "y" * 100
    (m,) = MATCHER.find(text)
    ctx = m.context(text)
    assert "Belanja di TikTok hari ini" in ctx and ctx.startswith("…") and ctx.endswith("…")


@pytest.mark.parametrize("url,expected", [
    ("https://cdn.example/img/tiktok-logo.png", ["tiktok@tiktok"]),
    ("https://cdn.example/img/tiktok-shop-logo.png", ["tiktok-shop@tiktok-shop"]),
    ("https://cdn.example/img/tiktok_shop_logo.png", ["tiktok-shop@tiktok_shop"]),
    ("https://cdn.example/tiktokshop/banner.webp", ["tiktok-shop@tiktokshop"]),
    ("https://cdn.example/brand/TikTok.svg", ["tiktok@TikTok"]),
    ("https://cdn.example/img/mytiktok.png", []),
    ("https://tiktok.com/img/logo.png", []),  # the host is not the file's name
    ("https://cdn.example/img/tokopedia%20logo.png", ["tokopedia@tokopedia"]),
], ids=lambda v: v if isinstance(v, str) else None)
def test_url_paths(url, expected):
    assert [f"{m.brand}@{m.text}" for m in MATCHER.find_in_url(url)] == expected


@pytest.mark.parametrize("text,zone,in_context,expected", [
    ("TikTok", "commerce", False, ("brand.legacy-text", "TikTok Shop")),
    ("TikTok Shop", "commerce", False, None),
    ("Tokopedia", "commerce", False, None),
    ("TikTok", "payment", False, ("brand.legacy-text", "Tokopedia")),
    ("TikTok Shop", "payment", False, ("brand.zone-brand", "Tokopedia")),
    ("Tokopedia", "payment", False, None),
    ("TikTok", "commerce", True, None),
    ("TikTok Shop", "payment", True, None),
])
def test_zone_table(text, zone, in_context, expected):
    # The verdict is the rules' (linter.rules.judge), no longer the matcher's.
    (m,) = MATCHER.find(text)
    seen = Touchpoint(kind="text", brand=m.brand, matched=m.text, context=text, zone=zone,
                      url="https://shop.example/", social="social" if in_context else None)
    v = judge(seen, MATCHER.policy.zones[zone], MATCHER.policy)
    assert ((v.rule, v.suggestion) if v else None) == expected


INVISIBLE = st.sampled_from(["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"])
MENTIONS = st.sampled_from(["TikTok", "TikTok Shop", "Tokopedia", "tik tok", "TIKTOKSHOP"])
LOOKALIKE = {"o": ["\u043e", "\u03bf"], "i": ["\u0456"], "T": ["\u0422", "\u03a4"], "k": ["\u03ba"]}


def brands(text: str) -> list[str]:
    return [m.brand for m in MATCHER.find(text)]


@settings(max_examples=300, deadline=None)
@given(MENTIONS, st.lists(st.tuples(st.integers(0, 20), INVISIBLE), max_size=4))
def test_invisible_characters_never_change_a_mention(mention, inserts):
    text = mention
    for pos, ch in inserts:
        pos = pos % (len(text) + 1)
        text = text[:pos] + ch + text[pos:]
    assert brands("Beli di " + text + " sekarang") == brands("Beli di " + mention + " sekarang")


@settings(max_examples=300, deadline=None)
@given(MENTIONS, st.data())
def test_lookalike_letters_never_change_a_mention(mention, data):
    chars = list(mention)
    for i, ch in enumerate(chars):
        if ch in LOOKALIKE and data.draw(st.booleans()):
            chars[i] = data.draw(st.sampled_from(LOOKALIKE[ch]))
    assert brands("di " + "".join(chars) + ".") == brands("di " + mention + ".")


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["TikTok Shop", "TIKTOK  SHOP"]), st.sampled_from([" ", "\u00a0", "\n", "\u2003", " \r\n "]))
def test_white_space_between_brand_and_shop_never_changes_it(mention, ws):
    assert brands(mention.replace(" ", ws, 1)) == ["tiktok-shop"]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_any_text_is_safe_and_offsets_are_valid(text):
    for m in MATCHER.find(text):
        assert 0 <= m.start < m.end <= len(text) and text[m.start:m.end] == m.text


_PIECES = ["tik", "tok", "Tik", "TOK", "TikTok", "Tik Tok", "tik-tok", " shop", "Shop", "nya", "tokopedia",
           "T\u0456kTok", "\u200b", " ", "\n", "\t", ".", "-", "kopi", "belanja", "x", "é", ""]


@given(st.lists(st.lists(st.sampled_from(_PIECES), max_size=6).map("".join), max_size=150))
@settings(max_examples=300, deadline=None)
def test_find_many_finds_what_find_finds_text_by_text(texts):
    # Batches joined by newlines must neither lose a mention (one cut by a neighbour) nor
    # make one up (a mention across two texts, "tik" then "tok").
    got = [[(m.brand, m.start, m.end) for m in ms] for ms in MATCHER.find_many(texts)]
    assert got == [[(m.brand, m.start, m.end) for m in MATCHER.find(t)] for t in texts]


def test_find_many_reads_a_batch_with_a_mention_and_its_neighbours_alone():
    texts = ["kopi susu"] * 63 + ["tik", "tok TikTok Shopnya"] + ["belanja"] * 70
    found = MATCHER.find_many(texts)
    assert [(i, m.brand, m.text) for i, ms in enumerate(found) for m in ms] == [(64, "tiktok-shop", "TikTok Shop")]


@pytest.mark.parametrize("pattern, prefix", [
    ("tik[ .\\-]?tok", "tik"), ("tokopedia", "tokopedia"), ("TikS?x", "tik"), ("ab+c", "ab"),
    ("ti{0,1}k", "t"), ("tik tok", "tik"), ("a|b", ""), ("(?:tik)", ""), ("\\btik", ""), (".tik", "")])
def test_literal_prefix_is_what_every_match_starts_with(pattern, prefix):
    from linter.matcher import literal_prefix
    assert literal_prefix(pattern) == prefix
