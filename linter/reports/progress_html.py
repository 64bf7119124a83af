"""The progress page: one self-contained HTML file with an inline SVG line chart of
touchpoint and page compliance over time, and the same figures as a table.

No scripts, fonts, stylesheets or images from elsewhere: the file is evidence that must
open the same way offline years later. Snapshots are spaced evenly on the x axis (in scan
order, dates as labels) rather than proportionally to time, because scans cluster around
releases and a time axis would squeeze them into unreadable points.
"""
from __future__ import annotations

import html
from typing import Any

from .common import visible
from .figures import figure
from .i18n import labels
from .progress_table import page_part, touch_part

WIDTH, HEIGHT = 760, 340
LEFT, RIGHT, TOP, BOTTOM = 64, 56, 24, 64
SERIES = (
    # key, summary entry of a row, label key, colour, dash pattern (distinct without colour too)
    ("touchpoint_compliance", touch_part, "fig.touchpoint_compliance", "#1f5fa8", ""),
    ("page_compliance", page_part, "fig.page_compliance", "#c2410c", "6 4"),
)


def escape(text: object) -> str:
    """HTML-escaped, with control characters shown as escapes (labels are file names)."""
    return html.escape(visible(text))


def _x(i: int, n: int) -> float:
    span = WIDTH - LEFT - RIGHT
    return LEFT + (span / 2 if n == 1 else span * i / (n - 1))


def _y(ratio: float) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - ratio)


def _label(row: dict[str, Any]) -> str:
    return (row.get("created") or "")[:10] or str(row.get("label") or "")


def chart_svg(rows: list[dict[str, Any]], lang: str = "en") -> str:
    L = labels(lang)
    n = len(rows)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
             f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-labelledby="chart-title">',
             f'<title id="chart-title">{escape(L["progress.chart"])}</title>']
    for pct in (0, 25, 50, 75, 100):
        y = _y(pct / 100)
        parts.append(f'<line class="grid" x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}"/>')
        parts.append(f'<text class="axis" x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end">{pct}%</text>')
    rotate = n > 6
    for i, row in enumerate(rows):
        x, y = _x(i, n), HEIGHT - BOTTOM + 18
        turn = f' transform="rotate(-30 {x:.1f} {y})"' if rotate else ""
        anchor = "end" if rotate else "middle"
        parts.append(f'<text class="axis" x="{x:.1f}" y="{y}" text-anchor="{anchor}"{turn}>'
                     f'{escape(_label(row))}</text>')
    for k, (key, part, name, colour, dash) in enumerate(SERIES):
        name = L[name]
        # A snapshot with a zero denominator has no ratio: break the line there, don't draw 0%.
        segments: list[list[str]] = [[]]
        for i, row in enumerate(rows):
            if row[key] is None:
                segments.append([])
                continue
            segments[-1].append(f"{_x(i, n):.1f},{_y(row[key]):.1f}")
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        for seg in segments:
            if len(seg) > 1:
                parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2.5"{dash_attr} '
                             f'points="{" ".join(seg)}"/>')
        for i, row in enumerate(rows):
            if row[key] is not None:
                tip = f"{name}, {_label(row)}: {figure(part(row), lang)}"
                parts.append(f'<circle cx="{_x(i, n):.1f}" cy="{_y(row[key]):.1f}" r="{5.5 - 2 * k}" fill="{colour}">'
                             f'<title>{escape(tip)}</title></circle>')
    for j, (_, _, name, colour, dash) in enumerate(SERIES):
        name = L[name]
        lx, ly = LEFT + 8 + j * 220, HEIGHT - 14
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<line x1="{lx}" y1="{ly - 4}" x2="{lx + 28}" y2="{ly - 4}" stroke="{colour}" '
                     f'stroke-width="2.5"{dash_attr}/>')
        parts.append(f'<text class="legend" x="{lx + 36}" y="{ly}">{escape(name)}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


_CSS = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem; color: #1b1b1b; }
h1 { font-size: 1.4rem; }
svg { max-width: 100%; height: auto; }
svg .grid { stroke: #ddd; stroke-width: 1; }
svg text { font: 12px system-ui, sans-serif; fill: #444; }
table { border-collapse: collapse; margin-top: 1.5rem; }
th, td { border-bottom: 1px solid #e3e3e3; padding: .3rem .7rem; text-align: right; }
td { white-space: nowrap; }
th:first-child, td:first-child { text-align: left; }
"""


def progress_html(rows: list[dict[str, Any]], title: str = "brandlint progress", lang: str = "en") -> str:
    """The whole page for ``brandlint progress --html``."""
    L = labels(lang)
    head = (L["progress.snapshot"], L["progress.html_date"], L["progress.html_pages"],
            L["progress.touchpoints"].capitalize(), L["fig.violations"],
            L["fig.touchpoint_compliance"], L["fig.page_compliance"],
            L["progress.new"].capitalize(), L["progress.fixed"].capitalize())
    dash = lambda v: "\u2013" if v is None else str(v)  # noqa: E731
    body = []
    for r in rows:
        cells = (r["label"], r["created"], f"{r['attempted']} / {r['rendered']} / {r['failed']}",
                 r["touchpoints"], r["violations"], figure(touch_part(r), lang),
                 figure(page_part(r), lang), dash(r["new"]), dash(r["fixed"]))
        body.append("<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in cells) + "</tr>")
    latest = rows[-1] if rows else None
    lead = ""
    if latest:
        lead = "<p>" + L["progress.latest"].format(
            label=escape(_label(latest)), touch=escape(figure(touch_part(latest), lang)),
            pages=escape(figure(page_part(latest), lang)), violations=latest["violations"],
            failed=latest["failed"]) + "</p>"
    return "\n".join([
        "<!doctype html>", f'<html lang="{escape(lang)}">', "<head>", '<meta charset="utf-8">',
        f"<title>{escape(title)}</title>", f"<style>{_CSS}</style>", "</head>", "<body>",
        f"<h1>{escape(title)}</h1>", lead, chart_svg(rows, lang),
        "<table>", "<thead><tr>" + "".join(f"<th>{escape(h)}</th>" for h in head) + "</tr></thead>",
        "<tbody>", *body, "</tbody>", "</table>",
        f"<p><small>{escape(L['progress.footnote'])}</small></p>",
        "</body>", "</html>", ""])
