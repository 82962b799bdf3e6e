#!/usr/bin/env bash
# Installs the .deb that scripts/package.sh built (dpkg -i, as a plant's IT would) and checks the
# installed result: files and modes, the desktop entry (desktop-file-validate), the icons, the CLI
# on the PATH, and the installed app under Xvfb reaching its sign-in form and signing in
# (tests/e2e/tests/installed_package.rs). Needs root (or sudo) and a package in dist/.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
deb=$(ls dist/ehs-ledger_*_amd64.deb)
rpm=$(ls dist/ehs-ledger-*.x86_64.rpm)

# desktop-file-validate, and rpm to list the .rpm (the package is not installed with it).
if ! command -v desktop-file-validate >/dev/null || ! command -v rpm >/dev/null; then
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends desktop-file-utils rpm
fi

echo "==> dpkg -i $deb"
$SUDO dpkg -i "$deb"
dpkg-query -W -f='${Package} ${Version} ${Status}\n' ehs-ledger | grep -q 'install ok installed'

fail() { echo "check-package: $*" >&2; exit 1; }
for f in /usr/bin/ehs-ledger-desktop /usr/bin/ehs-ledger; do
  [ -x "$f" ] || fail "$f is missing or not executable"
done
[ "$(command -v ehs-ledger)" = /usr/bin/ehs-ledger ] || fail "ehs-ledger is not the one on the PATH"
ehs-ledger --version | grep -qx "ehs-ledger $(dpkg-query -W -f='${Version}' ehs-ledger)" || fail "CLI version differs from the package's"
# The root-crate trap (scripts/package.sh): the app binary must not be the CLI.
if /usr/bin/ehs-ledger-desktop --help 2>/dev/null | grep -q 'Usage: '; then fail "/usr/bin/ehs-ledger-desktop is the CLI"; fi
desktop=$(dpkg -L ehs-ledger | grep '^/usr/share/applications/.*\.desktop$')
desktop-file-validate "$desktop"
grep -qx 'Exec=ehs-ledger-desktop' "$desktop" || fail "desktop entry does not start the app"
grep -q '^Name\[zh_CN\]=' "$desktop" || fail "desktop entry has no Chinese name"
for size in 32x32 128x128 512x512; do
  [ -s "/usr/share/icons/hicolor/$size/apps/ehs-ledger-desktop.png" ] || fail "icon $size missing"
done
echo "==> the .rpm holds the same files as the .deb"
diff <(rpm -qlp "$rpm" | sort) <(dpkg -L ehs-ledger | grep -E '^/usr/(bin|share/applications|share/icons/hicolor/[^/]+/apps)/.' | sort) \
  || fail "the .rpm's files differ from the installed .deb's"

echo "==> the installed app under Xvfb: sign-in, then the ledger"
EHS_E2E_APP=/usr/bin/ehs-ledger-desktop xvfb-run -a -s "-screen 0 1400x900x24" \
  cargo test -p ehs-ledger-e2e --test installed_package -- --ignored --test-threads=1 --nocapture
echo "check-package: ok"
