"""Find and launch Chromium.

Users elsewhere have ``playwright install chromium``; machines without it (CI images,
air-gapped hosts) have Debian's ``/usr/bin/chromium``. We prefer an explicit path
(``--browser-path`` or ``BRANDLINT_CHROMIUM``), then Playwright's own browser when it is
installed, then the system one.
"""
from __future__ import annotations

import functools
import os
import re
import shutil
from pathlib import Path

from ..errors import UsageError

SYSTEM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome",
                     "/snap/bin/chromium")
# Quiet, offline-friendly flags: without the background-networking ones Chromium keeps
# trying to reach Google's services, which a closed network refuses many times a second.
ARGS = ["--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--disable-default-apps", "--disable-extensions",
        "--disable-dev-shm-usage", "--mute-audio", "--hide-scrollbars"]

# Features we turn off on top of Playwright's own list. The omnibox popup is a WebUI page
# that Chromium (since ~150) renders for every window, and every browser context is a
# window: one more renderer, ~160 MB, per context, for an address bar nobody sees.
OUR_DISABLED_FEATURES = ("Translate", "WebUIOmniboxPopup", "WebUIOmniboxAimPopup")

# Playwright's list as of 1.65, used when the installed driver's cannot be read.
# Chromium honours only the last --disable-features switch, so ours must repeat Playwright's
# or it silently re-enables them (HttpsUpgrades, which moves http:// staging hosts to
# https://; AvoidCorsURLLoaderRestartOnRedirect, which breaks redirects under the guard).
PLAYWRIGHT_DISABLED_FEATURES = (
    "AvoidUnnecessaryBeforeUnloadCheckSync", "DestroyProfileOnBrowserClose", "HttpsUpgrades",
    "HttpsFirstBalancedModeAutoEnable", "LensOverlay", "MediaRouter", "PaintHolding",
    "ThirdPartyStoragePartitioning", "AvoidCorsURLLoaderRestartOnRedirect", "TcpPortRandomizationWin",
    "OptimizationHints", "NetworkTimeServiceQuerying", "AimEnabled", "PreconnectToSearch")


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


@functools.lru_cache(maxsize=1)
def playwright_disabled_features() -> tuple[str, ...]:
    """The features the installed Playwright disables in Chromium, read from its driver
    (the list changes with Chromium releases); the 1.65 list when it cannot be read."""
    try:
        import playwright
        lib = Path(playwright.__file__).parent / "driver" / "package" / "lib"
        for name in ("coreBundle.js", "server/chromium/chromiumSwitches.js"):
            src = lib / name
            if not src.is_file():
                continue
            text = src.read_text(encoding="utf-8", errors="replace")
            m = re.search(r"disabledFeatures\s*=\s*\[(.*?)\]", text, re.S)
            if m:
                body = re.sub(r"//[^\n]*", "", m.group(1))
                found = re.findall(r"[\"']([A-Za-z0-9_]+)[\"']", body)
                if found:
                    return tuple(found)
    except (ImportError, OSError):
        pass
    return PLAYWRIGHT_DISABLED_FEATURES


def disabled_features() -> str:
    return ",".join(dict.fromkeys([*playwright_disabled_features(), *OUR_DISABLED_FEATURES]))


def launch_args(offline_except: list[str] | None = None, blocked: list[str] = ()) -> list[str]:
    args = [*ARGS, f"--disable-features={disabled_features()}"]
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
