"""PageStatus: one enum for how a page's visit ended, written as the plain strings snapshots
have always held, and read back from them."""
from __future__ import annotations

import json

import pytest

from linter.history.snapshot import Snapshot
from linter.model import PageResult, PageStatus


def test_snapshot_json_holds_the_plain_status_strings(tmp_path):
    snap = Snapshot(policy={"name": "p", "hash": "h"}, pages=[
        PageResult("http://h/a", touchpoints=2, compliant=2),
        PageResult("http://h/b", status="not-authenticated", error="canary"),
        PageResult("http://h/c", status=PageStatus.SKIPPED, error="robots")])
    snap.write(tmp_path / "s.json")
    data = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert [p["status"] for p in data["pages"]] == ["rendered", "not-authenticated", "skipped"]
    assert data["summary"]["coverage"] == {"attempted": 2, "rendered": 1, "failed": 1, "skipped": 1}
    back = [PageResult.from_dict(p) for p in data["pages"]]
    assert [p.status for p in back] == [PageStatus.RENDERED, PageStatus.NOT_AUTHENTICATED, PageStatus.SKIPPED]
    assert [p.status.failed for p in back] == [False, True, False]


def test_an_unknown_status_is_refused():
    with pytest.raises(ValueError):
        PageResult("http://h/", status="done")


def test_a_snapshot_with_an_unknown_status_is_a_usage_error(tmp_path):
    from linter.errors import UsageError
    from linter.history.snapshot import load_snapshot
    f = tmp_path / "s.json"
    f.write_text(json.dumps({"schema": "brandlint.snapshot/1", "pages": [{"url": "u", "status": "done"}]}),
                 encoding="utf-8")
    with pytest.raises(UsageError, match="not a brandlint snapshot: 'done' is not a valid PageStatus"):
        load_snapshot(f)


def test_compliant_is_derived_and_still_written():
    p = PageResult("http://h/", touchpoints=5, violations=2)
    assert p.compliant == 3
    d = p.to_dict()
    assert d["compliant"] == 3 and list(d).index("compliant") == list(d).index("touchpoints") + 1
    assert PageResult.from_dict({**d, "compliant": 99}).compliant == 3   # read back: derived again
    assert PageResult("http://h/", touchpoints=2, violations=1, compliant=0).compliant == 1
