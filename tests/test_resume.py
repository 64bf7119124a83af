"""A scan killed with SIGKILL mid-run, resumed with --resume, ends with exactly the findings
of an uninterrupted scan, without rendering again the pages it had finished."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import FIXTURES

pytestmark = pytest.mark.browser

SHOP = FIXTURES / "sites" / "shop"


def journal_pages(path: Path) -> list[dict]:
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError:
            pass   # the line being written when we looked
    return out


DEVICES = ("iPhone 13", "Pixel 7")


@pytest.fixture(scope="module")
def shop_on_two_devices():
    from linter import scan
    return scan([str(SHOP)], devices=DEVICES)


@pytest.mark.parametrize("devices", [(), DEVICES], ids=["desktop", "two-devices"])
def test_kill_9_then_resume_equals_an_uninterrupted_scan(tmp_path, request, devices):
    reference = request.getfixturevalue("shop_on_two_devices" if devices else "shop_snapshot")
    per_device = max(1, len(devices))
    out = tmp_path / "snap.json"
    ck = Path(str(out) + ".checkpoint.jsonl")
    device_args = [a for d in devices for a in ("--device", d)]
    # --rate 2 slows the 9-page shop to ~5 s (a page per device) so the kill lands mid-scan.
    cmd = [sys.executable, "-m", "linter", "scan", str(SHOP), "-o", str(out), "-q", "--rate", "2", "-j", "2",
           *device_args]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while len(journal_pages(ck)) < 3 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert proc.poll() is None, "the scan finished before it could be killed"
        os.killpg(proc.pid, signal.SIGKILL)   # the scan and its Chromium: our own process group
        proc.wait(10)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert not out.exists(), "killed before writing its snapshot"
    before = journal_pages(ck)

    def key(page: dict) -> tuple:
        return page["url"].split("/", 3)[-1], page.get("device")

    finished = {key(p["page"]) for p in before}
    assert 3 <= len(finished) < 9 * per_device

    from linter.cli import main
    res = CliRunner().invoke(main, ["scan", str(SHOP), "-o", str(out), "--resume", "-q", "--verbose", *device_args])
    assert res.exit_code == 1, res.output  # violations, complete
    snap = json.loads(out.read_text(encoding="utf-8"))
    assert snap["complete"] is True
    want = Counter(f.fingerprint for f in reference.findings)
    got = Counter(f["fingerprint"] for f in snap["findings"])
    assert got == want
    if devices:
        assert {f["device"] for f in snap["findings"]} == set(devices)
    rendered = [key(p) for p in snap["pages"] if p["status"] == "rendered"]
    assert len(rendered) == len(set(rendered)) == 9 * per_device, "no page lost, none twice"
    # Pages finished before the kill were not rendered again: their records are the journal's.
    by_key = {key(p): p for p in snap["pages"]}
    for entry in before:
        assert by_key[key(entry["page"])]["elapsed_ms"] == entry["page"]["elapsed_ms"]
    assert not Path(str(out) + ".checkpoint.jsonl").exists()


def test_resume_without_a_checkpoint_is_a_usage_error(tmp_path):
    from linter.cli import main
    res = CliRunner().invoke(main, ["scan", str(SHOP), "-o", str(tmp_path / "x.json"), "--resume"])
    assert res.exit_code == 2 and "no checkpoint" in res.output


def test_sigterm_writes_an_incomplete_snapshot_and_keeps_the_journal(tmp_path):
    out = tmp_path / "snap.json"
    ck = Path(str(out) + ".checkpoint.jsonl")
    cmd = [sys.executable, "-m", "linter", "scan", str(SHOP), "-o", str(out), "-q", "--rate", "2", "-j", "1"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while len(journal_pages(ck)) < 2 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 3, err.decode()
    snap = json.loads(out.read_text(encoding="utf-8"))
    assert snap["complete"] is False
    assert any(p["status"] == "skipped" and p["error"] == "scan interrupted" for p in snap["pages"])
    assert ck.exists() and b"--resume" in err
