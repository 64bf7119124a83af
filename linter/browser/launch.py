"""Find and launch Chromium.

Users elsewhere have ``playwright install chromium``; machines without it (CI images,
air-gapped hosts) have Debian's ``/usr/bin/chromium``. We prefer an explicit path
(``--browser-path`` or ``BRANDLINT_CHROMIUM``), then Playwright's own browser when it is
installed, then the system one.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from ..errors import UsageError

SYSTEM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome",
                     "/snap/bin/chromium")
# Quiet, offline-friendly flags: without the background-networking ones Chromium keeps
# trying to reach Google's services, which a closed network refuses many times a second.
ARGS = ["--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--disable-default-apps", "--disable-extensions",
        "--disable-features=Translate,MediaRouter,OptimizationHints",
        "--disable-dev-shm-usage", "--mute-audio", "--hide-scrollbars"]


def _playwright_has_browser(pw) -> bool:
    try:
        return Path(pw.chromium.executable_path).exists()
    except Exception:  # noqa: BLE001 - playwright raises its own error types here
        return False


def find_executable(pw=None, explicit: str | None = None) -> str | None:
    """The Chromium to launch, or None to let Playwright use its own."""
    path = explicit or os.environ.get("BRANDLINT_CHROMIUM")
    if path:
        if not Path(path).exists():
            raise UsageError(f"browser not found at {path}")
        return path
    if pw is not None and _playwright_has_browser(pw):
        return None
    for cand in SYSTEM_CANDIDATES:
        if Path(cand).exists():
            return cand
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    raise UsageError("no Chromium found: run 'playwright install chromium', install your "
                     "distribution's chromium package, or pass --browser-path")


def resolver_rules(offline_except: list[str] | None = None, blocked: list[str] = ()) -> str | None:
    """Chromium host-resolver rules that make hosts fail at once, inside the browser.

    ``offline_except``: resolve only loopback and these hosts (a local folder is the whole
    site; without this, a saved page's dozens of unreachable CDNs each wait on DNS).
    ``blocked``: host patterns (``*.doubleclick.net``) that never load.
    """
    rules = [f"MAP {h} ~NOTFOUND" for h in blocked]
    if offline_except is not None:
        keep = ["127.0.0.1", "localhost", "[::1]", *offline_except]
        rules.append("MAP * ~NOTFOUND, " + ", ".join(f"EXCLUDE {h}" for h in dict.fromkeys(keep)))
    return ", ".join(rules) or None


def launch_args(offline_except: list[str] | None = None, blocked: list[str] = ()) -> list[str]:
    args = list(ARGS)
    rules = resolver_rules(offline_except, blocked)
    if rules:
        args.append(f"--host-resolver-rules={rules}")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")  # Chromium refuses to start as root with its sandbox
    return args


async def launch(pw, explicit: str | None = None, headless: bool = True,
                 offline_except: list[str] | None = None, blocked: list[str] = ()):
    executable = find_executable(pw, explicit)
    return await pw.chromium.launch(executable_path=executable, headless=headless,
                                    args=launch_args(offline_except, blocked))


def open_playwright():
    """``async with open_playwright() as pw``: the one place the crawl starts Playwright."""
    from playwright.async_api import async_playwright
    return async_playwright()
