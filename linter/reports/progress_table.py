"""``brandlint progress``: the rows of ``history.progress.progress_rows`` as a table or CSV.

The table's figures are printed by ``figures`` (truncated, with numerator and denominator)
exactly as the reports print them; the CSV keeps the raw counts and ratios for
spreadsheets, plus the printed figures so a sheet and a terminal never disagree.
"""
from __future__ import annotations

import csv
import io
import json
from typing import Any

from .common import visible
from .figures import figure
from .i18n import labels

COLUMNS = ("label", "created", "attempted", "rendered", "failed", "touchpoints",
           "compliant_touchpoints", "touchpoint_compliance", "violations", "clean_pages",
           "page_compliance", "new", "fixed", "unverified", "skipped",
           "touchpoint_figure", "page_figure")


def touch_part(row: dict[str, Any]) -> dict[str, Any]:
    """A row's touchpoint compliance as a summary entry (``{compliant, total, ratio}``)."""
    return {"compliant": row["compliant_touchpoints"], "total": row["touchpoints"],
            "ratio": row["touchpoint_compliance"]}


def page_part(row: dict[str, Any]) -> dict[str, Any]:
    return {"compliant": row["clean_pages"], "total": row["rendered"], "ratio": row["page_compliance"]}


def table(rows: list[dict[str, Any]], lang: str = "en") -> str:
    L = labels(lang)
    head = tuple(L[f"progress.{k}"] for k in (
        "date", "pages", "touchpoints", "violations", "touchpoint_compliance", "page_compliance",
        "new", "fixed", "unverified"))
    dash = lambda v: "-" if v is None else str(v)  # noqa: E731
    body = [(visible(r["created"] or r["label"]), f"{r['attempted']}/{r['rendered']}/{r['failed']}",
             str(r["touchpoints"]), str(r["violations"]),
             figure(touch_part(r), lang), figure(page_part(r), lang),
             dash(r["new"]), dash(r["fixed"]), dash(r["unverified"]))
            for r in rows]
    widths = [max(len(x[c]) for x in [head, *body]) for c in range(len(head))]
    line = lambda cells: "  ".join(  # noqa: E731
        c.ljust(w) if n < 2 else c.rjust(w) for n, (c, w) in enumerate(zip(cells, widths))).rstrip()
    return "\n".join([line(head), line(tuple("-" * w for w in widths)), *map(line, body)])


def as_csv(rows: list[dict[str, Any]], lang: str = "en") -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for r in rows:
        printed = {"touchpoint_figure": figure(touch_part(r), lang), "page_figure": figure(page_part(r), lang)}
        writer.writerow({k: "" if r.get(k) is None else r[k] for k in COLUMNS} | printed)
    return buf.getvalue()


def as_json(rows: list[dict[str, Any]]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2)
