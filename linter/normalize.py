"""Normalise text the way a reader sees it, keeping a map back to the original offsets.

NFKC, case-folding, removal of invisible characters, folding of look-alike letters from
other scripts, hyphen variants to '-', and every run of white space to one space. NFKC is
applied per character (not per string) so each output character knows the input character
it came from; composed and decomposed accents both stay out of the Latin brand names, so
this loses nothing that matters here.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u200e\u200f")

# Letters of other scripts that read as Latin ones (after case-folding). Not the whole of
# Unicode's confusables.txt: the letters that can spell the brands we track, and their kin.
CONFUSABLES = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ѐ": "e", "ё": "e", "і": "i", "ї": "i", "ј": "j",
    "к": "k", "ќ": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t",
    "у": "y", "х": "x", "ѕ": "s", "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l",
    # Greek
    "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o",
    "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ϲ": "c", "ϳ": "j",
    # Latin look-alikes
    "ı": "i", "ɪ": "i", "ᴋ": "k", "ᴏ": "o", "ᴛ": "t", "ℓ": "l",
}
HYPHENS = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe63\uff0d")


@lru_cache(maxsize=4096)
def fold_char(ch: str) -> str:
    """What one character reads as: '' for invisible ones, ' ' for any white space."""
    if ch in INVISIBLE:
        return ""
    if ch.isspace():
        return " "
    if ch in HYPHENS:
        return "-"
    out = []
    for c in unicodedata.normalize("NFKC", ch).casefold():
        if c.isspace():
            out.append(" ")
        elif c in HYPHENS:
            out.append("-")
        elif c not in INVISIBLE:
            out.append(CONFUSABLES.get(c, c))
    return "".join(out)


def normalize(text: str) -> tuple[str, list[int]]:
    """Return (normalised text, offsets) where offsets[i] is the input index of output char i.

    offsets has one extra entry at the end: len(text), so a span [a, b) maps to
    [offsets[a], offsets[b-1] + 1).
    """
    out: list[str] = []
    offsets: list[int] = []
    last_space = True  # collapse leading white space
    if text.isascii():
        # Fast path for the common case: only case and white space to handle.
        for i, ch in enumerate(text):
            if ch.isspace():
                if last_space:
                    continue
                out.append(" ")
                last_space = True
            else:
                out.append(ch)
                last_space = False
            offsets.append(i)
        offsets.append(len(text))
        return "".join(out).lower(), offsets
    for i, ch in enumerate(text):
        folded = fold_char(ch)
        for c in folded:
            if c == " ":
                if last_space:
                    continue
                last_space = True
            else:
                last_space = False
            out.append(c)
            offsets.append(i)
    offsets.append(len(text))
    return "".join(out), offsets


_WHITE = re.compile(r"\s+")


def normalize_ascii(text: str) -> str:
    r"""``normalize(text)[0]`` for an ASCII text, without the offsets, at C speed.

    Most runs of a page hold no mention; the matcher asks this first and pays for the
    offset map only when the brand patterns match. ``\s`` in a str pattern is exactly
    ``str.isspace`` (both use the same Unicode table), so this is the same text.
    """
    return _WHITE.sub(" ", text).lstrip(" ").lower()


def normalize_text(text: str) -> str:
    """Just the normalised text (for comparisons and fingerprints)."""
    return normalize(text)[0].strip()
