#!/usr/bin/env bash
# Sets up what is missing and runs every test and quality gate, the way CI does:
# formatting, lints, the dependency rule, Rust unit and integration tests, the UI's
# type check and unit tests, and the end-to-end tests on the real desktop binary
# under Xvfb. Incremental: a second run rebuilds only what changed.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
step() { printf '\n==> %s (%ss)\n' "$*" "$((SECONDS - started))"; }

scripts/setup.sh --with-test-tools
export PATH="$HOME/.cargo/bin:$PATH"

step "UI build (the desk embeds ui/dist)"
(cd ui && npm run build --silent)

step "cargo fmt --check"
cargo fmt --all -- --check

step "no crate under crates/ depends on tauri"
for manifest in crates/*/Cargo.toml; do
  package=$(sed -n 's/^name = "\(.*\)"/\1/p' "$manifest" | head -n1)
  if cargo tree -p "$package" -e normal,build --prefix none --format '{p}' | grep -qE '^tauri( |-)'; then
    echo "crate $package depends on tauri; core crates must not know about windows" >&2
    exit 1
  fi
done
echo "ok: $(ls -d crates/*/ | wc -l) core crates are free of tauri"

step "cargo clippy --all-targets -- -D warnings"
cargo clippy --workspace --all-targets -- -D warnings

step "Rust tests"
# Build every target at once (the desk binary included) so that the end-to-end
# step reuses the same artifacts instead of rebuilding with other features.
cargo build --workspace --all-targets
# The keychain tests store, read and delete secrets in a real Secret Service: the
# tests run on a private session bus with a GNOME Keyring of their own (its files
# in a temporary folder, never the person's keyrings), unlocked, and fail rather
# than skip when it cannot be reached.
(
  keyring_home=$(mktemp -d)
  trap 'rm -rf "$keyring_home"' EXIT
  mkdir -m 700 "$keyring_home/run"
  export KEYRING_HOME=$keyring_home COUNTERSIGN_REQUIRE_KEYRING=1
  dbus-run-session -- bash -c '
    echo -n test | XDG_DATA_HOME="$KEYRING_HOME/data" XDG_RUNTIME_DIR="$KEYRING_HOME/run" \
      gnome-keyring-daemon --unlock --components=secrets >/dev/null
    cargo test --workspace'
)

step "UI type check (tsc --noEmit)"
(cd ui && npm run typecheck --silent)

step "UI unit tests (Vitest)"
(cd ui && npm test --silent)

step "end-to-end tests (real window under Xvfb, WebDriver)"
(
  cd tests/e2e
  # A bound, so a stuck window can fail the run but never hang it.
  timeout --kill-after=30 900 \
    dbus-run-session -- xvfb-run -a -s "-screen 0 1400x1000x24" npm test --silent
)

step "all tests passed"
