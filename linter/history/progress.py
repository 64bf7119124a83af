"""Progress between snapshots: the diff of two scans and the table of many over time.

``diff`` uses the baseline's one-to-one matching passes (exact fingerprint, then same
rule + page + text, then same rule + page + landmark), with the old snapshot's findings as
the counted entries. An old finding that is gone is ``fixed`` only when its own page (the
concrete URL, not the template: the diff knows which product page it was) rendered in the
new scan; otherwise it is ``unverified``.

The module returns data only; ``linter.reports`` prints it (``diff``, ``progress_table``,
``progress_html``).
"""
from __future__ import annotations

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
    summaries: tuple[dict[str, Any], dict[str, Any]] | None = None   # (old, new) snapshot figures

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
            **({"summary": {"old": self.summaries[0], "new": self.summaries[1]}} if self.summaries else {}),
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
    return Diff(result.unmatched, fixed, persisting, unverified, (old.summary(), new.summary()))


# --- progress over time ---------------------------------------------------------------------

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
            "skipped": cov["skipped"],
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
