#!/usr/bin/env bash
# Every test: domain unit tests, black-box API tests on SQLite and on PostgreSQL, the crash test, the
# contract fuzzing (schemathesis), browser tests of the web app, the OpenAPI document
# validated as OpenAPI 3.1, and docker-compose.yml checked. Installs what it needs.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

step() { printf '\n== %s\n' "$*"; }

step "PostgreSQL for the tests"
export LIUYAN_TEST_PG="${LIUYAN_TEST_PG:-postgres://postgres@127.0.0.1:5432}"
"$root/scripts/ensure-postgres.sh"

step "Tools"
venv="$root/target/tools-venv"
if [ ! -x "$venv/bin/openapi-spec-validator" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "openapi-spec-validator==0.9.0"
fi
"$root/scripts/ensure-compose.sh"

step "Rust tests (SQLite and PostgreSQL)"
cargo test --workspace --all-targets

step "Contract: schemathesis against the running server (SQLite and PostgreSQL; anonymous, citizen, admin)"
"$root/scripts/test-contract.sh"

step "Web app in the browser (builds the SPA; headless Chromium)"
"$root/scripts/test-browser.sh"

step "OpenAPI 3.1 validation"
"$venv/bin/openapi-spec-validator" --schema 3.1 openapi/openapi.json

step "docker-compose.yml"
docker-compose -f docker-compose.yml config -q && echo "docker-compose.yml is valid"

echo
echo "all tests passed"
