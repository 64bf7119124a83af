"""Scan throughput and memory: brandlint against the browser's own limit and a naive crawler.

Not a test: run ``python benchmarks/bench_scan.py`` (a few minutes). It serves, from a
separate process on 127.0.0.1, a generated shop of 2,000 linked pages and the saved pages
of ``../shared/corpus`` (when present), then prints in one run:

- brandlint's pages/second at its defaults (every surface checked: collector, matcher,
  describe, scroll-through, settle probe), crawling the shop from its home page;
- a bare Playwright loop that only navigates (``load``) and reads ``innerText``, over the
  same URLs given up front, at concurrency 1..16, and its best;
- a naive crawler: sequential Playwright waiting for ``networkidle``, ``page.content()``
  parsed with BeautifulSoup (and the same reading at ``load``, which misses late text);
- the ratios, and the peak memory (this process + its Chromium, summed RSS from /proc)
  of brandlint at 200 and at 2,000 pages.

All three use the same Chromium with the same offline host rules (the corpus pages name
hosts this machine cannot reach; every contender fails them at once).
"""
from __future__ import annotations

import asyncio
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus"
PAGES = 2000
WORDS = ("produk lokal diskon ongkir gratis promo hari ini belanja hemat kualitas terbaik pilihan "
         "pembeli toko resmi garansi cicilan kirim cepat").split()

SERVER = r"""
import sys, functools
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
class H(SimpleHTTPRequestHandler):
    def log_message(self, *a): pass
class S(ThreadingHTTPServer):
    daemon_threads = True
    def handle_error(self, *a): pass
srv = S(("127.0.0.1", 0), functools.partial(H, directory=sys.argv[1]))
print(srv.server_address[1], flush=True)
srv.serve_forever()
"""


def generate_site(root: Path, n: int = PAGES) -> list[str]:
    """n product pages, each linking to its neighbours and a few random others."""
    rnd = random.Random(31)
    (root / "css").mkdir(parents=True, exist_ok=True)
    (root / "css" / "site.css").write_text("body{font:16px sans-serif;max-width:60em;margin:auto}"
                                           ".card{display:inline-block;width:30%;margin:1%}", encoding="utf-8")
    paths = ["index.html"] + [f"p/{i}.html" for i in range(1, n)]
    for i, path in enumerate(paths):
        links = {paths[(i + k) % n] for k in (1, 2, 3)} | {paths[rnd.randrange(n)] for _ in range(3)}
        brand = ("TikTok", "TikTok Shop", "Tokopedia")[i % 3]
        cards = "".join(
            f"<div class=card><img alt='produk {j}' src='/site/img/p{j}.png'><h3>Produk {i}-{j}</h3>"
            f"<p>{' '.join(rnd.choice(WORDS) for _ in range(25))}</p><button>Beli</button></div>" for j in range(6))
        nav = "".join(f"<li><a href='/site/{l}'>{l}</a></li>" for l in sorted(links))
        html = (f"<!doctype html><html lang=id><head><meta charset=utf-8><title>Toko {i} | {brand}</title>"
                f"<meta property='og:title' content='Belanja di {brand}'><link rel=stylesheet href='/site/css/site.css'>"
                f"</head><body><header><nav aria-label=utama><ul>{nav}</ul></nav></header><main><h1>Halaman {i}</h1>"
                f"<p>Belanja mudah di {brand}. {' '.join(rnd.choice(WORDS) for _ in range(40))}</p>{cards}</main>"
                f"<footer>Ikuti kami di <a href='https://www.tiktok.com/@toko'>TikTok</a></footer></body></html>")
        f = root / path
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(html, encoding="utf-8")
    return paths


class MemorySampler:
    """Peak of (this process + descendants, minus the file server) summed RSS, in MB."""

    def __init__(self, exclude: set[int]) -> None:
        self.exclude = exclude
        self.peak = 0.0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self) -> None:
        while not self.stop.wait(0.2):
            self.peak = max(self.peak, self.sample())

    def sample(self) -> float:
        me = os.getpid()
        parents = {}
        rss = {}
        page = os.sysconf("SC_PAGE_SIZE")
        for name in os.listdir("/proc"):
            if not name.isdigit():
                continue
            try:
                with open(f"/proc/{name}/stat", encoding="utf-8") as fh:
                    parents[int(name)] = int(fh.read().rsplit(")", 1)[1].split()[1])
                with open(f"/proc/{name}/statm", encoding="utf-8") as fh:
                    rss[int(name)] = int(fh.read().split()[1]) * page
            except (OSError, ValueError, IndexError):
                continue
        total = 0
        for pid, size in rss.items():
            p, chain = pid, set()
            while p > 1 and p not in chain:
                if p == me:
                    if not (self.exclude & ({pid} | chain)):
                        total += size
                    break
                chain.add(p)
                p = parents.get(p, 0)
        return total / 1e6

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()


def run_brandlint(seeds: list[str], max_pages: int, follow: bool, exclude: set[int]):
    from linter import scan
    with MemorySampler(exclude) as mem:
        t0 = time.monotonic()
        snap = scan(seeds, max_pages=max_pages, follow=follow, offline=True)
        dt = time.monotonic() - t0
    rendered = sum(p.status == "rendered" for p in snap.pages)
    return rendered / dt, mem.peak, rendered, len(snap.findings)


async def bare_loop(urls: list[str], concurrency: int) -> float:
    from playwright.async_api import async_playwright

    from linter.browser.launch import launch
    async with async_playwright() as pw:
        browser = await launch(pw, offline_except=[])
        queue = list(urls)
        t0 = time.monotonic()

        async def worker():
            ctx = await browser.new_context()
            page = await ctx.new_page()
            while queue:
                url = queue.pop()
                try:
                    await page.goto(url, wait_until="load", timeout=30_000)
                    await page.evaluate("document.body ? document.body.innerText : ''")
                except Exception:  # noqa: BLE001
                    pass
            await ctx.close()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        dt = time.monotonic() - t0
        await browser.close()
    return len(urls) / dt


async def naive(start: str, limit: int, wait_until: str = "networkidle") -> float:
    """Sequential: goto until the network is idle (the usual way to wait for a page to be
    "done": 500 ms without requests), page.content(), BeautifulSoup for text and links,
    breadth first. ``wait_until="load"`` is also printed: faster, but it reads before text
    a page writes after load, so it does not check what brandlint checks."""
    from urllib.parse import urljoin, urlsplit

    from bs4 import BeautifulSoup
    from playwright.async_api import async_playwright

    from linter.browser.launch import launch
    async with async_playwright() as pw:
        browser = await launch(pw, offline_except=[])
        page = await browser.new_page()
        seen, queue, done, hits = {start}, [start], 0, 0
        host = urlsplit(start).netloc
        t0 = time.monotonic()
        while queue and done < limit:
            url = queue.pop(0)
            try:
                await page.goto(url, wait_until=wait_until, timeout=30_000)
                soup = BeautifulSoup(await page.content(), "lxml")
            except Exception:  # noqa: BLE001
                continue
            done += 1
            hits += soup.get_text(" ").lower().count("tiktok")
            for a in soup.find_all("a", href=True):
                u = urljoin(url, a["href"]).split("#")[0]
                if urlsplit(u).netloc == host and u not in seen:
                    seen.add(u)
                    queue.append(u)
        dt = time.monotonic() - t0
        await browser.close()
    return done / dt


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="brandlint-bench-"))
    paths = generate_site(tmp / "site")
    corpus_files = []
    if CORPUS.is_dir():
        os.symlink(CORPUS, tmp / "corpus")
        corpus_files = sorted(str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*.html"))
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(tmp)], stdout=subprocess.PIPE, text=True)
    try:
        port = int(server.stdout.readline())
        base = f"http://127.0.0.1:{port}"
        site_urls = [f"{base}/site/{p}" for p in paths]
        corpus_urls = [f"{base}/corpus/{p}" for p in corpus_files]
        ex = {server.pid}
        print(f"site: {len(site_urls)} pages, corpus: {len(corpus_urls)} pages, served at {base}", flush=True)

        r200, m200, n200, _ = run_brandlint([site_urls[0]], 200, True, ex)
        print(f"brandlint   200 pages: {r200:6.1f} pages/s  peak {m200:7.0f} MB  ({n200} rendered)", flush=True)
        r2k, m2k, n2k, f2k = run_brandlint([site_urls[0]], PAGES, True, ex)
        print(f"brandlint  2000 pages: {r2k:6.1f} pages/s  peak {m2k:7.0f} MB  ({n2k} rendered, {f2k} findings)", flush=True)
        rc = None
        if corpus_urls:
            rc, mc, nc, fc = run_brandlint(corpus_urls, len(corpus_urls), False, ex)
            print(f"brandlint corpus:      {rc:6.1f} pages/s  peak {mc:7.0f} MB  ({nc} rendered, {fc} findings)", flush=True)

        sample = site_urls[:300]
        bare = {}
        for c in (1, 2, 4, 8, 12, 16):
            bare[c] = asyncio.run(bare_loop(sample, c))
            print(f"bare navigate+innerText, concurrency {c:2d}: {bare[c]:6.1f} pages/s", flush=True)
        best_c = max(bare, key=bare.get)
        bare_c = asyncio.run(bare_loop(corpus_urls, best_c)) if corpus_urls else None
        nv = asyncio.run(naive(site_urls[0], 150))
        nv_load = asyncio.run(naive(site_urls[0], 150, "load"))
        nvc = nvc_load = None
        if corpus_urls:
            nvc = asyncio.run(naive_list(corpus_urls[:40]))
            nvc_load = asyncio.run(naive_list(corpus_urls[:40], "load"))
        print()
        print("| measure | generated shop (2,000 pages) | corpus |")
        print("|---|---|---|")
        print(f"| brandlint, defaults (pages/s) | {r2k:.1f} | {fmt(rc)} |")
        print(f"| bare Playwright, best of 1..16 (concurrency {best_c}) | {bare[best_c]:.1f} | {fmt(bare_c)} |")
        print(f"| naive sequential Playwright (networkidle) + BeautifulSoup | {nv:.1f} | {fmt(nvc)} |")
        print(f"| same, reading at 'load' (misses late text) | {nv_load:.1f} | {fmt(nvc_load)} |")
        print(f"| brandlint / bare (target >= 0.7) | {r2k / bare[best_c]:.2f} | {ratio(rc, bare_c)} |")
        print(f"| brandlint / naive (target >= 3) | {r2k / nv:.2f} | {ratio(rc, nvc)} |")
        print(f"| brandlint / naive at 'load' | {r2k / nv_load:.2f} | {ratio(rc, nvc_load)} |")
        print(f"| peak memory at 200 / 2,000 pages (MB) | {m200:.0f} / {m2k:.0f} ({(m2k / m200 - 1) * 100:+.0f}%, target within 20%) | |")
    finally:
        server.terminate()
        server.wait(5)


async def naive_list(urls: list[str], wait_until: str = "networkidle") -> float:
    from bs4 import BeautifulSoup
    from playwright.async_api import async_playwright

    from linter.browser.launch import launch
    async with async_playwright() as pw:
        browser = await launch(pw, offline_except=[])
        page = await browser.new_page()
        t0 = time.monotonic()
        for url in urls:
            try:
                await page.goto(url, wait_until=wait_until, timeout=30_000)
                BeautifulSoup(await page.content(), "lxml").get_text(" ")
            except Exception:  # noqa: BLE001
                pass
        dt = time.monotonic() - t0
        await browser.close()
    return len(urls) / dt


def fmt(x):
    return "-" if x is None else f"{x:.1f}"


def ratio(a, b):
    return "-" if a is None or not b else f"{a / b:.2f}"


if __name__ == "__main__":
    main()
