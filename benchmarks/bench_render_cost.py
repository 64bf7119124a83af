"""What this tree's render step costs against another tree's, on the generated shop.

Not a test: ``python benchmarks/bench_render_cost.py --against DIR [--pages 200] [--runs 2]``
crawls the generated shop of ``bench_scan.py`` (``fixtures/shapes``) (served from a separate process) with this
checkout and with the checkout in DIR (e.g. ``git archive`` of an older main), alternating,
at a fixed two tabs and without the visual step, and prints each run's pages/second and the
ratio of the best runs. Keep it short: the machine is shared.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "fixtures"))

from bench_scan import SERVER  # noqa: E402
from shapes import shop_site  # noqa: E402

RUN = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
from linter import scan
t0 = time.monotonic()
snap = scan([sys.argv[2]], max_pages=int(sys.argv[3]), concurrency=2, visual="off")
dt = time.monotonic() - t0
pages = [p for p in snap.pages if p.status == "rendered"]
print(json.dumps({"rendered": len(pages), "seconds": dt, "findings": len(snap.findings),
                  "render_ms": sorted(p.elapsed_ms for p in pages)[len(pages) // 2] if pages else 0}))
"""


def one(tree: Path, url: str, pages: int) -> dict:
    out = subprocess.run([sys.executable, "-c", RUN, str(tree), url, str(pages)], capture_output=True,
                         text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--against", required=True, help="the other checkout (a folder with linter/)")
    ap.add_argument("--pages", type=int, default=200)
    ap.add_argument("--runs", type=int, default=2)
    args = ap.parse_args()
    trees = {"this": ROOT, "other": Path(args.against).resolve()}
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        shop_site(site, args.pages)
        srv = subprocess.Popen([sys.executable, "-c", SERVER, tmp], stdout=subprocess.PIPE, text=True)
        try:
            url = f"http://127.0.0.1:{srv.stdout.readline().strip()}/site/index.html"
            best = {}
            for run in range(args.runs):
                for name, tree in (list(trees.items()) if run % 2 == 0 else list(trees.items())[::-1]):
                    r = one(tree, url, args.pages)
                    rate = r["rendered"] / r["seconds"]
                    best[name] = max(best.get(name, 0), rate)
                    print(f"run {run + 1} {name:5}: {r['rendered']} pages in {r['seconds']:.1f} s = {rate:.2f} pages/s, "
                          f"median page {r['render_ms']} ms, {r['findings']} findings", flush=True)
        finally:
            srv.terminate()
            srv.wait()
    print(f"best: this {best['this']:.2f} pages/s, other {best['other']:.2f} pages/s, "
          f"cost {100 * (best['other'] / best['this'] - 1):+.1f}%")


if __name__ == "__main__":
    main()
