"""SHA-256 without importing ``hashlib``.

``hashlib`` loads OpenSSL's bindings, 3-5 ms: a few percent of a pre-commit lint, which
needs a digest only for the policy's hash and the prefilter cache's keys. CPython's own
``_sha2`` (3.12+) or ``_sha256`` (3.11) give the same digest; ``hashlib`` is the fallback
for a Python built without them.
"""
from __future__ import annotations

try:
    from _sha2 import sha256  # type: ignore[import-not-found]  # Python 3.12+
except ImportError:
    try:
        from _sha256 import sha256  # type: ignore[import-not-found,no-redef]  # Python 3.11
    except ImportError:  # pragma: no cover - a build without CPython's own modules
        from hashlib import sha256  # type: ignore[no-redef]

__all__ = ["sha256"]
