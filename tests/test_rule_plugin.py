"""A rule module dropped in from outside fires in ``brandlint lint`` and in a real scan:
one registry serves both commands (``linter.rules.register``, the plugin hook)."""
from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from linter import lint_text, scan
from linter.errors import ConfigError
from linter.policy import load_policy
from linter import rules
from linter.cli import main

ROOT = Path(__file__).resolve().parent.parent
# The example module of docs/rules.md ("Writing a rule"), so the documentation stays true.
RULE_SOURCE = re.search(r"```python\n(.*?)```", (ROOT / "docs/rules.md").read_text("utf-8"), re.S).group(1)

PAGE = "<!doctype html><title>Toko</title><main><p>Bayar dengan TOKOPEDIA</p><p>Bayar dengan Tokopedia</p></main>"


@pytest.fixture
def shouted(tmp_path):
    """The rule as a module file outside the package, imported and registered, then removed."""
    path = tmp_path / "plugins" / "shouted_brand.py"
    path.parent.mkdir()
    path.write_text(RULE_SOURCE, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("shouted_brand", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rules.register(module)
    yield module
    rules.unregister(module)
    sys.modules.pop("shouted_brand", None)


def test_the_rule_fires_in_lint(shouted):
    found = lint_text(PAGE, "templates/home.html")
    assert [(f.rule, f.matched, f.suggestion, f.line) for f in found] == [
        ("house.shouted-brand", "TOKOPEDIA", "Tokopedia", 1)]


def test_the_rule_is_listed_and_takes_a_severity(shouted, tmp_path):
    assert rules.describe("house.shouted-brand") == "Tokopedia written in capitals."
    listed = CliRunner().invoke(main, ["rules"]).output
    assert "house.shouted-brand\n  Tokopedia written in capitals." in listed
    cfg = tmp_path / "brandlint.toml"
    cfg.write_text('extends = "permendag31"\n[severity]\n"house.shouted-brand" = "warning"\n', encoding="utf-8")
    (f,) = lint_text(PAGE, "templates/home.html", load_policy(cfg))
    assert (f.rule, f.severity) == ("house.shouted-brand", "warning")


def test_without_the_rule_nothing_fires():
    assert lint_text(PAGE, "templates/home.html") == []


@pytest.mark.browser
def test_the_rule_fires_in_a_real_scan(shouted, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(PAGE, encoding="utf-8")
    snap = scan([str(site)], max_pages=1)
    assert [(f.rule, f.kind, f.matched, f.suggestion) for f in snap.findings] == [
        ("house.shouted-brand", "text", "TOKOPEDIA", "Tokopedia")]
    (page,) = snap.pages
    assert (page.touchpoints, page.violations) == (2, 1)


def test_a_malformed_rule_module_is_a_clear_error(tmp_path):
    bad = type(sys)("bad_rule")
    bad.__doc__ = "No kinds."
    bad.ID, bad.ALIASES = "test.bad", ()
    bad.check = lambda seen, zone, policy: None
    with pytest.raises(ConfigError, match="bad_rule has no KINDS"):
        rules.register(bad)
    bad.KINDS = ("hologram",)
    with pytest.raises(ConfigError, match="unknown kind.*hologram"):
        rules.register(bad)
    bad.KINDS, bad.ID = ("text",), "brand.legacy-text"
    with pytest.raises(ConfigError, match="already taken: brand.legacy-text"):
        rules.register(bad)
    assert "test.bad" not in rules.known_rule_ids()
