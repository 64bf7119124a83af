"""One pattern syntax for URLs: ``include``/``exclude`` (``--include``/``--exclude``) and the
policy's ``ignore.url_patterns`` all mean the same by the same text.

- A glob is matched against the **whole** canonical URL, case-sensitively: ``*`` is any
  run of characters (``/`` included), ``?`` one character, ``[abc]`` one of a set.
  ``*/checkout/*`` matches every URL with a ``checkout`` folder; ``https://shop.test/*``
  one origin.
- ``re:REGEX`` is a regular expression searched anywhere in the URL (anchor it with ``^``
  and ``$`` yourself).

Decision: the whole URL, because a glob that may match anywhere cannot say "exactly this
page", while ``*x*`` says "anywhere" at the cost of two characters. Until this module,
``--include``/``--exclude`` matched anywhere and ``ignore.url_patterns`` the whole URL.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from fnmatch import translate
from functools import lru_cache


@lru_cache(maxsize=512)
def url_pattern(pattern: str) -> Callable[[str], bool]:
    """A predicate ``url -> matches``; ValueError (saying why) for a pattern that cannot be one."""
    if not isinstance(pattern, str) or not pattern:
        raise ValueError(f"{pattern!r}: expected a URL glob or re:REGEX")
    if pattern.startswith("re:"):
        try:
            rx = re.compile(pattern[3:])
        except re.error as exc:
            raise ValueError(f"{pattern!r} is not a regular expression: {exc}") from None
        return lambda url: rx.search(url) is not None
    rx = re.compile(translate(pattern))
    return lambda url: rx.match(url) is not None


def any_pattern(patterns) -> Callable[[str], bool] | None:
    """One predicate for several patterns (any matches), or None for no pattern at all."""
    preds = [url_pattern(p) for p in patterns]
    if not preds:
        return None
    return lambda url: any(p(url) for p in preds)
