"""What rendering one URL came to: the page's record, its findings and the links it showed."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Finding, PageResult, PageStatus


@dataclass
class Outcome:
    page: PageResult
    findings: list[Finding] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    retryable: bool = False
    retry_after: float | None = None


def failed_status(status: str) -> bool:
    """A page that counts as failed (exit 3): it could not be scanned as it should."""
    return PageStatus(status).failed


def timed_out(item, cap: float, elapsed_ms: int) -> Outcome:
    """A render that ran into the page's hard deadline: failed, worth another try."""
    return Outcome(PageResult(url=item.url, status=PageStatus.FAILED, depth=item.depth, device=item.device,
                              error=f"timed out after {cap:g} s", attempts=item.attempt,
                              elapsed_ms=elapsed_ms), retryable=True)
