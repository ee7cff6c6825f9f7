#!/usr/bin/env bash
# Set up (first run only) and run the whole test suite, the real-browser test included.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
. .venv/bin/activate
export HF_HUB_OFFLINE=1
exec python -m pytest "$@"
