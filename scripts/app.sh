#!/usr/bin/env bash
# Set up (first run only) and start the chat UI on http://localhost:8501
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
. .venv/bin/activate
export HF_HUB_OFFLINE=1
exec streamlit run streamlit_app.py --browser.gatherUsageStats false "$@"
