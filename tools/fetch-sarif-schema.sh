#!/bin/sh
# Fetch the official SARIF 2.1.0 JSON schema into tests/.cache/ for the SARIF tests.
# The schema ships inside the npm package @microsoft/sarif-multitool-linux; we `npm pack`
# it (no install, no scripts run) and extract only that one JSON file. Idempotent: does
# nothing when the file is already there.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/tests/.cache/sarif-2.1.0.json"
if [ -s "$dest" ]; then
    echo "present: $dest"
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
cd "$tmp"
tarball=$(npm pack --silent @microsoft/sarif-multitool-linux | tail -n 1)
member=$(tar -tzf "$tarball" | grep '/sarif-2\.1\.0\.json$' | head -n 1)
if [ -z "$member" ]; then
    echo "sarif-2.1.0.json not found in $tarball" >&2
    exit 1
fi
tar -xzf "$tarball" "$member"
mkdir -p "$(dirname "$dest")"
cp "$member" "$dest.tmp"
mv "$dest.tmp" "$dest"
echo "fetched: $dest"
