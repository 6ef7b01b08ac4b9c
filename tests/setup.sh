#!/usr/bin/env bash
# Installs everything the test suite needs on a fresh Debian machine: Debian's Chromium (the
# browser tests drive it; no browser is ever downloaded by a test tool), Node's npm for axe-core,
# and the Python packages. Safe to run again: it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
command -v dot >/dev/null 2>&1 || missing+=(graphviz)  # renders the studio's diagrams in tests
if [ ${#missing[@]} -gt 0 ]; then
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore
python3 -m pip install -q -r requirements-dev.txt
npm ci --prefix tests/browser --silent --no-audit --no-fund
