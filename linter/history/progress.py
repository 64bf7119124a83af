"""Progress between snapshots: the diff of two scans and the table of many over time.

``diff`` uses the baseline's one-to-one matching passes (exact fingerprint, then same
rule + page + text, then same rule + page + landmark), with the old snapshot's findings as
the counted entries. An old finding that is gone is ``fixed`` only when its own page (the
concrete URL, not the template: the diff knows which product page it was) rendered in the
new scan; otherwise it is ``unverified``.

Percentages are truncated, not rounded, to one decimal: 2499 of 2500 compliant reads
99.9%, never a 100% that is not.
"""
from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from typing import Any, Iterable

from .baseline import entry_of, match, snapshot_routes
from ..fingerprint import state_key
from ..model import Finding
from .snapshot import Snapshot
from ..urls import canonical_url


def page_key(url: str) -> str:
    """The concrete page a finding belongs to, with a loopback server's port ignored."""
    key = canonical_url(url, keep_fragment=True)
    scheme, _, rest = key.partition("://")
    host, slash, path = rest.partition("/")
    name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    if name in ("127.0.0.1", "localhost", "[::1]"):
        host = "localhost"
    return f"{scheme}://{host}{slash}{path}"


def key_of(item) -> str:
    """The page a finding belongs to (or a page's own key): its URL, or its journey state,
    whose URL may carry an order id that changes from one scan to the next."""
    return state_key(item.journey, item.state) if getattr(item, "journey", None) else page_key(item.url)


def rendered_pages(snapshot: Snapshot) -> set[str]:
    """Page keys that rendered (by requested and final URL), minus any that also failed."""
    ok, bad = set(), set()
    for page in snapshot.pages:
        keys = {key_of(page)} if page.journey else {page_key(u) for u in (page.url, page.final_url) if u}
        (ok if page.status == "rendered" else bad).update(keys)
    return ok - bad


@dataclass
class Persisting:
    old: Finding
    new: Finding
    via: str      # which matching pass paired them


@dataclass
class Diff:
    new: list[Finding]
    fixed: list[Finding]
    persisting: list[Persisting]
    unverified: list[Finding]

    def counts(self) -> dict[str, int]:
        return {k: len(getattr(self, k)) for k in ("new", "fixed", "persisting", "unverified")}

    def _groups(self, key) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        rows = [("new", f) for f in self.new] + [("fixed", f) for f in self.fixed] + \
            [("persisting", p.new) for p in self.persisting] + [("unverified", f) for f in self.unverified]
        for kind, f in rows:
            group = out.setdefault(key(f), dict.fromkeys(("new", "fixed", "persisting", "unverified"), 0))
            group[kind] += 1
        return dict(sorted(out.items()))

    def by_page(self) -> dict[str, dict[str, int]]:
        return self._groups(key_of)

    def by_rule(self) -> dict[str, dict[str, int]]:
        return self._groups(lambda f: f.rule)

    def to_dict(self) -> dict[str, Any]:
        brief = lambda f: {"fingerprint": f.fingerprint, "rule": f.rule, "url": f.url,  # noqa: E731
                           "matched": f.matched, "context": f.context, "landmark": f.landmark}
        return {
            "counts": self.counts(),
            "by_page": self.by_page(),
            "by_rule": self.by_rule(),
            "new": [brief(f) for f in self.new],
            "fixed": [brief(f) for f in self.fixed],
            "persisting": [{"old": p.old.fingerprint, "new": p.new.fingerprint, "via": p.via,
                            "rule": p.new.rule, "url": p.new.url} for p in self.persisting],
            "unverified": [brief(f) for f in self.unverified],
        }


def diff(old: Snapshot, new: Snapshot, routes: tuple[str, ...] | None = None) -> Diff:
    routes = (snapshot_routes(new) or snapshot_routes(old)) if routes is None else routes
    entries = [entry_of(f, routes) for f in old.findings]
    result = match(entries, new.findings, routes)
    persisting = [Persisting(old.findings[m.index], m.finding, m.via) for m in result.matched]
    seen = rendered_pages(new)
    fixed, unverified = [], []
    for i, _ in result.leftover:
        f = old.findings[i]
        (fixed if key_of(f) in seen else unverified).append(f)
    return Diff(result.unmatched, fixed, persisting, unverified)


def format_diff(d: Diff) -> str:
    c = d.counts()
    out = [f"{c['new']} new, {c['fixed']} fixed, {c['persisting']} persisting, {c['unverified']} unverified"]
    cols = ("new", "fixed", "persisting", "unverified")
    for title, groups in (("page", d.by_page()), ("rule", d.by_rule())):
        if not groups:
            continue
        width = max(len(title), *(len(k) for k in groups))
        out += ["", f"{title:<{width}}  " + "  ".join(f"{c:>10}" for c in cols)]
        out += [f"{k:<{width}}  " + "  ".join(f"{g[c]:>10}" for c in cols) for k, g in groups.items()]
    for title, items in (("New", d.new), ("Fixed", d.fixed), ("Unverified (page not rendered in NEW)", d.unverified)):
        if items:
            out += ["", f"{title}:"]
            out += [f"  {f.fingerprint}  {f.rule}  {f.url}\n      \"{f.matched}\" in \"{f.context}\""
                    for f in items]
    moved = [p for p in d.persisting if p.via != "exact"]
    if moved:
        out += ["", "Persisting under a new fingerprint (edited text or moved element):"]
        out += [f"  {p.old.fingerprint} -> {p.new.fingerprint}  {p.new.rule}  {p.new.url}  ({p.via})"
                for p in moved]
    return "\n".join(out)


# --- progress over time ---------------------------------------------------------------------

COLUMNS = ("label", "created", "attempted", "rendered", "failed", "touchpoints",
           "compliant_touchpoints", "touchpoint_compliance", "violations", "clean_pages",
           "page_compliance", "new", "fixed", "unverified")


def percent(num: int, den: int) -> str:
    """``87.5% (35/40)``; truncated to one decimal so that only num == den reads 100%."""
    if not den:
        return f"n/a ({num}/{den})"
    value = math.floor(num * 1000 / den) / 10
    return f"{value:.1f}% ({num}/{den})"


def progress_rows(snapshots: Iterable[Snapshot], labels: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """One row per snapshot, oldest first (by ``created``; ties keep the given order).

    ``new``/``fixed``/``unverified`` compare each snapshot with the previous row's and are
    None on the first row. Ratios are None when their denominator is 0.
    """
    snapshots = list(snapshots)
    labels = list(labels) if labels is not None else [s.created for s in snapshots]
    order = sorted(range(len(snapshots)), key=lambda i: snapshots[i].created)
    rows: list[dict[str, Any]] = []
    previous: Snapshot | None = None
    for i in order:
        snap = snapshots[i]
        s = snap.summary()
        tc, pc, cov = s["touchpoint_compliance"], s["page_compliance"], s["coverage"]
        change = diff(previous, snap).counts() if previous is not None else None
        rows.append({
            "label": labels[i], "created": snap.created,
            "attempted": cov["attempted"], "rendered": cov["rendered"], "failed": cov["failed"],
            "touchpoints": tc["total"], "compliant_touchpoints": tc["compliant"],
            "touchpoint_compliance": tc["ratio"],
            "violations": s["violations"], "clean_pages": pc["compliant"],
            "page_compliance": pc["ratio"],
            "new": change["new"] if change else None,
            "fixed": change["fixed"] if change else None,
            "unverified": change["unverified"] if change else None,
        })
        previous = snap
    return rows


def format_table(rows: list[dict[str, Any]]) -> str:
    head = ("date", "pages att/ok/fail", "touchpoints", "violations",
            "touchpoint compliance", "page compliance", "new", "fixed", "unverified")
    dash = lambda v: "-" if v is None else str(v)  # noqa: E731
    body = [(r["created"] or r["label"], f"{r['attempted']}/{r['rendered']}/{r['failed']}",
             str(r["touchpoints"]), str(r["violations"]),
             percent(r["compliant_touchpoints"], r["touchpoints"]),
             percent(r["clean_pages"], r["rendered"]),
             dash(r["new"]), dash(r["fixed"]), dash(r["unverified"]))
            for r in rows]
    widths = [max(len(x[c]) for x in [head, *body]) for c in range(len(head))]
    line = lambda cells: "  ".join(  # noqa: E731
        c.ljust(w) if n < 2 else c.rjust(w) for n, (c, w) in enumerate(zip(cells, widths))).rstrip()
    return "\n".join([line(head), line(tuple("-" * w for w in widths)), *map(line, body)])


def rows_csv(rows: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow({k: "" if r[k] is None else r[k] for k in COLUMNS})
    return buf.getvalue()

