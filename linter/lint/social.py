"""Social strings in catalogs: a value that is only a profile address or handle.

In ``scan`` a mention inside a link to a profile (``tiktok.com/@…``) is a legitimate
social mention. A catalog has no links, so the rule reads the string itself: a string is a
*social context* when, trimmed, it consists only of

- at least one profile reference: a URL on a legacy host whose path starts with ``/@``
  (``https://www.tiktok.com/@toko``, ``tiktok.com/@toko/video/1``), or a handle ``@name``
  (letters, digits, ``_`` and ``.``);
- brand mentions;
- the connectors ``on``, ``at``, ``in``, ``via``, ``di``, ``pada`` and punctuation.

So ``@toko on TikTok``, ``TikTok: @toko`` and ``https://www.tiktok.com/@toko`` are social;
``Follow us on TikTok`` (no profile reference) and ``@toko: belanja di TikTok`` (other
words) are not.
"""
from __future__ import annotations

import re

from ..policy import Policy

CONNECTORS = frozenset(("on", "at", "in", "via", "di", "pada"))
_HANDLE = re.compile(r"(?<![\w@/%#])@[A-Za-z0-9_][\w.]{0,29}(?![\w@])")  # not %#@var@ nor mail
_WORD = re.compile(r"\w+")


def _profile_url(policy: Policy) -> re.Pattern:
    hosts = "|".join(re.escape(h) for h in policy.legacy_hosts) or r"(?!)"
    return re.compile(rf"(?:https?://)?(?:[\w-]+\.)*(?:{hosts})/@[\w.-]+(?:/[^\s]*)?", re.I)


def is_social(text: str, mention_spans: list[tuple[int, int]], policy: Policy) -> bool:
    """Whether text is only profile references, brand mentions and connectors."""
    chars = list(text)
    refs = 0
    for pattern in (_profile_url(policy), _HANDLE):
        for m in pattern.finditer("".join(chars)):
            refs += 1
            chars[m.start():m.end()] = " " * (m.end() - m.start())
    if not refs:
        return False
    for start, end in mention_spans:
        chars[start:end] = " " * (end - start)
    rest = "".join(chars)
    return all(w.lower() in CONNECTORS for w in _WORD.findall(rest))
