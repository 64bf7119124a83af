"""A crawl shared through a real redis-server by real worker processes: one SIGKILLed
mid-crawl and a third joining still make the one-process scan, page for page; the progress
line shows the whole crawl; a Redis that goes away leaves an incomplete snapshot and a
restarted worker finishes the crawl; no credential ever reaches Redis."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("redis")
if not shutil.which("redis-server"):
    pytest.skip("redis-server is not installed", allow_module_level=True)

import redis  # noqa: E402

from servers import free_port, redis_server  # noqa: E402
from sitegen import assert_same_scan  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
WAIT_S = 600          # a bound for a hung worker, not a speed expectation
SECRETS = {"password": "pw-7f3a9c-secret", "header": "hdr-51be02-secret", "cookie": "ck-90d4e1-secret"}


def start_worker(site, redis_url, out: Path, *extra, env=None) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "linter.cli", "scan", site, "--frontier", redis_url, "-j", "1",
           "--out", str(out), *extra]
    return subprocess.Popen(cmd, cwd=str(ROOT), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})}, start_new_session=True)


def wait_for_done(client, at_least: int, procs) -> None:
    """Until the shared crawl has at least this many outcomes (read from Redis)."""
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        keys = client.keys("brandlint:crawl:*:outcomes")
        if keys and client.hlen(keys[0]) >= at_least:
            return
        if all(p.poll() is not None for p in procs):
            raise AssertionError("the workers ended before the crawl got that far")
        time.sleep(0.1)
    raise AssertionError(f"the crawl never reached {at_least} pages")


def wait_for_lease(client, consumer_part: str) -> None:
    """Until the worker whose consumer name contains consumer_part holds a lease."""
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        for key in client.keys("brandlint:crawl:*:queue"):
            for c in client.xinfo_consumers(key, "workers"):
                if consumer_part in c["name"].decode() and c["pending"] > 0:
                    return
        time.sleep(0.02)
    raise AssertionError("the worker never held a lease")


def finish(proc) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=WAIT_S)
    return proc.returncode, out, err


@pytest.fixture
def cookies(tmp_path):
    path = tmp_path / "cookies.json"
    path.write_text(json.dumps([{"name": "session", "value": SECRETS["cookie"], "domain": "127.0.0.1", "path": "/"}]))
    return path


@pytest.mark.browser
def test_two_workers_one_killed_and_a_third_joining_equal_a_one_process_scan(
        generated_site, generated_reference, tmp_path, cookies):
    with redis_server() as (url, _):
        log = open(tmp_path / "monitor.log", "w")
        monitor = subprocess.Popen(["redis-cli", "-u", url, "monitor"], stdout=log, start_new_session=True)
        auth = ["--http-user", "qa", "--http-password-env", "BL_PASSWORD", "--header", f"X-Token: {SECRETS['header']}",
                "--cookies", str(cookies), "--lease", "3"]
        env = {"BL_PASSWORD": SECRETS["password"]}
        a = start_worker(generated_site, url, tmp_path / "a.json", *auth, env=env)
        b = start_worker(generated_site, url, tmp_path / "b.json", *auth, env=env)
        client = redis.Redis.from_url(url)
        wait_for_done(client, 40, [a, b])
        wait_for_lease(client, f"-{b.pid}-")
        os.killpg(b.pid, signal.SIGKILL)          # b and its Chromium, mid-crawl, a lease held
        b.wait()
        c = start_worker(generated_site, url, tmp_path / "c.json", *auth, env=env)
        (code_a, _, err_a), (code_c, _, _) = finish(a), finish(c)
        os.killpg(monitor.pid, signal.SIGKILL)
        monitor.wait()
        log.close()
        commands = (tmp_path / "monitor.log").read_text(errors="replace")
    assert (code_a, code_c) == (1, 1), err_a[-2000:]      # violations; nothing failed, nothing missing
    for out in ("a.json", "c.json"):
        snap = json.loads((tmp_path / out).read_text())
        assert snap["complete"] is True
        assert_same_scan(snap, generated_reference)
    assert "crawl: " in err_a and " leased, " in err_a and "workers alive" in err_a, err_a[-2000:]
    assert "XAUTOCLAIM" in commands.upper() and "HSETNX" in commands.upper()
    for name, secret in SECRETS.items():
        assert secret not in commands, f"the {name} reached Redis"


@pytest.mark.browser
def test_a_redis_that_goes_away_leaves_an_incomplete_snapshot_and_a_restart_finishes(
        generated_site, generated_reference, tmp_path):
    port = free_port()
    data = tmp_path / "redis-data"
    data.mkdir()
    with redis_server(port, data) as (url, _):
        w = start_worker(generated_site, url, tmp_path / "w.json", "--lease", "2")
        wait_for_done(redis.Redis.from_url(url), 30, [w])
        redis.Redis.from_url(url).shutdown(save=True)      # gone, its state on disk
        code, _, err = finish(w)
    assert code == 3, err[-2000:]
    partial = json.loads((tmp_path / "w.json").read_text())
    assert partial["complete"] is False and 0 < len(partial["pages"]) < 150
    assert any("went away" in n for n in partial["options"]["notes"])
    with redis_server(port, data) as (url, _):               # back, with what it had
        again = start_worker(generated_site, url, tmp_path / "again.json", "--lease", "2")
        code, _, err = finish(again)
    assert code == 1, err[-2000:]
    assert_same_scan(json.loads((tmp_path / "again.json").read_text()), generated_reference)


def test_an_unreachable_redis_is_a_usage_error_naming_it(tmp_path):
    url = f"redis://127.0.0.1:{free_port()}/0"
    proc = subprocess.run([sys.executable, "-m", "linter.cli", "scan", "http://127.0.0.1:9/", "--frontier", url],
                          cwd=str(ROOT), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and f"--frontier {url}: cannot reach Redis" in proc.stderr


@pytest.mark.browser
def test_a_scan_without_frontier_never_imports_redis(tmp_path):
    (tmp_path / "index.html").write_text("<p>TikTok</p>")
    code = ("import sys; from linter import scan; scan([sys.argv[1]]); "
            "print('redis' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", code, str(tmp_path)], cwd=str(ROOT), capture_output=True,
                          text=True, timeout=300)
    assert proc.stdout.strip() == "False", proc.stderr[-2000:]


@pytest.mark.browser
def test_max_pages_holds_across_workers(generated_site, tmp_path):
    """Two workers under --max-pages 12: the crawl attempts 12 pages in all, not 12 each;
    a worker started after the crawl finished writes the same snapshot and says so."""
    with redis_server() as (url, _):
        workers = [start_worker(generated_site, url, tmp_path / f"{n}.json", "--max-pages", "12") for n in "ab"]
        codes = [finish(w)[0] for w in workers]
        late, _, err = finish(start_worker(generated_site, url, tmp_path / "late.json", "--max-pages", "12"))
    assert codes == [1, 1]
    assert late == 1 and "had already finished" in err and "--crawl-id" in err
    assert json.loads((tmp_path / "late.json").read_text())["pages"] == json.loads((tmp_path / "a.json").read_text())["pages"]
    for n in "ab":
        pages = json.loads((tmp_path / f"{n}.json").read_text())["pages"]
        assert sum(p["status"] == "rendered" for p in pages) == 12
        assert any(p["error"] == "over --max-pages 12" for p in pages)
        urls = [p["url"] for p in pages]
        assert len(urls) == len(set(urls))
