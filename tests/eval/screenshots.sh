#!/bin/bash
# Regenerates docs/report-evaluation.png (一、基本情况 and 三、政府保障程度 of the
# self-assessment) and docs/report-trend.png (七、整改措施及落实情况: this
# round's plan, the earlier plans' status, the trend) from the three-round
# test county of tests/eval/rounds.sh, with headless Chromium.  Run by hand
# after changing the report's look:
#   bash tests/eval/screenshots.sh BUILD_DIR
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$src/build}" && pwd)
t=$(mktemp -d /tmp/jh-eval-shots.XXXXXX); trap 'rm -rf "$t"' EXIT
mkdir "$t/keep"
LANGUAGE=en JH_SOURCE_DIR="$src" JH_BUILD_DIR="$build" JH_KEEP_REPORT="$t/keep" bash "$src/tests/eval/rounds.sh" >/dev/null
"$build/junheng" report --stats-json "$t/keep/report/stats.json" --out "$t/out" --no-pdf \
  --county-name 青山县 --county-code 361102 --issuer 青山县教育局 --round 2028 >/dev/null
# shot SELECTOR WIDTH HEIGHT OUT: only the sections SELECTOR (and what they hold)
shot() {
  python3 - "$t/out/report.html" "$1" "$t/only.html" <<'PY'
import sys
h = open(sys.argv[1], encoding="utf-8").read()
css = "<style>#title{display:none} section:not(%s, :is(%s) section){display:none}</style></head>" % (sys.argv[2], sys.argv[2])
open(sys.argv[3], "w", encoding="utf-8").write(h.replace("</head>", css, 1))
PY
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$t/profile" --window-size="$2,$3" --screenshot="$4" \
    "file://$t/only.html" >/dev/null 2>&1
}
shot '#overview, #part-government' 1300 2600 "$src/docs/report-evaluation.png"
shot '#rectification' 1300 1700 "$src/docs/report-trend.png"
ls -la "$src/docs/report-evaluation.png" "$src/docs/report-trend.png"
