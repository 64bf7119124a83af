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


def launch_args() -> list[str]:
    args = list(ARGS)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")  # Chromium refuses to start as root with its sandbox
    return args


async def launch(pw, explicit: str | None = None, headless: bool = True):
    executable = find_executable(pw, explicit)
    return await pw.chromium.launch(executable_path=executable, headless=headless, args=launch_args())
