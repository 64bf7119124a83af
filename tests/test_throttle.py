"""The automatic tab limit: it climbs while more tabs finish more pages, comes back when
they do not, probes again later, ignores windows without enough work, and never lets
more tabs run than the limit. A simulated site stands in for the browser: its rate for
each number of tabs is given, and the clock is fake."""
from __future__ import annotations

import asyncio

import pytest

from linter.crawl.throttle import AUTO_MAX, Throttle


class Clock:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


def simulate(rate_at, windows: int = 60, fixed=None):
    """Drive the controller page by page: with n tabs the site finishes rate_at(n) pages/s."""
    clock = Clock()
    th = Throttle(fixed, clock=clock)
    limits = []
    for _ in range(windows * 40):
        clock.t += 1.0 / rate_at(th.limit)
        th.finished()
        limits.append(th.limit)
    return th, limits


def settled(limits, tail=400):
    """The limit most often in force over the last `tail` pages."""
    last = limits[-tail:]
    return max(set(last), key=last.count)


def test_a_cpu_bound_site_stays_at_one_tab():
    # Loopback pages on two cores: a second tab only adds contention.
    th, limits = simulate(lambda n: 11.5 if n == 1 else 9.4 - 0.2 * n)
    assert settled(limits) == 1
    assert limits[-400:].count(1) / 400 > 0.75      # probes cost little
    assert th.rates[1] > th.rates[2]


def test_a_latency_bound_site_climbs_to_the_most_tabs_that_help():
    # 300 ms per page, one core's worth of work at 6 tabs.
    th, limits = simulate(lambda n: min(n, 6) / 0.3)
    assert settled(limits) == 6 or settled(limits) == 7
    assert th.peak >= 6


def test_a_site_that_scales_all_the_way_reaches_the_maximum():
    th, limits = simulate(lambda n: n * 3.0)
    assert settled(limits) == AUTO_MAX


def test_noise_below_the_gain_does_not_make_it_climb():
    th, limits = simulate(lambda n: 10.0 + 0.3 * n)   # 3% a tab: within the noise
    assert settled(limits) <= 2


def test_a_fixed_limit_never_moves():
    th, limits = simulate(lambda n: n * 3.0, fixed=3)
    assert set(limits) == {3} and th.workers == 3 and th.summary()["mode"] == "fixed"


def test_windows_without_enough_work_are_not_judged():
    clock = Clock()
    th = Throttle(clock=clock)
    for _ in range(200):
        clock.t += 0.05
        th.starved()
        th.finished()
    assert th.limit == 1 and th.history == []


def test_the_limit_admits_the_lowest_workers_and_a_raised_limit_wakes_waiters():
    async def main():
        th = Throttle(clock=Clock())
        running: set[int] = set()
        peak = 0
        gate = asyncio.Event()

        async def tab(i):
            nonlocal peak
            await th.acquire(i)
            running.add(i)
            peak = max(peak, len(running))
            await gate.wait()
            running.discard(i)
            th.release(done=False)

        tasks = [asyncio.create_task(tab(i)) for i in range(5)]
        await asyncio.sleep(0.01)
        assert running == {0}                # the automatic limit starts at one tab
        th._move(3)
        await asyncio.sleep(0.01)
        assert running == {0, 1, 2}          # the same, lowest workers: their tabs stay warm
        gate.set()
        await asyncio.gather(*tasks[:3])
        th._move(5)
        await asyncio.gather(*tasks)
        return peak, th.active

    peak, active = asyncio.run(main())
    assert peak == 3 and active == 0


@pytest.mark.parametrize("value,expected", [("auto", None), ("3", 3), (None, None)])
def test_cli_concurrency_accepts_auto_or_a_number(value, expected):
    from linter.commands.scan import _concurrency
    assert _concurrency(None, None, value) == expected


def test_cli_concurrency_rejects_other_values():
    import click
    from linter.commands.scan import _concurrency
    for bad in ("0", "33", "many"):
        with pytest.raises(click.BadParameter, match="auto"):
            _concurrency(None, None, bad)


def test_closing_ends_parked_workers():
    async def main():
        th = Throttle(clock=Clock())
        results = asyncio.gather(*(th.acquire(i) for i in range(1, 4)))
        await asyncio.sleep(0.01)
        th.close()
        return await asyncio.wait_for(results, 1)

    assert asyncio.run(main()) == [False, False, False]
