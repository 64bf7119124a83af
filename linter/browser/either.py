"""Either Playwright API: the crawl drives pages with the async API, pytest-playwright's
``page`` fixture is a sync API page. ``render.settle_and_collect`` awaits every page call
through ``maybe_await``, so the same code reads both, and ``run_sync`` runs it for a sync page.
"""
from __future__ import annotations

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
