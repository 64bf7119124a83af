"""Fingerprints are a contract with every committed baseline: these values were computed by
the engine before rules judged for themselves (the matcher's verdict, Finding patched after
the fact) and must never change under v1."""
from __future__ import annotations

import json

from linter.findings import evaluate
from linter.fingerprint import assign_fingerprints, device_fingerprint
from linter.model import Finding, Touchpoint
from linter.policy import load_policy

POLICY = load_policy("permendag31")


def tp(**kw) -> Touchpoint:
    base = dict(kind="text", brand="tiktok", matched="TikTok", context="Belanja di TikTok sekarang",
                zone="commerce", url="http://127.0.0.1:8123/produk/123?ref=x", landmark="main/#promo")
    return Touchpoint(**{**base, **kw})


PAGE = [
    tp(), tp(),   # the same mention twice: occurrence 0 and 1
    tp(brand="tiktok-shop", matched="TikTok Shop", context="Bayar di TikTok Shop", zone="payment",
       url="http://127.0.0.1:8123/checkout/"),
    tp(kind="asset", matched="tiktok", context="http://127.0.0.1:9999/img/tiktok-logo.png?v=3", attribute="src"),
    tp(kind="endpoint", brand=None, matched="https://pay.tiktok.com/x", context="https://pay.tiktok.com/x",
       zone="payment", url="http://127.0.0.1:8123/checkout/", attribute="action"),
    tp(frame_url="http://127.0.0.1:8123/frame/7.html"),
    tp(social="social"),
]
BEFORE = ["v1:2964dd94aca83ea80e9f", "v1:9941417b901c85a62780", "v1:9b55db73aaac2dc909c1",
          "v1:92fc877de26f39dfdc2c", "v1:63954b100722cb8d2cc5", "v1:a1f6dadab11558ff657f", None]


def test_fingerprints_are_byte_identical_to_before():
    assert [f.fingerprint if f else None for _, f in evaluate(PAGE, POLICY)] == BEFORE


def test_a_device_rehashes_the_page_fingerprint_as_before():
    (_, f), *_ = evaluate(PAGE, POLICY, device="iPhone 13")
    assert f.fingerprint == device_fingerprint(BEFORE[0], "iPhone 13") == "v1:68100f6d8bd76bdd4439"
    assert f.device == "iPhone 13"


def test_hand_built_findings_number_by_the_same_recipe():
    built = [f for _, f in evaluate(PAGE, POLICY) if f]
    by_hand = [Finding.from_dict({**f.to_dict(), "fingerprint": ""}) for f in built]
    assign_fingerprints(by_hand)
    assert [f.fingerprint for f in by_hand] == [f.fingerprint for f in built]


def test_a_finding_is_its_touchpoint_plus_the_verdict_in_the_old_json_shape():
    (_, f), *_ = evaluate(PAGE, POLICY)
    assert list(f.to_dict()) == ["rule", "severity", "kind", "url", "zone", "matched", "context", "suggestion",
                                 "selector", "landmark", "visible", "bbox", "attribute", "frame_url", "brand",
                                 "device", "fingerprint", "evidence", "visual"]
    assert Finding.from_dict(json.loads(json.dumps(f.to_dict()))) == f
    assert (f.rule, f.suggestion, f.matched, f.landmark) == ("brand.legacy-text", "TikTok Shop", "TikTok", "main/#promo")
