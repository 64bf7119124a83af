"""The click-through report: one self-contained HTML file (inline CSS and JS, no fetches).

Every page-derived string reaches the page through Jinja2 autoescaping, only http(s) URLs
become links, and the inline script is pinned by a Content-Security-Policy hash, so even a
missed escape could not run injected script. Crops are embedded as ``data:`` URIs when the
files exist under ``base_dir`` (a report mailed alone still shows the evidence); full-page
screenshots and DOM files are linked relative to the bundle instead, because embedding
them would make the report as heavy as the bundle.
"""
from __future__ import annotations

import base64
from importlib import resources
import hashlib
from pathlib import Path, PurePosixPath
from urllib.parse import quote, urlsplit

import jinja2
from markupsafe import Markup  # Jinja2's own dependency

from ..history.snapshot import Snapshot
from .common import by_page, by_rule, failed_pages, figure, is_hidden, label, rule_help, visible, where
from .figures import bar_width, coverage, pct

# Package data through importlib.resources, never a path beside the source file: a wheel
# (or a zipped install) has no source tree to read from.
TEMPLATES = resources.files("linter.reports") / "templates"
_MIME = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp"}
_MAX_EMBED = 2 * 1024 * 1024
# Crops wider than this (a whole paragraph, a banner) would be unreadable scaled into the
# side column, so they get the full card width below the text instead.
WIDE_CROP = 520
_SEVERITIES = ("error", "warning", "note")


def _figure_view(part: dict, L, lang: str) -> dict:
    return {"pct": pct(part["compliant"], part["total"], lang, part["ratio"]) if part["ratio"] is not None
            else L["fig.not_applicable"], "figure": figure(part, L, lang), "width": bar_width(part), **part}


def http_href(url: object) -> str | None:
    """The URL if it is an absolute http(s) URL, else None (never link ``javascript:``)."""
    text = str(url or "").strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc and not any(c in text for c in "\r\n\t"):
        return text
    return None


def relative_href(path: object) -> str | None:
    """A bundle-relative link for an evidence path, or None if it could leave the bundle."""
    text = str(path or "")
    if not text or "\\" in text or ":" in text or text.startswith("/"):
        return None
    parts = PurePosixPath(text).parts
    if any(p in ("..", "") for p in parts):
        return None
    return quote(text)


def embed(base_dir: Path | None, path: object) -> tuple[str, int] | None:
    """(data: URI, pixel width or 0 if unknown) for an image inside ``base_dir``, or None."""
    if base_dir is None or relative_href(path) is None:
        return None
    base = base_dir.resolve()
    file = (base / str(path)).resolve()
    mime = _MIME.get(file.suffix.lower())
    if not mime or not file.is_relative_to(base) or not file.is_file() or file.stat().st_size > _MAX_EMBED:
        return None
    data = file.read_bytes()
    width = int.from_bytes(data[16:20], "big") if data[:8] == b"\x89PNG\r\n\x1a\n" else 0
    return f"data:{mime};base64," + base64.b64encode(data).decode("ascii"), width


def split_context(context: str, matched: str) -> tuple[str, str, str]:
    """(before, match, after) so the template can highlight the match without markup in data."""
    context = context or ""
    i = context.find(matched) if matched else -1
    if i < 0 and matched:
        i = context.casefold().find(matched.casefold())
        if len(context.casefold()) != len(context):   # casefold changed offsets: give up
            i = -1
    if i < 0:
        return context, "", ""
    return context[:i], context[i:i + len(matched)], context[i + len(matched):]


def _finding_view(n: int, f, page_key: str, L, base_dir) -> dict:
    ev = f.evidence or {}
    hidden = is_hidden(f)
    crop, width = None, 0
    if ev.get("crop") and not hidden:
        crop, width = embed(base_dir, ev["crop"]) or (relative_href(ev["crop"]), 0)
    return {
        "n": n, "f": f, "page_key": page_key, "hidden": hidden, "crop": crop,
        "wide": width > WIDE_CROP,
        "crop_link": relative_href(ev.get("crop")),
        "severity": label(L, "severity", f.severity),
        "sev_class": f.severity if f.severity in _SEVERITIES else "other",
        "zone": label(L, "zone", f.zone), "kind": label(L, "kind", f.kind),
        "where": where(f), "context": split_context(f.context, f.matched),
        "page_href": http_href(f.url), "frame_href": http_href(f.frame_url),
        "final_href": http_href(ev.get("final_url")),
        "screenshot": relative_href(ev.get("screenshot")), "dom": relative_href(ev.get("dom")),
        "ev": ev,
        "search": " ".join(str(x) for x in (f.matched, f.suggestion, f.context, f.url, f.selector,
                                             f.attribute or "", f.rule)).casefold(),
    }


def _shown(value):
    """Every value the template prints, with control characters and bidi overrides shown as
    escapes (line breaks kept), as in every human-readable format: a page must not reorder
    or hide what the inspector reads. Markup (the inline CSS and script) stays Markup."""
    if isinstance(value, Markup):
        return Markup(visible(str(value), keep_lines=True))
    return visible(value, keep_lines=True) if isinstance(value, str) else value


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("linter.reports", "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             finalize=_shown)
    env.filters["http_href"] = http_href
    return env


def render(snapshot: Snapshot, *, L, lang, base_dir=None) -> str:
    s = snapshot.summary()
    # Numbers follow the snapshot's order, as in the CSV evidence list, so "#4" is the same
    # finding in both whatever order the pages are listed in.
    number = {id(f): i for i, f in enumerate(snapshot.findings, 1)}
    groups, views = [], []
    for gi, g in enumerate(by_page(snapshot)):
        key = f"page-{gi}"
        items = [_finding_view(number[id(f)], f, key, L, base_dir) for f in g.findings]
        views += items
        legacy = {f.context.partition(" ")[2] for f in g.findings if f.kind == "request"}
        groups.append({"key": key, "page": g.page, "items": items, "legacy": legacy,
                       "status": label(L, "status", g.page.status) if g.page else "",
                       "href": http_href(g.page.url) if g.page else None})
    script = (TEMPLATES / "report.js").read_text(encoding="utf-8")
    script_hash = "sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    rules = [{"id": rid, "help": rule_help(rid, L), "count": len(fs)} for rid, fs in by_rule(snapshot).items()]
    tc, pc = s["touchpoint_compliance"], s["page_compliance"]
    return _environment().get_template("report.html.j2").render(
        L=L, lang=lang, snapshot=snapshot, policy=snapshot.policy or {}, summary=s,
        complete=snapshot.complete, groups=groups, rules=rules, total=len(views),
        failed=failed_pages(snapshot), coverage_line=coverage(s["coverage"], L),
        touch=_figure_view(tc, L, lang), pages=_figure_view(pc, L, lang),
        severities=[(sev, label(L, "severity", sev), s["by_severity"].get(sev, 0)) for sev in _SEVERITIES],
        filter_rules=sorted({v["f"].rule for v in views}),
        filter_zones=sorted({(v["f"].zone, v["zone"]) for v in views}),
        filter_severities=[(sev, label(L, "severity", sev)) for sev in
                           sorted({v["f"].severity for v in views})],
        css=(TEMPLATES / "report.css").read_text(encoding="utf-8"),
        script=script, script_hash=script_hash,
    )
