"""Either Playwright API: the crawl drives pages with the async API, pytest-playwright's
``page`` fixture is a sync API page. ``render.settle_and_collect`` awaits every page call
through ``maybe_await``, so the same code reads both, and ``run_sync`` runs it for a sync page.
"""
from __future__ import annotations

import asyncio
import inspect


async def maybe_await(value):
    """An async API call's result, or a sync API call's value as it is (see run_sync)."""
    return (await value) if inspect.isawaitable(value) else value


def run_sync(coro):
    """Run ``settle_and_collect`` on a page of Playwright's *sync* API (pytest-playwright's
    ``page``), so the pytest plugin reads a page exactly as a scan does without a second
    copy of this module. Every call on a sync page blocks and returns its value, so the
    coroutine never suspends: one ``send`` runs it to the end. (An event loop cannot be used
    here: the sync API runs its own loop on this thread.)"""
    try:
        coro.send(None)
    except StopIteration as done:
        return done.value
    coro.close()
    raise RuntimeError("run_sync: the collection waited on something other than a sync page")


async def unless_crashed(page, awaitable, timeout: float):
    """The awaitable's value, or None as soon as the tab's renderer dies: an evaluate in
    flight when the renderer is killed may never settle, and the page must not wait out
    its timeout to be called crashed. Raises asyncio.TimeoutError after ``timeout``."""
    if not inspect.isawaitable(awaitable):   # a sync API page answered already (see run_sync)
        return awaitable
    crashed = asyncio.get_running_loop().create_future()

    def on_crash(*_):
        if not crashed.done():
            crashed.set_result(None)

    task = asyncio.ensure_future(awaitable)
    page.on("crash", on_crash)
    try:
        done, _ = await asyncio.wait({task, crashed}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    finally:
        page.remove_listener("crash", on_crash)
    if task in done:
        return task.result()
    task.cancel()
    task.add_done_callback(lambda t: t.cancelled() or t.exception())
    if crashed.done() or page.is_closed():
        return None
    raise asyncio.TimeoutError
