#!/usr/bin/env bash
# Installs what Countersign needs on Debian 12, only what is missing:
#   - Debian packages: WebKitGTK and the other Tauri build libraries, Xvfb, the
#     WebKit WebDriver, a D-Bus session and gnome-keyring (for tests);
#   - the UI's npm packages (ui/node_modules), from package-lock.json;
#   - tauri-driver (for the end-to-end tests), from crates.io.
# Safe to run again: each step checks first.
set -euo pipefail
cd "$(dirname "$0")/.."

want_tauri_driver=0
for arg in "$@"; do
  case "$arg" in
    --with-test-tools) want_tauri_driver=1 ;;
    *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

packages=(
  build-essential pkg-config curl file
  libwebkit2gtk-4.1-dev libgtk-3-dev libsoup-3.0-dev libjavascriptcoregtk-4.1-dev
  libayatana-appindicator3-dev librsvg2-dev libssl-dev libxdo-dev libdbus-1-dev
  xvfb xauth webkit2gtk-driver dbus dbus-x11 gnome-keyring libsecret-tools
)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "==> installing Debian packages: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

command -v cargo >/dev/null || {
  echo "setup.sh: cargo is missing; install Rust (https://rustup.rs) and run again" >&2
  exit 1
}
command -v npm >/dev/null || {
  echo "setup.sh: npm is missing; install Node.js 20 or newer and run again" >&2
  exit 1
}

# npm ci only when the lock file changed since the last install.
if [ ! -f ui/node_modules/.package-lock.json ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  echo "==> installing the UI's npm packages"
  (cd ui && npm ci --no-audit --no-fund)
fi

if ((want_tauri_driver)) && ! command -v tauri-driver >/dev/null; then
  echo "==> installing tauri-driver"
  cargo install tauri-driver --version '^2' --locked
fi
