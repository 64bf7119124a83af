"""Baselines: the committed list of known violations, and the gate that fails only on new ones.

A baseline is written for git: one entry a line, keys and entries sorted, a count per
fingerprint, no timestamps and no totals, so re-creating it from the same snapshot is
byte-identical and two branches touching different entries merge cleanly. Each entry keeps
the rule, the page's URL template, the normalised text and the landmark next to the
fingerprint, because matching is done in passes (``match``):

1. exact fingerprint, one finding per counted occurrence;
2. same rule + page + normalised text (the element moved: its landmark changed);
3. same rule + page + landmark (the copy was edited but still says the legacy brand).

Matching is one-to-one: an entry with count 2 absorbs two findings, never a third, so a
duplicated mention is reported as new instead of hiding in a set. Entries left over are
``fixed`` only when their page rendered in the new scan; when it failed or was not scanned
they are ``unverified`` and stay in the baseline ("not scanned" is never "fixed").
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable

from ..errors import UsageError
from ..outcome import failing
from ..model import Finding
from ..fingerprint import identity_text, place_of
from .snapshot import Snapshot, read_json
from ..urls import url_template

SCHEMA = "brandlint.baseline/1"
PASSES = ("exact", "text", "landmark")
_ENTRY_KEYS = ("count", "fingerprint", "landmark", "page", "rule", "text")


@dataclass(frozen=True)
class Entry:
    """One known violation (or ``count`` indistinguishable ones) in a baseline."""

    fingerprint: str
    rule: str
    page: str          # URL template of the page (ids templated, loopback port dropped), or
                       # journey:NAME|state:STATE for a journey state
    landmark: str
    text: str          # normalised context around the mention
    count: int = 1

    @property
    def sort_key(self) -> tuple:
        return (self.page, self.rule, self.landmark, self.text, self.fingerprint)

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in _ENTRY_KEYS}


def entry_of(finding: Finding, routes: tuple[str, ...] = (), count: int = 1) -> Entry:
    return Entry(fingerprint=finding.fingerprint, rule=finding.rule,
                 page=place_of(finding, routes), landmark=finding.landmark,
                 text=identity_text(finding, routes), count=count)


@dataclass
class Baseline:
    policy: str = ""
    entries: list[Entry] = field(default_factory=list)
    # Each block: {"reason": str, "fingerprints": [str, ...]}, in the order they were accepted.
    accepted: list[dict[str, Any]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(e.count for e in self.entries)

    def normalised(self) -> "Baseline":
        """Merge duplicate fingerprints, sort, and keep only accepted fingerprints still present."""
        merged: dict[str, Entry] = {}
        for e in self.entries:
            if e.count <= 0:
                continue
            old = merged.get(e.fingerprint)
            merged[e.fingerprint] = replace(e, count=e.count + (old.count if old else 0))
        present = set(merged)
        blocks: dict[str, set[str]] = {}
        for block in self.accepted:
            fps = blocks.setdefault(block["reason"], set())
            fps.update(fp for fp in block["fingerprints"] if fp in present)
        accepted = [{"reason": r, "fingerprints": sorted(fps)} for r, fps in blocks.items() if fps]
        return Baseline(self.policy, sorted(merged.values(), key=lambda e: e.sort_key), accepted)

    def dumps(self) -> str:
        """The file text: hand-written JSON so that each entry is exactly one line."""
        b = self.normalised()
        one = lambda obj: json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))  # noqa: E731
        entries = _json_list("entries", [one(e.to_dict()) for e in b.entries])
        accepted = _json_list("accepted", [one(block) for block in b.accepted])
        lines = ["{", f'  "schema": {one(SCHEMA)},', f'  "policy": {one(b.policy)},']
        lines += entries[:-1] + [entries[-1] + ","] + accepted + ["}"]
        return "\n".join(lines) + "\n"

    def save(self, path: str | Path) -> None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(self.dumps(), encoding="utf-8")
        tmp.replace(path)


def _json_list(key: str, items: list[str]) -> list[str]:
    """A JSON list with one item a line (the last line without its comma)."""
    if not items:
        return [f'  "{key}": []']
    body = [f"    {item}," for item in items]
    return [f'  "{key}": ['] + body[:-1] + [body[-1][:-1], "  ]"]


def create(snapshot: Snapshot, routes: tuple[str, ...] | None = None) -> Baseline:
    routes = snapshot_routes(snapshot) if routes is None else routes
    return Baseline(policy=str(snapshot.policy.get("name", "")),
                    entries=[entry_of(f, routes) for f in snapshot.findings]).normalised()


def snapshot_routes(snapshot: Snapshot) -> tuple[str, ...]:
    """The policy's route templates, when the scan recorded them in the snapshot options."""
    return tuple(snapshot.options.get("routes") or ())


def load_baseline(path: str | Path) -> Baseline:
    path = Path(path)
    data = read_json(path, "baseline")
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise UsageError(f"{path}: not a brandlint baseline (expected 'schema': '{SCHEMA}')")
    entries = []
    for i, raw in enumerate(data.get("entries", [])):
        missing = [k for k in _ENTRY_KEYS if k not in raw] if isinstance(raw, dict) else list(_ENTRY_KEYS)
        if missing or not isinstance(raw["count"], int) or raw["count"] < 1:
            why = f"missing {', '.join(missing)}" if missing else "'count' must be a positive integer"
            raise UsageError(f"{path}: entries[{i}]: {why}")
        entries.append(Entry(**{k: raw[k] for k in _ENTRY_KEYS}))
    accepted = []
    for i, block in enumerate(data.get("accepted", [])):
        if not isinstance(block, dict) or not isinstance(block.get("reason"), str) \
                or not isinstance(block.get("fingerprints"), list):
            raise UsageError(f"{path}: accepted[{i}]: needs 'reason' and 'fingerprints'")
        accepted.append({"reason": block["reason"], "fingerprints": list(block["fingerprints"])})
    return Baseline(policy=str(data.get("policy", "")), entries=entries, accepted=accepted)


# --- matching -------------------------------------------------------------------------------

@dataclass
class Match:
    finding: Finding
    entry: Entry          # the baseline entry (or old finding's entry) that absorbed it
    via: str              # one of PASSES
    index: int = -1       # position of ``entry`` in the list given to ``match``


@dataclass
class MatchResult:
    matched: list[Match]
    unmatched: list[Finding]
    leftover: list[tuple[int, int]]   # (index into the old entries, count not matched)


def match(old: list[Entry], findings: Iterable[Finding], routes: tuple[str, ...] = ()) -> MatchResult:
    """One-to-one matching of findings to counted entries, in PASSES order.

    Within a pass, findings are taken in snapshot order and entries in list order, so the
    result is deterministic. The landmark pass skips empty landmarks: "somewhere on the
    page" is not a location and would let any new finding replace a fixed one.
    """
    remaining = [e.count for e in old]
    by_key: dict[str, dict[tuple, list[int]]] = {p: {} for p in PASSES}
    for i, e in enumerate(old):
        by_key["exact"].setdefault((e.fingerprint,), []).append(i)
        if e.text:
            by_key["text"].setdefault((e.rule, e.page, e.text), []).append(i)
        if e.landmark:
            by_key["landmark"].setdefault((e.rule, e.page, e.landmark), []).append(i)
    pending = [(f, entry_of(f, routes)) for f in findings]
    matched: list[Match] = []
    for via in PASSES:
        still = []
        for f, mine in pending:
            key = {"exact": (mine.fingerprint,), "text": (mine.rule, mine.page, mine.text),
                   "landmark": (mine.rule, mine.page, mine.landmark)}[via]
            slot = next((i for i in by_key[via].get(key, ()) if remaining[i] > 0), None)
            if slot is None:
                still.append((f, mine))
                continue
            remaining[slot] -= 1
            matched.append(Match(f, old[slot], via, slot))
        pending = still
    leftover = [(i, n) for i, n in enumerate(remaining) if n > 0]
    return MatchResult(matched, [f for f, _ in pending], leftover)


def rendered_templates(snapshot: Snapshot, routes: tuple[str, ...] = ()) -> set[str]:
    """URL templates whose every attempted page rendered (and at least one did).

    One failed /product/7 makes the whole /product/{id} template unverified: the baseline
    cannot tell which product its entries came from, and guessing "fixed" is the error
    users complain about.
    """
    ok, bad = set(), set()
    for page in snapshot.pages:
        templates = ({place_of(page)} if page.journey else
                     {url_template(u, routes) for u in (page.url, page.final_url) if u})
        (ok if page.status == "rendered" else bad).update(templates)
    return ok - bad


@dataclass
class GateResult:
    new: list[Finding]
    absorbed: list[Match]
    fixed: list[Entry]        # counts are the part of each entry no longer found
    unverified: list[Entry]   # page not rendered in this scan: kept, never fixed
    policy_mismatch: tuple[str, str] | None = None

    @property
    def passed(self) -> bool:
        """No new finding that fails (a new ``note`` is reported but passes, see ``outcome``)."""
        return not failing(self.new)


def gate(baseline: Baseline, snapshot: Snapshot, routes: tuple[str, ...] | None = None) -> GateResult:
    """Compare a snapshot with a baseline. The gate fails exactly when ``new`` holds a finding
    that fails (any severity but ``note``)."""
    routes = snapshot_routes(snapshot) if routes is None else routes
    entries = baseline.normalised().entries
    result = match(entries, snapshot.findings, routes)
    verified = rendered_templates(snapshot, routes)
    fixed, unverified = [], []
    for i, n in result.leftover:
        (fixed if entries[i].page in verified else unverified).append(replace(entries[i], count=n))
    name = str(snapshot.policy.get("name", ""))
    mismatch = (baseline.policy, name) if baseline.policy and name and baseline.policy != name else None
    return GateResult(result.unmatched, result.matched, fixed, unverified, mismatch)


def update(baseline: Baseline, snapshot: Snapshot, *, accept_new: bool = False, reason: str = "",
           routes: tuple[str, ...] | None = None) -> tuple[Baseline, GateResult]:
    """The ratchet: drop fixed entries, re-key absorbed ones to the current fingerprints,
    keep unverified ones; add new findings only when ``accept_new`` (with a reason).

    Re-keying keeps the count unchanged (an edited text is the same violation) while letting
    the next gate match it exactly. Raises UsageError when asked to grow without a reason.
    """
    routes = snapshot_routes(snapshot) if routes is None else routes
    result = gate(baseline, snapshot, routes)
    if accept_new and not reason.strip():
        raise UsageError("--accept-new needs --reason \"...\": the reason is kept in the baseline")
    entries = [entry_of(m.finding, routes) for m in result.absorbed] + list(result.unverified)
    renamed: dict[str, set[str]] = {}
    for m in result.absorbed:
        renamed.setdefault(m.entry.fingerprint, set()).add(m.finding.fingerprint)
    accepted = [{"reason": b["reason"],
                 "fingerprints": sorted({n for fp in b["fingerprints"] for n in renamed.get(fp, {fp})})}
                for b in baseline.accepted]
    if accept_new and result.new:
        entries += [entry_of(f, routes) for f in result.new]
        accepted.append({"reason": reason.strip(), "fingerprints": sorted({f.fingerprint for f in result.new})})
    return Baseline(baseline.policy, entries, accepted).normalised(), result
