#!/usr/bin/env bash
# Create .venv and install everything the project needs. Safe to run again: it only does what is missing.
#   scripts/setup.sh          the app
#   scripts/setup.sh --test   the app, the test tools and Debian's Chromium for the browser test
#   scripts/setup.sh --check  changes nothing: exit 0 if the app is installed and pyproject.toml has not changed since
# With CI=true a Debian package that cannot be installed stops the script (elsewhere it is a warning).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
WORDNET_DIR=${ASSISTANT_WORDNET_DIR:-/usr/share/wordnet}  # where the app reads WordNet (assistant/language/wordnet.py)
CHROMIUM=${ASSISTANT_CHROMIUM:-/usr/bin/chromium}  # the browser the browser test drives (tests/test_browser.py)
STAMP=.venv/.setup-stamp  # pyproject.toml's hash at the last install, and the hash plus "[test]" with the test tools

extras=""
if [ "${1:-}" = "--test" ]; then extras="[test]"; fi
wanted="$(sha256sum pyproject.toml | cut -d' ' -f1)${extras}"

installed() {  # the project's install is current: the stamp matches and the project imports from outside the checkout
  local python="$PWD/.venv/bin/python"
  [ -x "$python" ] && [ -x .venv/bin/streamlit ] && [ -f "$STAMP" ] && grep -qxF "$wanted" "$STAMP" &&
    (cd / && "$python" -c "import assistant, importlib.util as u; assert u.find_spec('streamlit')") 2>/dev/null
}

if [ "${1:-}" = "--check" ]; then installed; exit; fi

if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv"
  "$PYTHON" -m venv .venv
fi
. .venv/bin/activate

if installed; then
  echo "==> the project${extras} is installed and pyproject.toml has not changed: not reinstalling"
else
  python -m pip install --quiet --upgrade pip
  # torch first, CPU build: on these machines the 2.13.0 wheel lies on disk; a bare `torch` would pull a CUDA build.
  if ! python -c "import torch" 2>/dev/null; then
    echo "==> installing torch (CPU build)"
    python -m pip install --quiet torch==2.13.0
  fi
  echo "==> installing the project${extras}"
  python -m pip install --quiet -e ".${extras}"
  digest="${wanted%"$extras"}"
  if [ -n "$extras" ]; then printf '%s\n%s\n' "$digest" "$wanted" >"$STAMP"; else printf '%s\n' "$digest" >"$STAMP"; fi
fi
# an editable install leaves the project uncompiled, and with PYTHONDONTWRITEBYTECODE set every new process would
# compile its modules again (about 0.15 s of a cold `ask`); a regular pip install compiles them the same way
python -m compileall -q assistant

apt_failed() {  # a Debian package could not be installed: under CI that is an error, elsewhere a warning
  echo "    could not install $1: $2" >&2
  if [ "${CI:-}" = "true" ]; then echo "    CI=true: stopping" >&2; exit 1; fi
}

SUDO=()
if [ "$(id -u)" -ne 0 ]; then SUDO=(sudo); fi
APT_UPDATED=""
apt_install() {  # Debian packages, installed once; returns non-zero if apt-get fails (set -e is off in `if`/`||`)
  if [ ${#SUDO[@]} -gt 0 ] && ! command -v sudo >/dev/null; then
    echo "    not root and no sudo: cannot run apt-get" >&2; return 1
  fi
  if [ -z "$APT_UPDATED" ]; then "${SUDO[@]}" apt-get update -qq || return 1; APT_UPDATED=1; fi
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null || return 1
}

if [ ! -f "$WORDNET_DIR/data.noun" ] || [ ! -f "$WORDNET_DIR/index.sense" ]; then
  # wordnet-sense-index holds index.sense, the sense counts that tell a common verb ("report", "give")
  echo "==> installing WordNet (Debian's wordnet-base and wordnet-sense-index) for synonyms and antonyms"
  apt_install wordnet-base wordnet-sense-index || apt_failed wordnet-base "questions are read without synonyms"
fi

WORDS=${ASSISTANT_WORDS:-/usr/share/dict/american-english}  # English words no typo is (assistant/language/lexicon.py)
if [ ! -f "$WORDS" ]; then
  echo "==> installing Debian's wamerican (an English word list) for spelling correction"
  apt_install wamerican || apt_failed wamerican "misspellings are judged without an English word list"
fi

if [ "${1:-}" = "--test" ] && [ ! -x "$CHROMIUM" ]; then
  echo "==> installing Debian's chromium for the browser test"
  if apt_install chromium && [ -x "$CHROMIUM" ]; then
    echo "    chromium installed"
  else
    apt_failed chromium "the browser test will be skipped (and fail where CI=true)"
  fi
fi

echo "==> deriving the WordNet table (once per machine) and building the index if it is missing or stale"
HF_HUB_OFFLINE=1 python -m assistant index
