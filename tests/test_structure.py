"""The package's shape: no import cycle (deferred imports included), no function over 80
lines. tools/check_structure.py says which; these tests run it as a user would."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "tools" / "check_structure.py"


def run(*args):
    return subprocess.run([sys.executable, str(TOOL), *map(str, args)], capture_output=True, text=True)


def test_linter_has_no_import_cycle_and_no_long_function():
    res = run()
    assert res.returncode == 0, res.stdout + res.stderr
    assert "no import cycle, no function over 80 lines" in res.stdout


def test_the_tool_finds_a_deferred_cycle_and_a_long_function(tmp_path):
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("from .a import f\n", encoding="utf-8")
    (pkg / "a.py").write_text("from .sub.b import g\n\ndef f():\n    return g()\n", encoding="utf-8")
    (pkg / "sub" / "__init__.py").write_text("", encoding="utf-8")
    body = "".join(f"    x{i} = {i}\n" for i in range(85))
    (pkg / "sub" / "b.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .. import a\n\n"
        f"def g():\n    from ..a import f\n{body}    return f\n",
        encoding="utf-8")
    res = run(pkg)
    assert res.returncode == 1
    lines = res.stdout.splitlines()
    assert "import cycle: pkg.a -> pkg.sub.b -> pkg.a" in lines
    assert any(l.startswith("long function: ") and l.endswith("g is 88 lines (over 80)") for l in lines), lines


def test_a_type_checking_import_is_no_cycle(tmp_path):
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("", encoding="utf-8")
    (pkg / "a.py").write_text("from .b import g\n", encoding="utf-8")
    (pkg / "b.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .a import x\n"
                              "def g():\n    return 1\n", encoding="utf-8")
    res = run(pkg)
    assert res.returncode == 0 and "3 modules: no import cycle" in res.stdout, res.stdout
