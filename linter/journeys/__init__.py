"""Journeys: scripted states (a cart with items, a filled checkout, the payment step) that
a link crawl never reaches. ``spec`` reads and validates journey files (pure data);
``wire`` turns the requests a page or state made into touchpoints (pure); the browser
side lives in ``linter/browser/journey.py`` and the crawl's side in ``linter/crawl/journeys.py``."""
from __future__ import annotations

from .spec import Journey, Step, journey_files, load_journeys, parse_journey

__all__ = ["Journey", "Step", "journey_files", "load_journeys", "parse_journey"]
