#!/usr/bin/env bash
# Contract tests: schemathesis fuzzes the real server against its own OpenAPI document with every check
# (server errors, documented statuses, content types, response schemas and headers, schema-valid data
# accepted and schema-invalid data refused, missing headers, unsupported methods and Allow, ignored auth,
# use after free, resource availability). For each store (SQLite in a temporary directory, a fresh
# PostgreSQL database) it starts `liuyan serve` on a free loopback port and runs schemathesis three times:
# without a token, as a citizen, as an admin. The stores run side by side (one core each). Expectations
# that a business rule makes impossible are in schemathesis.toml, each with its reason. Installs what it
# needs (a pinned schemathesis in target/contract-venv). Reports: target/contract/<store>-<auth>/.
#
#   CONTRACT_STORES="sqlite postgres"         stores to run
#   CONTRACT_MODES="anonymous citizen admin"  who fuzzes, in this order (see below)
#   CONTRACT_EXAMPLES=50                      cases per operation and phase
#   CONTRACT_WORKERS=2                        schemathesis workers per run
#   CONTRACT_SEED=20261201                    seed; `random` for a new one each run (printed in the summary)
#   CONTRACT_PARALLEL=1                       0: one store after the other, output as it comes
#   CONTRACT_RUN_TIMEOUT=900                  seconds one schemathesis run may take; past that it failed
#   CONTRACT_SCHEMA=                          an OpenAPI file to test instead of the served document (to try
#                                             spec changes against the server before making them in code)
#   CONTRACT_EXPECTATIONS=1                   0: without the business-rule expectations of schemathesis.toml,
#                                             which also hide spec gaps on their operations (see the file)
#
# Accounts: each authenticated run gets an account of its own, made just before it, and the runs go from
# the least to the most powerful: anonymous, citizen (registered through the API), admin (made with
# `liuyan admin create`, logged in through the API). Whatever a run does to accounts (PATCH /me changes
# the caller's password or phone, the admin disables accounts or resets passwords through
# PATCH /admin/accounts/{id}, logout revokes sessions) cannot spoil a later run: no run reuses a login,
# and the citizen's account is no longer needed when the admin fuzzes. The one account a run can still
# hurt is its own admin (disabling it or resetting its password ends its sessions): such cases are sent to
# a stand-in admin instead (tests/contract/hooks.py). Access tokens live a day, longer than any run.
# After each run its token must still answer GET /me with 200; if it does not, the run counts as failed,
# since its later cases no longer tested what they were meant to.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

step() { printf '\n== %s\n' "$*"; }

schemathesis_version=4.32.5
stores=${CONTRACT_STORES:-sqlite postgres}
modes=${CONTRACT_MODES:-anonymous citizen admin}
examples=${CONTRACT_EXAMPLES:-50}
workers=${CONTRACT_WORKERS:-2}
seed=${CONTRACT_SEED:-20261201}
parallel=${CONTRACT_PARALLEL:-1}
run_timeout=${CONTRACT_RUN_TIMEOUT:-900}
schema_file=${CONTRACT_SCHEMA:-}
expectations=${CONTRACT_EXPECTATIONS:-1}
[ -z "$schema_file" ] || schema_file=$(realpath "$schema_file")
target_dir=${CARGO_TARGET_DIR:-$root/target}
out="$target_dir/contract"
for store in $stores; do
  case "$store" in sqlite | postgres) ;; *) echo "unknown store $store (sqlite, postgres)" >&2; exit 2 ;; esac
done
for mode in $modes; do
  case "$mode" in anonymous | citizen | admin) ;; *) echo "unknown mode $mode (anonymous, citizen, admin)" >&2; exit 2 ;; esac
done

step "schemathesis $schemathesis_version (target/contract-venv)"
venv="$root/target/contract-venv"
installed=$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("schemathesis"))' 2>/dev/null || true)
if [ "$installed" != "$schemathesis_version" ]; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$schemathesis_version"
fi
"$venv/bin/st" --version

step "Server (cargo build -p liuyan)"
cargo build -p liuyan
bin="$target_dir/debug/liuyan"

if [[ " $stores " == *" postgres "* ]]; then
  step "PostgreSQL"
  export LIUYAN_TEST_PG="${LIUYAN_TEST_PG:-postgres://postgres@127.0.0.1:5432}"
  "$root/scripts/ensure-postgres.sh"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/liuyan-contract.XXXXXX")
rm -rf "$out"
mkdir -p "$out"
config="$root/schemathesis.toml"
if [ "$expectations" = 0 ]; then
  config="$work/schemathesis.toml"
  sed '/^\[\[operations\]\]/,$d' "$root/schemathesis.toml" >"$config"
fi

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
random_digits() { python3 -c "import secrets; print(''.join(secrets.choice('0123456789') for _ in range($1)))"; }

# ---------- one store: its own server and database, cleaned up by its own trap ----------

server_pid=
st_pid=
pg_db=
stop_server() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=
  fi
}
store_cleanup() {
  [ -z "$st_pid" ] || kill "$st_pid" 2>/dev/null || true
  stop_server
  if [ -n "$pg_db" ]; then
    psql -q -d "$LIUYAN_TEST_PG/postgres" -c "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" >/dev/null || true
    pg_db=
  fi
}

# Starts the server on $DATABASE_URL and sets $base. A token lives a day (no run outlives one), abuse
# limits are off, no web app, and background passes are rare: the admin fuzzer registers webhooks to
# invented hosts, and nothing should try to deliver to them while it runs.
start_server() {
  local log="$1" port
  for _ in 1 2 3; do
    port=$(free_port)
    LIUYAN_BIND="127.0.0.1:$port" LIUYAN_ACCESS_TOKEN_TTL=86400 LIUYAN_LIMITS=off \
      LIUYAN_STATIC_DIR="$work/no-web-app" LIUYAN_JOB_INTERVAL_MS=3600000 LIUYAN_WORKERS=2 RUST_LOG=warn \
      "$bin" serve >>"$log" 2>&1 &
    server_pid=$!
    base="http://127.0.0.1:$port"
    for _ in $(seq 1 150); do
      if curl -fsS -o /dev/null "$base/readyz" 2>/dev/null; then return 0; fi
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.2
    done
    stop_server
  done
  echo "the server did not become ready; its log:"
  tail -n 40 "$log"
  return 1
}

# A new account of the given kind: prints its id and a bearer token.
account_for() {
  local mode="$1" password login
  password="contract-$(random_digits 12)"
  case "$mode" in
    citizen)
      login="139$(random_digits 8)"
      curl -fsS -X POST "$base/api/v1/auth/register" -H 'Content-Type: application/json' \
        -d '{"role":"citizen","phone":"'"$login"'","password":"'"$password"'"}' | session_fields
      ;;
    admin)
      login="contract-admin-$(random_digits 8)"
      "$bin" admin create --username "$login" --password "$password" >/dev/null
      curl -fsS -X POST "$base/api/v1/auth/login" -H 'Content-Type: application/json' \
        -d '{"login":"'"$login"'","password":"'"$password"'"}' | session_fields
      ;;
  esac
}
session_fields() { python3 -c 'import json, sys; s = json.load(sys.stdin); print(s["account"]["id"], s["access_token"])'; }

# One schemathesis run; its summary line goes to $out/<store>.results, a failure to $out/<store>.failed.
fuzz() {
  local store="$1" mode="$2" dir="$out/$1-$2" token= status started elapsed
  mkdir -p "$dir"
  local args=(
    --config-file "$config"
    run "${schema_file:-$base/api/v1/openapi.json}" --url "$base"
    --checks all --max-examples "$examples" --workers "$workers"
    --report junit,ndjson --report-dir "$dir"
  )
  [ "$seed" = random ] || args+=(--seed "$seed")
  local own= stand_in= account
  if [ "$mode" != anonymous ]; then
    account=$(account_for "$mode")
    own=${account%% *}
    token=${account#* }
    args+=(-H "Authorization: Bearer $token")
  fi
  # The admin's cases against its own account go to a stand-in admin (tests/contract/hooks.py).
  if [ "$mode" = admin ]; then
    account=$(account_for admin)
    stand_in=${account%% *}
  fi
  step "schemathesis on $store as $mode"
  local shown=("${args[@]}")
  [ -z "$token" ] || shown=("${shown[@]//$token/\$TOKEN}")
  echo "$venv/bin/st ${shown[*]}"
  started=$SECONDS
  status=0
  # In the background, so that a signal to this store reaches its trap at once.
  (cd "$dir" && SCHEMATHESIS_HOOKS="$root/tests/contract/hooks.py" CONTRACT_OWN_ACCOUNT_ID="$own" \
    CONTRACT_STAND_IN_ACCOUNT_ID="$stand_in" exec timeout --kill-after=10 "$run_timeout" "$venv/bin/st" --no-color \
    "${args[@]}") >"$dir/output.txt" 2>&1 &
  st_pid=$!
  wait "$st_pid" || status=$?
  st_pid=
  elapsed=$((SECONDS - started))
  # The failures in full (they can be long), then the summary.
  if [ "$status" -ne 0 ]; then
    sed -n '/^=* FAILURES =*$/,/^=* SUMMARY =*$/p' "$dir/output.txt" | sed '$d'
    sed -n '/^=* ERRORS =*$/,/^=* SUMMARY =*$/p' "$dir/output.txt" | sed '$d'
  fi
  if grep -q '^=* SUMMARY =*$' "$dir/output.txt"; then
    sed -n '/^=* SUMMARY =*$/,$p' "$dir/output.txt"
  else
    tail -n 40 "$dir/output.txt"
  fi
  if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then echo "timed out after ${run_timeout}s"; fi
  if [ -n "$token" ] &&
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/api/v1/me" -H "Authorization: Bearer $token")" != 200 ]; then
    echo "the $mode's token no longer answers GET /me: the run's later cases did not test what they were meant to"
    [ "$status" -ne 0 ] || status=1
  fi
  local tested cases failures
  tested=$(sed -nE 's/^ *Tested: *([0-9]+).*/\1/p' "$dir/output.txt" | tail -n1)
  cases=$(sed -nE 's/^ *([0-9]+) generated.*/\1/p' "$dir/output.txt" | tail -n1)
  failures=$(sed -nE 's/.* found ([0-9]+) unique failures?.*/\1/p' "$dir/output.txt" | tail -n1)
  printf '%-9s %-10s %10s %7s %9s %6ss  %s\n' "$store" "$mode" "${tested:-?}" "${cases:-?}" "${failures:-0}" \
    "$elapsed" "$([ "$status" -eq 0 ] && echo ok || echo "FAILED (exit $status)")" >>"$out/$store.results"
  [ "$status" -eq 0 ] || touch "$out/$store.failed"
  echo "output and reports: $dir"
}

run_store() {
  local store="$1" log="$work/server-$1.log"
  trap store_cleanup EXIT
  trap 'exit 143' INT TERM
  case "$store" in
    sqlite)
      export DATABASE_URL="sqlite://$work/sqlite/liuyan.db"
      ;;
    postgres)
      pg_db="liuyan_fuzz_$(random_digits 10)"
      psql -q -d "$LIUYAN_TEST_PG/postgres" -c "CREATE DATABASE $pg_db"
      export DATABASE_URL="$LIUYAN_TEST_PG/$pg_db"
      ;;
  esac
  step "Server on $store"
  start_server "$log" || { touch "$out/$store.failed"; return 0; }
  echo "listening on $base"
  for mode in $modes; do
    fuzz "$store" "$mode"
  done
  cp "$log" "$out/server-$store.log"
  if grep -q '"level":"ERROR"\|panicked' "$log"; then
    echo
    echo "the server logged errors on $store (the first ten; all in $out/server-$store.log):"
    grep '"level":"ERROR"\|panicked' "$log" | head -n 10
  fi
}

# ---------- the stores ----------

store_pids=()
cleanup() {
  local pid
  for pid in "${store_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${store_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

started=$SECONDS
if [ "$parallel" = 1 ] && [ "$(wc -w <<<"$stores")" -gt 1 ]; then
  step "Stores side by side: $stores (their output follows when both are done)"
  for store in $stores; do
    (run_store "$store") >"$out/$store.log" 2>&1 &
    store_pids+=($!)
    echo "$store: $out/$store.log"
  done
  i=0
  for store in $stores; do
    wait "${store_pids[$i]}" || touch "$out/$store.failed"
    i=$((i + 1))
  done
  store_pids=()
  for store in $stores; do cat "$out/$store.log"; done
else
  for store in $stores; do
    (run_store "$store") 2>&1 | tee "$out/$store.log" || touch "$out/$store.failed"
  done
fi

step "Contract tests: summary ($((SECONDS - started))s)"
printf '%-9s %-10s %10s %7s %9s %7s  %s\n' store auth operations cases failures time result
failed=0
for store in $stores; do
  if [ -f "$out/$store.results" ]; then cat "$out/$store.results"; else echo "$store: no run finished"; fi
  if [ -f "$out/$store.failed" ] || [ "$(wc -l <"$out/$store.results" 2>/dev/null || echo 0)" -ne "$(wc -w <<<"$modes")" ]; then
    failed=1
  fi
done
if [ "$failed" -ne 0 ]; then
  echo "contract tests failed (details above and in $out/)"
  exit 1
fi
echo "contract tests passed"
