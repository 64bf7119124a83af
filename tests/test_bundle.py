"""Evidence bundle: safe file names from URLs, MANIFEST.sha256, and ``brandlint verify``."""
from __future__ import annotations

import hashlib
import re
import shutil
import subprocess

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.bundle import MANIFEST, MAX_NAME, safe_name, verify, write_manifest
from linter.cli import main
from linter.errors import UsageError
from report_data import bundle

SAFE = re.compile(r"^[A-Za-z0-9._-]+$")
WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}


def _assert_safe(name: str, suffix: str) -> None:
    assert SAFE.match(name), name
    assert len(name) <= MAX_NAME
    assert name.endswith(suffix)
    assert not name.startswith((".", "-")) and ".." not in name
    assert name.split(".")[0].upper() not in WINDOWS_RESERVED


@pytest.mark.parametrize("url", [
    "https://toko.contoh.co.id/../../etc/passwd",
    "https://toko.contoh.co.id/..%2F..%2Fwindows\\system32",
    "file:///C:/Windows/win.ini",
    "con", "NUL.txt", "https://com1/", "http://lpt9.example/x", "aux:",
    "https://toko.contoh.co.id/" + "produk/" * 80 + "?q=" + "x" * 500,
    "https://toko.contoh.co.id/cari?q=<script>alert(1)</script>",
    "javascript:alert(1)", "", ".", "...", "https://xn--tk-toko.id/ñandú/日本語",
])
def test_safe_name_on_hostile_urls(url):
    name = safe_name(url, ".png")
    _assert_safe(name, ".png")


def test_safe_name_is_readable_and_stable():
    name = safe_name("https://toko.contoh.co.id/keranjang?id=7", ".png")
    assert name.startswith("toko.contoh.co.id_keranjang_id_7-") and name.endswith(".png")
    assert safe_name("https://toko.contoh.co.id/keranjang?id=7", ".png") == name


def test_safe_name_keeps_urls_apart_that_sanitise_alike():
    urls = ["https://a.id/x?y", "https://a.id/x_y", "https://a.id/x/y", "https://a.id/X/Y", "https://a.id/x%3Fy"]
    names = {safe_name(u, ".html") for u in urls}
    assert len(names) == len(urls)
    assert len({n.lower() for n in names}) == len(urls)     # also on case-insensitive disks


def test_safe_name_refuses_an_unsafe_suffix():
    with pytest.raises(ValueError):
        safe_name("https://a.id/", "/../x")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400), st.sampled_from(["", ".png", ".html", ".dom.html"]))
def test_safe_name_is_always_safe(url, suffix):
    _assert_safe(safe_name(url, suffix), suffix)


def test_manifest_lists_every_file_sorted_with_forward_slashes(tmp_path):
    folder = bundle(tmp_path / "ev")
    path = write_manifest(folder)
    lines = path.read_text(encoding="utf-8").splitlines()
    rels = [line.split("  ", 1)[1] for line in lines]
    expected = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                      if p.is_file() and p.name != MANIFEST)
    assert rels == expected and "snapshot.json" in rels and any(r.startswith("crops/") for r in rels)
    first = lines[0].split("  ")[0]
    assert first == hashlib.sha256((folder / rels[0]).read_bytes()).hexdigest()
    assert write_manifest(folder).read_bytes() == path.read_bytes()   # idempotent
    assert verify(folder).ok


@pytest.mark.skipif(shutil.which("sha256sum") is None, reason="coreutils sha256sum not installed")
def test_manifest_is_readable_by_sha256sum(tmp_path):
    folder = bundle(tmp_path / "ev")
    write_manifest(folder)
    done = subprocess.run(["sha256sum", "--check", "--quiet", MANIFEST], cwd=folder, capture_output=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_verify_reports_changed_missing_and_added(tmp_path):
    folder = bundle(tmp_path / "ev")
    write_manifest(folder)
    shot = folder / "crops" / "home-1.png"
    data = bytearray(shot.read_bytes())
    data[len(data) // 2] ^= 0x01           # one bit of one screenshot
    shot.write_bytes(bytes(data))
    (folder / "dom" / "cart.html").unlink()
    (folder / "pages" / "extra.png").write_bytes(b"\x89PNG")
    result = verify(folder)
    assert (result.changed, result.missing, result.added) == (["crops/home-1.png"], ["dom/cart.html"],
                                                              ["pages/extra.png"])
    assert not result.ok


def test_verify_refuses_manifest_lines_that_leave_the_folder(tmp_path):
    folder = bundle(tmp_path / "ev")
    write_manifest(folder)
    outside = tmp_path / "secret.txt"
    outside.write_text("x")
    digest = hashlib.sha256(b"x").hexdigest()
    with (folder / MANIFEST).open("a", encoding="utf-8") as fh:
        fh.write(f"{digest}  ../secret.txt\n{digest}  /etc/hostname\nnot a line\n")
    result = verify(folder)
    assert len(result.malformed) == 3 and not result.ok
    assert result.changed == result.missing == result.added == []


def test_verify_without_manifest_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="no manifest"):
        verify(tmp_path)


def test_verify_command_exit_codes(tmp_path):
    folder = bundle(tmp_path / "ev")
    runner = CliRunner()
    result = runner.invoke(main, ["verify", str(folder)])
    assert result.exit_code == 2 and "no manifest" in result.output
    write_manifest(folder)
    result = runner.invoke(main, ["verify", str(folder)])
    assert result.exit_code == 0 and result.output.startswith("OK: 11 files match")
    snap = folder / "snapshot.json"
    snap.write_bytes(snap.read_bytes().replace(b"TikTok Shop", b"TikTok Shoq", 1))
    (folder / "crops" / "home-2.png").unlink()
    result = runner.invoke(main, ["verify", str(folder)])
    assert result.exit_code == 1
    assert "changed: snapshot.json\n" in result.output and "missing: crops/home-2.png\n" in result.output
