"""Merge shard snapshots (one scan split over machines) into one snapshot.

Shards must use the same policy (same hash): figures from different rules do not add up.
A page scanned by several shards keeps its best outcome (rendered beats failed beats
skipped) so a retry on another shard is not counted as a failure. Fingerprints are kept as
they are: they already include the page, so shards cannot collide.
"""
from __future__ import annotations

from ..errors import UsageError
from .snapshot import Snapshot

_RANK = {"rendered": 3, "not-authenticated": 2, "failed": 1, "skipped": 0}


def merge(shards: list[Snapshot], names: list[str] | None = None) -> Snapshot:
    if not shards:
        raise UsageError("nothing to merge")
    names = names or [f"shard {i + 1}" for i in range(len(shards))]
    hashes = {s.policy.get("hash") for s in shards}
    if len(hashes) > 1:
        detail = ", ".join(f"{n}: {s.policy.get('name')} {s.policy.get('hash')}" for n, s in zip(names, shards))
        raise UsageError(f"shards were scanned with different policies ({detail})")
    best: dict[tuple, tuple[int, int]] = {}  # page -> (rank, shard index)
    for i, snap in enumerate(shards):
        for page in snap.pages:
            rank = _RANK.get(page.status, 0)
            if _key(page) not in best or rank > best[_key(page)][0]:
                best[_key(page)] = (rank, i)
    out = Snapshot(policy=dict(shards[0].policy), created=max(s.created for s in shards),
                   complete=all(s.complete for s in shards),
                   seeds=[seed for s in shards for seed in s.seeds],
                   options={"merged_from": names}, tool=dict(shards[0].tool))
    for i, snap in enumerate(shards):
        out.pages += [p for p in snap.pages if best[_key(p)][1] == i]
        out.findings += [f for f in snap.findings if best.get(_key(f), (0, i))[1] == i]
    return out


def _key(item) -> tuple:
    """A page (or a finding's page): its URL, or its journey state, which shares its URL
    with crawled pages and other states (``/keranjang/`` empty and with an item)."""
    journey = getattr(item, "journey", None)
    return ("state", journey, item.state) if journey else ("url", item.url)
