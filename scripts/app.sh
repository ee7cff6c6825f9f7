#!/usr/bin/env bash
# Start the chat UI on http://localhost:8501 (this machine only: .streamlit/config.toml). Arguments go to
# `streamlit run`, e.g. `scripts/app.sh --server.address 0.0.0.0` to serve other machines on purpose.
# scripts/setup.sh runs first only when the app is not installed yet or pyproject.toml changed since it was.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --check || scripts/setup.sh
. .venv/bin/activate
export HF_HUB_OFFLINE=1
exec streamlit run streamlit_app.py "$@"
