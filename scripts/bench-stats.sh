#!/usr/bin/env bash
# Statistics latency at scale: N generated messages (default 1,000,000) on SQLite and on PostgreSQL.
# Each endpoint is measured through the API and against the raw database running the same cell reads
# (and, for the board's headline, against counting the messages themselves: the scan the cells avoid),
# and the hot words;
# then the exports' time and the server's peak memory for a tenth of the board and for all of it.
# One request at a time on 127.0.0.1 for a bounded time. Results go to docs/benchmarks.md by hand.
# Usage: scripts/bench-stats.sh [N] [seconds per measurement] [sqlite|postgres|both]
# BENCH_DATABASE_URL=… measures a database generated before (`liuyan generate --messages N --seed 2026
# --until 2026-11-01T00:00:00Z`) instead of generating one: a million messages take half an hour.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
secs=${2:-10}
which=${3:-both}
pg=${LIUYAN_TEST_PG:-postgres://postgres@127.0.0.1:5432}

cargo build --release -q -p liuyan -p liuyan-bench
bin=target/release/liuyan
bench=target/release/liuyan-bench
work=$(mktemp -d)
server=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

sums="COALESCE(CAST(SUM(messages) AS BIGINT), 0), COALESCE(CAST(SUM(suggestions) AS BIGINT), 0), \
COALESCE(CAST(SUM(replied) AS BIGINT), 0), COALESCE(CAST(SUM(on_time) AS BIGINT), 0), \
COALESCE(CAST(SUM(handling_seconds) AS BIGINT), 0), COALESCE(CAST(SUM(rated) AS BIGINT), 0), \
COALESCE(CAST(SUM(satisfied) AS BIGINT), 0), COALESCE(CAST(SUM(basically_satisfied) AS BIGINT), 0), \
COALESCE(CAST(SUM(dissatisfied) AS BIGINT), 0), COALESCE(CAST(SUM(closed) AS BIGINT), 0)"
# The server's two reads of a set of cells: the tallies, and the handling-days histogram.
cells() {
  local group=$1 where=$2
  echo "--query=SELECT $group, $sums FROM stat_cells WHERE $where GROUP BY $group"
  echo "--query=SELECT $group, days, CAST(SUM(messages) AS BIGINT) FROM stat_handling_days WHERE $where GROUP BY $group, days"
}

# The server's one read when each group is one cell: the tallies with the cells' stored medians.
tallies() {
  local group=$1 where=$2
  echo "--query=SELECT $group, $sums, MAX(median_days) FROM stat_cells WHERE $where GROUP BY $group"
}

run() {
  local name=$1 url=$2
  echo "== $name: $n messages"
  if [ -n "${BENCH_DATABASE_URL:-}" ]; then
    url=$BENCH_DATABASE_URL
    echo "reusing $url (generated before with --messages $n --seed 2026)"
  else
    DATABASE_URL=$url "$bin" migrate >/dev/null
    DATABASE_URL=$url /usr/bin/time -f "generated, indexed and counted in %e s, max RSS %M KB" \
      "$bin" generate --messages "$n" --seed 2026 --until 2026-11-01T00:00:00Z
  fi
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  DATABASE_URL=$url LIUYAN_BIND=127.0.0.1:$port RUST_LOG=warn "$bin" serve >"$work/$name.log" 2>&1 &
  server=$!
  for _ in $(seq 1 600); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.5; done
  local base="http://127.0.0.1:$port"
  local leader
  leader=$(curl -fs "$base/api/v1/stats/breakdown?by=leader&limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["rows"][0]["key"])')
  "$bench" count --database-url "$url" --table messages --table stat_cells --table stat_handling_days --table stat_words

  "$bench" http --base "$base" --path "/api/v1/stats/summary" --seconds "$secs"
  mapfile -t q < <(tallies scope "grain = 'a' AND period >= '*' AND period <= '*' AND scope IN ('*') AND facet = '*'")
  "$bench" sql --database-url "$url" --name "summary cells" "${q[@]}" --seconds "$secs"
  "$bench" sql --database-url "$url" --name "summary by counting the messages" --seconds "$secs" \
    --query "SELECT COUNT(*), SUM(CASE WHEN first_answered_at IS NOT NULL THEN 1 ELSE 0 END) FROM messages WHERE status NOT IN ('submitted', 'rejected')"

  "$bench" http --base "$base" --path "/api/v1/stats/trend?grain=month&from=2016-11&to=2026-10" --seconds "$secs"
  mapfile -t q < <(tallies period "grain = 'm' AND period >= '2016-11' AND period <= '2026-10' AND scope IN ('*') AND facet = '*'")
  "$bench" sql --database-url "$url" --name "trend cells" "${q[@]}" --seconds "$secs"

  "$bench" http --base "$base" --path "/api/v1/stats/trend?grain=day&region=440000&from=2026-08-01&to=2026-10-31" --seconds "$secs"

  "$bench" http --base "$base" --path "/api/v1/stats/breakdown?by=domain&region=440000&from=2025&to=2025" --seconds "$secs"

  "$bench" http --base "$base" --path "/api/v1/stats/breakdown?by=unit&from=2025&to=2025&sort=on_time_rate&min_messages=5" --seconds "$secs"
  # The database ranks the units' cells (with their stored medians) and hands over the 100 shown, which
  # are then named: the ranking read, and the naming read.
  local key=scope
  [ "$name" = postgres ] && key='scope COLLATE "C"'
  "$bench" sql --database-url "$url" --name "unit ranking cells" --seconds "$secs" \
    --query "SELECT scope, messages, suggestions, replied, on_time, handling_seconds, rated, satisfied, basically_satisfied, dissatisfied, closed, median_days FROM stat_cells WHERE grain = 'y' AND period = '2025' AND scope >= 'u:' AND scope < 'u;' AND facet = '*' AND messages >= 5 ORDER BY CAST(on_time AS DOUBLE PRECISION) / NULLIF(replied, 0) DESC NULLS LAST, messages DESC, $key LIMIT 100" \
    --query "SELECT id, name FROM units WHERE id IN ($(seq -s, 1 100))"

  "$bench" http --base "$base" --path "/api/v1/stats/breakdown?by=unit&sort=satisfaction_rate&min_messages=20" --seconds "$secs"

  "$bench" http --base "$base" --path "/api/v1/stats/leaders/$leader/monthly?month=2026-10" --seconds "$secs"

  # Hot words: nationwide all time (the largest cell of words), and a province's month.
  for q in "" "region=440000&period=2026-10"; do
    "$bench" http --base "$base" --path "/api/v1/stats/hot-words?limit=20&$q" --seconds "$secs"
  done
  "$bench" sql --database-url "$url" --name "hot words, nationwide all time" --seconds "$secs" \
    --query "SELECT word, messages FROM stat_words WHERE scope = '*' AND grain = 'a' AND period = '*' AND messages > 0 ORDER BY messages DESC, word LIMIT 20"

  # Exports: the server's peak memory (VmHWM) after exporting about a tenth of the board, then all of
  # it, as CSV and as XLSX. Constant memory means the peak does not grow with the rows.
  hwm() { awk '/VmHWM/ {print $2 " KB"}' "/proc/$server/status"; }
  echo "server peak RSS before exports: $(hwm)"
  for fmt in csv xlsx; do
    for range in "from=2026-01-01&to=2026-12-31" ""; do
      local t0 t1 size
      t0=$(date +%s.%N)
      size=$(curl -fs "$base/api/v1/exports/messages.$fmt?$range" | wc -c)
      t1=$(date +%s.%N)
      rows=$(curl -fs "$base/api/v1/exports/messages.csv?$range" | wc -l)
      echo "export $fmt ${range:-everything}: ~$((rows - 1)) rows, $size bytes in $(python3 -c "print(round($t1-$t0,2))") s; server peak RSS now $(hwm)"
    done
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
