"""The raw-bytes prefilter: one compiled pattern that every file with a possible brand
mention matches, so that files without one are never decoded or parsed.

It is built from the policy's brand patterns (their regex syntax tree) by widening each
atom to everything the normaliser and the readers could turn into it:

- a character becomes every code point that folds to it (case, NFKC, look-alikes, from
  ``_foldtable``), as UTF-8 bytes, or any escape (``\\u0054``, ``&#84;``, ``%54``...);
- between any two atoms may stand a *gap* of what readers and the normaliser drop or
  join across: zero-width characters and soft hyphens (raw or escaped), white space,
  markup tags, CDATA and comments, template code, a string continued on the next line
  (``"…"\\n"…"``, ``\\`` + new line), and URL word separators;
- anchors and lookarounds are dropped (they only narrow a match).

The one thing this cannot express is a single character that reads as several letters
(``㏏`` reads "kt"): any such character, raw or escaped, lets the file through. A file in
UTF-16, or not valid UTF-8, is always let through (its bytes are not text the pattern
reads). ``tests/test_lint_prefilter.py`` proves with hypothesis that a file the full
linter flags is never rejected.
"""
from __future__ import annotations

import re
from functools import lru_cache

try:  # Python 3.11+ renamed sre_parse
    from re import _parser as _sre  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_parse as _sre  # type: ignore[no-redef]

_HEX = rb"[0-9a-fA-F]"
# Every alternative below starts with one literal byte or byte set, so that the regex
# engine rejects a non-matching alternative after looking at one byte.
_ESC_BACKSLASH = (rb"\\(?:u" + _HEX + rb"{4}(?:\\u" + _HEX + rb"{4})?|U" + _HEX + rb"{4,8}|x" + _HEX
                  + rb"{1,2}|[0-7]{1,3}|.)")
_ESC_AMP = (rb"&(?:#[0-9]{1,8};?|#[xX]" + _HEX + rb"{1,8};?|[A-Za-z][A-Za-z0-9]{0,31};?"
            rb"|(?:#0*37;|#[xX]0*25;|percnt;)" + _HEX + rb"{2})")
_ESC_PCT = rb"%" + _HEX + rb"{2}"
ESC_ALTS = [_ESC_BACKSLASH, _ESC_AMP, _ESC_PCT]
ESC = b"(?:" + b"|".join(ESC_ALTS) + b")"
_GAP_ALTS = [
    rb"<(?:!--.*?-->|!\[CDATA\[|%.*?%>|[^<>]*>)",   # markup, comments, CDATA, ERB/EJS code
    rb"\]\]>",
    rb"\{(?:\{!--.*?--\}\}|\{.*?\}\}|%.*?%\}|#.*?#\}|[^{}]*\})",   # template code
    rb"@(?:\*.*?\*@|[A-Za-z_][\w.]*(?:\([^()]*\))?)",               # Razor, Blade
    rb"[\"'](?:\s*[\"'])",                               # "Tik"\n"Tok" (gettext)
    rb"[-_./]",                                           # URL word separators
]
_ANY = rb"(?:[\x00-\x7f]|[\xc2-\xf4][\x80-\xbf]{1,3}|" + ESC + rb")"
_UTF16 = (b"\xff\xfe", b"\xfe\xff")


class Unsupported(Exception):
    """A brand pattern uses syntax the prefilter cannot widen: lint every file instead."""


def _trie(words: list[bytes]) -> bytes:
    """A regex matching exactly the given byte strings, branching byte by byte."""
    tree: dict = {}
    for w in words:
        node = tree
        for b in w:
            node = node.setdefault(b, {})
        node[None] = True
    return _emit(tree)


def _trie_alts(words: list[bytes]) -> list[bytes]:
    """Like _trie, as a list of top-level alternatives (words must be non-empty)."""
    tree: dict = {}
    for w in words:
        node = tree
        for b in w:
            node = node.setdefault(b, {})
        node[None] = True
    return _emit(tree, flat=True)


def _emit(node: dict, flat: bool = False):
    end = None in node
    leaves = [b for b, sub in node.items() if b is not None and list(sub) == [None]]
    inner = [b for b, sub in node.items() if b is not None and list(sub) != [None]]
    alts = []
    if leaves:
        alts.append(b"[" + b"".join(re.escape(bytes([b])) for b in sorted(leaves)) + b"]"
                    if len(leaves) > 1 else re.escape(bytes(leaves)))
    for b in sorted(inner):
        alts.append(re.escape(bytes([b])) + _emit(node[b]))
    if flat:
        return alts
    body = alts[0] if len(alts) == 1 else b"(?:" + b"|".join(alts) + b")"
    return b"(?:" + body + b")?" if end and alts else body


@lru_cache(maxsize=None)
def _folds() -> tuple[dict[str, set[int]], set[int]]:
    """char -> code points that read as it; and the code points that read as several
    letters or digits."""
    from ._foldtable import FOLDS

    by_char: dict[str, set[int]] = {}
    multi: set[int] = set()
    for cp, folded in FOLDS.items():
        if len(folded) > 1 and sum(c.isalnum() for c in folded) > 0:
            multi.add(cp)
            continue
        for c in set(folded):
            by_char.setdefault(c, set()).add(cp)
    return by_char, multi


def _utf8(cps) -> list[bytes]:
    return [chr(cp).encode("utf-8") for cp in cps]


def char_class(chars: set[str]) -> bytes:
    """Every byte sequence that can read as one of chars, or an escape."""
    return b"(?:" + b"|".join(_trie_alts(_utf8(sorted(_class_cps(chars)))) + ESC_ALTS) + b")"


@lru_cache(maxsize=None)
def _gap() -> bytes:
    from ..normalize import INVISIBLE

    blank = sorted(_class_cps({" "}) | {ord(c) for c in INVISIBLE})
    return b"(?:" + b"|".join(_trie_alts(_utf8(blank)) + ESC_ALTS + _GAP_ALTS) + b")*"


def _escaped_tail(cps) -> bytes:
    """After a consumed ``\\`` or ``&``: numeric escapes (\\uXXXX, &#xH;, &#N;) of any code
    point in the 256-blocks that hold one of cps, a superset that keeps the pattern small."""
    hexes = b"|".join(f"{b:02x}".encode() for b in sorted({cp >> 8 for cp in cps}))
    return (rb"(?:(?<=\\)(?i:u0*(?:" + hexes + rb")" + _HEX + rb"{2})|(?<=&)(?:(?i:#x0*(?:" + hexes
            + rb")" + _HEX + rb"{2};?)|#[0-9]{3,7};?))")


def _convert(items, gap: bytes) -> bytes:
    out = []
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            out.append(char_class({chr(av)}) + gap)
        elif name == "IN":
            out.append(_in(av) + gap)
        elif name in ("ANY", "NOT_LITERAL"):
            out.append(_ANY + gap)
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            lo, hi, sub = av
            hi_s = b"" if hi == _sre.MAXREPEAT else str(hi).encode()
            out.append(b"(?:" + _convert(sub, gap) + b"){" + str(lo).encode() + b"," + hi_s + b"}")
        elif name in ("SUBPATTERN", "ATOMIC_GROUP"):
            out.append(b"(?:" + _convert(av[-1] if name == "SUBPATTERN" else av, gap) + b")")
        elif name == "BRANCH":
            out.append(b"(?:" + b"|".join(_convert(sub, gap) for sub in av[1]) + b")")
        elif name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue  # anchors and lookarounds only narrow a match
        else:
            raise Unsupported(name)
    return b"".join(out)


def _in(members) -> bytes:
    chars: set[str] = set()
    for op, av in members:
        name = str(op)
        if name == "LITERAL":
            chars.add(chr(av))
        elif name == "RANGE" and av[1] - av[0] < 256:
            chars.update(chr(c) for c in range(av[0], av[1] + 1))
        elif name == "CATEGORY" and str(av) == "CATEGORY_SPACE":
            chars.add(" ")
        elif name == "CATEGORY" and str(av) == "CATEGORY_DIGIT":
            chars.update("0123456789")
        else:  # negated sets, word classes, wide ranges: anything
            return _ANY
    return char_class(chars)


_ESC_TAILS = {
    ord("\\"): rb"(?:u" + _HEX + rb"{4}(?:\\u" + _HEX + rb"{4})?|U" + _HEX + rb"{4,8}|x" + _HEX
                + rb"{1,2}|[0-7]{1,3}|.)",
    ord("&"): rb"(?:#[0-9]{1,8};?|#[xX]" + _HEX + rb"{1,8};?|[A-Za-z][A-Za-z0-9]{0,31};?"
              rb"|(?:#0*37;|#[xX]0*25;|percnt;)" + _HEX + rb"{2})",
    ord("%"): _HEX + rb"{2}",
}


def _class_cps(chars: set[str]) -> set[int]:
    by_char, _ = _folds()
    cps: set[int] = set()
    for c in chars:
        cps.add(ord(c))
        cps.update(ord(x) for x in {c.upper(), c.lower()} if x.isascii() and len(x) == 1)
        cps.update(by_char.get(c, ()))
        if c == " ":
            cps.update(ord(x) for x in " \t\n\r\f\v")
    return cps


def _byteset(bs) -> bytes:
    return b"[" + b"".join(re.escape(bytes([b])) for b in sorted(bs)) + b"]"


def _lead(words: list[bytes], escapes: bool) -> tuple[set[int], bytes]:
    """Split byte strings by first byte: (the first bytes, a regex for the rest that
    checks, by looking one byte back, which first byte was consumed). One-byte words are
    checked first and the others behind one guard, so a plain letter costs one test."""
    rests: dict[int, list[bytes]] = {}
    for w in words:
        rests.setdefault(w[0], []).append(w[1:])
    plain = sorted(b for b, r in rests.items() if r == [b""])
    others = []
    for b in sorted(set(rests) - set(plain)):
        others.append(b"(?<=" + re.escape(bytes([b])) + b")" + _trie(rests[b]))
    leads = set(rests)
    if escapes:
        for b, tail in _ESC_TAILS.items():
            others.append(b"(?<=" + re.escape(bytes([b])) + b")" + tail)
            leads.add(b)
    alts = [b"(?<=" + _byteset(plain) + b")"] if plain else []
    if others:
        alts.append(b"(?<=" + _byteset(leads - set(plain)) + b")(?:" + b"|".join(others) + b")")
    return leads, b"(?:" + b"|".join(alts) + b")"


def _first_chars(op, av) -> set[str] | None:
    name = str(op)
    if name == "LITERAL":
        return {chr(av)}
    if name == "IN":
        chars = set()
        for mop, mav in av:
            if str(mop) == "LITERAL":
                chars.add(chr(mav))
            elif str(mop) == "RANGE" and mav[1] - mav[0] < 256:
                chars.update(chr(c) for c in range(mav[0], mav[1] + 1))
            else:
                return None
        return chars
    return None


def _build(patterns: tuple[str, ...]) -> bytes:
    """``[first bytes](?:(?<=b)rest|...)``: a leading byte set lets the regex engine skip,
    in C, every position that cannot start a mention; patterns that start with the same
    characters share one test of the first one."""
    gap = _gap()
    groups: dict[frozenset, list[bytes]] = {}
    for p in patterns:
        items = list(_sre.parse(p))
        first = _first_chars(*items[0]) if items else None
        if first is None:  # an unusual first atom: still correct, only slower
            return b"|".join(_convert(_sre.parse(q), gap) for q in patterns)
        groups.setdefault(frozenset(first), []).append(_convert(items[1:], gap))
    leads: set[int] = set()
    alts = []
    for first, rests in groups.items():
        lb, tail = _lead(_utf8(sorted(_class_cps(set(first)))), escapes=True)
        leads |= lb
        alts.append(tail + gap + b"(?:" + b"|".join(rests) + b")")
    _, multi = _folds()
    lb, tail = _lead(_utf8(sorted(multi)), escapes=False)
    alts.append(b"(?<=" + _byteset(lb) + b")" + tail)
    alts.append(b"(?<=[\\\\&])" + _escaped_tail(multi))
    leads |= lb | {ord("\\"), ord("&")}
    return _byteset(leads) + b"(?:" + b"|".join(alts) + b")"


@lru_cache(maxsize=32)
def compile_prefilter(patterns: tuple[str, ...]) -> re.Pattern | None:
    """The prefilter for these brand patterns, or None when one cannot be widened."""
    if not patterns:
        return None
    try:
        return re.compile(_build(patterns), re.S)
    except (Unsupported, re.error):
        return None


def may_mention(data: bytes, pattern: re.Pattern | None) -> bool:
    """False only when the file at these bytes cannot hold a mention of any brand."""
    if pattern is None or data.startswith(_UTF16) or b"\x00" in data:
        return True
    if not data.isascii():
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return True  # Latin-1 .properties, or an error the reader must report
    return pattern.search(data) is not None
