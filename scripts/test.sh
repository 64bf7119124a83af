#!/usr/bin/env bash
# Set up and run the whole test suite (browser tests included; select with -m browser or
# skip them with -m "not browser"). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The official SARIF 2.1.0 schema, for the SARIF validation tests (npm registry).
if command -v npm >/dev/null 2>&1; then
    sh tools/fetch-sarif-schema.sh || echo "test: could not fetch the SARIF schema; SARIF schema tests will skip (or fail under CI)"
fi
exec .venv/bin/python -m pytest "$@"
