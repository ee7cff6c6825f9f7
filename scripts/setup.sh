#!/usr/bin/env bash
# Create .venv and install everything the project needs. Safe to run again: it only does what is missing.
#   scripts/setup.sh          the app
#   scripts/setup.sh --test   the app, the test tools and Debian's Chromium for the browser test
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}

if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv"
  "$PYTHON" -m venv .venv
fi
. .venv/bin/activate
python -m pip install --quiet --upgrade pip

# torch first, CPU build: on these machines the 2.13.0 wheel lies on disk; a bare `torch` would pull a CUDA build.
if ! python -c "import torch" 2>/dev/null; then
  echo "==> installing torch (CPU build)"
  python -m pip install --quiet torch==2.13.0
fi

extras=""
if [ "${1:-}" = "--test" ]; then extras="[test]"; fi
echo "==> installing the project${extras}"
python -m pip install --quiet -e ".${extras}"
# an editable install leaves the project uncompiled, and with PYTHONDONTWRITEBYTECODE set every new process would
# compile its modules again (about 0.15 s of a cold `ask`); a regular pip install compiles them the same way
python -m compileall -q assistant

SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
APT_UPDATED=""
apt_install() {  # Debian packages, installed once
  if [ -z "$APT_UPDATED" ]; then $SUDO apt-get update -qq; APT_UPDATED=1; fi
  $SUDO DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if [ ! -f /usr/share/wordnet/data.noun ]; then
  echo "==> installing WordNet (Debian's wordnet-base) for synonyms and antonyms"
  apt_install wordnet-base || echo "    could not install wordnet-base: questions are read without synonyms" >&2
fi

if [ "${1:-}" = "--test" ] && [ ! -x /usr/bin/chromium ]; then
  echo "==> installing Debian's chromium for the browser test"
  if apt_install chromium; then
    echo "    chromium installed"
  else
    echo "    could not install chromium: the browser test will be skipped" >&2
  fi
fi

echo "==> deriving the WordNet table (once per machine) and building the index if it is missing or stale"
HF_HUB_OFFLINE=1 python -m assistant index
