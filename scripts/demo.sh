#!/usr/bin/env bash
# The main job: set up, scan the bundled fixture storefront in Chromium with evidence
# (its pages, and the checkout journey from a product to the paid order), and write a
# readable HTML report. Output goes to out/demo/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
out=out/demo
rm -rf "$out"
mkdir -p "$out"
# The shop's pages come from fixtures/shopserver: the same static pages as
# fixtures/sites/shop plus a stateful cart, checkout and payment flow, whose payment
# gateway (127.0.0.2) stands for the old brand's back end. The checkout journey walks that
# flow, so the report shows the payment state and the requests it sent.
.venv/bin/python -m fixtures.shopserver --stage legacy > "$out/shopserver.url" &
shop_pid=$!
trap 'kill "$shop_pid" 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -s "$out/shopserver.url" ] && break; sleep 0.1; done
shop_url=$(head -n 1 "$out/shopserver.url")
set +e
.venv/bin/brandlint scan "$shop_url" --policy fixtures/shopserver/brandlint.toml --journey journeys/checkout.yml \
    --out "$out/snapshot.json" --evidence "$out/evidence"
code=$?
set -e
kill "$shop_pid" 2>/dev/null || true
wait "$shop_pid" 2>/dev/null || true
trap - EXIT
rm -f "$out/shopserver.url"
.venv/bin/brandlint report "$out/evidence/snapshot.json" --format html --out "$out/report.html"
.venv/bin/brandlint report "$out/evidence/snapshot.json" --format csv --out "$out/evidence-list.csv"
.venv/bin/brandlint verify "$out/evidence" >/dev/null
echo
echo "demo: scan exit code $code (1 = violations found, as this fixture shop is meant to have)"
echo "demo: snapshot     $out/snapshot.json"
echo "demo: evidence     $out/evidence (verified: brandlint verify $out/evidence)"
echo "demo: HTML report  $out/report.html (the checkout journey's states, payment included, follow the pages; open a state's request list)"
echo "demo: CSV list     $out/evidence-list.csv"
[ "$code" -le 1 ]
