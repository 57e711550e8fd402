#!/usr/bin/env bash
# Builds the web app (frontend/, Leptos → WebAssembly) into frontend/dist, which the server serves at /.
# Installs what it needs: with rustup's wasm32 target when present (a developer laptop), otherwise
# Debian's rustc-web + rust-web-src, which build std for wasm32 themselves (-Zbuild-std), and lld's
# wasm-ld. wasm-bindgen-cli at the version in frontend/Cargo.lock; wasm-opt from npm's binaryen when it
# installs (Debian's is too old for today's wasm), else the build skips it.
# Idempotent and quick when nothing changed: cargo does the incremental work, tools are checked, not
# reinstalled. See docs in /work/shared/notes/frontend-toolchain.md for why each step is as it is.
set -euo pipefail
self="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
cd "$(dirname "$0")/../frontend"
front=$(pwd)
crate=liuyan-web
target=wasm32-unknown-unknown
dist="$front/dist"
tools="$front/tools"

say() { printf '== %s\n' "$*" >&2; }

apt_updated=
apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing ${missing[*]}"
  local sudo=
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  if [ -z "$apt_updated" ]; then $sudo apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

command -v cargo >/dev/null || { echo "build-frontend.sh needs Rust's cargo (https://rustup.rs)" >&2; exit 1; }

# --- the Rust toolchain for wasm32 ---
build_env=()
build_flags=()
if command -v rustup >/dev/null && rustup target list --installed 2>/dev/null | grep -qx "$target"; then
  say "wasm32 target from rustup"
else
  apt_install rustc-web rust-web-src cargo-web lld-22
  say "wasm32 through Debian's rustc-web with -Zbuild-std"
  build_env=(RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=/usr/lib/llvm-22/bin/wasm-ld)
  build_flags=(-Zbuild-std=std,panic_abort)
fi

# --- wasm-bindgen-cli, the same version as the wasm-bindgen crate ---
[ -f Cargo.lock ] || { echo "frontend/Cargo.lock is missing" >&2; exit 1; }
wbg_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wbg_version" ]; then
  say "installing wasm-bindgen-cli $wbg_version (a few minutes, once)"
  # Not --locked: its lockfile pins a webpki-roots version the registry no longer serves.
  cargo install wasm-bindgen-cli --version "$wbg_version" --quiet
fi

# --- wasm-opt (npm binaryen; optional) ---
wasm_opt="$tools/node_modules/.bin/wasm-opt"
if [ ! -x "$wasm_opt" ] && command -v npm >/dev/null; then
  say "installing wasm-opt (npm binaryen@132)"
  mkdir -p "$tools"
  [ -f "$tools/package.json" ] || echo '{"private": true}' >"$tools/package.json"
  npm install --prefix "$tools" --no-audit --no-fund --silent binaryen@132.0.0 >/dev/null 2>&1 ||
    say "binaryen did not install; the build goes on without wasm-opt"
fi

# --- build ---
say "cargo build (release, $target)"
env "${build_env[@]}" cargo build --release --target "$target" ${build_flags[@]+"${build_flags[@]}"}
wasm="$front/target/$target/release/$crate.wasm"

# Nothing new since the last packaging: done.
if [ -f "$dist/index.html" ] && [ -z "$(find "$wasm" "$front/style.css" "$front/index.html" "$self" -newer "$dist/index.html" -print -quit)" ]; then
  say "frontend/dist is up to date"
  exit 0
fi

stage="$front/target/dist-stage"
rm -rf "$stage"
mkdir -p "$stage"
wasm-bindgen --target web --no-typescript --remove-name-section --out-dir "$stage" --out-name app "$wasm"
if [ -x "$wasm_opt" ]; then
  say "wasm-opt -Oz"
  "$wasm_opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-reference-types --enable-mutable-globals --enable-multivalue \
    "$stage/app_bg.wasm" -o "$stage/app_bg.wasm"
fi
cp "$front/style.css" "$stage/style.css"

# Content-hashed names, so a new build is never hidden by a cached old one.
hash() { sha256sum "$1" | cut -c1-12; }
wasm_name="app-$(hash "$stage/app_bg.wasm").wasm"
css_name="style-$(hash "$stage/style.css").css"
mv "$stage/app_bg.wasm" "$stage/$wasm_name"
mv "$stage/style.css" "$stage/$css_name"
js_name="app-$(hash "$stage/app.js").js"
mv "$stage/app.js" "$stage/$js_name"
sed -e "s/{{JS}}/$js_name/g" -e "s/{{WASM}}/$wasm_name/g" -e "s/{{CSS}}/$css_name/g" \
  "$front/index.html" >"$stage/index.html"

# Swap in the new build at once, so a running server never serves half of one.
rm -rf "$dist.old"
[ -d "$dist" ] && mv "$dist" "$dist.old"
mv "$stage" "$dist"
rm -rf "$dist.old"
say "built $(du -sh "$dist" | cut -f1) into frontend/dist ($(gzip -c "$dist/$wasm_name" | wc -c | awk '{printf "%d KB", $1/1024}') wasm gzipped)"
