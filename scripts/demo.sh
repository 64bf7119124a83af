#!/usr/bin/env bash
# The main job: set up, scan the bundled fixture storefront in Chromium with evidence,
# and write a readable HTML report. Output goes to out/demo/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
out=out/demo
rm -rf "$out"
mkdir -p "$out"
set +e
.venv/bin/brandlint scan fixtures/sites/shop --out "$out/snapshot.json" --evidence "$out/evidence"
code=$?
set -e
.venv/bin/brandlint report "$out/evidence/snapshot.json" --format html --out "$out/report.html"
.venv/bin/brandlint report "$out/evidence/snapshot.json" --format csv --out "$out/evidence-list.csv"
.venv/bin/brandlint verify "$out/evidence" >/dev/null
echo
echo "demo: scan exit code $code (1 = violations found, as this fixture shop is meant to have)"
echo "demo: snapshot     $out/snapshot.json"
echo "demo: evidence     $out/evidence (verified: brandlint verify $out/evidence)"
echo "demo: HTML report  $out/report.html"
echo "demo: CSV list     $out/evidence-list.csv"
[ "$code" -le 1 ]
