#!/bin/bash
# Regenerates docs/report-desktop.png (1400 px wide) and docs/report-a4.png
# (794 px, the width of A4 at 96 dpi) from tests/report/sample-stats.json with
# headless Chromium.  Run by hand after changing the report's look:
#   bash tests/report/screenshots.sh BUILD_DIR
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$src/build}
t=$(mktemp -d /tmp/jh-report-shots.XXXXXX); trap 'rm -rf "$t"' EXIT
"$build/junheng" report --stats-json "$src/tests/report/sample-stats.json" --out "$t/out" --no-pdf \
  --county-name 青山县 --county-code 361102 --issuer 青山县教育局 --round 2026 >/dev/null
shot() { # shot WIDTH HEIGHT OUT
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$t/profile" --window-size="$1,$2" --screenshot="$3" \
    "file://$t/out/report.html" >/dev/null 2>&1
}
shot 1400 1500 "$src/docs/report-desktop.png"
shot 794 2000 "$src/docs/report-a4.png"
ls -la "$src/docs/report-desktop.png" "$src/docs/report-a4.png"
