"""Measuring whole processes for the benchmarks: wall time, and peak memory of a process
tree sampled from /proc every 0.2 s (``getrusage(RUSAGE_CHILDREN)`` gives only the largest
single child). Memory is proportional set size (``smaps_rollup``'s Pss): a page shared by
n processes counts 1/n in each, so a dozen Chromium renderers mapping the same libraries,
or a forked worker sharing its parent's pages, are not counted a dozen times as summed
RSS would."""
from __future__ import annotations

import os
import subprocess
import threading
import time

BROWSER_NAMES = ("chrom", "headless_shell")   # /proc/PID/comm of Chromium's processes


def pss(pid: int) -> int:
    """Proportional set size of a process in bytes (0 when it is gone or unreadable)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def process_table() -> dict[int, tuple[int, str]]:
    """pid -> (parent pid, command name) of every process."""
    table = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", encoding="utf-8") as fh:
                head, tail = fh.read().rsplit(")", 1)
            table[int(name)] = (int(tail.split()[1]), head.split("(", 1)[1])
        except (OSError, ValueError, IndexError):
            continue
    return table


def tree_memory(root: int, table: dict[int, tuple[int, str]]) -> tuple[int, int, int]:
    """(bytes of the non-browser processes, bytes of the browser's, browser processes) in
    root's tree."""
    python = browser = count = 0
    for pid, (_, comm) in table.items():
        p, chain = pid, set()
        while p > 1 and p not in chain:
            if p == root:
                if comm.lower().startswith(BROWSER_NAMES):
                    browser += pss(pid)
                    count += 1
                else:
                    python += pss(pid)
                break
            chain.add(p)
            p = table.get(p, (0, ""))[0]
    return python, browser, count


class MemorySampler:
    """Peak memory (MB) of a process tree: of its Python processes (the scanner and any
    worker it forks), of its browser processes, and of both together; ``timeline`` keeps
    every sample (seconds, python MB, browser MB, browser processes) to see what grew."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.python = self.browser = self.total = 0.0
        self.timeline: list[tuple[float, float, float, int]] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self) -> None:
        t0 = time.monotonic()
        while not self.stop.wait(0.2):
            python, browser, count = tree_memory(self.pid, process_table())
            python, browser = python / 1e6, browser / 1e6
            self.timeline.append((time.monotonic() - t0, python, browser, count))
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
