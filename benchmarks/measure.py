"""Measuring whole processes for the benchmarks: wall time, and peak memory of a process
tree sampled from /proc (Chromium's processes are the scanner's descendants, but a
renderer that exits before the run ends is missed by ``getrusage(RUSAGE_CHILDREN)``'s
maximum of one child, so the tree is summed every 0.2 s instead)."""
from __future__ import annotations

import os
import subprocess
import threading
import time

BROWSER_NAMES = ("chrom", "headless_shell")   # /proc/PID/comm of Chromium's processes


def process_table() -> dict[int, tuple[int, str, int]]:
    """pid -> (parent pid, command name, resident bytes) of every process."""
    table, page = {}, os.sysconf("SC_PAGE_SIZE")
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", encoding="utf-8") as fh:
                head, tail = fh.read().rsplit(")", 1)
            with open(f"/proc/{name}/statm", encoding="utf-8") as fh:
                rss = int(fh.read().split()[1]) * page
            table[int(name)] = (int(tail.split()[1]), head.split("(", 1)[1], rss)
        except (OSError, ValueError, IndexError):
            continue
    return table


def tree_rss(root: int, table: dict[int, tuple[int, str, int]]) -> tuple[int, int]:
    """(bytes of the non-browser processes, bytes of the browser's) in root's tree."""
    python = browser = 0
    for pid, (_, comm, rss) in table.items():
        p, chain = pid, set()
        while p > 1 and p not in chain:
            if p == root:
                if comm.lower().startswith(BROWSER_NAMES):
                    browser += rss
                else:
                    python += rss
                break
            chain.add(p)
            p = table.get(p, (0, "", 0))[0]
    return python, browser


class MemorySampler:
    """Peak RSS (MB) of a process tree: its Python processes (the scanner and any worker it
    forks), its browser processes, and their sum at the moment the sum peaked."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.python = self.browser = self.total = 0.0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self) -> None:
        while not self.stop.wait(0.2):
            python, browser = (b / 1e6 for b in tree_rss(self.pid, process_table()))
            self.python, self.browser = max(self.python, python), max(self.browser, browser)
            self.total = max(self.total, python + browser)


def timed(cmd: list[str], memory: bool = False) -> tuple[float, MemorySampler | None, str]:
    """Wall seconds of a whole process, its memory sampler (with ``memory``) and its stdout."""
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    mem = MemorySampler(proc.pid) if memory else None
    if mem:
        mem.thread.start()
    out, _ = proc.communicate()
    dt = time.monotonic() - t0
    if mem:
        mem.stop.set()
        mem.thread.join()
    return dt, mem, out
