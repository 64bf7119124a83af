"""Benchmark ``brandlint lint`` (not a test): run ``python benchmarks/bench_lint.py``.

Generates, in a temporary folder, a catalog tree of 100,000 strings over many files and
formats (JSON, YAML, .po, Android XML, .strings, .properties, HTML), then reports:
strings per second in-process and via a subprocess, the time of a 1 MB file against a
100 KB file (a ratio near 10 means linear), and the start-up time of ``brandlint lint
--help`` and of a one-file lint (best of 5).
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STRINGS = 100_000
WORDS = ["Belanja", "hemat", "di", "TikTok", "Shop", "Tokopedia", "promo", "gratis", "ongkir", "hari", "ini"]


def _phrase(i: int) -> str:
    return " ".join(WORDS[(i * 7 + k) % len(WORDS)] for k in range(6 + i % 5))


WRITERS = {
    "locales/{l}/page{n}.json": lambda items: "{\n" + ",\n".join(f'  "key{i}": "{t}"' for i, t in items) + "\n}\n",
    "config/locales/{l}/page{n}.yml": lambda items: "id:\n" + "".join(f"  key{i}: \"{t}\"\n" for i, t in items),
    "locale/{l}/LC_MESSAGES/page{n}.po": lambda items: "".join(f'msgid "k{i}"\nmsgstr "{t}"\n\n' for i, t in items),
    "android/res/values-{l}/page{n}.xml": lambda items: "<resources>\n" + "".join(
        f'  <string name="key{i}">{t}</string>\n' for i, t in items) + "</resources>\n",
    "ios/{l}.lproj/Page{n}.strings": lambda items: "".join(f'"key{i}" = "{t}";\n' for i, t in items),
    "src/main/resources/page{n}_{l}.properties": lambda items: "".join(f"key{i}={t}\n" for i, t in items),
    "templates/{l}/page{n}.html": lambda items: "<div>\n" + "".join(f"  <p title=\"x\">{t}</p>\n" for i, t in items) + "</div>\n",
}
# share of strings per format: JSON and YAML dominate real trees
WEIGHTS = {"json": 40, "yml": 10, "po": 15, "xml": 10, "strings": 10, "properties": 5, "html": 10}
PER_FILE = 500


def generate(root: Path) -> int:
    total = 0
    n = 0
    for pattern, write in WRITERS.items():
        ext = pattern.rsplit(".", 1)[1]
        share = STRINGS * WEIGHTS[ext] // 100
        for start in range(0, share, PER_FILE):
            items = [(i, _phrase(i)) for i in range(start, min(share, start + PER_FILE))]
            path = root / pattern.format(l=["id", "en", "ms", "th"][n % 4], n=n)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(write(items), encoding="utf-8")
            total += len(items)
            n += 1
    return total


def in_process(root: Path):
    from linter.lint import lint_paths
    from linter.policy import load_policy
    old = os.getcwd()
    os.chdir(root)
    try:
        t = time.perf_counter()
        result = lint_paths(["."], load_policy("permendag31"))
        return time.perf_counter() - t, result
    finally:
        os.chdir(old)


def subprocess_time(args, cwd, best_of=1) -> float:
    best = float("inf")
    for _ in range(best_of):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "linter", *args], cwd=cwd, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=False)
        best = min(best, time.perf_counter() - t)
    return best


def big_file(root: Path, size: int) -> Path:
    lines, n = [], 0
    body = 0
    while body < size:
        line = f'  "key{n}": "{_phrase(n)}",'
        lines.append(line)
        body += len(line) + 1
        n += 1
    path = root / f"locales/big-{size}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{\n" + "\n".join(lines) + '\n  "end": "x"\n}\n', encoding="utf-8")
    return path


def time_file(path: Path, repeat: int = 3) -> float:
    from linter.lint.check import lint_file
    from linter.matcher import Matcher
    from linter.policy import load_policy
    matcher = Matcher(load_policy("permendag31"))
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        lint_file(str(path), path.name, "json", matcher)
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "tree"
        total = generate(root)
        files = sum(1 for _ in root.rglob("*") if _.is_file())
        secs, result = in_process(root)
        print(f"tree: {total:,} strings in {files} files ({sum(p.stat().st_size for p in root.rglob('*') if p.is_file()) / 1e6:.1f} MB)")
        print(f"in-process: {secs:.2f} s, {result.strings / secs:,.0f} strings/s, "
              f"{len(result.findings):,} findings, {len(result.errors)} errors")
        sub = subprocess_time(["lint", "--format", "json", "-o", str(Path(tmp) / "out.json"), "."], root)
        print(f"subprocess: {sub:.2f} s, {total / sub:,.0f} strings/s")

        sizes = Path(tmp) / "sizes"
        small, large = big_file(sizes, 100_000), big_file(sizes, 1_000_000)
        t_small, t_large = time_file(small), time_file(large)
        print(f"100 KB file: {t_small * 1000:.0f} ms; 1 MB file: {t_large * 1000:.0f} ms; "
              f"ratio {t_large / t_small:.1f} (10 = linear)")

        one = Path(tmp) / "one" / "id.json"
        one.parent.mkdir()
        one.write_text('{"home": "Belanja di TikTok"}', encoding="utf-8")
        print(f"start-up `brandlint lint --help`: {subprocess_time(['lint', '--help'], tmp, 5) * 1000:.0f} ms (best of 5)")
        print(f"one-file lint: {subprocess_time(['lint', str(one)], tmp, 5) * 1000:.0f} ms (best of 5)")


if __name__ == "__main__":
    main()
