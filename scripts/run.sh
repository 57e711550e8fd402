#!/usr/bin/env bash
# From a fresh clone to Liuyan (the web app and the API) serving on http://127.0.0.1:8080 with the embedded SQLite file
# ./data/liuyan.db (created, migrated and loaded with reference data on first start).
set -euo pipefail
cd "$(dirname "$0")/.."

command -v cargo >/dev/null || { echo "run.sh needs Rust's cargo (https://rustup.rs)" >&2; exit 1; }
./scripts/build-frontend.sh
cargo build --release -p liuyan
exec ./target/release/liuyan serve
