"""The one place tests build Finding, PageResult and Snapshot records by hand (no crawler).

Everything a test does not care about has a default, so a test names only what it checks;
and when the records change shape only this module follows. ``snapshot`` numbers
fingerprints per page in document order, as a scan does.
"""
from __future__ import annotations

from linter.fingerprint import assign_fingerprints
from linter.history.snapshot import Snapshot
from linter.model import Finding, PageResult

HOME = "http://127.0.0.1:8123/"
CHECKOUT = "http://127.0.0.1:8123/checkout/"
POLICY = {"name": "permendag31", "hash": "sha256:0"}


def finding(url: str = HOME, context: str = "Belanja di TikTok", landmark: str = "main", *,
            rule: str = "brand.legacy-text", selector: str = "", matched: str = "TikTok",
            severity: str = "error", kind: str = "text", zone: str | None = None,
            suggestion: str = "TikTok Shop", **fields) -> Finding:
    """A violation; the zone is payment on a checkout URL, commerce elsewhere."""
    zone = zone or ("payment" if "checkout" in url else "commerce")
    return Finding(rule=rule, severity=severity, kind=kind, url=url, zone=zone, matched=matched,
                   context=context, suggestion=suggestion, selector=selector, landmark=landmark, **fields)


def page(url: str, *, touchpoints: int = 0, violations: int = 0, status: str = "rendered",
         compliant: int | None = None, **fields) -> PageResult:
    """A page result; ``compliant`` defaults to the touchpoints that are not violations."""
    compliant = touchpoints - violations if compliant is None else compliant
    return PageResult(url=url, status=status, touchpoints=touchpoints, compliant=compliant,
                      violations=violations, **fields)


def snapshot(pages: dict[str, list[Finding]], *, failed: tuple[str, ...] = (), compliant: int = 3,
             created: str = "2024-03-01T00:00:00Z", policy: str = "permendag31") -> Snapshot:
    """A snapshot whose pages hold the given findings plus ``compliant`` compliant
    touchpoints each; ``failed`` pages rendered nothing."""
    results, findings = [], []
    for url, page_findings in pages.items():
        assign_fingerprints(page_findings)  # per page, as the pipeline does
        findings += page_findings
        results.append(page(url, final_url=url, touchpoints=len(page_findings) + compliant,
                            violations=len(page_findings), compliant=compliant))
    for url in failed:
        results.append(page(url, status="failed", error="net::ERR_CONNECTION_RESET"))
    return Snapshot(policy={"name": policy, "hash": "sha256:0"}, pages=results, findings=findings,
                    created=created)


def storefront(**kw) -> Snapshot:
    """Home with two violations, checkout with one: the baseline scan of the gate tests."""
    return snapshot({
        HOME: [finding(HOME, "Belanja di TikTok sekarang", "header/nav"),
               finding(HOME, "Promo TikTok hari ini", "main/#promo")],
        CHECKOUT: [finding(CHECKOUT, "Bayar dengan TikTok", "main/form[aria-label=Pembayaran]",
                           rule="brand.zone-brand")],
    }, **kw)
