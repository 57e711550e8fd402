#!/usr/bin/env bash
# Search latency at scale: N generated messages (default 1,000,000) on SQLite and on PostgreSQL, the
# API's GET /messages/search for two-character words against the raw database running the search's own
# SQL, one request at a time on 127.0.0.1 for a bounded time. Results go to docs/benchmarks.md by hand.
# Usage: scripts/bench-search.sh [N] [seconds per measurement] [sqlite|postgres|both]
# BENCH_DATABASE_URL=… measures a database generated before with the same N and seed (see bench-stats.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
secs=${2:-15}
which=${3:-both}
words=(噪音 欠薪 拆迁)
pg=${LIUYAN_TEST_PG:-postgres://postgres@127.0.0.1:5432}

cargo build --release -q -p liuyan -p liuyan-bench
bin=target/release/liuyan
bench=target/release/liuyan-bench
work=$(mktemp -d)
server=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }

run() {
  local name=$1 url=$2
  echo "== $name: $n messages"
  if [ -n "${BENCH_DATABASE_URL:-}" ]; then
    url=$BENCH_DATABASE_URL
    echo "reusing $url (generated before with --messages $n --seed 2026)"
  else
    DATABASE_URL=$url "$bin" migrate >/dev/null
    DATABASE_URL=$url /usr/bin/time -f "generated and indexed in %e s, max RSS %M KB" \
      "$bin" generate --messages "$n" --seed 2026 --until 2026-11-01T00:00:00Z
  fi
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  DATABASE_URL=$url LIUYAN_BIND=127.0.0.1:$port RUST_LOG=warn "$bin" serve >"$work/$name.log" 2>&1 &
  server=$!
  for _ in $(seq 1 600); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.5; done
  for w in "${words[@]}"; do
    hits=$(curl -fs "http://127.0.0.1:$port/api/v1/messages/search?q=$(enc "$w")&limit=1" >/dev/null && echo ok)
    "$bench" http --base "http://127.0.0.1:$port" --path "/api/v1/messages/search?q=$(enc "$w")" --seconds "$secs"
    "$bench" search-sql --database-url "$url" --q "$w" --seconds "$secs"
  done
  kill "$server"; wait "$server" 2>/dev/null || true; server=
}

if [ "$which" != postgres ]; then run sqlite "sqlite://$work/bench.db"; fi
if [ "$which" != sqlite ]; then
  db="liuyan_bench_$$"
  psql "$pg/postgres" -qc "CREATE DATABASE $db" >/dev/null
  run postgres "$pg/$db"
  psql "$pg/postgres" -qc "DROP DATABASE $db" >/dev/null
fi
