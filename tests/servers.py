"""Real servers the scale-out tests start on loopback and stop: ``playwright run-server``,
a Chromium with ``--remote-debugging-port``, and ``redis-server``. Each prints or writes
the address it listens on; the helpers wait for it rather than for a fixed time."""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

CHROMIUM_FLAGS = ["--no-sandbox", "--headless", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
STARTUP_S = 60


def _wait_for_line(proc, pattern: str, stream) -> re.Match:
    deadline = time.monotonic() + STARTUP_S
    seen = []
    while time.monotonic() < deadline:
        line = stream.readline()
        if not line:
            if proc.poll() is not None:
                break
            continue
        seen.append(line)
        m = re.search(pattern, line)
        if m:   # keep reading, or a chatty server blocks on a full pipe
            threading.Thread(target=lambda: [None for _ in stream], daemon=True).start()
            return m
    proc.kill()
    raise RuntimeError(f"server did not start: {''.join(seen)[-2000:]}")


def stop(proc) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)


@contextmanager
def run_server(port: int = 0, unsafe: bool = True):
    """``python -m playwright run-server`` on 127.0.0.1; yields (ws URL, process)."""
    cmd = [sys.executable, "-m", "playwright", "run-server", "--host", "127.0.0.1", "--port", str(port)]
    if unsafe:
        cmd.append("--unsafe")
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        url = _wait_for_line(proc, r"Listening on (ws://\S+)", proc.stdout).group(1)
        yield url, proc
    finally:
        stop(proc)


def chromium_path() -> str | None:
    return os.environ.get("BRANDLINT_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@contextmanager
def cdp_chromium():
    """A headless Chromium with ``--remote-debugging-port=0`` and a temporary profile;
    yields (http://127.0.0.1:PORT, process)."""
    profile = Path(tempfile.mkdtemp(prefix="brandlint-cdp-"))
    cmd = [chromium_path(), *CHROMIUM_FLAGS, "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
           f"--user-data-dir={profile}", "about:blank"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        m = _wait_for_line(proc, r"DevTools listening on ws://([\d.]+:\d+)/", proc.stderr)
        yield f"http://{m.group(1)}", proc
    finally:
        stop(proc)
        shutil.rmtree(profile, ignore_errors=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def redis_server(port: int | None = None, folder: Path | None = None):
    """``redis-server`` on 127.0.0.1 (no persistence unless folder is given: then an RDB
    there, saved on SHUTDOWN); yields (redis:// URL, process)."""
    port = port or free_port()
    folder = folder or Path(tempfile.mkdtemp(prefix="brandlint-redis-"))
    cmd = ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--dir", str(folder),
           "--save", "", "--appendonly", "no", "--protected-mode", "yes"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        _wait_for_line(proc, r"Ready to accept connections", proc.stdout)
        yield f"redis://127.0.0.1:{port}/0", proc
    finally:
        stop(proc)
