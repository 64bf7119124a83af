"""One URL pattern syntax for --include/--exclude and ignore.url_patterns (linter/globs.py):
a glob matches the whole canonical URL, re:REGEX is searched anywhere."""
from __future__ import annotations

import textwrap

import pytest

from linter.crawl.frontier import Frontier
from linter.errors import ConfigError
from linter.globs import url_pattern
from linter.policy import load_policy


@pytest.mark.parametrize("pattern,url,hit", [
    ("*/checkout/*", "https://shop.test/checkout/pay", True),
    ("*/checkout/*", "https://shop.test/checkout", False),       # the whole URL: no trailing part
    ("https://shop.test/a", "https://shop.test/a", True),
    ("https://shop.test/a", "https://shop.test/ab", False),      # not "anywhere in the URL"
    ("*/p?.html", "https://shop.test/p1.html", True),
    ("*/Checkout/*", "https://shop.test/checkout/x", False),     # case-sensitive
    ("re:/checkout", "https://shop.test/checkout/pay", True),    # a regex is searched
    ("re:^https://other", "https://shop.test/", False),
])
def test_a_glob_matches_the_whole_url_and_a_regex_anywhere(pattern, url, hit):
    assert url_pattern(pattern)(url) is hit


def test_include_exclude_and_the_policy_ignore_mean_the_same(tmp_path):
    pattern = "*/arsip/*"
    toml = tmp_path / "brandlint.toml"
    toml.write_text(f'extends = "permendag31"\n[ignore]\nurl_patterns = ["{pattern}"]\n', encoding="utf-8")
    policy = load_policy(toml)
    urls = ["http://h/arsip/2019.html", "http://h/arsip", "http://h/x/arsip/y", "http://h/blog/arsip.html"]
    excluded = Frontier(["http://h/"], exclude=(pattern,))
    excluded.push(urls, excluded.lease())
    skipped = {u for u, why in excluded.skipped if "exclude" in why}
    assert skipped == {u for u in urls if policy.url_ignored(u)} == {"http://h/arsip/2019.html", "http://h/x/arsip/y"}


def test_a_bad_regex_in_ignore_url_patterns_names_file_line_and_key(tmp_path):
    toml = tmp_path / "brandlint.toml"
    toml.write_text(textwrap.dedent('''\
        extends = "permendag31"
        [ignore]
        url_patterns = ["re:("]
    '''), encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_policy(toml)
    assert str(err.value).startswith(f"{toml}:3: key 'ignore.url_patterns': 're:(' is not a regular expression")
