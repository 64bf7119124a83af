"""Shards: one crawl split over N processes that never talk to each other (a CI matrix,
a Kubernetes Indexed Job), each rendering the pages whose URL hashes to its own index.

The hash is SHA-256 of the canonical URL (a folder brandlint serves itself counts by its
path, not by the port this run happened to get), so every shard agrees on who owns a page
without sharing anything. Discovery still covers the whole site: each shard reads the
links of pages it does not own (crawl/discover.py), so the N partitions add up to exactly
the site an unsharded scan reaches.

``K/N`` comes from ``--shard``, else ``BRANDLINT_SHARD``, else Kubernetes'
``JOB_COMPLETION_INDEX`` (0-based) with ``BRANDLINT_SHARD_TOTAL`` (the Job's
``completions``). K is 1-based everywhere a person writes it.
"""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass

from ..errors import UsageError

_SPEC = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


@dataclass(frozen=True)
class Shard:
    index: int      # 1-based
    total: int

    def __str__(self) -> str:
        return f"{self.index}/{self.total}"

    def owns(self, key: str) -> bool:
        return shard_of(key, self.total) == self.index


def shard_of(key: str, total: int) -> int:
    """The 1-based shard a canonical URL (or its stable key) belongs to."""
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % total + 1


def parse_shard(spec: str, source: str = "--shard") -> Shard:
    m = _SPEC.match(spec or "")
    if not m:
        raise UsageError(f"{source} {spec!r}: expected K/N, e.g. 1/4")
    k, n = int(m.group(1)), int(m.group(2))
    if n < 1 or not 1 <= k <= n:
        raise UsageError(f"{source} {spec!r}: K must be from 1 to N (N at least 1)")
    return Shard(k, n)


def shard_from_env(env: dict[str, str] | None = None) -> Shard | None:
    """``BRANDLINT_SHARD=K/N``, or ``JOB_COMPLETION_INDEX`` + ``BRANDLINT_SHARD_TOTAL``."""
    env = os.environ if env is None else env
    if env.get("BRANDLINT_SHARD"):
        return parse_shard(env["BRANDLINT_SHARD"], "BRANDLINT_SHARD")
    index = env.get("JOB_COMPLETION_INDEX")
    if index is None or index == "":
        return None
    total = env.get("BRANDLINT_SHARD_TOTAL")
    if not total:
        raise UsageError("JOB_COMPLETION_INDEX is set but BRANDLINT_SHARD_TOTAL is not: set it to the "
                         "Job's completions (the number of shards)")
    if not index.strip().isdigit() or not total.strip().isdigit():
        raise UsageError(f"JOB_COMPLETION_INDEX={index!r}, BRANDLINT_SHARD_TOTAL={total!r}: expected numbers")
    return parse_shard(f"{int(index) + 1}/{int(total)}", "JOB_COMPLETION_INDEX/BRANDLINT_SHARD_TOTAL")


def resolve_shard(option: str | None, env: dict[str, str] | None = None) -> Shard | None:
    """The option wins over the environment; 1/1 is no shard at all."""
    shard = parse_shard(option) if option else shard_from_env(env)
    return shard if shard is not None and shard.total > 1 else None


def shard_key(canon: str, served_roots) -> str:
    """What the hash is taken of: the canonical URL, with a served folder's address (a new
    port each run) replaced by the folder's place in the seed list."""
    for i, prefix in enumerate(served_roots):   # seed order: the same in every shard
        if canon.startswith(prefix):
            return f"served:{i}/" + canon[len(prefix):]
    return canon
