"""The Redis frontier against a real redis-server on 127.0.0.1: delivery once, reclaim of
a dead worker's leases, an outcome kept once, shared limits, crawls that never mix."""
from __future__ import annotations

import shutil
import time

import pytest

pytest.importorskip("redis")
if not shutil.which("redis-server"):
    pytest.skip("redis-server is not installed", allow_module_level=True)

from linter.crawl.frontier import Frontier  # noqa: E402
from linter.crawl.redis_frontier import RedisFrontier, crawl_id_for  # noqa: E402
from linter.errors import UsageError  # noqa: E402
from servers import free_port, redis_server  # noqa: E402

SEED = "http://shop.test/"


@pytest.fixture(scope="module")
def redis_url():
    with redis_server() as (url, _):
        yield url


def worker(url, crawl="c1", seeds=(SEED,), policy="sha256:p", lease=60.0, **kw):
    f = RedisFrontier(url, crawl, Frontier(list(seeds), **kw), lease_s=lease)
    f.join({"seeds": list(seeds), "policy": policy})
    return f


def drain_all(frontiers, links_for):
    """Round-robin: each frontier leases and completes until the crawl is finished."""
    done = []
    while not all(f.finished(0) for f in frontiers):
        for f in frontiers:
            item = f.lease()
            if item is None:
                time.sleep(0.01)
                continue
            f.complete(item, {"url": item.url, "status": "rendered"}, [], links_for(item.url), failed=False)
            done.append((f.consumer, item.url))
    return done


def test_two_workers_share_one_queue_and_each_page_is_delivered_once(redis_url):
    site = {SEED: [SEED + "a", SEED + "b"], SEED + "a": [SEED + "b", SEED + "c", "mailto:x@y"],
            SEED + "b": [SEED + "a", "http://elsewhere.test/"], SEED + "c": [SEED]}
    a, b = worker(redis_url, "share"), worker(redis_url, "share")
    try:
        done = drain_all([a, b], lambda u: site[u])
        assert sorted(u for _, u in done) == sorted(site)
        outcomes, skipped, left = a.results()
        assert [o["page"]["url"] for o in outcomes] == [SEED, SEED + "a", SEED + "b", SEED + "c"]
        assert dict(skipped) == {"mailto:x@y": "not a web page (mailto: link)",
                                 "http://elsewhere.test/": "another origin (not followed)"}
        assert left == [] and a.figures() == {"done": 4, "queued": 0, "leased": 0, "failed": 0, "workers": 2}
    finally:
        a.close()
        b.close()


def lease_when_free(f, bound_s: float = 60.0):
    """Poll until the frontier hands out an item (a bound for a broken frontier, not a speed)."""
    deadline = time.monotonic() + bound_s
    while time.monotonic() < deadline:
        item = f.lease()
        if item is not None:
            return item
        time.sleep(0.05)
    raise AssertionError("nothing was handed out")


def test_a_fresh_lease_is_not_handed_to_another_worker(redis_url):
    a, b = worker(redis_url, "fresh", lease=30), worker(redis_url, "fresh", lease=30)
    assert a.lease() is not None
    assert b.lease() is None and b.figures()["leased"] == 1
    a.close()
    b.close()


def test_a_dead_workers_lease_returns_to_the_queue_after_the_lease(redis_url):
    a = worker(redis_url, "reclaim", lease=0.5)
    b = worker(redis_url, "reclaim", lease=0.5)
    item = a.lease()
    a._stop.set()                       # a dies: no more heartbeats
    again = lease_when_free(b)
    assert again.url == item.url and again.entry == item.entry
    b.close()


def test_an_outcome_recorded_twice_is_kept_once(redis_url):
    a = worker(redis_url, "twice", lease=0.3)
    b = worker(redis_url, "twice", lease=0.3)
    item = a.lease()
    a._stop.set()
    stolen = lease_when_free(b)
    assert b.complete(stolen, {"url": stolen.url, "status": "rendered", "by": "b"}, [], [], failed=False)
    assert not a.complete(item, {"url": item.url, "status": "rendered", "by": "a"}, [], [], failed=False)
    outcomes, _, _ = b.results()
    assert [o["page"]["by"] for o in outcomes] == ["b"]
    b.close()


def test_crawls_of_other_seeds_or_policies_never_mix(redis_url):
    assert crawl_id_for([SEED], "p1") != crawl_id_for([SEED], "p2")
    assert crawl_id_for([SEED, SEED + "x"], "p1") == crawl_id_for([SEED + "x", SEED], "p1")
    a = worker(redis_url, crawl_id_for([SEED], "p1"), policy="p1")
    b = worker(redis_url, crawl_id_for([SEED], "p2"), policy="p2")
    assert a.lease().url == SEED and b.lease().url == SEED
    with pytest.raises(UsageError, match="--crawl-id named: that crawl was started with other seeds"):
        worker(redis_url, "named", seeds=["http://one.test/"])
        worker(redis_url, "named", seeds=["http://two.test/"])
    a.close()
    b.close()


def test_max_pages_and_the_rate_hold_across_workers(redis_url):
    a, b = worker(redis_url, "limits"), worker(redis_url, "limits")
    items = [type("I", (), {"url": f"{SEED}{i}", "device": None})() for i in range(5)]
    admitted = [f.admit(i, 3) for i, f in zip(items, [a, b, a, b, a])]
    assert admitted == [True, True, True, False, False]
    assert a.admit(items[0], 3), "a page already admitted stays admitted (a retry, a reclaim)"
    first, second, third = a.rate_delay("shop.test", 10.0), b.rate_delay("shop.test", 10.0), a.rate_delay("shop.test", 10.0)
    assert first == 0 < second <= 10 < third <= 20     # slots 10 s apart, whoever asks
    assert b.rate_delay("other.test", 10.0) == 0
    a.close()
    b.close()


def test_unreachable_redis_is_a_usage_error_naming_the_url():
    url = f"redis://127.0.0.1:{free_port()}/0"
    f = RedisFrontier(url, "x", Frontier([SEED]))
    with pytest.raises(UsageError, match=f"--frontier {url}: cannot reach Redis"):
        f.join({"seeds": [SEED], "policy": "p"})


def test_a_redis_that_goes_away_marks_the_frontier_lost():
    with redis_server() as (url, proc):
        f = worker(url, "gone")
        lost = []
        f.on_lost = lost.append
        assert f.lease() is not None
        proc.kill()
        proc.wait()
        assert f.lease() is None and f.finished(0) is False     # it still holds its lease
        assert lost and url.rsplit("/", 1)[0] in lost[0]
        f.leased.clear()
        assert f.finished(0) is True
        f.close()

