"""The matcher's fast path: an ASCII run is tested on its normalised text without the
offset map, and only a run that matches is normalised in full. The fast text must be the
very text the full normaliser gives, or the fast path could drop a mention."""
from __future__ import annotations

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from linter import Matcher, load_policy
from linter.normalize import normalize, normalize_ascii

ASCII = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=127), max_size=60)
BRANDISH = st.lists(st.sampled_from(["tik", "tok", "TikTok", "Tik Tok", "tik-tok", "tik.tok", "Shop", " ", "\n",
                                     "\t", "\x1c", "\x0b", "  ", "x", "-", "'s", "nya", "Tokopedia", "TOKO", "pedia"]),
                    max_size=12).map("".join)


@given(ASCII)
@settings(max_examples=200, deadline=None)
def test_fast_text_is_the_full_normalised_text(text):
    assert normalize_ascii(text) == normalize(text)[0]


def test_every_ascii_white_space_character_is_collapsed_alike():
    for ch in map(chr, range(128)):
        text = f"a{ch}{ch}b"
        assert normalize_ascii(text) == normalize(text)[0], repr(ch)
    assert set(string.whitespace) <= {chr(c) for c in range(128) if chr(c).isspace()}


_matcher = Matcher(load_policy("permendag31"))


@given(st.one_of(BRANDISH, ASCII))
@settings(max_examples=200, deadline=None)
def test_fast_path_finds_what_the_full_path_finds(text):
    assert _matcher.find(text) == _matcher._find(text)


def test_fast_path_examples():
    assert [m.text for m in _matcher.find("Belanja di  TikTok\nsekarang")] == ["TikTok"]
    assert [m.text for m in _matcher.find("Tik\tTok Shop")] == ["Tik\tTok Shop"]
    assert _matcher.find("tiket tokoh ticktock") == []
