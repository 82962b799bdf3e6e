#!/usr/bin/env bash
# Installs what building, running and testing EHS Ledger needs on Debian 12, skipping what is
# already there: WebKitGTK/Tauri build deps, Xvfb + WebKitWebDriver for headless runs and E2E,
# the CJK font, the test SMTP server (python3-aiosmtpd), the test IMAP server (dovecot-imapd, with
# dovecot-lmtpd so mail sent to the SMTP server lands in its mailbox; the tests start their own
# instance, the system service is not used), tauri-driver, and the UI's npm packages (npm ci from
# the lock file).
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PKGS=(libwebkit2gtk-4.1-dev build-essential pkg-config file curl wget libssl-dev
  libayatana-appindicator3-dev librsvg2-dev libxdo-dev xvfb xauth webkit2gtk-driver dbus-x11
  fonts-noto-cjk imagemagick poppler-utils zbar-tools python3 python3-cryptography
  python3-aiosmtpd dovecot-imapd dovecot-lmtpd)

missing=()
for p in "${APT_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: apt-get install ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get -o DPkg::Lock::Timeout=300 update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends "${missing[@]}"
fi

if ! command -v node >/dev/null || ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a==20&&b>=19)?0:1)'; then
  echo "setup: Node.js >= 20.19 is required for the UI build (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi

if ! command -v tauri-driver >/dev/null; then
  echo "setup: cargo install tauri-driver"
  cargo install tauri-driver --version '^2' --locked
fi

lock_sum=$(sha256sum ui/package-lock.json | cut -d' ' -f1)
if [ ! -f ui/node_modules/.ehs-lock-sum ] || [ "$(cat ui/node_modules/.ehs-lock-sum)" != "$lock_sum" ]; then
  echo "setup: npm ci (ui/)"
  (cd ui && npm ci --no-audit --no-fund)
  echo "$lock_sum" > ui/node_modules/.ehs-lock-sum
fi
