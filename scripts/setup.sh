#!/usr/bin/env bash
# Set up brandlint on a fresh Debian/Ubuntu machine: a virtual environment in .venv with
# the package and its test extras (installed, not editable), and a Chromium for
# Playwright. Playwright's own browser (`playwright install chromium`) is used when
# present; otherwise Debian's `chromium` is installed with apt (needs root or sudo).
# Safe to run again: it reinstalls the package and only adds what else is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
# Not an editable install: the package is installed as users get it (an editable install's
# import hook once hid a missing import from every test). Tests run from this folder import
# the source tree first, and this script runs again before every test run and demo.
# build/ is cleared first: setuptools copies modules there and never removes one that left
# the source tree, so a stale copy could ship in the installed package.
rm -rf build
.venv/bin/python -m pip install --quiet --upgrade '.[test]'

has_playwright_browser() {
    .venv/bin/python - <<'PY' 2>/dev/null
import os, sys
from playwright.sync_api import sync_playwright
with sync_playwright() as pw:
    sys.exit(0 if os.path.exists(pw.chromium.executable_path) else 1)
PY
}

if [ -n "${BRANDLINT_CHROMIUM:-}" ] && [ -x "$BRANDLINT_CHROMIUM" ]; then
    echo "setup: using Chromium at $BRANDLINT_CHROMIUM"
elif has_playwright_browser; then
    echo "setup: using Playwright's own Chromium"
elif [ -x /usr/bin/chromium ]; then
    echo "setup: using /usr/bin/chromium"
else
    echo "setup: installing Debian's chromium (no Playwright browser found)"
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
echo "setup: done ($(.venv/bin/brandlint --version))"
