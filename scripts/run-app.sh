#!/usr/bin/env bash
# Sets up, builds (UI embedded) and launches the EHS Ledger desktop app.
# The database is the embedded SQLite default in the per-user app-data directory
# (~/.local/share/ehs-ledger/ehs-ledger.sqlite3), unless --db PATH or EHS_LEDGER_DB says otherwise.
#   scripts/run-app.sh                 # first run shows the set-up screen
#   scripts/run-app.sh --demo          # a demo plant in a fresh file under /tmp, then launch
#   xvfb-run -a scripts/run-app.sh     # headless (screenshot with: DISPLAY=:99 import -window root x.png)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
(cd ui && npm run build)
cargo build -p ehs-ledger-cli --bin ehs-ledger
cargo build -p ehs-ledger-desktop --features custom-protocol
target_dir=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
args=("$@")
if [ "${1:-}" = "--demo" ]; then
  demo_db=$(mktemp -d)/demo.sqlite3
  "$target_dir/debug/ehs-ledger" --db "$demo_db" demo
  args=(--db "$demo_db")
fi
exec "$target_dir/debug/ehs-ledger-desktop" "${args[@]}"
