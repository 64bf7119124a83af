"""The public surface is small and deliberate: this list changes only on purpose."""
from __future__ import annotations

import subprocess
import sys

import pytest

import linter

PUBLIC = ["BrandlintError", "ConfigError", "Finding", "Matcher", "Mention", "PageResult", "Policy",
          "Snapshot", "Touchpoint", "UsageError", "__version__", "lint_text", "load_policy",
          "load_snapshot", "scan", "ScanOptions",
          # issue 11: the gate and lint results, as the CLI uses them
          "Baseline", "GateResult", "gate", "load_baseline", "LintFinding", "LintResult", "lint_paths"]


def test_public_names_are_guarded():
    assert sorted(linter.__all__) == sorted(PUBLIC)
    for name in PUBLIC:
        assert hasattr(linter, name)


def test_scan_is_the_function_not_a_submodule():
    import linter.scanner  # noqa: F401 - importing a submodule must not shadow the function
    assert callable(linter.scan) and linter.scan.__module__ == "linter"


def test_lint_text_uses_the_zone_of_the_key():
    (f,) = linter.lint_text('{"checkout": {"pay": "Bayar di TikTok Shop"}}', "locales/id.json")
    assert (f.rule, f.matched, f.suggestion, f.zone, f.key, f.line, f.column) == (
        "brand.zone-brand", "TikTok Shop", "Tokopedia", "payment", "checkout.pay", 1, 32)
    with pytest.raises(linter.UsageError, match="invalid JSON"):
        linter.lint_text("{oops", "x.json")


@pytest.mark.parametrize("module", ["linter.matcher", "linter.policy", "linter.normalize", "linter.extract",
                                    "linter.findings", "linter.history.snapshot", "linter.history.baseline", "linter.rules"])
def test_the_pure_core_never_imports_the_browser(module):
    code = f"import sys, {module}; sys.exit('playwright' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
