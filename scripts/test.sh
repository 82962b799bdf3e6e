#!/usr/bin/env bash
# Sets up and runs every suite: formatting and lints, core unit + integration tests, the
# generated TypeScript bindings check, UI unit tests and build, and the real-window E2E tests
# (the built app under Xvfb, driven by tauri-driver + WebKitWebDriver).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# Tests that read documents back (pdftotext, pdfinfo, pdftoppm + zbarimg) fail here instead of
# skipping when a tool is missing; setup.sh installs them.
export EHS_REQUIRE_TOOLS=1

started=$SECONDS
step() { printf '\n==> [%ss] %s\n' "$((SECONDS - started))" "$*"; }

step "rustfmt"
cargo fmt --all -- --check

step "core and app unit + integration tests (also regenerates ui/src/ipc/bindings)"
cargo test --workspace --exclude ehs-ledger-e2e

step "generated TypeScript bindings are committed and current"
if [ -n "$(git status --porcelain -- ui/src/ipc/bindings)" ]; then
  git status --short -- ui/src/ipc/bindings
  git diff -- ui/src/ipc/bindings | head -50
  echo "ui/src/ipc/bindings is stale: run 'cargo test' and commit the result" >&2
  exit 1
fi

step "the core never depends on tauri, tokio, a network or a CLI crate"
if cargo tree -p ehs-ledger -e normal --prefix none | grep -E '^(tauri|tokio|lettre|async-imap|clap) ' ; then
  echo "the core crate depends on one of the crates above (they belong in src-tauri/, net/ or cli/)" >&2
  exit 1
fi

step "clippy"
cargo clippy --workspace --all-targets -- -D warnings

step "UI unit tests and build"
(cd ui && npm test && npm run build)

step "app build with the UI embedded"
cargo build -p ehs-ledger-desktop --features custom-protocol

step "real-window E2E"
xvfb-run -a -s "-screen 0 1400x900x24" cargo test -p ehs-ledger-e2e -- --test-threads=1

step "installers: .deb and .rpm with Tauri's bundler (release build), dpkg -i, the installed app under Xvfb"
bash scripts/package.sh
bash scripts/check-package.sh

echo
echo "all suites passed in $((SECONDS - started)) s"
