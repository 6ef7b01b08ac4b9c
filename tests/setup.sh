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
[ -d /usr/lib/postgresql ] || missing+=(postgresql)  # workshop store tests run on it as well as SQLite
if [ ${#missing[@]} -gt 0 ]; then
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore
python3 -m pip install -q -r requirements-dev.txt
npm ci --prefix tests/browser --silent --no-audit --no-fund

# A local PostgreSQL for the workshop store tests: start the cluster, make a role and a database,
# and leave the URL where tests/workshops/conftest.py finds it.
if command -v pg_lsclusters >/dev/null 2>&1; then
  cluster=$(pg_lsclusters -h | awk 'NR==1 {print $1" "$2}')
  if [ -n "$cluster" ]; then
    # shellcheck disable=SC2086
    $sudo pg_ctlcluster $cluster start 2>/dev/null || true
    as_postgres() { if [ "$(id -u)" -eq 0 ]; then su postgres -c "$1"; else sudo -u postgres sh -c "$1"; fi; }
    as_postgres "psql -qc \"DO \\\$\\\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'coform') THEN
      CREATE ROLE coform LOGIN PASSWORD 'coform'; END IF; END\\\$\\\$;\""
    as_postgres "psql -tAc \"SELECT 1 FROM pg_database WHERE datname = 'coform_test'\"" | grep -q 1 \
      || as_postgres "createdb -O coform coform_test"
    port=$(pg_lsclusters -h | awk 'NR==1 {print $3}')
    echo "postgresql://coform:coform@127.0.0.1:${port}/coform_test" > tests/.postgres-url
  fi
fi
