"""CPU cost of the visual step's worker functions per picture, cold (no cache), in one
process: OCR (``ocr.Reader.read``) and logo matching (``logos.LogoMatcher.find``).

Not a test: run ``python benchmarks/bench_visual_work.py [--baseline REV]`` (a minute or
two). CPU time (``time.process_time``, every thread of this process; ``OMP_THREAD_LIMIT=1``
as in the pool's workers), not wall time: the machine is shared, and CPU seconds are what
a loaded machine still measures fairly. Pictures: the raster images of the visual
fixture site and of the fixture shop, and the raster ``data:`` images saved inside
``../shared/corpus`` pages (decoded in memory, never copied; skipped when absent).
References: the visual fixture policy's three stand-in logos.

``--baseline REV`` also loads ``ocr.py`` and ``logos.py`` as they were at git revision
REV and runs them on the same pictures in the same run: printed are both costs, their
ratio, and every picture whose OCR text or logo matches differ. The decoy line is the best
score any decoy reaches (the matcher run at a lowered threshold), against the policy's.
"""
from __future__ import annotations

import argparse
import base64
import importlib.util
import io
import os
import re
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus"
BRAND = ROOT / "fixtures" / "visual-policy" / "brand"
THRESHOLD = 0.62
DECOY_FLOOR = 0.3
DATA_URI = re.compile(rb"data:image/(png|jpeg|webp|gif);base64,([A-Za-z0-9+/=]+)")


def pictures(corpus_max: int) -> list[tuple[str, object]]:
    from PIL import Image
    out = []
    for folder in ("visual", "shop"):
        for f in sorted((ROOT / "fixtures" / "sites" / folder / "img").iterdir()):
            if f.suffix in (".png", ".jpg"):
                out.append((f"{folder}/{f.name}", Image.open(f).convert("RGB")))
    if not CORPUS.is_dir():
        print(f"corpus: {CORPUS} not present, skipped")
        return out
    seen, n = set(), 0
    for page in sorted(CORPUS.rglob("*.html")):
        for m in DATA_URI.finditer(page.read_bytes()):
            if n >= corpus_max or m.group(2) in seen:
                continue
            seen.add(m.group(2))
            try:
                im = Image.open(io.BytesIO(base64.b64decode(m.group(2))))
                im.seek(0)
                im = im.convert("RGB")
            except Exception:  # noqa: BLE001 - a broken data URI is not a picture to time
                continue
            if min(im.size) >= 16:
                out.append((f"corpus/{page.parent.name}/{n}:{im.width}x{im.height}", im))
                n += 1
    return out


def decoys() -> list[tuple[str, object]]:
    from PIL import Image
    spec = importlib.util.spec_from_file_location("draw_visual_fixtures", ROOT / "tools" / "draw_visual_fixtures.py")
    draw = importlib.util.module_from_spec(spec)
    sys.modules["draw_visual_fixtures"] = draw
    spec.loader.exec_module(draw)
    out = [(f.name, Image.open(f).convert("RGB")) for f in sorted((ROOT / "fixtures/sites/visual/img").glob("decoy-*"))]
    for decoy in ("star_badge", "music_note", "black_square"):
        for variant in ("plain", "inverted", "jpeg", "banner"):
            for size in (24, 48, 128, 300):
                out.append((f"{decoy}-{variant}-{size}", draw.VARIANTS[variant](getattr(draw, decoy)(), size).convert("RGB")))
    return out


def load_version(rev: str | None):
    """(ocr module, logos module): the working tree's, or those of git revision ``rev``."""
    if rev is None:
        from linter.visual import logos, ocr
        return ocr, logos
    mods = []
    tmp = Path(tempfile.mkdtemp(prefix="bench-visual-"))
    for name in ("ocr", "logos"):
        src = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:linter/visual/{name}.py"],
                             check=True, capture_output=True).stdout
        path = tmp / f"old_{name}.py"
        path.write_bytes(src)
        spec = importlib.util.spec_from_file_location(f"old_{name}", path)
        mod = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = mod
        spec.loader.exec_module(mod)
        mods.append(mod)
    return mods[0], mods[1]


def matcher(logos, threshold: float):
    import numpy as np
    from PIL import Image
    refs = [logos.reference_from_rgba(np.asarray(Image.open(BRAND / f).convert("RGBA")), brand, f)
            for brand, f in (("tiktok", "legacy-mark.png"), ("tiktok-shop", "shop-mark.png"),
                             ("tokopedia", "tokopedia-mark.png"))]
    return logos.LogoMatcher(refs, threshold)


def measure(ocr, logos, pics, do_ocr: bool) -> dict:
    import numpy as np
    reader = ocr.Reader() if do_ocr else None
    m = matcher(logos, THRESHOLD)
    rows = {}
    for name, im in pics:
        text, t_ocr = None, 0.0
        if reader is not None:
            t0 = time.process_time()
            text = [r.text for r in reader.read(im)]
            t_ocr = time.process_time() - t0
        arr = np.asarray(im)
        t0 = time.process_time()
        found = [(x.brand, round(x.score, 2), x.box) for x in m.find(arr)]
        rows[name] = {"ocr": t_ocr, "logos": time.process_time() - t0, "text": text, "found": found}
    return rows


def decoy_top(logos, items) -> tuple[float, str]:
    import numpy as np
    m = matcher(logos, DECOY_FLOOR)
    best = (0.0, "-")
    for name, im in items:
        for x in m.find(np.asarray(im)):
            best = max(best, (x.score, f"{name} ~ {x.brand}"))
    return best


def groups(rows: dict) -> dict[str, list[str]]:
    g: dict[str, list[str]] = {}
    for name in rows:
        g.setdefault(name.split("/")[0], []).append(name)
    return g


def report(label: str, rows: dict) -> None:
    print(f"\n{label}: CPU ms per picture (mean, max)")
    for group, names in groups(rows).items():
        o = [rows[n]["ocr"] * 1000 for n in names]
        lg = [rows[n]["logos"] * 1000 for n in names]
        print(f"  {group:8} {len(names):3d} pictures  OCR {sum(o) / len(o):7.1f} {max(o):7.1f}   "
              f"logos {sum(lg) / len(lg):7.1f} {max(lg):7.1f}")


def compare(new: dict, old: dict) -> None:
    print("\nold / new CPU, summed per group")
    for group, names in groups(new).items():
        cells = []
        for what in ("ocr", "logos"):
            n, o = sum(new[x][what] for x in names), sum(old[x][what] for x in names)
            cells.append(f"{what} {o * 1000:8.0f} -> {n * 1000:7.0f} ms  ({o / n if n else 0:4.1f}x)")
        print(f"  {group:8} " + "   ".join(cells))
    diffs = [n for n in new if (new[n]["text"], new[n]["found"]) != (old[n]["text"], old[n]["found"])]
    print(f"\npictures whose results differ: {len(diffs)}")
    for n in diffs:
        for what in ("text", "found"):
            if new[n][what] != old[n][what]:
                print(f"  {n} {what}:\n    old {old[n][what]}\n    new {new[n][what]}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--baseline", metavar="REV", help="also run ocr.py/logos.py as of this git revision")
    ap.add_argument("--corpus-pictures", type=int, default=40)
    ap.add_argument("--no-ocr", action="store_true", help="logo matching only")
    ap.add_argument("--only", help="pictures whose name contains this")
    args = ap.parse_args()
    warnings.simplefilter("ignore", UserWarning)      # Pillow on palette images with transparency
    import cv2
    cv2.setNumThreads(1)     # OpenCV's idle threads spin: on a loaded machine they add noise, not work
    from linter.visual.ocr import available
    do_ocr = not args.no_ocr and available() is None
    pics = pictures(args.corpus_pictures)
    if args.only:
        pics = [p for p in pics if args.only in p[0]]
    print(f"{len(pics)} pictures, OCR {'on' if do_ocr else 'off'}, load average {os.getloadavg()[0]:.1f}")
    new_ocr, new_logos = load_version(None)
    new = measure(new_ocr, new_logos, pics, do_ocr)
    report("this tree", new)
    dec = decoys()
    top = decoy_top(new_logos, dec)
    print(f"  decoys: best score {top[0]:.3f} ({top[1]}) vs threshold {THRESHOLD}")
    if args.baseline:
        old_ocr, old_logos = load_version(args.baseline)
        old = measure(old_ocr, old_logos, pics, do_ocr)
        report(f"baseline {args.baseline}", old)
        top = decoy_top(old_logos, dec)
        print(f"  decoys: best score {top[0]:.3f} ({top[1]}) vs threshold {THRESHOLD}")
        compare(new, old)
    return 0


if __name__ == "__main__":
    sys.exit(main())
