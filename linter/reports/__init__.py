"""Reports: the only place results become text, for people and machines.

``render(snapshot, fmt, lang)`` is the single entry point for a Snapshot (the ``report``,
``scan`` and ``merge`` commands use it), one module per format. The same package writes
``lint``'s output (``lint``, through the one ``sarif`` and ``github`` writers), the gate
(``gate``), baselines (``baseline``), ``diff`` and ``progress`` (``progress_table``,
``progress_html``). Every figure is printed by ``figures``, every label comes from ``i18n``,
every page- or catalog-derived string in a human format goes through ``common.visible``.
Format modules are imported lazily so that printing a terminal summary never loads Jinja2
or the XML stack.
"""
from __future__ import annotations

import importlib
from pathlib import Path

from ..errors import UsageError
from .i18n import LANGS, labels

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (3 ms of a lint's start-up)
if TYPE_CHECKING:  # annotations only: lint's output must not load the snapshot stack
    from ..history.snapshot import Snapshot

FORMATS: dict[str, str] = {
    "text": "text",
    "json": "json_",
    "csv": "csv_",
    "sarif": "sarif",
    "junit": "junit",
    "github": "github",
    "html": "html",
}


def render(snapshot: Snapshot, fmt: str, lang: str = "en", base_dir: str | Path | None = None,
           **options) -> str | bytes:
    """Render ``snapshot`` as ``fmt`` with labels in ``lang``.

    ``base_dir`` is the evidence folder that relative evidence paths are resolved against
    (the HTML report embeds crops found there). ``options`` are format-specific, e.g.
    ``color=True`` for ``text``.
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown report format '{fmt}' (known: {', '.join(FORMATS)})")
    L = labels(lang)
    module = importlib.import_module(f"{__name__}.{FORMATS[fmt]}")
    return module.render(snapshot, L=L, lang=lang,
                         base_dir=Path(base_dir) if base_dir is not None else None, **options)


__all__ = ["FORMATS", "LANGS", "render"]
