#!/usr/bin/env bash
# Browser tests of the web app: builds the SPA (when its sources changed) and the server, then drives
# Debian's headless Chromium through the whole message road against the real server on 127.0.0.1
# (e2e/, Node's test runner + playwright-core; no browser is ever downloaded). Installs what it needs.
# Screenshots land in target/screenshots/ (not committed).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

step() { printf '\n== %s\n' "$*"; }

step "System packages (Chromium, CJK fonts, Node)"
missing=()
for p in chromium fonts-noto-cjk; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
command -v npm >/dev/null || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  echo "installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
node -e 'process.exit(+process.versions.node.split(".")[0] >= 20 ? 0 : 1)' ||
  { echo "the browser tests need Node.js 20 or newer (found $(node --version))" >&2; exit 1; }

step "Test driver (e2e/: npm ci)"
if [ ! -d e2e/node_modules/playwright-core ] || [ e2e/package-lock.json -nt e2e/node_modules/.package-lock.json ]; then
  (cd e2e && npm ci --no-audit --no-fund)
fi

step "Web app (frontend/dist)"
stamp=frontend/dist/index.html
if [ ! -f "$stamp" ] || [ -n "$(find frontend/src frontend/build.rs frontend/Cargo.toml frontend/Cargo.lock \
    frontend/index.html frontend/style.css openapi/openapi.json scripts/build-frontend.sh -newer "$stamp" -print -quit)" ]; then
  "$root/scripts/build-frontend.sh"
else
  echo "up to date"
fi

step "Server (cargo build -p liuyan)"
cargo build -p liuyan

step "Browser tests"
cd e2e
node --test --test-concurrency=1 .
echo
echo "screenshots: $root/target/screenshots/"
