"""The visual step's process pool: screenshots go to worker processes, results come back
as plain data, and the render loop (asyncio) never blocks on OCR or matching.

Workers are forked at once: the scan creates the engine before it starts any thread
(local server, Playwright), so the fork copies a single-threaded process. Their OCR and
OCR and logo set-up waits for the first picture their cache does not hold; their cache and
Pillow open at once, while the browser starts (the scan waits on it then).
Not ``spawn``/``forkserver``: those re-import the caller's ``__main__``, which re-runs a
user's unguarded script that called ``linter.scan()``. One worker by default on a
two-core machine (the browser needs the other), ``cpu_count - 1`` beyond, at most 4.
"""
from __future__ import annotations

import asyncio
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

from .work import Settings, analyse, init_worker, warm_cache


def settings_for(policy, mode: str, cache_dir: str | None = None, cache_disk: bool = True) -> Settings:
    from .references import load_references
    v = policy.visual
    return Settings(ocr=mode == "on", logos=True, langs=v.ocr_langs, min_conf=v.ocr_min_confidence,
                    min_text_px=v.min_text_px, logo_threshold=v.logo_threshold,
                    references=load_references(policy), cache_dir=cache_dir, cache_disk=cache_disk)


class VisualEngine:
    def __init__(self, settings: Settings, workers: int | None = None) -> None:
        self.settings = settings
        n = self.workers = workers or max(1, min(4, (os.cpu_count() or 2) - 1))
        ctx = multiprocessing.get_context("fork")
        self._pool = ProcessPoolExecutor(max_workers=n, mp_context=ctx, initializer=init_worker,
                                         initargs=(settings,))
        # Fork every worker now, before the scan starts any thread: with the fork context
        # the first submit launches all of them before the pool's manager thread starts.
        # Each opens its cache and loads Pillow now (some 50 ms of a core, while the scan
        # waits on the browser's start: the first page's pictures no longer wait on it);
        # OCR and logo set-up wait for the first picture the cache does not hold (work.py),
        # so a site read by an earlier scan costs no second core's worth of start-up.
        for _ in range(n):
            self._pool.submit(warm_cache)
        self.hits = self.misses = 0
        self.work_ms = 0.0
        self.images = 0

    async def analyse(self, png: bytes, items: list[dict]) -> dict:
        loop = asyncio.get_running_loop()
        out = await loop.run_in_executor(self._pool, analyse, png, items)
        self.hits += out.get("hits", 0)
        self.misses += out.get("misses", 0)
        self.work_ms += out.get("ms", 0)
        self.images += len(items)
        return out

    def summary(self) -> dict:
        return {"images": self.images, "cache_hits": self.hits, "cache_misses": self.misses,
                "work_ms": round(self.work_ms)}

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
