"""The documented pre-commit hook, run by real pre-commit against this repository.

``pre-commit try-repo`` installs the hook the way a user's ``.pre-commit-config.yaml``
would (a fresh environment, ``pip install`` of this repository, not an editable install),
so it fails exactly when users' hooks fail.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow

BAD = '{"checkout": {"pay": "Bayar dengan TikTok"}}\n'
GOOD = '{"checkout": {"pay": "Bayar dengan Tokopedia"}}\n'


def _git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"})


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    """A clean clone of this repository's committed state, as a hook's ``repo:`` is."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        pytest.fail("pre-commit is a test dependency: pip install -e '.[test]'")
    clone = tmp_path_factory.mktemp("hook") / "brandlint"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True, capture_output=True)
    return clone


def _try_repo(project, source, home):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["PRE_COMMIT_HOME"] = str(home)
    return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(source), "brandlint-lint",
                           "--all-files"], cwd=project, env=env, capture_output=True, text=True, timeout=900)


def test_hook_fails_on_a_violation_and_passes_once_fixed(source, tmp_path):
    project = tmp_path / "app"
    (project / "locales").mkdir(parents=True)
    _git(tmp_path, "init", "--quiet", "app")
    (project / "locales" / "id.json").write_text(BAD, encoding="utf-8")
    (project / "locales" / "en.json").write_text('{"home": {"title": "Shop on TikTok Shop"}}\n', encoding="utf-8")
    _git(project, "add", "-A")
    home = tmp_path / "pre-commit-home"

    failed = _try_repo(project, source, home)
    out = failed.stdout + failed.stderr
    assert failed.returncode == 1, out
    assert "Traceback" not in out, out
    assert "locales/id.json:1:" in out and "TikTok" in out, out
    assert "locales/en.json:" not in out, out

    (project / "locales" / "id.json").write_text(GOOD, encoding="utf-8")
    _git(project, "add", "-A")
    passed = _try_repo(project, source, home)
    assert passed.returncode == 0, passed.stdout + passed.stderr
