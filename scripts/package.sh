#!/usr/bin/env bash
# Builds the Linux installers with Tauri's bundler: dist/ehs-ledger_<version>_amd64.deb and
# dist/ehs-ledger-<version>-1.x86_64.rpm. The packages install the app (/usr/bin/ehs-ledger-desktop),
# its desktop entry and icons, and the CLI (/usr/bin/ehs-ledger).
#
#   bash scripts/package.sh            # release build (what a plant installs)
#
# Why not `tauri build`: tauri.conf.json sits at the workspace root, whose own crate is the core
# library `ehs-ledger`. `tauri build` takes the root crate's name as the app's binary, and after
# cargo it renames `<target>/release/ehs-ledger` to the configured `mainBinaryName`; but that file
# is the CLI's binary (the CLI's bin is also called `ehs-ledger`), so the package would ship the
# CLI as the app (seen: the .deb's /usr/bin/ehs-ledger-desktop printed the CLI's --help), or the
# rename fails when no CLI was built. So this script builds both binaries with cargo itself and
# then runs `tauri bundle`, which only packages what is built: the app binary under its
# `mainBinaryName`, and the CLI through `bundle.linux.{deb,rpm}.files`. It then checks that the
# packaged app binary really is the app.
set -euo pipefail
cd "$(dirname "$0")/.."

# Same major.minor as the `tauri` crate in Cargo.lock (the bundler refuses a mismatch).
TAURI_CLI_VERSION=2.12.6
TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
started=$SECONDS
step() { printf '\n==> package [%ss] %s\n' "$((SECONDS - started))" "$*"; }

bash scripts/setup.sh

tauri_dir="$TARGET_DIR/tauri-cli-$TAURI_CLI_VERSION"
tauri="$tauri_dir/node_modules/.bin/tauri"
if [ ! -x "$tauri" ]; then
  step "npm install @tauri-apps/cli@$TAURI_CLI_VERSION (outside the UI's lock file, see ARCHITECTURE.md)"
  mkdir -p "$tauri_dir"
  [ -f "$tauri_dir/package.json" ] || echo '{"private":true}' > "$tauri_dir/package.json"
  npm install --prefix "$tauri_dir" --no-audit --no-fund --save-exact "@tauri-apps/cli@$TAURI_CLI_VERSION"
fi

step "UI build"
(cd ui && npm run build)

step "cargo build --release: the app (UI embedded) and the CLI"
cargo build --release --locked -p ehs-ledger-desktop --features ehs-ledger-desktop/custom-protocol -p ehs-ledger-cli

app="$TARGET_DIR/release/ehs-ledger-desktop"
cli="$TARGET_DIR/release/ehs-ledger"
# The root-crate trap above, checked rather than trusted: the CLI answers --version, the app
# binary carries the embedded UI and no clap help.
"$cli" --version | grep -q '^ehs-ledger ' || { echo "package: $cli is not the CLI" >&2; exit 1; }
if "$app" --help 2>/dev/null | grep -q 'Usage: '; then
  echo "package: $app prints a CLI's usage: it is not the desktop app" >&2
  exit 1
fi
install -D -m 0755 "$cli" target/package/ehs-ledger

step "tauri bundle (deb, rpm)"
rm -rf "$TARGET_DIR/release/bundle/deb" "$TARGET_DIR/release/bundle/rpm"
"$tauri" bundle --bundles deb,rpm

mkdir -p dist
rm -f dist/*.deb dist/*.rpm
# The bundler names files after productName ("EHS Ledger_…"); dist/ gets names without spaces.
for f in "$TARGET_DIR"/release/bundle/deb/*.deb "$TARGET_DIR"/release/bundle/rpm/*.rpm; do
  base=$(basename "$f")
  cp "$f" "dist/$(echo "$base" | sed 's/^EHS Ledger/ehs-ledger/; s/ /-/g')"
done
step "done"
ls -l dist/
