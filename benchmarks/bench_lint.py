"""Benchmark ``brandlint lint`` against codespell and grep (not a test):

    python benchmarks/bench_lint.py [--runs N] [--keep DIR]

Generates one tree of 100,000 strings in 2,000 catalog and template files (JSON, YAML,
gettext, Android XML, .strings, .properties, HTML, XLIFF, Fluent), with a legacy-brand
mention planted in one file of every 25 (some written with escapes: ``\\u0054ikTok``,
``&#84;ikTok``), then times each tool on it as a whole process, the same tree in the same
run, and prints one table:

- ``brandlint lint --format json -o out.json .`` (and checks that every planted mention
  is among the findings, at its file and line);
- ``codespell .`` (the benchmark-only ``bench`` extra installs it);
- ``grep -rniE 'tik[ .-]?tok' .``, the floor: no parsing, no normalisation, no escapes.

The issue's target: brandlint at most half of codespell's time and at most 10x grep's.
Figures are the median of ``--runs`` runs (default 5) after one untimed warm-up run of each
tool (file cache, and brandlint's bytecode, cached in the temporary folder as an installed
package has it). The tools take turns, one run each a round: the machine's load moves the
figures, and so that it moves them all alike the ratios, measured side by side, are what
to read.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILES, PER_FILE = 2_000, 50
PLANT_EVERY = 25
WORDS = ("belanja hemat di toko kami untuk produk terbaik setiap hari gratis ongkir promo "
         "diskon keranjang bayar sekarang pesanan kirim cepat aman mudah pilihan favorit "
         "shop now with free shipping today best deals for you order tracking").split()
LANGS = ("id", "en", "ms", "th")


def _phrase(i: int) -> str:
    return " ".join(WORDS[(i * 7 + k * 3) % len(WORDS)] for k in range(5 + i % 6)).capitalize()


def _planted(n: int, fmt: str) -> str:
    """The mention planted in file n, sometimes escaped as the format writes escapes."""
    if n % 3 == 1 and fmt in ("json", "properties", "strings", "xml"):
        return "Belanja di \\u0054ikTok"
    if n % 3 == 1 and fmt in ("html", "xlf"):
        return "Belanja di &#84;ikTok"
    return "Belanja di TikTok"


def _xml_text(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;") if "&#" not in s else s


WRITERS = {  # path pattern, writer(items) where items are (key, text)
    "json": ("locales/{l}/page{n}.json",
             lambda items: "{\n" + ",\n".join(f'  "{k}": "{t}"' for k, t in items) + "\n}\n"),
    "yml": ("config/locales/{l}/page{n}.yml",
            lambda items: "id:\n" + "".join(f'  {k}: "{t}"\n' for k, t in items)),
    "po": ("locale/{l}/LC_MESSAGES/page{n}.po",
           lambda items: "".join(f'msgid "{k}"\nmsgstr "{t}"\n\n' for k, t in items)),
    "xml": ("android/res/values-{l}/page{n}.xml", lambda items: "<resources>\n" + "".join(
        f'  <string name="{k}">{_xml_text(t)}</string>\n' for k, t in items) + "</resources>\n"),
    "strings": ("ios/{l}.lproj/Page{n}.strings", lambda items: "".join(f'"{k}" = "{t}";\n' for k, t in items)),
    "properties": ("src/main/resources/page{n}_{l}.properties", lambda items: "".join(f"{k}={t}\n" for k, t in items)),
    "html": ("templates/{l}/page{n}.html", lambda items: "<div>\n" + "".join(
        f'  <p title="{k}">{t}</p>\n' for k, t in items) + "</div>\n"),
    "xlf": ("i18n/{l}/page{n}.xlf", lambda items: '<xliff version="1.2"><file><body>\n' + "".join(
        f'<trans-unit id="{k}"><source>{k}</source><target>{t}</target></trans-unit>\n' for k, t in items)
        + "</body></file></xliff>\n"),
    "ftl": ("locales/{l}/page{n}.ftl", lambda items: "".join(f"{k.replace('_', '-')} = {t}\n" for k, t in items)),
}
SHARE = {"json": 35, "yml": 10, "po": 15, "xml": 10, "strings": 8, "properties": 5, "html": 8, "xlf": 5, "ftl": 4}


def generate(root: Path) -> tuple[int, set[tuple[str, int]]]:
    """Write the tree; return the number of strings and the planted (file, line) pairs."""
    planted: set[tuple[str, int]] = set()
    strings, n = 0, 0
    for fmt, share in SHARE.items():
        pattern, write = WRITERS[fmt]
        for _ in range(FILES * share // 100):
            items = [(f"home_title_{n}_{i}", _phrase(n * PER_FILE + i)) for i in range(PER_FILE)]
            if n % PLANT_EVERY == 0:
                i = n % PER_FILE
                items[i] = (items[i][0], _planted(n // PLANT_EVERY, fmt))
            text = write(items)
            rel = pattern.format(l=LANGS[n % len(LANGS)], n=n)
            if n % PLANT_EVERY == 0:
                line = next(no for no, ln in enumerate(text.splitlines(), 1) if "ikTok" in ln)
                planted.add((rel, line))
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            strings += len(items)
            n += 1
    return strings, planted


def timed(tools: list[tuple[list[str], dict | None]], cwd: Path, runs: int) -> list[tuple[float, float, float]]:
    """(median wall, minimum wall, median CPU) seconds of each tool's whole process. The
    tools take turns, one run each a round, so that a busy spell of the machine falls on
    all of them and the ratios compare runs made side by side. CPU time (user + system,
    from the kernel's accounting of the child) moves far less than wall time when other
    work shares the machine."""
    walls: list[list[float]] = [[] for _ in tools]
    cpus: list[list[float]] = [[] for _ in tools]
    for cmd, env in tools:  # warm-up
        subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
    for _ in range(runs):
        for k, (cmd, env) in enumerate(tools):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t = time.perf_counter()
            subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
            walls[k].append(time.perf_counter() - t)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus[k].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return [(statistics.median(w), min(w), statistics.median(c)) for w, c in zip(walls, cpus)]


def _codespell() -> str | None:
    here = Path(sys.executable).with_name("codespell")
    return str(here) if here.exists() else shutil.which("codespell")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--keep", type=Path, help="write the tree here and keep it")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="bench-lint-")
    try:
        root = args.keep or Path(tmp) / "tree"
        strings, planted = generate(root)
        files = sum(1 for p in root.rglob("*") if p.is_file())
        size = sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
        print(f"tree: {strings:,} strings in {files:,} files ({size / 1e6:.1f} MB), "
              f"{len(planted)} planted mentions; median of {args.runs} runs, whole processes")
        # brandlint from this checkout, with its bytecode cached (in the temporary folder) as
        # an installed package has it: PYTHONDONTWRITEBYTECODE would make every timed run
        # compile every module from source, which no user's run does.
        env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONPYCACHEPREFIX=str(Path(tmp) / "pycache"))
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        out = Path(tmp) / "out.json"
        # As the ``brandlint`` console script starts it (what a user and pre-commit run),
        # not ``python -m linter``, whose runpy start-up no user pays.
        entry = "import sys; from linter.entry import main; sys.argv[0] = 'brandlint'; main()"
        tools = [("brandlint lint", [sys.executable, "-c", entry, "lint", "--format", "json", "-o", str(out), "."], env)]
        codespell = _codespell()
        if codespell:
            tools.append(("codespell", [codespell, "."], None))
        tools.append(("grep -rniE", ["grep", "-rniE", "tik[ .-]?tok", "."], None))
        figures = timed([(cmd, env) for _name, cmd, env in tools], root, args.runs)
        rows = [(name, fig) for (name, _cmd, _env), fig in zip(tools, figures)]
        found = {(f["file"], f["line"]) for f in json.loads(out.read_text(encoding="utf-8"))["findings"]}
        return report(rows, planted, found, codespell is not None)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def report(rows, planted, found, have_codespell: bool) -> int:
    base_wall, base_cpu = rows[0][1][0], rows[0][1][2]
    print("| tool | median wall s | min wall s | median CPU s | brandlint / tool (wall) | (CPU) |")
    print("|---|---|---|---|---|---|")
    for name, (med, low, cpu) in rows:
        print(f"| {name} | {med:.3f} | {low:.3f} | {cpu:.3f} | {base_wall / med:.2f} | {base_cpu / max(cpu, 1e-3):.2f} |")
    missed = sorted(planted - found)
    print(f"planted mentions found: {len(planted) - len(missed)}/{len(planted)}"
          + (f"; missed: {missed[:5]}" if missed else ""))
    wall = {name: med for name, (med, _l, _c) in rows}
    cpu = {name: c for name, (_m, _l, c) in rows}
    ok = not missed
    checks = [("codespell", 0.5)] if have_codespell else []
    for other, limit in checks + [("grep -rniE", 10.0)]:
        rw = wall["brandlint lint"] / wall[other]
        rc = cpu["brandlint lint"] / max(cpu[other], 1e-3)
        print(f"brandlint / {other}: wall {rw:.2f}, CPU {rc:.2f} (target <= {limit:g}): "
              f"{'ok' if rw <= limit else 'MISSED'} by wall, {'ok' if rc <= limit else 'MISSED'} by CPU")
        ok &= rw <= limit
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
