"""The package as users get it: a wheel built from this tree, installed into a fresh
virtual environment with no access to the source tree, run from a folder elsewhere.

An editable install's import hook hides packaging bugs (a module that is only imported
because the hook imported it first, package data read by path from the source tree), so
every other test in this suite would pass while ``pip install brandlint`` crashed.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow

CATALOG = '{"checkout": {"pay": "Bayar dengan TikTok"}, "home": {"title": "Belanja di TikTok Shop"}}\n'


def _run(cmd, cwd, env=None, check=True):
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    if check and proc.returncode != 0:
        raise AssertionError(f"{cmd} exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
    return proc


@pytest.fixture(scope="module")
def dists(tmp_path_factory):
    """The wheel and the sdist, built by ``python -m build`` as a release would be."""
    out = tmp_path_factory.mktemp("dist")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    proc = _run([sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)], cwd=out, env=env)
    wheel = next(out.glob("*.whl"))
    sdist = next(out.glob("*.tar.gz"))
    return {"wheel": wheel, "sdist": sdist, "log": proc.stdout + proc.stderr}


@pytest.fixture(scope="module")
def installed(dists, tmp_path_factory):
    """A fresh venv holding only the wheel and its dependencies; returns (bin, cwd, env)."""
    home = tmp_path_factory.mktemp("user")
    env_dir = home / "venv"
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    bindir = env_dir / "bin"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["PATH"] = f"{bindir}{os.pathsep}{env.get('PATH', '')}"
    _run([str(bindir / "python"), "-m", "pip", "install", "--quiet", str(dists["wheel"])], cwd=home, env=env)
    return bindir, home, env


def test_build_prints_no_warning(dists):
    log = dists["log"].lower()
    bad = [line for line in log.splitlines() if "warning" in line or "deprecat" in line]
    assert not bad, "\n".join(bad)


def test_wheel_holds_the_package_data_and_nothing_else(dists):
    names = zipfile.ZipFile(dists["wheel"]).namelist()
    tops = {n.split("/")[0] for n in names}
    name, version = dists["wheel"].name.split("-")[:2]
    assert tops == {"linter", f"{name}-{version}.dist-info"}, tops
    package_data = {
        "linter/presets": sorted((ROOT / "linter" / "presets").glob("*.toml")),
        "linter/js": sorted((ROOT / "linter" / "js").glob("*.js")),
        "linter/reports/templates": sorted(p for p in (ROOT / "linter" / "reports" / "templates").iterdir()
                                           if p.is_file()),
    }
    for folder, files in package_data.items():
        assert files, folder
        for f in files:
            assert f"{folder}/{f.name}" in names, f"{folder}/{f.name} missing from the wheel"
    sources = {str(p.relative_to(ROOT)) for p in (ROOT / "linter").rglob("*.py")}
    assert sources <= set(names), sorted(sources - set(names))
    assert not [n for n in names if n.startswith(("tests/", "fixtures/")) or "/tests/" in n]


def test_sdist_builds_from_its_own_files(dists):
    with tarfile.open(dists["sdist"]) as tar:
        names = tar.getnames()
    assert any(n.endswith("/pyproject.toml") for n in names)
    assert any(n.endswith("/linter/presets/permendag31.toml") for n in names)


def test_version_and_rules(installed):
    bindir, cwd, env = installed
    out = _run([str(bindir / "brandlint"), "--version"], cwd=cwd, env=env).stdout
    assert out.startswith("brandlint, version ")
    rules = _run([str(bindir / "brandlint"), "rules"], cwd=cwd, env=env).stdout
    assert "brand.legacy-text" in rules and "brand.legacy-asset" in rules
    helptext = _run([str(bindir / "brandlint"), "--help"], cwd=cwd, env=env).stdout
    for command in ("scan", "lint", "report", "baseline", "progress", "merge", "verify"):
        assert command in helptext


def test_installed_package_is_not_the_source_tree(installed):
    bindir, cwd, env = installed
    where = _run([str(bindir / "python"), "-c", "import linter; print(linter.__file__)"], cwd=cwd, env=env)
    assert "site-packages" in where.stdout and str(ROOT) not in where.stdout


def test_lint_a_catalog(installed):
    bindir, cwd, env = installed
    locales = cwd / "app" / "locales"
    locales.mkdir(parents=True)
    (locales / "id.json").write_text(CATALOG, encoding="utf-8")
    proc = _run([str(bindir / "brandlint"), "lint", "app"], cwd=cwd, env=env, check=False)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "app/locales/id.json:1:" in proc.stdout and "TikTok" in proc.stdout


@pytest.mark.browser
def test_scan_and_report(installed):
    bindir, cwd, env = installed
    site = cwd / "site"
    site.mkdir()
    (site / "index.html").write_text(
        "<!doctype html><title>Toko</title><h1>Promo TikTok</h1><a href=about.html>about</a>",
        encoding="utf-8")
    (site / "about.html").write_text("<!doctype html><title>About</title><p>TikTok Shop</p>", encoding="utf-8")
    proc = _run([str(bindir / "brandlint"), "scan", "site", "--out", "snap.json"], cwd=cwd, env=env, check=False)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    snap = json.loads((cwd / "snap.json").read_text(encoding="utf-8"))
    assert [p["status"] for p in snap["pages"]] == ["rendered", "rendered"]
    assert [(f["rule"], f["matched"]) for f in snap["findings"]] == [("brand.legacy-text", "TikTok")]
    _run([str(bindir / "brandlint"), "report", "snap.json", "--format", "html", "--out", "report.html"],
         cwd=cwd, env=env)
    html = (cwd / "report.html").read_text(encoding="utf-8")
    assert "<html" in html and "brand.legacy-text" in html and "TikTok Shop" in html
