"""Staging access: basic auth, headers, cookies, storage state and login scripts reach the
page behind the login wall; credentials go to the seed origin only and never into any
output; the auth canary records a login page as not-authenticated instead of scanning it."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from conftest import ANSWERS
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "fixtures"))

from faults.server import PASSWORD, USER, FaultServer  # noqa: E402

from linter.browser.auth import load_cookies, parse_header  # noqa: E402
from linter.cli import main  # noqa: E402
from linter.errors import UsageError  # noqa: E402

PRIVATE = ["/private/account"]


def run(args, env=None):
    return CliRunner().invoke(main, ["scan", *args, "--page-timeout", str(ANSWERS), "--retries", "0"], env=env)


def account(snapshot_path: Path, origin: str) -> dict:
    data = json.loads(snapshot_path.read_text(encoding="utf-8"))
    (p,) = [p for p in data["pages"] if p["url"] == origin + "/private/account"]
    return p


def test_cookie_files_and_headers_parse(tmp_path):
    txt = tmp_path / "c.txt"
    txt.write_text("# Netscape HTTP Cookie File\n#HttpOnly_.shop.test\tTRUE\t/\tTRUE\t0\tsid\tabc\n", encoding="utf-8")
    assert load_cookies(str(txt)) == [{"name": "sid", "value": "abc", "domain": ".shop.test", "path": "/", "secure": True}]
    js = tmp_path / "c.json"
    js.write_text(json.dumps({"cookies": [{"name": "a", "value": "b", "url": "http://x.test/"}], "origins": []}))
    assert load_cookies(str(js))[0]["name"] == "a"
    assert parse_header("X-Token:  v: 1 ") == ("X-Token", "v: 1")
    with pytest.raises(UsageError):
        parse_header("no colon")


@pytest.mark.browser
def test_basic_auth_reaches_the_page_and_the_password_goes_nowhere_else(tmp_path):
    out = tmp_path / "snap.json"
    ev = tmp_path / "evidence"
    with FaultServer(pages=PRIVATE) as srv:
        res = run([srv.origin + "/", "-o", str(out), "--evidence", str(ev), "--http-user", USER,
                   "--http-password-env", "STAGING_PW", "--verbose"], env={"STAGING_PW": PASSWORD})
        assert res.exit_code == 1, res.output
        assert account(out, srv.origin)["status"] == "rendered"
        assert account(out, srv.origin)["final_url"] == srv.origin + "/private/account"
        seed_auth = [r.headers.get("authorization") for r in srv.requests]
        other = srv.other.requests
    assert all(seed_auth), "every request to the seed origin carried the credentials"
    assert other and all("authorization" not in r.headers for r in other), "the other origin never saw them"
    files = [out, *ev.rglob("*")]
    import base64
    token = base64.b64encode(f"{USER}:{PASSWORD}".encode())
    for f in files:
        if f.is_file():
            data = f.read_bytes()
            assert PASSWORD.encode() not in data and token not in data, f
    assert PASSWORD not in res.output and token.decode() not in res.output
    assert json.loads(out.read_text())["options"]["http_user"] == USER


@pytest.mark.browser
def test_missing_password_variable_is_a_usage_error():
    res = run(["http://127.0.0.1:9/", "--http-user", "qa", "--http-password-env", "NOPE_NOT_SET"], env={})
    assert res.exit_code == 2 and "NOPE_NOT_SET" in res.output


@pytest.mark.browser
def test_extra_header_goes_to_the_seed_origin_only(tmp_path):
    with FaultServer(pages=PRIVATE) as srv:
        res = run([srv.origin + "/private/account", "--no-follow", "--header", "Cookie: session=ok",
                   "--header", "X-Staging: stg-7f3a9c", "-o", str(tmp_path / "s.json")])
        assert res.exit_code == 1, res.output
        # Chromium fetches /favicon.ico itself, sometimes as the tab closes at the end of the
        # scan, after its DevTools session (which adds the headers) is gone: that one request
        # may go without them. It never goes to another host (checked below).
        bare = [r.path for r in srv.requests if r.headers.get("x-staging") != "stg-7f3a9c"]
        assert set(bare) <= {"/favicon.ico"}, bare
        assert {r.path for r in srv.requests} >= {"/robots.txt", "/private/account"}
        assert all("x-staging" not in r.headers for r in srv.other.requests) and srv.other.requests
    assert account(tmp_path / "s.json", srv.origin)["status"] == "rendered"
    # A value no number in the snapshot can contain by chance (an elapsed time of 142 ms did).
    assert "stg-7f3a9c" not in (tmp_path / "s.json").read_text()


@pytest.mark.browser
@pytest.mark.parametrize("kind", ["cookies", "storage-state"])
def test_cookies_and_storage_state(tmp_path, kind):
    with FaultServer(pages=PRIVATE) as srv:
        f = tmp_path / "state.json"
        cookies = [{"name": "session", "value": "ok", "domain": "127.0.0.1", "path": "/",
                    "expires": -1, "httpOnly": False, "secure": False, "sameSite": "Lax"}]
        f.write_text(json.dumps(cookies if kind == "cookies" else {"cookies": cookies, "origins": []}))
        res = run([srv.origin + "/private/account", "--no-follow", f"--{kind}", str(f), "-o", str(tmp_path / "s.json")])
        assert res.exit_code == 1, res.output
    assert account(tmp_path / "s.json", srv.origin)["status"] == "rendered"


@pytest.mark.browser
@pytest.mark.parametrize("style", ["async", "sync"])
def test_login_script_runs_once_per_context(tmp_path, style):
    script = tmp_path / "login.py"
    with FaultServer(pages=PRIVATE + ["/ok/1", "/ok/2"]) as srv:
        if style == "async":
            script.write_text(f"async def login(page):\n    await page.goto('{srv.origin}/login?ok=1')\n")
        else:
            script.write_text(f"def login(page):\n    page.goto('{srv.origin}/login?ok=1')\n"
                              f"    assert 'signed in' in page.locator('main').inner_text()\n")
        res = run([srv.origin + "/", "--login-script", str(script), "-j", "2", "-o", str(tmp_path / "s.json")])
        assert res.exit_code == 1, res.output
        logins = srv.hits("/login")
    assert account(tmp_path / "s.json", srv.origin)["status"] == "rendered"
    assert logins == 2, "once per browser context (two workers)"


@pytest.mark.browser
@pytest.mark.parametrize("canary", [["--forbid-url-pattern", "/login"], ["--require-selector", "#account"]])
def test_auth_canary_records_the_login_page_as_not_authenticated(tmp_path, canary):
    out = tmp_path / "s.json"
    with FaultServer(pages=PRIVATE) as srv:
        res = run([srv.origin + "/private/account", "--no-follow", "-o", str(out), *canary])
    assert res.exit_code == 3, res.output
    p = account(out, srv.origin)
    assert p["status"] == "not-authenticated" and p["touchpoints"] == 0
    assert json.loads(out.read_text())["findings"] == []
