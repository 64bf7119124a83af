"""A generated shop of N linked pages for the scale-out tests and benchmarks, served by a real
HTTP server on 127.0.0.1, with a one-line comparison of two scans of it.

Pages are small (a render costs little) but varied: bare "TikTok" (a violation), "TikTok
Shop" (compliant), payment-zone pages under /checkout/, attributes, and links forming a
tree plus cross links, so breadth-first order and discovery both matter.
"""
from __future__ import annotations

import threading
from collections import Counter
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FANOUT = 4


def _path(i: int) -> str:
    if i == 0:
        return "index.html"
    if i % 7 == 0:
        return f"checkout/step-{i}.html"
    return f"p/{i // 50}/item-{i}.html"


def _body(i: int, n: int) -> str:
    kids = [k for k in range(i * FANOUT + 1, i * FANOUT + FANOUT + 1) if k < n]
    cross = [(i * 37 + 11) % n, (i + n // 2) % n]
    links = "".join(f'<li><a href="/{_path(k)}">page {k}</a></li>' for k in kids + cross)
    if i % 5 == 0:
        text = f"<p>Belanja di TikTok hari ini (halaman {i})</p>"
    elif i % 5 == 1:
        text = f"<p>Promo TikTok Shop nomor {i}</p>"
    elif i % 5 == 2:
        text = f'<img alt="Logo TikTok {i}" src="/missing-{i}.png">'
    else:
        text = f"<p>Produk biasa {i}</p>"
    return (f"<!doctype html><html><head><meta charset=utf-8><title>Page {i}</title></head>"
            f'<body><main id="main"><h1>Page {i}</h1>{text}<ul>{links}</ul></main></body></html>')


def generate(root: Path, pages: int = 150) -> Path:
    """Write a site of ``pages`` pages into root; every page is reachable from index.html."""
    for i in range(pages):
        f = root / _path(i)
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(_body(i, pages), encoding="utf-8")
    return root


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class SiteServer:
    """``with SiteServer(folder, host) as srv: srv.url`` — a real HTTP server on loopback."""

    def __init__(self, folder: Path, host: str = "127.0.0.1") -> None:
        self.httpd = ThreadingHTTPServer((host, 0), partial(_Quiet, directory=str(folder)))
        self.httpd.daemon_threads = True
        self.url = f"http://{host}:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> "SiteServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def scan_figures(snapshot) -> tuple[Counter, Counter]:
    """(pages as (url, status) counted, fingerprints counted) of a snapshot (object or dict)."""
    if isinstance(snapshot, dict):
        pages = Counter((p["url"], p["status"]) for p in snapshot["pages"])
        fps = Counter(f["fingerprint"] for f in snapshot["findings"])
    else:
        pages = Counter((p.url, p.status) for p in snapshot.pages)
        fps = Counter(f.fingerprint for f in snapshot.findings)
    return pages, fps


def assert_same_scan(got, want, min_pages: int = 150) -> None:
    """Same pages, each exactly once, and the same fingerprints as the reference scan."""
    gp, gf = scan_figures(got)
    wp, wf = scan_figures(want)
    assert sum(v == "rendered" for _, v in wp) >= min_pages, "the reference scan is too small to prove anything"
    dup = [u for u, c in Counter(u for u, _ in gp.elements()).items() if c > 1]
    assert not dup, f"pages recorded more than once: {dup[:5]}"
    assert gp == wp, f"pages differ: missing {sorted(wp - gp)[:5]}, extra {sorted(gp - wp)[:5]}"
    assert gf == wf, f"fingerprints differ: missing {sorted((wf - gf).elements())[:5]}, extra {sorted((gf - wf).elements())[:5]}"
