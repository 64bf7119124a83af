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
# With the visual extra (OCR, logo matching). tesserocr builds against libtesseract; where
# it cannot, pytesseract (which runs the tesseract binary) is the fallback.
# With the scale extra too (the redis client: the Redis frontier's tests run a real redis-server).
if ! .venv/bin/python -m pip install --quiet --upgrade '.[test,visual,scale]'; then
    echo "setup: tesserocr did not install; using pytesseract for OCR"
    .venv/bin/python -m pip install --quiet --upgrade '.[test,scale]' 'Pillow>=10.0' 'numpy>=1.24' \
        'opencv-python-headless>=4.8' 'pytesseract>=0.3.10'
fi

# Tesseract with English and Indonesian data, for text in images (Debian packages).
has_tesseract() {
    command -v tesseract >/dev/null 2>&1 || return 1
    [ -e /usr/share/tesseract-ocr/5/tessdata/ind.traineddata ] || [ -e /usr/share/tesseract-ocr/4.00/tessdata/ind.traineddata ]
}
if ! has_tesseract; then
    echo "setup: installing Debian's tesseract-ocr (eng, ind)"
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq tesseract-ocr tesseract-ocr-eng tesseract-ocr-ind >/dev/null
fi

# redis-server, for the tests of the shared Redis frontier (Debian's package).
if ! command -v redis-server >/dev/null 2>&1; then
    echo "setup: installing Debian's redis-server (the Redis frontier's tests start one)"
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-server >/dev/null
fi

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
