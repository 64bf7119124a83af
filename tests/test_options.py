"""ScanOptions: the defaults held once, and one set of checks for the Python API and the CLI
(same values accepted, same values rejected, same message). No browser starts: every
rejection happens before the scan does."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

import linter
from linter.cli import main
from linter.options import ScanOptions, default

NOWHERE = "http://127.0.0.1:9/"   # never reached: the options are refused first


@pytest.mark.parametrize("keyword,flag,value,words", [
    ("forbid_url_pattern", "--forbid-url-pattern", "(", "forbid_url_pattern: '(' is not a regular expression"),
    ("max_pages", "--max-pages", 0, "max_pages: 0 is out of range: expected at least 1"),
    ("retries", "--retries", 11, "retries: 11 is out of range: expected from 0 to 10"),
    ("page_timeout", "--page-timeout", 0.1, "page_timeout: 0.1 is out of range"),
    ("budget", "--budget", 0.5, "budget: 0.5 is out of range: expected at least 1"),
    ("block_resources", "--block-resources", "font,bogus", "block_resources: unknown type(s) bogus"),
    ("viewport", "--viewport", "12x", "viewport: '12x': expected WIDTHxHEIGHT"),
    ("include", "--include", "re:(", "include: 're:(' is not a regular expression"),
    ("exclude", "--exclude", "re:[", "exclude: 're:[' is not a regular expression"),
    ("concurrency", "--concurrency", "33", "concurrency: '33': expected 'auto' or a number of tabs from 1 to 32"),
])
def test_api_and_cli_reject_the_same_value_with_the_same_message(keyword, flag, value, words):
    with pytest.raises(linter.UsageError) as api:
        linter.scan([NOWHERE], **{keyword: value})
    assert words in str(api.value)
    assert "--" not in str(api.value), "a core message names no CLI flag"
    res = CliRunner().invoke(main, ["scan", NOWHERE, flag, str(value)])
    assert res.exit_code == 2 and words in res.output, res.output
    assert "Traceback" not in res.output


def test_an_unknown_keyword_is_a_usage_error_with_a_suggestion():
    with pytest.raises(linter.UsageError, match="unknown scan option 'max_page'; did you mean max_pages"):
        linter.scan([NOWHERE], max_page=3)


def test_resume_needs_a_checkpoint_that_exists(tmp_path):
    with pytest.raises(linter.UsageError, match="resume: needs checkpoint"):
        ScanOptions(resume=True)
    with pytest.raises(linter.UsageError, match="resume: no checkpoint at"):
        ScanOptions(resume=True, checkpoint=str(tmp_path / "nope.jsonl"))


def test_text_the_shell_gives_is_read_the_same_way_by_the_api():
    o = ScanOptions(viewport="800x600", block_resources="none", concurrency="auto", include="*/a/*")
    assert (o.viewport, o.block_resources, o.concurrency, o.include) == ((800, 600), (), None, ("*/a/*",))
    assert ScanOptions(block_resources=" Font , MEDIA ").block_resources == ("font", "media")


def test_the_cli_reads_its_defaults_from_scan_options():
    from linter.commands.scan import scan
    params = {p.name: p.default for p in scan.params}
    for name in ("max_pages", "max_depth", "page_timeout", "settle_timeout", "retries", "rate",
                 "recycle_every", "locale", "timezone", "visual"):
        assert params[name] == default(name), name
    assert params["block_resources"] == ",".join(default("block_resources"))


def test_render_and_context_defaults_are_the_scan_options_ones():
    from linter.browser.pool import ContextSpec
    from linter.browser.render import RenderOptions
    r, c = RenderOptions(), ContextSpec()
    assert (r.page_timeout, r.settle_timeout, r.quiet_ms, r.max_page_bytes) == (
        default("page_timeout"), default("settle_timeout"), default("quiet_ms"), int(default("max_page_mb") * 1e6))
    assert (c.locale, c.timezone, c.viewport) == (default("locale"), default("timezone"), default("viewport"))


def test_the_snapshot_options_hold_no_secret():
    from linter.browser.auth import Access
    o = ScanOptions(access=Access(http_user="qa", http_password="s3cret-pw", headers={"X-Token": "tok-42"}))
    public = o.public()
    assert public["http_user"] == "qa" and public["headers"] == ["X-Token"]
    assert "s3cret-pw" not in repr(public) and "tok-42" not in repr(public)
