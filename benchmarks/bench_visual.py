"""The visual step's cost per page, cold and warm cache, and the crawl-speed ratio with
visual on, on the fixture shop, the visual fixture site and ``../shared/corpus``.

Not a test: run ``python benchmarks/bench_visual.py`` (a few minutes; ``--corpus-pages N``
to read fewer corpus pages). Each site is scanned three times in this process, one after
the other: ``--visual off``, ``on`` with an empty cache (cold), ``on`` again with the cache
the cold run filled (warm). Printed per site and run: pages, scan seconds, pages per
second, the visual step's wall milliseconds per page (time the page's tab spent waiting for
it: the in-page query, the screenshot and the pool's answer) and the pool's work
milliseconds per page (OCR and matching, summed over workers), images read, cache hits;
then the ratio of pages per second with visual on to visual off.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus"


def run(seed: str, policy: str, visual: str, cache: str, max_pages: int):
    from linter import scan
    t0 = time.perf_counter()
    snap = scan([seed], policy, visual=visual, visual_cache=cache, max_pages=max_pages, concurrency=2)
    secs = time.perf_counter() - t0
    pages = sum(p.status == "rendered" for p in snap.pages)
    step = snap.options.get("visual_step") or {}
    return {"pages": pages, "secs": secs, "pps": pages / secs if secs else 0.0,
            "visual_ms": step.get("ms", 0) / max(1, pages), "work_ms": step.get("work_ms", 0) / max(1, pages),
            "images": step.get("images", 0), "hits": step.get("cache_hits", 0),
            "findings": len(snap.findings)}


def bench(name: str, seed: str, policy: str, max_pages: int) -> None:
    with tempfile.TemporaryDirectory() as cache:
        rows = {"off": run(seed, policy, "off", cache, max_pages),
                "on-cold": run(seed, policy, "on", cache, max_pages),
                "on-warm": run(seed, policy, "on", cache, max_pages)}
    print(f"\n{name} ({seed})")
    print(f"  {'run':8} {'pages':>5} {'secs':>7} {'pages/s':>8} {'visual ms/page':>15} {'work ms/page':>13} "
          f"{'images':>6} {'hits':>5} {'findings':>8}")
    for run_name, r in rows.items():
        print(f"  {run_name:8} {r['pages']:5d} {r['secs']:7.1f} {r['pps']:8.2f} {r['visual_ms']:15.0f} "
              f"{r['work_ms']:13.0f} {r['images']:6d} {r['hits']:5d} {r['findings']:8d}")
    off = rows["off"]["pps"]
    if off:
        print(f"  crawl-speed ratio, visual on / off: cold {rows['on-cold']['pps'] / off:.2f}, "
              f"warm {rows['on-warm']['pps'] / off:.2f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus-pages", type=int, default=30)
    args = ap.parse_args()
    from linter.visual.ocr import available
    why = available()
    if why:
        print(f"bench_visual: {why}; nothing to measure")
        return 0
    bench("fixture shop", str(ROOT / "fixtures" / "sites" / "shop"), "permendag31", 50)
    bench("visual fixture site", str(ROOT / "fixtures" / "sites" / "visual"),
          str(ROOT / "fixtures" / "visual-policy" / "brandlint.toml"), 50)
    folder = CORPUS / "readability"
    if folder.is_dir():
        bench(f"corpus (first {args.corpus_pages} pages of readability/)", str(folder), "permendag31", args.corpus_pages)
    else:
        print(f"\ncorpus: {CORPUS} not present, skipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
