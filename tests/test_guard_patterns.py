"""The request guard's Fetch patterns (browser/guard.py), without a browser: every document
URL outside the seed origins is paused, none inside them.

The browser side (a redirect or a script sending the page elsewhere is refused, the other
host never asked) is tests/test_faults.py's ``/offsite`` and the storefront's
``redirect/away.html``."""
from __future__ import annotations

import random
import re

from linter.browser.guard import ALL_DOCUMENTS, canonical_prefix, document_patterns


def _glob(pattern: str) -> re.Pattern:
    """Chromium's Fetch urlPattern: ``*`` any run, ``?`` one character, backslash escapes."""
    out, i = [], 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 1
            out.append(re.escape(pattern[i]))
        else:
            out.append(".*" if c == "*" else "." if c == "?" else re.escape(c))
        i += 1
    return re.compile("".join(out) + r"\Z", re.S)


def paused(patterns: list[dict], url: str) -> bool:
    return any(g.match(url) for g in _compiled(tuple(p["urlPattern"] for p in patterns)))


_CACHE: dict = {}


def _compiled(globs: tuple[str, ...]) -> list[re.Pattern]:
    if globs not in _CACHE:
        _CACHE[globs] = [_glob(g) for g in globs]
    return _CACHE[globs]


SEED = "http://127.0.0.1:8000"


def test_the_seed_origins_pages_are_not_paused():
    pats = document_patterns([SEED])
    for url in (SEED + "/", SEED + "/p/1.html", SEED + "/a?b=*&c=?", SEED + "/x#frag", SEED + "/%7Euser/"):
        assert not paused(pats, url), url


def test_every_other_origin_is_paused():
    pats = document_patterns([SEED])
    for url in ("http://127.0.0.1:80001/", "http://127.0.0.1:800/", "http://127.0.0.1:8000.evil.test/",
                "https://127.0.0.1:8000/", "http://127.0.0.2:8000/", "http://127.0.0.1/", "http://evil.test/",
                "http://127.0.0.1:8000@evil.test/", "ftp://127.0.0.1:8000/", "http://*/", "http://127.0.0.1:8000?/"):
        assert paused(pats, url), url


def test_random_urls_split_exactly_at_the_prefix():
    rng = random.Random(7)
    seeds = [SEED, "https://shop.example.id"]
    prefixes = [canonical_prefix(s) for s in seeds]
    pats = document_patterns(seeds)
    alphabet = [chr(c) for c in range(0x21, 0x7F)]
    for _ in range(400):
        base = rng.choice(prefixes)
        cut = rng.randrange(len(base) + 1)   # keep a part of a prefix, then anything
        url = base[:cut] + "".join(rng.choice(alphabet) for _ in range(rng.randrange(0 if cut else 1, 6)))
        inside = any(url.startswith(p) for p in prefixes)
        assert paused(pats, url) is not inside, url


def test_prefixes_are_written_as_chromium_writes_urls():
    assert canonical_prefix("http://Shop.Example:80/any/path") == "http://shop.example/"
    assert canonical_prefix("https://bücher.example:443") == "https://xn--bcher-kva.example/"
    assert canonical_prefix("http://[::1]:8080") == "http://[::1]:8080/"
    assert canonical_prefix("file:///srv/site") is None


def test_an_origin_it_cannot_spell_pauses_every_document():
    """Safe side: a seed whose prefix is unknown leaves every document to Python's decision."""
    assert document_patterns(["file:///srv/site"]) == ALL_DOCUMENTS
    assert document_patterns([]) == ALL_DOCUMENTS
