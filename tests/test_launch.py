"""How Chromium is launched: Playwright's own feature switches survive ours, and a browser
context opens no hidden browser-UI renderer (~160 MB each, one per context)."""
from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest

from linter.browser.launch import (OUR_DISABLED_FEATURES, PLAYWRIGHT_DISABLED_FEATURES, launch,
                                   launch_args, open_playwright, playwright_disabled_features)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "fixtures"))
from faults.server import chromium_processes  # noqa: E402


def browser_argv() -> list[str]:
    """The command line of the Chromium this test started: the newest main process under
    this one (a browser from an earlier test may still be exiting)."""
    def started(pid: int) -> int:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as fh:
            return int(fh.read().rsplit(")", 1)[1].split()[19])
    pid = max(chromium_processes("browser"), key=started)
    with open(f"/proc/{pid}/cmdline", "rb") as fh:
        return [a.decode() for a in fh.read().split(b"\0") if a]


def test_one_disable_features_switch_keeps_playwrights_and_adds_ours():
    # Chromium honours only the last --disable-features: a second one would drop Playwright's.
    switches = [a for a in launch_args() if a.startswith("--disable-features=")]
    assert len(switches) == 1
    features = switches[0].split("=", 1)[1].split(",")
    for name in (*playwright_disabled_features(), *OUR_DISABLED_FEATURES):
        assert name in features
    # The ones that change what a scan sees: http:// staging hosts stay http://, and
    # redirects work while the request guard intercepts.
    assert {"HttpsUpgrades", "AvoidCorsURLLoaderRestartOnRedirect"} <= set(features)


def test_the_installed_playwright_list_is_read():
    found = playwright_disabled_features()
    assert "MediaRouter" in found and len(found) >= len(PLAYWRIGHT_DISABLED_FEATURES) // 2
    assert all(name.isidentifier() for name in found), found


@pytest.mark.browser
def test_a_context_opens_only_its_page():
    async def targets():
        async with open_playwright() as pw:
            browser = await launch(pw, offline_except=[])
            try:
                ctx = await browser.new_context()
                page = await ctx.new_page()
                await page.goto("about:blank")
                await asyncio.sleep(0.5)   # the omnibox WebUI loads just after the window opens
                cdp = await browser.new_browser_cdp_session()
                found = await cdp.send("Target.getTargets", {"filter": [{}]})
                return found["targetInfos"], browser_argv()
            finally:
                await browser.close()

    infos, argv = asyncio.run(targets())
    kinds = sorted(t["type"] for t in infos)
    assert [t["url"] for t in infos if t["type"] == "browser_ui"] == []
    assert kinds.count("page") == 1, kinds
    last = [a for a in argv if a.startswith("--disable-features=")][-1]
    assert "HttpsUpgrades" in last and "WebUIOmniboxPopup" in last
