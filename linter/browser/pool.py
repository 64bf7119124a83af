"""The browser the scan runs in, and the contexts its workers render with.

One Chromium for the scan. When it crashes or disconnects, the next worker that needs a
context relaunches it (once: the others wait on the same lock and see a live browser),
and every worker's old context is simply dropped: the pages they were rendering fail as
crashed and are retried.

The browser comes from ``launcher`` (an async ``playwright -> Browser``) when one is given:
the seam for remote browsers (``connect``/``connect_over_cdp``); else it is launched here.

A context is one device (viewport, user agent, touch), with the scan's locale and time
zone, the readiness probe as an init script, the user's cookies or storage state, and the
login script already run.
"""
from __future__ import annotations

import asyncio
from dataclasses import dataclass

from ..errors import UsageError
from ..options import default
from .auth import Access
from .launch import launch


@dataclass
class ContextSpec:
    viewport: tuple[int, int] | None = default("viewport")   # None: the device's own, else 1280x800
    locale: str = default("locale")
    timezone: str = default("timezone")
    user_agent: str | None = default("user_agent")
    init_script: str = ""


def device_options(pw, name: str | None, viewport: tuple[int, int] | None) -> dict:
    """Playwright's descriptor for a device name (``"iPhone 13"``, ``"Pixel 7"``)."""
    if name is None:
        return {"viewport": {"width": viewport[0], "height": viewport[1]}} if viewport else {}
    desc = pw.devices.get(name)
    if desc is None:
        low = name.lower()
        close = [d for d in pw.devices if low in d.lower()][:8]
        hint = f"; did you mean: {', '.join(close)}" if close else ""
        raise UsageError(f"devices: {name!r} is not a Playwright device name{hint}")
    opts = {k: v for k, v in desc.items() if k != "default_browser_type"}
    if viewport:
        opts["viewport"] = {"width": viewport[0], "height": viewport[1]}
    return opts


class BrowserPool:
    def __init__(self, pw, spec: ContextSpec, access: Access, login=None, *, explicit_path=None,
                 offline_except=None, blocked=(), launcher=None) -> None:
        self.pw = pw
        self.spec = spec
        self.access = access
        self.login = login
        self.launch_kw = {"explicit": explicit_path, "offline_except": offline_except, "blocked": list(blocked)}
        self.launcher = launcher
        self.browser = None
        self.generation = 0
        self.relaunches = 0
        self._lock = asyncio.Lock()

    async def start(self):
        if self.launcher is not None:
            self.browser = await self.launcher(self.pw)
        else:
            self.browser = await launch(self.pw, **self.launch_kw)
        self.generation += 1
        return self.browser

    async def ensure(self) -> int:
        """A connected browser; returns its generation (bumped by a relaunch)."""
        async with self._lock:
            if self.browser is None or not self.browser.is_connected():
                if self.browser is not None:
                    self.relaunches += 1
                    try:
                        await asyncio.wait_for(self.browser.close(), 5)
                    except Exception:  # noqa: BLE001 - it is already gone
                        pass
                await self.start()
            return self.generation

    async def new_context(self, device: str | None):
        await self.ensure()
        s = self.spec
        vp = s.viewport or ((1280, 800) if device is None else None)
        ctx = await self.browser.new_context(
            **device_options(self.pw, device, vp), **self.access.context_kwargs(),
            locale=s.locale, timezone_id=s.timezone,
            **({"user_agent": s.user_agent} if s.user_agent else {}),
            ignore_https_errors=True, accept_downloads=False, service_workers="block")
        ctx.set_default_timeout(30_000)
        if s.init_script:
            await ctx.add_init_script(script=s.init_script)
        await self.access.prepare(ctx, self.login)
        return ctx

    async def close(self) -> None:
        if self.browser is not None:
            try:
                await asyncio.wait_for(self.browser.close(), 10)
            except Exception:  # noqa: BLE001
                pass
