#!/usr/bin/env bash
# The real browser the web UI tests drive: Debian's Chromium (Microsoft.Playwright uses it through
# BATON_TEST_CHROMIUM, default /usr/bin/chromium; Playwright's own browser download cannot reach its CDN here).
# Sourced by scripts/test.sh; `bash scripts/browser.sh` installs it alone.

# Installs chromium with apt when it is missing (about a minute). Returns non-zero when it cannot.
ensure_chromium() {
  local browser="${BATON_TEST_CHROMIUM:-/usr/bin/chromium}"
  if [ -x "$browser" ]; then
    return 0
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "browser.sh: $browser is missing and apt-get is not available: install Chromium and set BATON_TEST_CHROMIUM" >&2
    return 1
  fi
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "browser.sh: installing chromium with apt-get (about a minute)" >&2
  $sudo apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null || {
    echo "browser.sh: apt-get install chromium failed" >&2
    return 1
  }
  [ -x "$browser" ]
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  ensure_chromium
fi
