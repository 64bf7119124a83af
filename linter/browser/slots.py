"""One worker's browser contexts: one per device, each with its reused tab.

A context is recycled every ``every`` pages so memory stays flat over a long crawl. Opening
one is not free: a context, a tab (a new renderer process), the request guard, the login
script: 150 ms on an idle machine, 600 ms on a busy one, paid every ``every`` pages. So
the next context is opened in the background a few pages ahead, and the old one closes in
the background: recycling costs the crawl nothing it has to wait for.

A context from before a browser relaunch is dropped (its tab died with the browser).
"""
from __future__ import annotations

import asyncio
from dataclasses import dataclass

from .remote import EndpointsGone

AHEAD = 3    # pages before recycling when the next context starts opening


@dataclass
class Slot:
    context: object
    tab: object
    generation: int
    pages: int = 0


class TabSlots:
    def __init__(self, pool, make_tab, every: int, ahead: int = AHEAD) -> None:
        self.pool = pool
        self.make_tab = make_tab          # context -> Tab
        self.every = max(1, every)
        self.ahead = ahead
        self.slots: dict = {}             # device -> Slot
        self.spares: dict = {}            # device -> Task[Slot], opening in the background
        self.closing: set[asyncio.Task] = set()

    async def tab_for(self, device, tries: int = 3):
        """The tab to render the next page for device in: open, current, ready. A browser
        that dies (or a remote one that disconnects) while the tab opens is seen by the
        pool a moment later: drop the slot and ask again."""
        for attempt in range(1, tries + 1):
            try:
                return await self._tab_for(device)
            except EndpointsGone:
                raise
            except Exception:  # noqa: BLE001 - Playwright's TargetClosedError and kin
                slot = self.slots.pop(device, None)
                if slot is not None:
                    self._retire(slot)
                if attempt == tries:
                    raise
                await asyncio.sleep(0.25 * attempt)

    async def _tab_for(self, device):
        gen = await self.pool.ensure()
        slot = self.slots.get(device)
        if slot is not None and slot.generation != gen:
            self._retire(slot)
            slot = None
        if slot is not None and slot.pages >= self.every:
            self._retire(slot)
            slot = await self._spare(device, gen)
        if slot is None:
            slot = await self._spare(device, gen) if device in self.spares else await self._open(device, gen)
        self.slots[device] = slot
        if slot.pages >= self.every - self.ahead and device not in self.spares and self.every > self.ahead:
            self.spares[device] = asyncio.create_task(self._open(device, gen))
        await slot.tab.ready()
        return slot.tab

    def rendered(self, device) -> None:
        self.slots[device].pages += 1

    async def _open(self, device, gen: int) -> Slot:
        ctx = await self.pool.new_context(device)
        tab = self.make_tab(ctx)
        try:
            await tab.ready()
        except Exception:  # noqa: BLE001 - the tab is opened again on use
            pass
        return Slot(ctx, tab, gen)

    async def _spare(self, device, gen: int) -> Slot:
        task = self.spares.pop(device, None)
        if task is not None:
            try:
                slot = await task
                if slot.generation == gen:
                    return slot
                self._retire(slot)
            except Exception:  # noqa: BLE001 - opened while the browser died: open anew
                pass
        return await self._open(device, gen)

    def _retire(self, slot: Slot) -> None:
        t = asyncio.create_task(close_context(slot.context))
        self.closing.add(t)
        t.add_done_callback(self.closing.discard)

    async def close(self) -> None:
        for slot in self.slots.values():
            self._retire(slot)
        self.slots.clear()
        spares = await asyncio.gather(*self.spares.values(), return_exceptions=True)
        self.spares.clear()
        for slot in spares:
            if isinstance(slot, Slot):
                self._retire(slot)
        if self.closing:
            await asyncio.gather(*list(self.closing), return_exceptions=True)


async def close_context(ctx) -> None:
    try:
        await asyncio.wait_for(ctx.close(), 10)
    except Exception:  # noqa: BLE001 - the browser went away with it
        pass
