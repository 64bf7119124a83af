"""The raw-bytes prefilter never rejects a file the full linter flags (hypothesis), yet
rejects ordinary mention-free catalogs; and its fold table matches this Python's Unicode."""
from __future__ import annotations

import html
import json
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter.lint.check import lint_bytes
from linter.lint.prefilter import FAMILY_OF, compile_prefilter
from linter.lint.prefilter import may_mention as _may_mention
from linter.matcher import Matcher
from linter.policy import load_policy

ROOT = Path(__file__).resolve().parent.parent
POLICY = load_policy("permendag31")
MATCHER = Matcher(POLICY)
PATTERNS = tuple(b.pattern for b in POLICY.brands.values() if b.pattern)


def may_mention(data: bytes, fmt: str) -> bool:
    """The prefilter as the linter runs it: compiled for the format's family."""
    return _may_mention(data, compile_prefilter(PATTERNS, FAMILY_OF.get(fmt, "all")))


def _folds_to(letter: str) -> list[str]:
    from linter.lint._foldtable import FOLDS
    return [chr(cp) for cp, f in FOLDS.items() if f == letter]


LOOKALIKES = {c: _folds_to(c) for c in "tiko"}
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]
SEPARATORS = ["", " ", "-", ".", "\u00a0", "\u2011", "\n  ", "\u3000", "\u2010"]


def _escape_char(fmt: str, ch: str, how: int) -> str:
    """ch written as an escape the format decodes (how picks one of its forms)."""
    cp = ord(ch)
    if fmt in ("json", "properties", "android", "strings") and cp < 0x10000:
        return f"\\u{cp:04x}" if how % 2 else f"\\u{cp:04X}"
    if fmt == "gettext" and cp < 0x100:
        return f"\\x{cp:02x}" if how % 2 else f"\\{cp:03o}"
    if fmt in ("template", "xliff", "android", "resx"):
        return f"&#{cp};" if how % 2 else f"&#x{cp:x};"
    return ch


@st.composite
def mention(draw, fmt: str) -> str:
    """'TikTok' as a file of format fmt may write it: any case, look-alike letters,
    escapes, invisible characters, a separator, inline markup between the letters."""
    out = []
    for i, letter in enumerate("tiktok"):
        if i == 3:
            out.append(draw(st.sampled_from(SEPARATORS)))
        ch = draw(st.sampled_from([letter, letter.upper(), *LOOKALIKES[letter]]))
        how = draw(st.integers(0, 5))
        piece = _escape_char(fmt, ch, how) if how < 2 else ch
        if i and draw(st.integers(0, 4)) == 0:
            inv = draw(st.sampled_from(INVISIBLE))
            piece = (_escape_char(fmt, inv, how) if how % 3 == 0 else inv) + piece
        if i and fmt == "template" and draw(st.integers(0, 4)) == 0:
            piece = draw(st.sampled_from(["<span>", "</b>", "<!-- x -->", "<wbr>"])) + piece
        out.append(piece)
    return "".join(out)


def _plain(fmt: str, s: str) -> str:
    """Arbitrary text written safely in the format (escaped as its writers would)."""
    if fmt == "json":
        return json.dumps(s)[1:-1]
    if fmt in ("template", "xliff", "android", "resx"):
        s = html.escape(s, quote=True).replace("\\", "\\\\" if fmt == "android" else "\\")
        return "".join(c for c in s if c.isprintable() or c == " ")
    s = s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    if fmt == "properties":
        s = s.replace("\\r", "").replace("\\n", "")
    return "".join(c for c in s if c.isprintable())


WRITERS = {
    "json": ("locales/id/a.json", lambda vs: "{" + ",".join(f'"k{i}": "{v}"' for i, v in enumerate(vs)) + "}"),
    "gettext": ("locale/id/a.po", lambda vs: "".join(f'msgid "k{i}"\nmsgstr "{v}"\n\n' for i, v in enumerate(vs))),
    "properties": ("messages_id.properties", lambda vs: "".join(f"k{i}=x{v}\n" for i, v in enumerate(vs))),
    "android": ("res/values/strings.xml", lambda vs: "<resources>" + "".join(
        f'<string name="k{i}">{v}</string>' for i, v in enumerate(vs)) + "</resources>"),
    "strings": ("id.lproj/a.strings", lambda vs: "".join(f'"k{i}" = "{v}";\n' for i, v in enumerate(vs))),
    "template": ("templates/a.html", lambda vs: "".join(f"<p title=\"{v}\">{v}</p>\n" for v in vs)),
    "xliff": ("locales/id/a.xlf", lambda vs: '<xliff version="1.2"><file><body>' + "".join(
        f'<trans-unit id="k{i}"><source>{v}</source></trans-unit>' for i, v in enumerate(vs)) + "</body></file></xliff>"),
    "resx": ("Resources/a.resx", lambda vs: "<root>" + "".join(
        f'<data name="k{i}"><value>{v}</value></data>' for i, v in enumerate(vs)) + "</root>"),
}
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)


@st.composite
def catalog(draw):
    fmt = draw(st.sampled_from(sorted(WRITERS)))
    values = []
    for _ in range(draw(st.integers(1, 4))):
        parts = [_plain(fmt, draw(TEXT))]
        if draw(st.booleans()):
            parts += [draw(mention(fmt)), _plain(fmt, draw(TEXT))]
        values.append(" ".join(parts) if draw(st.booleans()) else "".join(parts))
    path, write = WRITERS[fmt]
    return fmt, path, write(values).encode("utf-8")


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalog())
def test_prefilter_never_rejects_a_file_the_linter_flags(case):
    fmt, path, data = case
    result = lint_bytes(data, path, fmt, MATCHER)
    if result.findings:
        assert may_mention(data, fmt), (fmt, data)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(WRITERS)), st.text(max_size=60))
def test_prefilter_never_rejects_arbitrary_text_the_linter_flags(fmt, text):
    path, write = WRITERS[fmt]
    data = write([_plain(fmt, text)]).encode("utf-8")
    if lint_bytes(data, path, fmt, MATCHER).findings:
        assert may_mention(data, fmt)


GAPS = {  # what a format's reader joins across, written between a brand's letters
    "template": ["<b>", "</span>", "<!-- x -->", "{{ x }}", "{% if a %}", "{# c #}", "@x.y"],
    "xliff": ["<g id=\"1\">", "</g>", "<x id=\"2\"/>", "<ph id=\"3\">{0}</ph>"],
    "android": ["<b>", "</i>", "<xliff:g id=\"n\">", "<![CDATA[x]]>"],
    "resx": ["<b>", "</b>"],
    "gettext": ['"\n"', '" "'],
}
BEFORE = list("abz09_-. >\"'(){}[]<@/:;,=") + ["", "<br>", "{{ x }}", "@x ", "\n"]


@st.composite
def split_mention(draw):
    """An ASCII file with no escapes: 'tiktok' split by the format's gaps, after any of
    the characters that may stand before a word (or none), in any case."""
    fmt = draw(st.sampled_from(sorted(GAPS)))
    word = ""
    for i, letter in enumerate("tiktok"):
        if i and draw(st.integers(0, 2)) == 0:
            word += draw(st.sampled_from(GAPS[fmt]))
        word += letter.upper() if draw(st.booleans()) else letter
    before = draw(st.sampled_from(BEFORE))
    after = draw(st.sampled_from(["", " ", "x", ".", "<b>x</b>"]))
    if fmt == "gettext":  # a raw quote would end the msgstr
        before = before.replace('"', "'")
    value = draw(st.sampled_from(["", "Belanja di ", "x"])) + before + word + after
    path, write = WRITERS[fmt]
    return fmt, path, write([value]).encode("ascii", "replace")


@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(split_mention())
def test_prefilter_never_rejects_a_split_mention_the_linter_flags(case):
    """The plain-ASCII variant looks for a split lead only right after a prefix letter
    (``_after_a_prefix``): whatever stands before it, a flagged file passes."""
    fmt, path, data = case
    if lint_bytes(data, path, fmt, MATCHER).findings:
        assert may_mention(data, fmt), (fmt, data)


TRICKY = [
    ("json", "locales/id/a.json", '{"a": "\\u0054ik\\u200bTok"}'),
    ("json", "locales/id/a.json", '{"a": "\\ud835\\udc13ikTok"}'),          # astral look-alike, escaped
    ("template", "templates/a.html", "<p>Ti<span>k</span>T&#x6f;k</p>"),
    ("template", "templates/a.html", "<p>Tik&shy;Tok</p>"),
    ("gettext", "locale/id/a.po", 'msgid "a"\nmsgstr ""\n"Belanja Tik"\n"Tok"\n'),
    ("properties", "messages_id.properties", "a=Tik\\\n    Tok\n"),
    ("android", "res/values/strings.xml", "<resources><string name=\"a\">\\nTik\u0422ok</string></resources>"),
    ("template", "templates/a.html", '<img src="/img/tik%74ok-logo.png">'),
    ("template", "templates/a.html", "<p>ti\u33cfok</p>"),                    # one character reads "kt"
]


@pytest.mark.parametrize("fmt,path,text", TRICKY, ids=[t[2][:30] for t in TRICKY])
def test_tricky_spellings_are_flagged_and_let_through(fmt, path, text):
    data = text.encode("utf-8")
    assert lint_bytes(data, path, fmt, MATCHER).findings, "the case must be a real finding"
    assert may_mention(data, fmt)


def test_ordinary_catalogs_without_a_mention_are_rejected():
    """The prefilter is not trivially true: real-looking text, entities and escapes pass."""
    clean = [
        ("json", b'{"home": "Belanja hemat di toko kami", "tick": "tick tock", "n": "Baris\\nbaru \\u00e9"}'),
        ("gettext", b'msgid "Take it"\nmsgstr "Ambil \\"ini\\" sekarang"\n"toko"\n'),
        ("template", "<p>Diskon &amp; gratis <b>ongkir</b> — hari ini, 東京 ร้านค้า</p>".encode("utf-8")),
        ("properties", b"home.title=Produk pilihan kita untuk anda di toko\n"),
        ("android", b'<resources><string name="t">Toko &amp; tiket</string></resources>'),
    ]
    assert [fmt for fmt, d in clean if may_mention(d, fmt)] == []


def test_fold_table_matches_this_pythons_unicode():
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import gen_foldtable
    finally:
        sys.path.pop(0)
    from linter.lint._foldtable import FOLDS
    assert gen_foldtable.table() == FOLDS, "run: python tools/gen_foldtable.py"


def test_octal_escapes_with_invisible_characters_between_letters():
    """Found by hypothesis: gettext octal escapes for every letter, zero-width spaces between."""
    data = b'msgid "k0"\nmsgstr "\\164\xe2\x80\x8b\\151\\153\xe2\x80\x8b\\164\xe2\x80\x8b\\157\\153"\n\n'
    assert lint_bytes(data, "locale/id/a.po", "gettext", MATCHER).findings
    assert may_mention(data, "gettext")


def test_plain_ascii_files_use_the_small_variant_and_others_the_full_one():
    """A file without escapes or non-ASCII bytes is searched with the variant that leaves
    those out; one with them, with the variant for exactly what it holds."""
    pf = compile_prefilter(PATTERNS, "markup")
    assert not pf.may_mention(b"<p>Belanja di toko</p>")
    assert pf.may_mention("<p>Belanja di T\u0456kTok</p>".encode("utf-8"))  # Cyrillic і
    assert pf.may_mention(b"<p>T&#105;kTok</p>") and pf.may_mention(b"<p>T<b>i</b>kTok</p>")
    assert set(pf._variants) >= {(False, ""), (True, ""), (False, "&")}
    full = pf.variant(True, "\\&%")
    assert len(full.others.pattern) > 2 * len(pf.variant(False, "").others.pattern)


def test_cached_compile_is_the_same_program(tmp_path, monkeypatch):
    """recache hands back a pattern equal to re.compile's (CPython compares flags, pattern
    and the whole program); an entry it cannot use (corrupt, or naming another pattern)
    is a miss that compiles afresh and matches the same."""
    import re

    from linter.lint import recache

    monkeypatch.setenv("BRANDLINT_CACHE_DIR", str(tmp_path))
    source = rb"t(?:i|\\u0069)k[ .\-]?tok|(?P<x>opedia)"
    fresh = recache.compile_cached(source, re.S)    # compiles and stores
    (entry,) = list((tmp_path / "re").iterdir())
    cached = recache.compile_cached(source, re.S)   # loads
    assert fresh == cached == re.compile(source, re.S)
    for text in (b"xx tik tok", b"t\\u0069k-tok", b"opedia", b"tick tock"):
        expected = re.compile(source, re.S).search(text)
        got = cached.search(text)
        assert (got and (got.span(), got.groupdict())) == (expected and (expected.span(), expected.groupdict()))
    entry.write_bytes(b"not marshal data")
    assert recache.compile_cached(source, re.S) == re.compile(source, re.S)
    import marshal
    other = rb"tok"
    entry.write_bytes(marshal.dumps((other, int(re.S), (int(re.S), [], 0, {}, ()))))  # another pattern's entry
    assert recache.compile_cached(source, re.S).search(b"t\\u0069k tok")
    monkeypatch.setenv("BRANDLINT_NO_CACHE", "1")
    entry.unlink()
    assert recache.compile_cached(source, re.S) == re.compile(source, re.S)
    assert not entry.exists()
