"""The snapshot as is: the same JSON ``scan --out`` writes, for tools that want everything."""
from __future__ import annotations

import json

from ..history.snapshot import Snapshot


def render(snapshot: Snapshot, *, L, lang, base_dir=None) -> str:
    return json.dumps(snapshot.to_dict(), ensure_ascii=False, indent=2) + "\n"
