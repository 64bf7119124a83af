"""Precision figures over the real saved pages in ``../shared/corpus``.

Not a test: ``python benchmarks/corpus_figures.py [--json OUT] [--visual off]`` scans every saved page
(served from a local folder, links not followed) and prints the pages by status and the
findings by kind, with the meta tags and asset URLs behind them, so a change to the
precision rules can be judged on real pages before and after.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# ../shared/corpus beside the checkout, or beside the folder of worktrees holding it.
CORPUS = next((p for p in (ROOT.parent / "shared" / "corpus", ROOT.parent.parent / "shared" / "corpus")
               if p.is_dir()), ROOT.parent / "shared" / "corpus")


def figures(snapshot) -> dict:
    pages = Counter(p.status for p in snapshot.pages)
    kinds = Counter(f.kind for f in snapshot.findings)
    meta = Counter(f.attribute for f in snapshot.findings if f.kind == "meta")
    assets = sorted(f.context for f in snapshot.findings if f.kind == "asset")
    failed = sorted(f"{p.url}: {p.error}" for p in snapshot.pages if p.status == "failed")
    return {"pages": dict(pages), "findings": len(snapshot.findings), "by_kind": dict(kinds),
            "meta_by_tag": dict(meta), "asset_urls": assets, "failed": failed}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", help="also write the figures here")
    ap.add_argument("--visual", default="off", help="the scan's visual step (default off: DOM precision only)")
    args = ap.parse_args()
    if not CORPUS.is_dir():
        sys.exit(f"no corpus at {CORPUS}")
    from linter import scan
    t0 = time.monotonic()
    snap = scan([str(CORPUS)], follow=False, max_pages=1000, visual=args.visual)
    out = figures(snap)
    out["seconds"] = round(time.monotonic() - t0, 1)
    print(json.dumps({k: v for k, v in out.items() if k != "asset_urls"}, indent=2))
    print(f"asset findings ({len(out['asset_urls'])}):")
    for u in out["asset_urls"]:
        print("  ", u)
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
