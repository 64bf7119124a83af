"""The browser the scan runs in, and the contexts its workers render with.

One Chromium for the scan. When it crashes or disconnects, the next worker that needs a
context relaunches it (once: the others wait on the same lock and see a live browser),
and every worker's old context is simply dropped: the pages they were rendering fail as
crashed and are retried.

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
from .remote import EndpointsGone


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
                 offline_except=None, blocked=(), remote=None) -> None:
        self.pw = pw
        self.spec = spec
        self.access = access
        self.login = login
        self.launch_kw = {"explicit": explicit_path, "offline_except": offline_except, "blocked": list(blocked)}
        self.remote = remote                 # browser/remote.py RemoteBrowser, or None: launch here
        self.browser = None
        self.generation = 0
        self.relaunches = 0
        self._lock = asyncio.Lock()

    async def start(self):
        if self.remote is None:
            self.browser = await launch(self.pw, **self.launch_kw)
        elif self.generation == 0:
            self.browser = await self.remote.first()
        else:
            self.browser = await self.remote.again()
            if self.browser is None:
                raise EndpointsGone(self.remote.ep.url)
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

    @property
    def alive(self) -> bool:
        return self.remote is None or not self.remote.ep.dead

    async def close(self) -> None:
        if self.browser is not None:
            try:
                await asyncio.wait_for(self.browser.close(), 10)
            except Exception:  # noqa: BLE001
                pass


class WorkerPools:
    """A worker's view of several endpoints' pools: its own (``index`` modulo their
    number) while that lives, else the next live one. Generations are made distinct per
    pool so a worker moved to another pool drops the contexts of the old one."""

    def __init__(self, pools: list, index: int) -> None:
        self.pools = pools
        self.at = index % len(pools)

    @property
    def current(self):
        return self.pools[self.at]

    async def ensure(self) -> int:
        for _ in range(len(self.pools)):
            pool = self.pools[self.at]
            if pool.alive:
                try:
                    return self.at + len(self.pools) * await pool.ensure()
                except EndpointsGone:
                    pass
            self.at = (self.at + 1) % len(self.pools)
        raise EndpointsGone("every browser endpoint")

    async def new_context(self, device):
        await self.ensure()
        return await self.current.new_context(device)


async def open_pools(pw, spec: ContextSpec, access: Access, login=None, *, endpoints=(), explicit_path=None,
                     offline_except=None, blocked=()) -> list[BrowserPool]:
    """One local browser, or one pool per remote endpoint, all started (a remote endpoint
    that cannot be reached at start is a usage error naming it)."""
    from .remote import RemoteBrowser, server_launch_options
    kw = {"explicit_path": explicit_path, "offline_except": offline_except, "blocked": blocked}
    if not endpoints:
        pools = [BrowserPool(pw, spec, access, login, **kw)]
    else:
        lo = server_launch_options(explicit_path, offline_except, blocked)
        pools = [BrowserPool(pw, spec, access, login, remote=RemoteBrowser(pw, ep, lo), **kw) for ep in endpoints]
    try:
        for pool in pools:
            await pool.start()
    except BaseException:
        for pool in pools:
            await pool.close()
        raise
    return pools
