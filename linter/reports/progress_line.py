"""What a running scan shows on stderr.

On a terminal: one line rewritten in place (pages done, queued, failed, findings, rate,
time left; in a shared crawl, the whole crawl's done, queued, leased, failed and workers
alive after this worker's own). In CI logs (no terminal): a plain line every few seconds, never a carriage
return, so a log stays readable. "Time left" is the queue divided by the recent rate, or
the budget's end when that comes first: an estimate, labelled as one.
"""
from __future__ import annotations

import time


def _fmt_secs(s: float) -> str:
    s = max(0, int(s))
    return f"{s // 3600}h{s % 3600 // 60:02d}m" if s >= 3600 else f"{s // 60}m{s % 60:02d}s"


class ProgressDisplay:
    def __init__(self, stream, verbose: bool = False, every: float = 5.0, tty: bool | None = None) -> None:
        self.stream = stream
        self.tty = stream.isatty() if tty is None else tty
        self.verbose = verbose
        self.every = every if not self.tty else 0.25
        self.last = 0.0
        self.width = 0

    def line(self, st) -> str:
        elapsed = max(1e-6, time.monotonic() - st.started)
        rate = st.done / elapsed
        left = st.queued + st.in_flight
        eta = left / rate if rate > 0 else None
        if st.budget is not None:
            budget_left = st.budget - elapsed
            eta = budget_left if eta is None else min(eta, budget_left)
        eta_s = f"~{_fmt_secs(eta)} left" if eta is not None and left else "-"
        text = (f"brandlint: {st.done} done, {left} queued, {st.failed} failed, "
                f"{st.findings} findings, {rate:.1f} pages/s, {eta_s}, "
                f"{st.tabs} tab{'' if st.tabs == 1 else 's'}")
        crawl = getattr(st, "crawl", None)
        if crawl:   # a shared crawl (--frontier): the whole crawl's figures, read from Redis
            w = crawl.get("workers", 0)
            text += (f"; crawl: {crawl.get('done', 0)} done, {crawl.get('queued', 0)} queued, "
                     f"{crawl.get('leased', 0)} leased, {crawl.get('failed', 0)} failed, "
                     f"{w} worker{'' if w == 1 else 's'} alive")
        return text

    def update(self, st, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.last < self.every:
            return
        self.last = now
        text = self.line(st)
        if self.tty:
            pad = max(0, self.width - len(text))
            self.stream.write("\r" + text + " " * pad)
            self.width = len(text)
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def page(self, page, findings) -> None:
        if not self.verbose and page.status != "failed":
            return
        mark = {"rendered": "ok", "failed": "FAILED", "skipped": "skipped"}.get(page.status, page.status)
        extra = f" ({page.error})" if page.error else ""
        self._clear()
        self.stream.write(f"  {mark:>7}  {len(findings):3d} violation(s)  {page.url}{extra}\n")
        self.stream.flush()

    def _clear(self) -> None:
        if self.tty and self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.width = 0

    def finish(self) -> None:
        self._clear()
        self.stream.flush()
