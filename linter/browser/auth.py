"""Getting into a staging site: credentials, headers, cookies, storage state, login script.

Credentials and extra headers go to the seed origins only: they are handed to the request
guard (``guard.py``), which adds them inside the browser to requests for those origins and
to nothing else. The password is read from an environment variable by the CLI, lives in
``Access`` (whose ``repr`` hides it) and is never part of the snapshot's options.

A login script is the user's own Python file with ``login(page)``, plain or ``async``,
run once in every fresh browser context before it renders pages. A plain function gets a
synchronous stand-in for the page (``_SyncPage``) and runs in a thread, so the same script
reads like Playwright's sync API.
"""
from __future__ import annotations

import asyncio
import base64
import importlib.util
import inspect
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UsageError


@dataclass
class Access:
    http_user: str | None = None
    http_password: str | None = field(default=None, repr=False)
    headers: dict[str, str] = field(default_factory=dict, repr=False)
    cookies_file: str | None = None
    storage_state: str | None = None
    login_script: str | None = None

    def seed_headers(self) -> dict[str, str]:
        """Headers for requests to the seed origins (credentials included)."""
        out = dict(self.headers)
        if self.http_user is not None:
            token = base64.b64encode(f"{self.http_user}:{self.http_password or ''}".encode()).decode()
            out["Authorization"] = f"Basic {token}"
        return out

    def secrets(self) -> list[str]:
        """Values that must never reach an output file."""
        vals = [self.http_password or "", *self.headers.values()]
        if self.http_user is not None:
            vals.append(self.seed_headers()["Authorization"].split(" ", 1)[1])
        return [v for v in vals if v]

    def context_kwargs(self) -> dict:
        return {"storage_state": self.storage_state} if self.storage_state else {}

    async def prepare(self, context, login) -> None:
        """Cookies, then the login script, in a context that has not rendered anything."""
        if self.cookies_file:
            await context.add_cookies(load_cookies(self.cookies_file))
        if login is not None:
            page = await context.new_page()
            try:
                if inspect.iscoroutinefunction(login):
                    await login(page)
                else:
                    await asyncio.to_thread(login, _SyncPage(page, asyncio.get_running_loop()))
            except Exception as exc:  # noqa: BLE001 - the user's script: report, do not crash
                raise UsageError(f"login script failed: {type(exc).__name__}: {exc}") from None
            finally:
                await page.close()


def parse_header(text: str) -> tuple[str, str]:
    name, sep, value = text.partition(":")
    if not sep or not name.strip():
        raise UsageError(f"--header expects 'Name: value', got {text!r}")
    return name.strip(), value.strip()


def load_cookies(path: str) -> list[dict]:
    """Playwright cookies: a JSON list, a storage-state JSON (its ``cookies``), or a
    Netscape ``cookies.txt`` (what browser extensions and curl export)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{path}: cannot read cookies: {exc.strerror}") from None
    if text.lstrip().startswith(("[", "{")):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise UsageError(f"{path}:{exc.lineno}: not JSON: {exc.msg}") from None
        cookies = data.get("cookies", []) if isinstance(data, dict) else data
        if not isinstance(cookies, list) or not all(isinstance(c, dict) and "name" in c for c in cookies):
            raise UsageError(f"{path}: expected a list of cookies with name, value and domain or url")
        return cookies
    out = []
    for no, line in enumerate(text.splitlines(), 1):
        if line.startswith("#HttpOnly_"):
            line = line[len("#HttpOnly_"):]
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 7:
            raise UsageError(f"{path}:{no}: a cookies.txt line has 7 tab-separated fields")
        domain, _, cpath, secure, expires, name, value = parts
        cookie = {"name": name, "value": value, "domain": domain, "path": cpath,
                  "secure": secure.upper() == "TRUE"}
        if expires.strip() not in ("", "0"):
            cookie["expires"] = float(expires)
        out.append(cookie)
    return out


def load_login(path: str | None):
    """The ``login`` function of a user's script (their own code, run on their request)."""
    if not path:
        return None
    p = Path(path)
    if not p.is_file():
        raise UsageError(f"--login-script {path}: no such file")
    spec = importlib.util.spec_from_file_location("brandlint_login_script", p)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as exc:  # noqa: BLE001 - any error in the user's file
        raise UsageError(f"{path}: cannot load login script: {type(exc).__name__}: {exc}") from None
    fn = getattr(module, "login", None)
    if not callable(fn):
        raise UsageError(f"{path}: defines no login(page) function")
    return fn


class _SyncPage:
    """Runs the async page's methods on the scan's event loop and waits for them, so a
    plain ``def login(page)`` can write ``page.fill(...)`` as with the sync API."""

    def __init__(self, target, loop) -> None:
        self._target, self._loop = target, loop

    def __getattr__(self, name):
        attr = getattr(self._target, name)
        if not callable(attr):
            return attr

        def call(*args, **kwargs):
            res = attr(*args, **kwargs)
            if inspect.isawaitable(res):
                res = asyncio.run_coroutine_threadsafe(_await(res), self._loop).result()
            return _SyncPage(res, self._loop) if _is_playwright_object(res) else res
        return call


async def _await(awaitable):
    return await awaitable


def _is_playwright_object(obj) -> bool:
    return type(obj).__module__.startswith("playwright.")
