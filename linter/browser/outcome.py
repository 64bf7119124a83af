"""What a failed navigation means for a page: its status, and whether to try again."""
from __future__ import annotations

import re
import time
from email.utils import parsedate_to_datetime


def retry_after_seconds(value: str | None) -> float | None:
    """Retry-After as seconds: a number, or an HTTP date."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def classify_error(msg: str, refusal: str | None, result, timeout_s: float) -> None:
    """Turn a navigation error into the status of result (a ``Rendered``) and whether to try again."""
    if refusal:
        result.skipped = refusal
    elif "ERR_TOO_MANY_REDIRECTS" in msg:
        result.skipped = "redirect loop"
    elif "Download is starting" in msg or "ERR_ABORTED" in msg and "download" in msg.lower():
        result.skipped = "a download, not a page"
    elif "Timeout" in msg or "timed out" in msg:
        result.error, result.retryable, result.broken_tab = f"timed out after {timeout_s:g} s", True, True
    elif "crash" in msg.lower() or "Target closed" in msg or "has been closed" in msg or "interrupted by" in msg:
        result.error, result.retryable, result.broken_tab = "tab crashed", True, True
    elif re.search(r"ERR_(CONNECTION_(REFUSED|RESET|CLOSED)|EMPTY_RESPONSE|NETWORK_CHANGED)", msg):
        result.error, result.retryable = first_line(msg), True
    else:
        result.error = first_line(msg)


def first_line(msg: str) -> str:
    msg = msg.strip()
    return (msg.splitlines()[0] if msg else "error")[:300]
