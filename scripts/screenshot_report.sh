#!/usr/bin/env bash
# Open an eval report (or summary page) in headless Chromium and save a PNG screenshot.
#   scripts/screenshot_report.sh runs/latest/report.html [out.png]
# Needs Debian's chromium (apt-get install chromium).
set -euo pipefail
page=$(realpath "$1")
out=${2:-${1%.html}.png}
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$profile" --hide-scrollbars \
  --window-size=1400,2000 --screenshot="$(realpath -m "$out")" "file://$page" >/dev/null 2>&1
test -s "$out" && echo "screenshot: $out"
