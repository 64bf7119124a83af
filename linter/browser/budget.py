"""How long brandlint's own work on a page may take, apart from the page's own time.

A page's timeout bounds the site: navigation, the document arriving, its load event and
its going quiet. Once it settled, what is left is brandlint's work (collect, describe,
scroll the inner containers, match, the frames, the pixels), and that must never turn a
page that loaded into a timed-out one only because a big page is slow to read. So that
work gets a bound of its own, from the moment the page settled, that grows with the
page's elements: the in-page collector reads about 30 µs an element on an idle machine,
the bound allows a thousand. Past ``max_elements`` the collector reads no styles
(js/collector.js), so the work stays about proportional to the text.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

OWN_WORK_BASE_S = 30.0          # brandlint's work on a settled page may take this long at least,
OWN_WORK_PER_ELEMENT_S = 0.001  # and this much more for each element of its document


def own_work_s(elements: int) -> float:
    """Seconds brandlint's own work may take a settled page of ``elements`` elements."""
    return OWN_WORK_BASE_S + max(0, elements) * OWN_WORK_PER_ELEMENT_S


@dataclass
class Progress:
    """Where one render is, for the watchdog that bounds it from outside (crawl/run.py):
    ``settled_at`` is when the page's own time ended (None while it loads, again when it
    navigates to another document), ``own_work`` the seconds its reading may take from then."""
    settled_at: float | None = None
    own_work: float = 0.0

    def settled(self, elements: int) -> None:
        self.settled_at, self.own_work = time.monotonic(), own_work_s(elements)

    def loading(self) -> None:
        self.settled_at = None

    def limit(self, page_limit: float, extra: float) -> float:
        """The render's deadline (monotonic): the page's own (``page_limit``) while it
        loads; once settled, the later of that and its own work's bound plus ``extra``
        (the evidence and visual steps' grace)."""
        if self.settled_at is None:
            return page_limit
        return max(page_limit, self.settled_at + self.own_work + extra)
