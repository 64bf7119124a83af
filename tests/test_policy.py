"""Policy loading: presets, extends, pyproject, and errors that name file, line and key."""
from __future__ import annotations

import textwrap

import pytest
from click.testing import CliRunner

from linter.cli import main
from linter.errors import ConfigError
from linter.policy import load_policy, preset_names


def write(tmp_path, name, body):
    p = tmp_path / name
    p.write_text(textwrap.dedent(body).lstrip(), encoding="utf-8")
    return p


def test_preset_ships_as_data():
    assert "permendag31" in preset_names()
    p = load_policy("permendag31")
    assert set(p.brands) == {"tiktok", "tiktok-shop", "tokopedia"}
    assert p.default_zone.id == "commerce"
    assert p.hash.startswith("sha256:")


def test_extends_overrides_tables_key_by_key(tmp_path):
    f = write(tmp_path, "brandlint.toml", """
        extends = "permendag31"
        name = "acme"
        [zones.payment]
        url_segments = ["kasir"]
        [ignore]
        url_patterns = ["*/legacy/*"]
        [severity]
        "brand.legacy-asset" = "warning"
    """)
    p = load_policy(f)
    assert p.name == "acme"
    assert p.zone_for_url("https://x/kasir/1").id == "payment"
    assert p.zone_for_url("https://x/checkout").id == "commerce"  # list replaced, not merged
    assert p.zones["payment"].suggest == "Tokopedia"               # other keys kept
    assert p.url_ignored("https://x/legacy/a")
    assert p.severity_of("brand.legacy-asset") == "warning"
    assert p.hash != load_policy("permendag31").hash


def test_pyproject_tool_table(tmp_path):
    f = write(tmp_path, "pyproject.toml", """
        [project]
        name = "x"

        [tool.brandlint]
        extends = "permendag31"

        [tool.brandlint.contexts.social]
        selectors = [".social"]
    """)
    assert load_policy(f).contexts["social"] == (".social",)


@pytest.mark.parametrize("body,line,key,words", [
    ('extends = "permendag31"\n[zones.payment]\nurl_segmnts = ["x"]\n', 3, "zones.payment.url_segmnts", "unknown key"),
    ('extends = "permendag31"\n\n[severity]\n"brand.legacy-text" = "fatal"\n', 4, "severity.brand.legacy-text", "must be one of"),
    ('extends = "permendag31"\n[zones.payment]\nurl_segments = "checkout"\n', 3, "zones.payment.url_segments", "must be list"),
    ('extends = "permendag31"\n[brands.tiktok]\npattern = "tik(tok"\n', 3, "brands.tiktok.pattern", "invalid regular expression"),
    ('extends = "permendag31"\n[brands.tiktok]\npattern = "(?x) tik tok"\n', 3, "brands.tiktok.pattern", "(?x:...)"),
    ('extends = "permendag31"\n[severity]\n"brand.nope" = "error"\n', 3, "severity.brand.nope", "unknown rule"),
    ('extends = "nosuchpreset"\n', 1, "extends", "no such preset"),
    ('extends = "permendag31"\n[zones.payment]\nallowed = ["tokped"]\n', 3, "zones.payment.allowed", "unknown brand"),
], ids=["unknown-key", "bad-severity", "wrong-type", "bad-regex", "global-flag", "unknown-rule", "bad-extends", "unknown-brand"])
def test_errors_name_file_line_and_key(tmp_path, body, line, key, words):
    f = tmp_path / "brandlint.toml"
    f.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_policy(f)
    e = err.value
    assert (e.file, e.line, e.key) == (str(f), line, key)
    assert words in str(e) and f"{f}:{line}" in str(e)


def test_invalid_toml_names_the_line(tmp_path):
    f = tmp_path / "brandlint.toml"
    f.write_text('name = "x"\nzones = [oops\n', encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_policy(f)
    assert err.value.line == 2


def test_extends_cycle(tmp_path):
    write(tmp_path, "a.toml", 'extends = "b.toml"\n')
    b = write(tmp_path, "b.toml", 'extends = "a.toml"\n')
    with pytest.raises(ConfigError, match="cycle"):
        load_policy(b)


def test_cli_exits_2_with_the_location(tmp_path):
    f = write(tmp_path, "brandlint.toml", 'extends = "permendag31"\n[ignore]\nselector = ["x"]\n')
    res = CliRunner().invoke(main, ["scan", "--policy", str(f), "https://example.invalid/"])
    assert res.exit_code == 2
    assert f"{f}:3: key 'ignore.selector': unknown key" in res.output


def test_parsed_toml_is_kept_and_only_used_for_the_same_text(tmp_path, monkeypatch):
    """linter/tomlcache.py: the preset parsed once is the same policy read from the cache;
    a corrupt entry or one holding another text is a miss; TOML dates are parsed, not kept."""
    import tomllib

    from linter import tomlcache

    monkeypatch.setenv("BRANDLINT_CACHE_DIR", str(tmp_path))
    fresh = load_policy("permendag31")
    (entry,) = list((tmp_path / "toml").iterdir())
    assert load_policy("permendag31") == fresh
    entry.write_bytes(b"not marshal data")
    assert load_policy("permendag31") == fresh
    text = 'name = "x"\n[brands.a]\nname = "A"\n'
    assert tomlcache.loads(text) == tomllib.loads(text)
    import marshal
    for stored in tmp_path.joinpath("toml").iterdir():
        if marshal.loads(stored.read_bytes())[0] == text:
            stored.write_bytes(marshal.dumps(('name = "other"\n', {"name": "other"})))
    assert tomlcache.loads(text) == tomllib.loads(text)       # names another text: a miss
    dated = "when = 2026-12-03\n"
    before = set(tmp_path.joinpath("toml").iterdir())
    assert tomlcache.loads(dated) == tomllib.loads(dated)
    assert set(tmp_path.joinpath("toml").iterdir()) == before  # not kept
    with pytest.raises(tomllib.TOMLDecodeError):
        tomlcache.loads("name = ")
