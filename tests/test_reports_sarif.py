"""SARIF 2.1.0 output, validated against the official schema.

The schema comes from ``tools/fetch-sarif-schema.sh`` (npm package
``@microsoft/sarif-multitool-linux``) into ``tests/.cache/``. Without it the schema tests
skip locally and fail in CI, where a skipped validation would hide a broken format.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from linter.reports import render
from linter.rules import RULES
from report_data import SHOP, XSS_SCRIPT, hostile, storefront

SCHEMA = Path(__file__).parent / ".cache" / "sarif-2.1.0.json"
# jsonschema checks "uri" formats only with optional packages; this is RFC 3986's character set.
_URI_REF = re.compile(r"^(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$")


@pytest.fixture(scope="module")
def validator():
    if not SCHEMA.is_file():
        message = f"{SCHEMA} missing: run tools/fetch-sarif-schema.sh"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    import jsonschema
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    checker = jsonschema.FormatChecker()
    checker.checks("uri-reference")(lambda v: not isinstance(v, str) or bool(_URI_REF.match(v)))
    checker.checks("uri")(lambda v: not isinstance(v, str)
                          or bool(_URI_REF.match(v) and re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", v)))
    return cls(schema, format_checker=checker)


def _sarif(snap, lang="en"):
    return json.loads(render(snap, "sarif", lang=lang))


@pytest.mark.parametrize("lang", ["en", "id"])
@pytest.mark.parametrize("make", [storefront, hostile], ids=["storefront", "hostile"])
def test_sarif_is_valid_against_the_official_schema(validator, make, lang):
    errors = sorted(validator.iter_errors(_sarif(make(), lang)), key=lambda e: list(e.path))
    assert [f"{list(e.path)}: {e.message}" for e in errors] == []


def test_the_schema_check_can_fail(validator):
    broken = _sarif(storefront())
    broken["runs"][0]["results"][0]["level"] = "fatal"
    del broken["runs"][0]["tool"]["driver"]["name"]
    broken["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] = "a b%zz"
    assert len(list(validator.iter_errors(broken))) >= 3


def test_sarif_rules_carry_help_and_results_point_at_the_page_and_selector():
    run = _sarif(storefront())["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.ID for r in RULES]
    legacy = rules[0]
    assert legacy["shortDescription"]["text"].startswith("The legacy brand shown as text")
    assert "Fails:" in legacy["help"]["text"]          # the whole docstring, with examples
    result = run["results"][3]
    assert result["ruleId"] == "brand.zone-brand" and rules[result["ruleIndex"]]["id"] == "brand.zone-brand"
    assert result["level"] == "error"
    assert result["message"]["text"] == '"TikTok Shop" should read "Tokopedia" (Zone payment)'
    location = result["locations"][0]
    assert location["physicalLocation"]["artifactLocation"]["uri"] == f"{SHOP}/keranjang"
    assert location["logicalLocations"] == [{"fullyQualifiedName": "#ringkasan button.bayar", "kind": "element"}]
    assert result["partialFingerprints"] == {"brandlint/v1": "v1:zone-brand:dd44"}
    assert [r["level"] for r in run["results"]] == ["error", "error", "warning", "error", "error", "note"]


def test_sarif_records_failed_pages_and_incompleteness():
    invocation = _sarif(storefront())["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    [note] = invocation["toolExecutionNotifications"]
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == f"{SHOP}/bantuan"


def test_sarif_uri_keeps_valid_escapes_and_encodes_stray_percent():
    from linter.reports.sarif import uri
    assert uri("https://x.id/cari?q=100%&r=%2F ok") == "https://x.id/cari?q=100%25&r=%2F%20ok"


def test_sarif_uri_is_percent_encoded_but_text_is_verbatim():
    result = _sarif(hostile())["runs"][0]["results"][0]
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == f"{SHOP}/cari?q=%3Cscript%3Ealert(1)%3C/script%3E"
    assert result["properties"]["matched"] == f"TikTok{XSS_SCRIPT}"


def test_sarif_in_indonesian_translates_rule_help_and_messages():
    run = _sarif(storefront(), "id")["runs"][0]
    assert run["tool"]["driver"]["rules"][1]["shortDescription"]["text"].startswith("Merek baru tampil")
    assert run["results"][3]["message"]["text"] == '"TikTok Shop" seharusnya "Tokopedia" (Zona pembayaran)'
