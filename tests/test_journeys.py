"""Journeys end to end: the stateful fixture shop (fixtures/shopserver) driven through
journeys/*.yml in Chromium, every state's findings and requests exactly as
fixtures/shopserver/EXPECTED.json says, in the legacy and the migrated stage."""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "fixtures"))

from shopserver import ShopServer  # noqa: E402

pytestmark = pytest.mark.browser
POLICY = ROOT / "fixtures" / "shopserver" / "brandlint.toml"
EXPECTED = json.loads((ROOT / "fixtures" / "shopserver" / "EXPECTED.json").read_text(encoding="utf-8"))
ORDER = re.compile(r"/(?:pembayaran|pesanan)/(TN-[A-Z]{6})/")


def _scan(stage: str, journeys: list[Path], tmp: Path, **kw):
    from linter import load_policy, scan
    from linter.journeys import load_journeys
    policy = load_policy(str(POLICY))
    with ShopServer(stage=stage) as shop:
        snap = scan([shop.url + "produk/1001/"], policy, follow=False,
                    journeys=tuple(load_journeys(journeys, zones=set(policy.zones))), **kw)
        return snap, shop.gateway_url(), list(shop.gateway_log)


@pytest.fixture(scope="module")
def legacy(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("legacy")
    return _scan("legacy", [ROOT / "journeys", ROOT / "fixtures" / "journeys" / "broken.yml"], tmp,
                 evidence_dir=str(tmp / "evidence")) + (tmp,)


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    return _scan("migrated", [ROOT / "journeys"], tmp_path_factory.mktemp("migrated"))


def _local(url: str, gateway: str) -> str:
    return url if url.startswith(gateway) else urlsplit(url).path + (f"?{urlsplit(url).query}" if urlsplit(url).query else "")


def _check_states(snap, gateway: str, stage: str) -> None:
    states = {f"{p.journey}/{p.state}": p for p in snap.pages if p.journey not in (None, "broken")}
    assert sorted(states) == sorted(EXPECTED[stage])
    for key, want in EXPECTED[stage].items():
        page = states[key]
        m = ORDER.search(page.url)
        fill = lambda s: s.replace("{gateway}", gateway).replace("{order}", m.group(1) if m else "?")  # noqa: E731
        assert urlsplit(page.url).path == fill(want["path"]), key
        got = [[f.rule, f.kind, f.matched, f.zone] for f in snap.findings if (f.journey, f.state) == tuple(key.split("/"))]
        assert got == [[r, k, fill(t), z] for r, k, t, z in want["findings"]], key
        assert (page.touchpoints, page.violations) == (want["touchpoints"], len(want["findings"])), key
        seen = [[r["method"], _local(r["url"], gateway), r["type"]] for r in page.requests]
        wanted = [[meth, fill(u), t] for meth, u, t in want["requests"]]
        it = iter(seen)
        assert all(w in it for w in wanted), f"{key}: {wanted} not in order in {seen}"


def test_legacy_stage_every_state_exactly(legacy):
    snap, gateway, log = legacy[:3]
    assert gateway.startswith("http://127.0.0.2:")
    _check_states(snap, gateway, "legacy")
    # the shop's payment back end really was called, on the second host
    assert ("legacy", "POST", "/v1/charge") in log


def test_the_legacy_payment_request_is_a_finding_with_its_evidence(legacy):
    snap, gateway = legacy[:2]
    charge = next(f for f in snap.findings if f.kind == "request" and "/v1/charge" in f.matched)
    order = ORDER.search(charge.url).group(1)
    assert charge.matched == charge.context == f"POST {gateway}/v1/charge?order={order}"
    assert (charge.rule, charge.zone, charge.suggestion) == ("brand.legacy-endpoint", "payment", "an endpoint of Tokopedia")
    ev = charge.evidence
    assert (ev["request"], ev["status"], ev["type"]) == (charge.matched, 201, "fetch")
    assert ev["by"] == 'step 17 (click: "text=Konfirmasi pembayaran")'
    assert ev["page"] == charge.url and ev["screenshot"].startswith("pages/")


def test_migrated_stage_new_host_requests_are_no_finding(migrated):
    snap, gateway, log = migrated
    assert gateway.startswith("http://127.0.0.3:")
    _check_states(snap, gateway, "migrated")
    assert not [f for f in snap.findings if f.kind in ("request", "endpoint")]
    assert ("new", "POST", "/v1/charge") in log and not [e for e in log if e[0] == "legacy"]


def test_a_broken_journey_fails_at_its_step_while_the_rest_complete(legacy):
    snap, tmp = legacy[0], legacy[3]
    broken = [p for p in snap.pages if p.journey == "broken"]
    assert [p.state for p in broken] == ["product added", "never reached"]
    done, failed = broken
    assert done.status == "rendered" and failed.status == "failed"
    assert failed.error.startswith("journey 'broken' failed at step 3 (click: \"#beli-sekarang\"): ")
    assert "Timeout 2000ms exceeded" in failed.error
    assert failed.screenshot and (tmp / "evidence" / failed.screenshot).stat().st_size > 0
    # the crawl's own page and the other journeys went on
    assert [p.status for p in snap.pages if not p.journey] == ["rendered"]
    assert {p.journey for p in snap.pages if p.journey and p.status == "rendered"} >= {"checkout", "empty cart"}


def test_a_journey_state_keeps_its_identity_when_the_order_id_changes(legacy, tmp_path):
    from linter.history.baseline import create, gate
    first = legacy[0]
    second = _scan("legacy", [ROOT / "journeys" / "checkout.yml"], tmp_path)[0]
    pay = lambda s: next(p.url for p in s.pages if p.state == "payment")  # noqa: E731
    assert ORDER.search(pay(first)).group(1) != ORDER.search(pay(second)).group(1)
    only = lambda s: [f for f in s.findings if f.journey == "checkout"]  # noqa: E731
    assert sorted(f.fingerprint for f in only(first)) == sorted(f.fingerprint for f in only(second))
    first.findings, second.findings = only(first), only(second)
    result = gate(create(first), second)
    assert result.new == [] and result.fixed == [] and len(result.absorbed) == len(only(second)) == 8
    assert all(m.via == "exact" for m in result.absorbed)


def test_evidence_bundle_holds_each_states_requests_without_header_values(legacy):
    tmp = legacy[3]
    files = sorted((tmp / "evidence" / "requests").glob("*.json"))
    assert len(files) == 6   # 4 checkout states, the empty cart, the broken journey's first state
    for path in files:
        for r in json.loads(path.read_text(encoding="utf-8")):
            assert set(r) <= {"method", "url", "type", "status", "navigation", "initiator", "by", "failure"}
    bundle = json.loads((tmp / "evidence" / "snapshot.json").read_text(encoding="utf-8"))
    assert all("tn_sid" not in json.dumps(p["requests"]) for p in bundle["pages"])


def test_cli_journey_flag_exit_codes(tmp_path):
    from linter.cli import main
    bad = tmp_path / "bad.yml"
    bad.write_text("name: x\nstart: /\nsteps:\n  - clik: '#a'\n  - scan: s\n")
    r = CliRunner().invoke(main, ["scan", "http://127.0.0.1:9/", "--journey", str(bad)])
    assert r.exit_code == 2 and f"{bad}:4: key 'steps[1].clik': unknown action" in r.output
    with ShopServer() as shop:
        r = CliRunner().invoke(main, ["scan", shop.url + "produk/1001/", "--no-follow", "--policy", str(POLICY),
                                      "--journey", str(ROOT / "fixtures" / "journeys" / "broken.yml"),
                                      "--out", str(tmp_path / "s.json")])
    assert r.exit_code == 3, r.output
    snap = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert [(p["journey"], p["state"], p["status"]) for p in snap["pages"]] == [
        (None, None, "rendered"), ("broken", "product added", "rendered"), ("broken", "never reached", "failed")]


def test_html_report_lists_each_states_requests(legacy, tmp_path):
    from linter.cli import main
    snap, gateway = legacy[:2]
    snap.write(tmp_path / "s.json")
    r = CliRunner().invoke(main, ["report", str(tmp_path / "s.json"), "--format", "html", "--out", str(tmp_path / "r.html")])
    assert r.exit_code == 0, r.output
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Journey checkout · state payment" in html
    # one list per journey page that made requests: every state that rendered (4 + 1 + 1),
    # and the failed state when a request came after the last scan (the browser fetches the
    # favicon when it likes: one run in many sees it there)
    with_requests = [p for p in snap.pages if p.journey and p.requests]
    assert sum(1 for p in with_requests if p.status == "rendered") == 6
    assert html.count('<details class="requests">') == len(with_requests)
    rows = re.findall(r'<tr class="legacy"><td>(\w+)</td><td class="url">([^<]+)</td>', html)
    assert sorted(rows) == sorted([("POST", f"{gateway}/v1/sessions?order={ORDER.search(p.url).group(1)}")
                                   for p in snap.pages if p.state == "payment"] +
                                  [("POST", f"{gateway}/v1/charge?order={ORDER.search(p.url).group(1)}")
                                   for p in snap.pages if p.state == "order confirmation"])
