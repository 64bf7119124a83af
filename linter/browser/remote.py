"""Browsers elsewhere: a Playwright browser server (``--connect ws://…``: ``playwright
run-server``, Browserless, a Grid) or a running Chromium's DevTools (``--cdp http://…:9222``).

The launch options brandlint would use locally (executable path, its quiet flags, the
host-resolver rules of an offline scan) go to a browser server in Playwright's
``x-playwright-launch-options`` header. Since 1.50-odd, ``playwright run-server`` drops
``executablePath`` and ``args`` from it unless started with ``--unsafe``; a bare server
then launches its own Playwright Chromium, and where it has none (a machine with only
Debian's chromium) the connection fails with the server's own message, which brandlint
reports with the fix. A CDP endpoint is a browser already running: nothing can be passed.

A dropped connection is a crashed browser: the next context reconnects with backoff
(0.5, 1, 2, 4, 8 s), the pages in flight fail as crashed and are retried, and every drop
and failed attempt is recorded per endpoint (``snapshot.options.endpoints``). An endpoint
that stays away hands its workers to the others; with none left the crawl stops,
incomplete.
"""
from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..errors import UsageError
from .launch import find_executable, launch_args

CONNECT_TIMEOUT_MS = 30_000
BACKOFF = (0.5, 1.0, 2.0, 4.0, 8.0)


class EndpointsGone(Exception):
    """Every browser endpoint stayed away after its reconnection attempts."""


@dataclass
class Endpoint:
    kind: str                 # "ws" (a Playwright browser server) or "cdp"
    url: str
    drops: int = 0            # connections lost mid-crawl
    errors: list[str] = field(default_factory=list)
    dead: bool = False

    def record(self) -> dict:
        return {"kind": self.kind, "url": _public(self.url), "drops": self.drops,
                "errors": self.errors[-10:], "dead": self.dead}


def _public(url: str) -> str:
    """The URL without user:password or query (Browserless puts its token there)."""
    p = urlsplit(url)
    host = p.hostname or ""
    return f"{p.scheme}://{host}{':%d' % p.port if p.port else ''}{p.path}"


def parse_endpoints(connect: tuple[str, ...] = (), cdp: tuple[str, ...] = ()) -> list[Endpoint]:
    out = []
    for url in connect:
        if urlsplit(url).scheme not in ("ws", "wss"):
            raise UsageError(f"--connect {url}: expected a ws:// or wss:// Playwright browser server URL")
        out.append(Endpoint("ws", url))
    for url in cdp:
        if urlsplit(url).scheme not in ("http", "https", "ws", "wss"):
            raise UsageError(f"--cdp {url}: expected http://HOST:PORT of a Chromium started with --remote-debugging-port")
        out.append(Endpoint("cdp", url))
    return out


def server_launch_options(explicit: str | None, offline_except=None, blocked=()) -> dict:
    """What a local launch would use, in the shape of Playwright's launch options."""
    opts = {"headless": True, "args": launch_args(offline_except, list(blocked))}
    try:
        exe = find_executable(None, explicit)
    except UsageError:
        exe = None
    if exe:
        opts["executablePath"] = exe
    return opts


async def connect(pw, ep: Endpoint, launch_options: dict):
    if ep.kind == "cdp":
        return await pw.chromium.connect_over_cdp(ep.url, timeout=CONNECT_TIMEOUT_MS)
    return await pw.chromium.connect(ep.url, timeout=CONNECT_TIMEOUT_MS,
                                     headers={"x-playwright-launch-options": json.dumps(launch_options)})


def explain(ep: Endpoint, exc: Exception) -> str:
    msg = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    flag = "--connect" if ep.kind == "ws" else "--cdp"
    hint = ""
    if "Executable doesn't exist" in str(exc) or "executable" in msg.lower():
        hint = (" (the server ignored brandlint's executable path: start it with "
                "'playwright run-server --unsafe', or install its browser with 'playwright install chromium')")
    return f"{flag} {_public(ep.url)}: cannot reach the browser: {msg}{hint}"


class RemoteBrowser:
    """One endpoint's connection, in the shape BrowserPool expects of a launch."""

    def __init__(self, pw, ep: Endpoint, launch_options: dict) -> None:
        self.pw, self.ep, self.launch_options = pw, ep, launch_options

    async def first(self):
        """The first connection: failing here is a usage error naming the URL."""
        try:
            return await connect(self.pw, self.ep, self.launch_options)
        except Exception as exc:  # noqa: BLE001 - Playwright raises its own Error for every cause
            raise UsageError(explain(self.ep, exc)) from None

    async def again(self):
        """Reconnect after a drop, with backoff; EndpointsGone-worthy when it stays away."""
        self.ep.drops += 1
        for delay in BACKOFF:
            try:
                return await connect(self.pw, self.ep, self.launch_options)
            except Exception as exc:  # noqa: BLE001
                self.ep.errors.append(f"{time.strftime('%H:%M:%S')} {explain(self.ep, exc)}")
                await asyncio.sleep(delay)
        self.ep.dead = True
        return None
