"""Scale-out figures: pages/second for 1, 2 and 3 Redis workers, a local scan beside them,
and the Redis frontier's own cost per page.

Not a test: run ``python benchmarks/bench_scale.py [PAGES]`` (about two minutes at the
default 150 pages). It generates the tests' shop (tests/sitegen.py), serves it on
127.0.0.1, starts a redis-server on a free port, and prints:

- a local scan (one process, one tab): pages/s;
- 1, 2 and 3 workers on one Redis frontier (separate processes, one tab each, started
  together, timed until the last one has written its snapshot): pages/s for the crawl;
- the frontier's overhead per page: the Redis steps a page costs (lease, record with its
  links, release), timed without a browser over the same site's link graph; and a
  1-worker shared crawl against the local scan, end to end.

What it can show on this machine: that workers share one crawl without losing or
repeating a page, and what coordination costs per page. What it cannot: speed-up.
Every worker's Chromium shares the same two cores (and, here, those of other
people's tests), and a render is CPU-bound, so more workers cannot render faster than one
busy machine; the gain from N workers is measured where each has its own cores.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from servers import redis_server  # noqa: E402
from sitegen import SiteServer, generate  # noqa: E402


def worker(url: str, redis_url: str, crawl_id: str, out: Path) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "linter.cli", "scan", url, "--frontier", redis_url, "--crawl-id", crawl_id,
           "-j", "1", "--visual", "off", "--out", str(out), "-q"]
    return subprocess.Popen(cmd, cwd=str(ROOT), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def shared(url: str, redis_url: str, n: int, tmp: Path) -> tuple[float, int]:
    """Seconds for n workers to finish one crawl, and the pages its snapshot has."""
    cid = f"bench-{n}-{os.getpid()}-{time.time_ns()}"
    outs = [tmp / f"w{n}-{i}.json" for i in range(n)]
    t0 = time.monotonic()
    procs = [worker(url, redis_url, cid, o) for o in outs]
    codes = [p.wait() for p in procs]
    elapsed = time.monotonic() - t0
    if any(c not in (0, 1) for c in codes):
        raise SystemExit(f"a worker failed: exit codes {codes}")
    pages = len(json.loads(outs[0].read_text())["pages"])
    return elapsed, pages


def local(url: str, tmp: Path) -> tuple[float, int]:
    out = tmp / "local.json"
    t0 = time.monotonic()
    code = subprocess.call([sys.executable, "-m", "linter.cli", "scan", url, "-j", "1", "--visual", "off",
                            "--out", str(out), "-q"], cwd=str(ROOT), stdout=subprocess.DEVNULL)
    elapsed = time.monotonic() - t0
    if code not in (0, 1):
        raise SystemExit(f"the local scan failed: exit {code}")
    return elapsed, len(json.loads(out.read_text())["pages"])


def frontier_cost(url: str, redis_url: str, folder: Path) -> tuple[float, int]:
    """Milliseconds of Redis work per page: the whole site crawled through the frontier
    with links read from the files, no browser."""
    from linter.crawl.discover import links_in
    from linter.crawl.frontier import Frontier
    from linter.crawl.redis_frontier import RedisFrontier

    f = RedisFrontier(redis_url, f"cost-{time.time_ns()}", Frontier([url]))
    f.join({"seeds": [url], "policy": "bench"})
    n, spent = 0, 0.0
    try:
        while True:
            t0 = time.perf_counter()
            item = f.lease()
            spent += time.perf_counter() - t0
            if item is None:
                if f.finished(0):
                    break
                continue
            rel = item.url[len(url):] or "index.html"
            links = links_in((folder / rel).read_bytes(), item.url)
            t0 = time.perf_counter()
            f.complete(item, {"url": item.url, "status": "rendered"}, [], links, failed=False)
            spent += time.perf_counter() - t0
            n += 1
    finally:
        f.close()
    return spent * 1000 / max(1, n), n


def main() -> None:
    pages = int(sys.argv[1]) if len(sys.argv) > 1 else 150
    tmp = Path(tempfile.mkdtemp(prefix="brandlint-bench-scale-"))
    folder = generate(tmp / "site", pages)
    print(f"site: {pages} generated pages on 127.0.0.1; machine: {os.cpu_count()} cores, shared by every worker")
    with SiteServer(folder) as site, redis_server() as (redis_url, _):
        t_local, n_local = local(site.url, tmp)
        print(f"local scan, 1 process:       {n_local / t_local:6.1f} pages/s  ({n_local} pages in {t_local:.1f} s)")
        times = {}
        for n in (1, 2, 3):
            t, got = shared(site.url, redis_url, n, tmp)
            times[n] = t
            print(f"redis frontier, {n} worker{'s' if n > 1 else ' '}:    {got / t:6.1f} pages/s  "
                  f"({got} pages in {t:.1f} s)")
        ms, n = frontier_cost(site.url, redis_url, folder)
        print(f"frontier overhead:           {ms:6.2f} ms/page of Redis steps (lease, record + links, release; "
              f"{n} pages, no browser)")
        per_page = (times[1] - t_local) * 1000 / n_local
        print(f"1 redis worker vs local:     {per_page:+6.1f} ms/page end to end "
              f"(process start, Redis round trips, whole-crawl snapshot read back)")


if __name__ == "__main__":
    main()
