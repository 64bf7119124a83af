"""How many pages render at once: a fixed number, or found by measuring.

No fixed number is right everywhere. On two cores against loopback pages one tab is
fastest: Chromium is CPU-bound and a second tab only adds contention (measured: 11.5
pages/s with one tab, 9.4 with two). Against a staging site 200 ms away, eight tabs
are, since each mostly waits on the network. So by default (``auto``) the scan measures:
it counts finished pages per second at the current limit over a window, tries one more
tab (twice as many while the gains are large), keeps the step when the rate rose by more
than the noise and goes back when it did not, and every few windows probes a neighbour
again, since a site's pages change as the crawl moves on. A window in which a tab found
no work says nothing about the limit and is not judged.

Pure asyncio bookkeeping with an injectable clock, so the controller is tested without
a browser.
"""
from __future__ import annotations

import asyncio
import time

AUTO_MAX = 8          # most tabs the automatic limit tries
GAIN = 0.10           # a step must beat the rate it left by this much to count
BIG_GAIN = 0.50       # ... and by this much to double instead of adding one tab
HOLD = 5              # windows to stay at a limit before probing a neighbour again,
HOLD_MAX = 40         # ... doubled after each probe that did not pay, up to this
WINDOW_PAGES = 8      # pages a window needs (at least 2 per tab) ...
WINDOW_S = 1.0        # ... and seconds


class Throttle:
    """``await acquire(index)`` before rendering a page, ``release()`` after it;
    ``starved()`` when a tab asked for work and the frontier had none."""

    def __init__(self, fixed: int | None = None, maximum: int = AUTO_MAX, clock=time.monotonic) -> None:
        self.adaptive = fixed is None
        self.maximum = max(1, fixed or maximum)
        self.limit = self.maximum if fixed else 1
        self.clock = clock
        self.active = 0
        self.rates: dict[int, float] = {}
        self.came_from: int | None = None    # the limit before the latest move
        self.hold = 0
        self.hold_len = HOLD
        self.probe_up = True
        self.peak = self.limit
        self.history: list[tuple[int, float]] = []   # (limit, pages/s) per judged window
        self._waiters: list[asyncio.Future] = []
        self._warm = False
        self.closed = False
        self._reset()

    @property
    def workers(self) -> int:
        """How many workers to start: one per tab the limit may ever allow."""
        return self.maximum

    def may_run(self, index: int) -> bool:
        return index < self.limit

    async def acquire(self, index: int) -> bool:
        """Wait until worker ``index`` (0-based) is within the limit. The limit admits the
        lowest indexes, so the tabs kept busy are always the same, warm ones. False once
        the crawl is over (``close``): the worker ends."""
        while index >= self.limit and not self.closed:
            fut = asyncio.get_running_loop().create_future()
            self._waiters.append(fut)
            try:
                await fut
            finally:
                if fut in self._waiters:
                    self._waiters.remove(fut)
        if self.closed:
            return False
        self.active += 1
        return True

    def close(self) -> None:
        """No more work: every parked worker wakes up and ends."""
        self.closed = True
        self._wake()

    def release(self, done: bool = True) -> None:
        """Synchronous, so it is safe in a ``finally`` of a cancelled task."""
        self.active -= 1
        if done:
            self.finished()
        self._wake()

    def _wake(self) -> None:
        waiters, self._waiters = self._waiters, []
        for fut in waiters:
            if not fut.done():
                fut.set_result(None)

    def start(self) -> None:
        """The clock starts when the browser is up: its launch is no tab's fault."""
        self._reset()

    def starved(self) -> None:
        self._starved = True

    # -- the controller -------------------------------------------------------------
    def finished(self) -> None:
        self._pages += 1
        elapsed = self.clock() - self._t0
        if not self.adaptive or self._pages < max(WINDOW_PAGES, 2 * self.limit) or elapsed < WINDOW_S:
            return
        rate, starved = self._pages / elapsed, self._starved
        self._reset()
        if not self._warm:
            self._warm = True      # the first pages pay for a cold renderer: not a rate
        elif not starved:
            self.judge(rate)

    def judge(self, rate: float) -> None:
        """One window's rate at the current limit: move, stay, or probe."""
        here = self.limit
        self.history.append((here, rate))
        old = self.rates.get(here)
        self.rates[here] = rate if old is None else (old + rate) / 2
        r = self.rates[here]
        if self.hold > 0:
            self.hold -= 1
            if self.hold == 0:
                self._probe()
            return
        prev = self.came_from
        if prev is None:
            self._move(here + 1) if here < self.maximum else self._stay()
        elif prev < here:                                   # we added tabs
            before = self.rates.get(prev, 0.0)
            if r > before * (1 + GAIN) and here < self.maximum:
                self.hold_len = HOLD
                self._move(min(self.maximum, here * 2 if r > before * (1 + BIG_GAIN) else here + 1))
            elif r > before * (1 + GAIN):
                self.hold_len = HOLD
                self._stay()
            else:
                self._move(prev)
                self._stay(rejected=True)
        else:                                               # we took tabs away
            before = self.rates.get(prev, 0.0)
            if r > before * (1 + GAIN) and here > 1:
                self.hold_len = HOLD
                self._move(here - 1)                        # fewer was better: keep going
            elif r * (1 + GAIN) >= before:
                self.hold_len = HOLD
                self._stay()                                # as good with fewer: keep fewer
            else:
                self._move(prev)
                self._stay(rejected=True)

    def _move(self, n: int) -> None:
        n = max(1, min(self.maximum, n))
        if n != self.limit:
            self.came_from, self.limit = self.limit, n
            self.peak = max(self.peak, n)
            self._wake()
        self._reset()

    def _stay(self, rejected: bool = False) -> None:
        """Stay a while; after a probe that did not pay, twice as long as last time: a
        site where the answer keeps being the same is probed less and less often."""
        self.hold = self.hold_len
        if rejected:
            self.hold_len = min(HOLD_MAX, self.hold_len * 2)

    def _probe(self) -> None:
        up = (self.probe_up or self.limit == 1) and self.limit < self.maximum
        if not up and self.limit == 1:
            self.hold = self.hold_len      # one tab and no room to probe: stay
            return
        self.probe_up = not self.probe_up
        self._move(self.limit + 1 if up else self.limit - 1)

    def _reset(self) -> None:
        self._t0 = self.clock()
        self._pages = 0
        self._starved = False

    def summary(self) -> dict:
        """For the snapshot: how the limit was chosen."""
        return {"mode": "auto" if self.adaptive else "fixed", "final": self.limit, "peak": self.peak,
                "rates": {str(k): round(v, 2) for k, v in sorted(self.rates.items())},
                "windows": [[n, round(r, 2)] for n, r in self.history]}
