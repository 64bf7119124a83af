"""The live figures of a running scan, handed to ``on_progress`` (reports/progress_line.py)."""
from __future__ import annotations

import time
from dataclasses import dataclass, field


@dataclass
class ScanStats:
    started: float = field(default_factory=time.monotonic)
    done: int = 0
    failed: int = 0
    findings: int = 0
    queued: int = 0
    in_flight: int = 0
    tabs: int = 1                          # the current limit on tabs at once
    budget: float | None = None
    crawl: dict | None = None              # a shared crawl's figures (crawl/redis_frontier.py)
