"""The raw-bytes prefilter: compiled patterns that every file with a possible brand mention
matches, so that files without one are never decoded or parsed.

They are built from the policy's brand patterns (their regex syntax tree), over the file's
bytes lower-cased, by widening each atom to everything the normaliser and the format's
reader could turn into it:

- a character becomes every code point that folds to it (case, NFKC, look-alikes, from
  ``_foldtable``) as UTF-8, or any escape the format decodes (``\\u0054``, ``&#84;``,
  ``%54``);
- between two atoms may stand a *gap* of what the reader joins across: zero-width
  characters and soft hyphens (raw or escaped), and per format family markup tags, CDATA
  and comments, template code, a gettext string continued on the next line;
- a separator atom (one that may be a space) takes any run of white space, gaps and, in
  templates, URL word separators (``-_./``); anchors and lookarounds are dropped.

Speed comes from splitting each pattern in two: mentions whose first letters are written
plainly (a literal prefix such as ``tik``, which the regex engine finds like ``memchr``),
and mentions where something else comes first (an escape, a look-alike, a tag), which must
start at a byte that is not a plain letter: one pattern, led by a byte set, finds those;
it checks only the first letters, so any unusual spelling of ``tik`` lets a file through.

Not expressible: a single character that reads as several letters (``㏏`` reads "kt");
any such character, raw or escaped, lets the file through. UTF-16 and non-UTF-8 files are
always let through. ``tests/test_lint_prefilter.py`` proves with hypothesis that a file the
full linter flags is never rejected.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .recache import compile_cached


try:  # Python 3.11+ renamed sre_parse
    from re import _parser as _sre  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_parse as _sre  # type: ignore[no-redef]

_HEX = rb"[0-9a-f]"   # the bytes are lower-cased first
# Alternatives are (first bytes, the rest), emitted as ``[first bytes](?:(?<=[b])rest|...)``
# so that where nothing matches, the engine gives up after one byte-set test.
_ESCAPES = {  # supersets of each escape syntax, kept short: they recur in every atom
    "\\": ({ord("\\")}, rb"(?:[ux][0-9a-f]{1,8}(?:\\u[0-9a-f]{4})?|[0-7]{1,3}|[\s\S][ \t]*)"),
    "&": ({ord("&")}, rb"[#a-z0-9]{1,32};?(?:[0-9a-f]{2})?"),
    "%": ({ord("%")}, _HEX + rb"{2}"),
}
_GAPS = {
    "markup": [({ord("<")}, rb"(?:!--.*?-->|!\[cdata\[|%.*?%>|[^<>]*>)"), ({ord("]")}, rb"\]>")],
    "code": [({ord("{")}, rb"(?:\{!--.*?--\}\}|\{.*?\}\}|%.*?%\}|#.*?#\}|[^{}]*\})"),
             ({ord("@")}, rb"(?:\*.*?\*@|[a-z_][\w.]*(?:\([^()]*\))?)")],
    "join": [({ord('"'), ord("'")}, rb"\s*[\"']")],
}
# family: (escapes, gaps, extra separators); formats not listed use "all". Few families:
# each compiled pattern costs tens of milliseconds. gettext is apart because its string
# joins ("…"\n"…") would make every quote of a JSON file a place to try a match.
FAMILIES = {
    "text": ("\\", (), ""),
    "gettext": ("\\", ("join",), ""),
    "markup": ("\\&%", ("markup", "code"), "-_./"),
    "all": ("\\&%", ("markup", "code", "join"), "-_./"),
}
FAMILY_OF = {
    "json": "text", "arb": "text", "xcstrings": "text", "properties": "text", "yaml": "text",
    "fluent": "text", "gettext": "gettext", "android": "markup", "strings": "markup", "stringsdict": "markup",
    "xliff": "markup", "resx": "markup", "qt": "markup", "template": "markup", "jsx": "markup",
}
_ANY = rb"(?:[\x00-\x7f]|[\xc2-\xf4][\x80-\xbf]{1,3})"
_UTF16 = (b"\xff\xfe", b"\xfe\xff")
_NEVER = rb"(?!)"


class Unsupported(Exception):
    """A brand pattern uses syntax the prefilter cannot widen: lint every file instead."""


def _byteset(bs) -> bytes:
    return b"[" + b"".join(re.escape(bytes([b])) for b in sorted(bs)) + b"]"


def _trie(words: list[bytes]) -> bytes:
    """A regex matching exactly the given byte strings, branching byte by byte."""
    tree: dict = {}
    for w in words:
        node = tree
        for b in w:
            node = node.setdefault(b, {})
        node[None] = True
    return _emit(tree)


def _emit(node: dict) -> bytes:
    end = None in node
    leaves = [b for b, sub in node.items() if b is not None and list(sub) == [None]]
    inner = [b for b, sub in node.items() if b is not None and list(sub) != [None]]
    alts = [_byteset(leaves)] if leaves else []
    alts += [re.escape(bytes([b])) + _emit(node[b]) for b in sorted(inner)]
    if not alts:
        return b""
    body = alts[0] if len(alts) == 1 else b"(?:" + b"|".join(alts) + b")"
    return b"(?:" + body + b")?" if end else body


def _word_alts(words: list[bytes]) -> list[tuple[set[int], bytes]]:
    rests: dict[int, list[bytes]] = {}
    for w in words:
        rests.setdefault(w[0], []).append(w[1:])
    return [({b}, _trie(r)) for b, r in sorted(rests.items())]


def _coarse(cps) -> list[tuple[set[int], bytes]]:
    """Non-ASCII code points as any character with the same UTF-8 lead byte: a superset
    that keeps each letter's pattern a few dozen bytes (the exact tries cost more to compile
    than they save: Cyrillic and Greek text passes as possible letters, Thai and CJK do not)."""
    by_len: dict[int, set[int]] = {}
    for w in _utf8(cps):
        if len(w) > 1:
            by_len.setdefault(len(w), set()).add(w[0])
    return [(leads, rb"[\x80-\xbf]" + (b"{%d}" % (n - 1) if n > 2 else b"")) for n, leads in sorted(by_len.items())]


def _tail(alts) -> bytes:
    """After the first byte was consumed: the rest of whichever alternative it began."""
    if not alts:
        return _NEVER
    by_rest: dict[bytes, set[int]] = {}
    for firsts, rest in alts:
        by_rest.setdefault(rest, set()).update(firsts)
    parts = [b"(?<=" + _byteset(f) + b")" + r for r, f in sorted(by_rest.items(), key=lambda kv: len(kv[0]))]
    return b"(?:" + b"|".join(parts) + b")"


def _firsts(alts) -> set[int]:
    return set().union(*(f for f, _ in alts)) if alts else set()


def _guard(alts) -> bytes:
    if not alts:
        return _NEVER
    return _byteset(_firsts(alts)) + _tail(alts)


@lru_cache(maxsize=None)
def _folds() -> tuple[dict[str, frozenset[int]], frozenset[int]]:
    """char -> code points that read as it; the code points that read as several
    characters of which one is a letter or digit."""
    from ._foldtable import FOLDS

    by_char: dict[str, set[int]] = {}
    multi = set()
    for cp, folded in FOLDS.items():
        if len(folded) > 1 and any(c.isalnum() for c in folded):
            multi.add(cp)
            continue
        for c in set(folded):
            by_char.setdefault(c, set()).add(cp)
    return {c: frozenset(v) for c, v in by_char.items()}, frozenset(multi)


def _utf8(cps) -> list[bytes]:
    return [chr(cp).encode("utf-8") for cp in sorted(cps)]


class _Family:
    """Builds the widened atoms for one format family, for files with the given features:
    ``nonascii`` (any byte >= 0x80) and ``escapes`` (the family's escape introducers the
    file contains). An ASCII file without an introducer cannot hold a look-alike, an
    escape or a raw zero-width character, so its patterns leave those out: smaller to
    compile, fewer places to try a match."""

    def __init__(self, name: str, escapes: str = "\\&%", nonascii: bool = True) -> None:
        from ..normalize import INVISIBLE

        fam_escapes, gaps, seps = FAMILIES[name]
        self.nonascii = nonascii
        self.esc = [_ESCAPES[e] for e in fam_escapes if e in escapes]
        invisible = _coarse(ord(c) for c in INVISIBLE) if nonascii else []
        self.gap_items = invisible + self.esc + [g for name in gaps for g in _GAPS[name]]
        self.gap = b"(?:" + _guard(self.gap_items) + b")*" if self.gap_items else b""
        self.seps = seps

    def cps(self, chars: set[str]) -> set[int]:
        out: set[int] = set()
        for c in chars:
            low = c.lower()
            out.add(ord(low) if len(low) == 1 else ord(c))
        if self.nonascii:  # the fold table holds non-ASCII code points only
            by_char, _ = _folds()
            for c in chars:
                out.update(by_char.get(c, ()))
        return out

    def atom(self, chars: set[str], plain: bool = True) -> bytes:
        """One character of the pattern (a set when it is a class), widened."""
        if " " in chars:
            return self.separator(chars)
        cps = self.cps(chars)
        ascii_ = [({cp}, b"") for cp in cps if cp < 0x80]
        return _guard(ascii_ + self.nonplain_alts(chars))

    def nonplain_alts(self, chars: set[str]):
        wide = _coarse(cp for cp in self.cps(chars) if cp >= 0x80) if self.nonascii else []
        return wide + self.esc

    def separator(self, chars: set[str]) -> bytes:
        spaces = set(_folds()[0].get(" ", ())) if self.nonascii else set()
        cps = self.cps(chars - {" "}) | spaces | {ord(c) for c in " \t\n\r\f\v" + self.seps}
        ascii_ = [({cp}, b"") for cp in cps if cp < 0x80]
        wide = _coarse(cp for cp in cps if cp >= 0x80) if self.nonascii else []
        return b"(?:" + _guard(ascii_ + wide + self.gap_items) + b")+"

    def convert(self, items) -> bytes:
        """Each atom followed by a gap."""
        out = []
        for op, av in items:
            name = str(op)
            if name in ("LITERAL", "IN"):
                chars = {chr(av)} if name == "LITERAL" else _in_chars(av)
                out.append((_ANY if chars is None else self.atom(chars)) + self.gap)
            elif name in ("ANY", "NOT_LITERAL"):
                out.append(_ANY + self.gap)
            elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
                lo, hi, sub = av
                hi_s = b"" if hi == _sre.MAXREPEAT else str(hi).encode()
                out.append(b"(?:" + self.convert(sub) + b"){" + str(lo).encode() + b"," + hi_s + b"}")
            elif name in ("SUBPATTERN", "ATOMIC_GROUP"):
                out.append(b"(?:" + self.convert(av[-1] if name == "SUBPATTERN" else av) + b")")
            elif name == "BRANCH":
                out.append(b"(?:" + b"|".join(self.convert(sub) for sub in av[1]) + b")")
            elif name not in ("AT", "ASSERT", "ASSERT_NOT"):  # anchors only narrow a match
                raise Unsupported(name)
        return b"".join(out)


def _in_chars(members) -> set[str] | None:
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
            return None
    return chars


def _leading_letters(items) -> str:
    out = ""
    for op, av in items[:3]:
        if str(op) != "LITERAL" or not chr(av).isascii() or not chr(av).isalnum():
            break
        out += chr(av).lower()
    return out


def _variants(fam: _Family, lead: str, rest: bytes) -> tuple[bytes, bytes | None]:
    """The plain pattern (literal lead, then the rest of the pattern widened), and the tail,
    after a consumed first byte, of the others: the j-th letter of the lead is the first not
    written plainly, or a gap precedes it. The tail checks the lead only (``(?:(?:head0
    atom1 | head1) atom2 | head2)``), not the rest: a few more files parsed, but a pattern a
    third the size, and compiling is what a lint run of 2,000 files spends most on."""
    plain = re.escape(lead.encode()) + fam.gap + rest
    if not fam.gap_items and not fam.nonplain_alts(set(lead)):
        return plain, None  # the lead can only be written plainly
    acc = b""
    for j, ch in enumerate(lead):
        here = _tail(fam.nonplain_alts({ch}))
        if j:
            gap_first = _tail(fam.gap_items) + fam.gap + fam.atom({ch})
            here = b"(?<=" + re.escape(lead[:j].encode()) + rb"[\s\S])(?:" + here + b"|" + gap_first + b")"
            acc = b"(?:" + acc + fam.gap + fam.atom({ch}) + b"|" + here + b")"
        else:
            acc = here
    return plain, acc


def _multi_tail(patterns: tuple[str, ...], fam: _Family) -> list[tuple[set[int], bytes]]:
    """Characters that read as several letters, one of which the patterns use, raw (in a
    non-ASCII file) or as a numeric escape of their 256-block (after ``\\`` or ``&``)."""
    introducers = {e for e in ("\\", "&") if _ESCAPES[e] in fam.esc}
    if not fam.nonascii and not introducers:
        return []
    from ._foldtable import FOLDS

    _, multi = _folds()
    letters = {c for c in "".join(patterns).lower() if c.isalnum()}
    if "\\d" in "".join(patterns) or "0-9" in "".join(patterns):
        letters |= set("0123456789")
    cps = {cp for cp in multi if letters & set(FOLDS[cp])}
    hexes = b"|".join(f"{b:02x}".encode() for b in sorted({cp >> 8 for cp in cps}))
    out = _word_alts(_utf8(cps)) if fam.nonascii else []
    if "\\" in introducers:
        out.append(({ord("\\")}, rb"u0*(?:" + hexes + rb")" + _HEX + rb"{2}"))
    if "&" in introducers:
        out.append(({ord("&")}, rb"(?:#x0*(?:" + hexes + rb")" + _HEX + rb"{2};?|#[0-9]{3,7};?)"))
    return out


class _Variant:
    """The compiled patterns of one variant. ``plains`` are (lead, pattern): a pattern is
    only searched in a file holding its lead (``bytes.__contains__`` finds it faster than
    the regex engine); ``others`` finds the other spellings of the leads."""

    def __init__(self, plains, others, generic) -> None:
        self.plains, self.others, self.generic = plains, others, generic

    def search(self, low: bytes) -> bool:
        if any(lead in low and p.search(low) is not None for lead, p in self.plains):
            return True
        if self.others is not None and self.others.search(low) is not None:
            return True
        return any(p.search(low) is not None for p in self.generic)


def _after_a_prefix(fam: _Family, leads: list[str], firsts: set[int]) -> bytes:
    """In a file without escapes or non-ASCII bytes, another spelling of a lead can only be
    a gap (tag, template code, string join) right after a letter of a proper prefix of it
    (``t<b>ik``): one look-behind, tried before the alternatives, rejects the other places
    (every ``<`` of a markup file, every quote of a .po file) at once."""
    if fam.nonascii or fam.esc:
        return b""
    letters = {ord(lead[j - 1]) for lead in leads for j in range(1, len(lead))}
    return b"(?<=" + _byteset(letters) + _byteset(firsts) + b")"


class Prefilter:
    """The prefilter of some brand patterns for one format family. Each file is searched
    with the variant for its features (non-ASCII bytes, which escape introducers it holds),
    compiled on first use: the full variant costs tens of milliseconds to compile, the one
    for plain ASCII files a few (once a machine: ``recache.py`` keeps the programs)."""

    def __init__(self, patterns: tuple[str, ...], family: str) -> None:
        self.patterns, self.family = patterns, family
        self._escapes = [(e, e.encode()) for e in FAMILIES[family][0]]
        self._variants: dict[tuple[bool, str], _Variant | None] = {}

    def variant(self, nonascii: bool, escapes: str) -> _Variant | None:
        key = (nonascii, escapes)
        if key not in self._variants:
            self._variants[key] = _compile(self.patterns, _Family(self.family, escapes, nonascii))
        return self._variants[key]

    def may_mention(self, data: bytes) -> bool:
        if data.startswith(_UTF16) or b"\x00" in data:
            return True
        nonascii = not data.isascii()
        if nonascii:
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                return True  # Latin-1 .properties, or an error the reader must report
        low = data.lower()
        variant = self.variant(nonascii, "".join(e for e, b in self._escapes if b in low))
        return variant is None or variant.search(low)


def _compile(patterns: tuple[str, ...], fam: _Family) -> _Variant | None:
    """The plain patterns (literal lead), one for every other spelling of the leads, and
    one for each pattern without a literal lead; None when a pattern cannot be widened."""
    plains, tails, generic, leads = [], [], [], []
    multi = _multi_tail(patterns, fam)
    firsts = _firsts(multi)
    try:
        for p in patterns:
            items = list(_sre.parse(p))
            lead = _leading_letters(items)
            if len(lead) < 2:  # an unusual start: one slower, still complete pattern
                generic.append(compile_cached(fam.convert(items), re.S))
                continue
            plain, tail = _variants(fam, lead, fam.convert(items[len(lead):]))
            plains.append((lead.encode(), compile_cached(plain, re.S)))
            if tail is not None:
                tails.append(tail)
                leads.append(lead)
                firsts |= _firsts(fam.nonplain_alts(set(lead))) | _firsts(fam.gap_items)
        if multi:
            tails.append(_tail(multi))
        others = None
        if tails and firsts:
            guard = b"" if multi else _after_a_prefix(fam, leads, firsts)
            others = compile_cached(_byteset(firsts) + guard + b"(?:" + b"|".join(tails) + b")", re.S)
    except (Unsupported, re.error):
        return None
    return _Variant(plains, others, generic)


@lru_cache(maxsize=64)
def compile_prefilter(patterns: tuple[str, ...], family: str = "all") -> Prefilter | None:
    """The prefilter for these brand patterns in a format family (None: no brand to find)."""
    return Prefilter(patterns, family) if patterns else None


def may_mention(data: bytes, prefilter: Prefilter | None) -> bool:
    """False only when the file at these bytes cannot hold a mention of any brand."""
    return True if prefilter is None else prefilter.may_mention(data)
