"""brandlint inside QA's own pytest-playwright suites (registered as the ``pytest11``
entry point ``brandlint``, so installing brandlint is enough).

    def test_cart(page, brandlint):
        page.goto("https://staging.example.com/cart")
        brandlint.assert_clean(page, state="cart")

``brandlint.check(page, state=...)`` reads the page exactly as a scan's journey state
(``render.settle_and_collect`` on the sync page), records it and returns its findings;
``assert_clean`` fails the test listing each violation. A state's journey is the test's
node id, so its fingerprints survive changing URLs. ``--brandlint-out`` writes one
snapshot of every state checked in the session, ``--brandlint-baseline`` makes
``assert_clean`` fail only on findings the baseline does not cover, ``--brandlint-policy``
picks the policy.

Free for tests that never ask for the fixture: this module imports nothing but pytest;
the policy, matcher and browser code load on the first ``check``.
"""
from __future__ import annotations

import pytest

_KEY = "_brandlint_session"


def pytest_addoption(parser) -> None:
    group = parser.getgroup("brandlint", "brandlint: legacy-brand checks of pages under test")
    group.addoption("--brandlint-out", metavar="FILE", help="Write one snapshot of every state checked.")
    group.addoption("--brandlint-baseline", metavar="FILE",
                    help="assert_clean fails only on findings this baseline does not cover.")
    group.addoption("--brandlint-policy", metavar="FILE|PRESET",
                    help="Policy TOML or preset (default: nearest brandlint.toml / pyproject.toml, else permendag31).")


class _Session:
    """Everything the session's checks share: policy, matcher, baseline, the snapshot."""

    def __init__(self, config) -> None:
        from .history.snapshot import Snapshot, now_iso
        from .matcher import Matcher
        from .policy import load_policy
        self.policy = load_policy(config.getoption("--brandlint-policy"))
        self.matcher = Matcher(self.policy)
        self.baseline = None
        if config.getoption("--brandlint-baseline"):
            from .history.baseline import load_baseline
            self.baseline = load_baseline(config.getoption("--brandlint-baseline"))
        self.snapshot = Snapshot(policy={"name": self.policy.name, "hash": self.policy.hash}, created=now_iso(),
                                 options={"pytest": True, "routes": list(self.policy.routes)})


class Brandlint:
    """The ``brandlint`` fixture of one test."""

    def __init__(self, request) -> None:
        self._request = request
        self._journey = request.node.nodeid
        self._logs: dict[int, object] = {}
        self._context_log = None
        try:   # pytest-playwright's context: listen before the test's first goto
            context = request.getfixturevalue("context")
        except Exception:  # noqa: BLE001 - no pytest-playwright: record from the first check on
            context = None
        if context is not None:
            from .browser.netlog import RequestLog
            self._context_log = RequestLog(context)

    @property
    def session(self) -> _Session:
        config = self._request.config
        if not hasattr(config, _KEY):
            setattr(config, _KEY, _Session(config))
        return getattr(config, _KEY)

    def check(self, page, state: str, zone: str | None = None) -> list:
        """Record the page as the state ``state`` of this test and return its findings."""
        from .browser.either import run_sync
        from .browser.render import Rendered, RenderOptions, settle_and_collect
        from .findings import evaluate
        import time
        s = self.session
        if zone is not None and zone not in s.policy.zones:
            raise ValueError(f"unknown zone {zone!r} (the policy has: {', '.join(sorted(s.policy.zones))})")
        opts = RenderOptions()
        result = Rendered(url=page.url)
        log = self._log_for(page)
        run_sync(settle_and_collect(page, result, s.matcher, opts, time.monotonic() + opts.page_timeout,
                                    zone=zone, requests=log, frames=False))
        return self._record(result, state, evaluate(result.touchpoints, s.policy, journey=self._journey, state=state))

    def assert_clean(self, page, state: str, zone: str | None = None) -> None:
        """Fail the test when the state has violations (new ones, given a baseline)."""
        findings = self.check(page, state, zone)
        if self.session.baseline is not None:
            from .history.baseline import match
            findings = match(self.session.baseline.normalised().entries, findings, self.session.policy.routes).unmatched
        if findings:
            pytest.fail(failure_message(state, page.url, findings, self.session.baseline is not None), pytrace=False)

    def _log_for(self, page):
        if self._context_log is not None:
            return self._context_log
        if id(page) not in self._logs:      # no context fixture: listen from the first check on
            from .browser.netlog import RequestLog
            self._logs[id(page)] = RequestLog(page)
        return self._logs[id(page)]

    def _record(self, result, state: str, pairs) -> list:
        from .model import PageResult
        findings = [f for _, f in pairs if f]
        failed = result.error or result.skipped or result.not_authenticated
        page = PageResult(url=result.final_url or result.url, final_url=result.final_url or None,
                          title=result.title, status="failed" if failed else "rendered", error=failed,
                          touchpoints=len(pairs), violations=len(findings), compliant=len(pairs) - len(findings),
                          settled=result.settled, journey=self._journey, state=state,
                          requests=result.requests, requests_dropped=result.requests_dropped)
        self.session.snapshot.pages.append(page)
        self.session.snapshot.findings.extend(findings)
        if failed:
            pytest.fail(f"brandlint could not read state {state!r} at {page.url}: {failed}", pytrace=False)
        return findings


def failure_message(state: str, url: str, findings, new_only: bool) -> str:
    what = "new violation" if new_only else "violation"
    lines = [f"brandlint: {len(findings)} {what}{'s' if len(findings) != 1 else ''} in state {state!r} ({url})"]
    for f in findings:
        where = f.selector or f.attribute or f.kind
        lines.append(f"  - {f.rule}: {f.matched!r} in {f.context!r} -> {f.suggestion} [{where}]")
    return "\n".join(lines)


@pytest.fixture
def brandlint(request) -> Brandlint:
    """Check pages for legacy-brand violations: ``brandlint.check(page, state="cart")``,
    ``brandlint.assert_clean(page, state="cart")``."""
    return Brandlint(request)


def pytest_sessionfinish(session) -> None:
    s = getattr(session.config, _KEY, None)
    out = session.config.getoption("--brandlint-out")
    if s is not None and out:
        s.snapshot.write(out)
