#!/bin/bash
# Benchmark (label bench; prints, asserts nothing): the report for the
# stats benchmark's database — N_BUNDLES bundles of PER responses (default
# 1,000 × 1,000 = 1,000,000 responses) from kiosks at 1,000 of a register of
# 2,000 schools, made with the stats tests' generator (tests/stats_bench).
# Prints wall time, CPU and peak RSS of `junheng report` (HTML + workbook),
# the output sizes, and — when Chromium is installed — the same with the PDF.
set -u
b="$JH_BUILD_DIR"; B="$b/tests/stats_bench"
N=${REPORT_BENCH_BUNDLES:-1000}; PER=${REPORT_BENCH_PER:-1000}; SCHOOLS=${REPORT_BENCH_SCHOOLS:-2000}
t=$(mktemp -d "${REPORT_BENCH_DIR:-/tmp}/jh-report-bench.XXXXXX"); trap 'rm -rf "$t"' EXIT
echo "== report bench: $N bundles x $PER responses, $SCHOOLS schools in the register (in $t)"
"$B" gen "$t/bundles" "$N" "$PER" || exit 1
"$B" register "$t/schools.csv" "$SCHOOLS" || exit 1
"$b/junheng" schools --db "$t/county.db" "$t/schools.csv" >/dev/null || exit 1
"$B" run "merge (setup)" "$b/junheng" merge --db "$t/county.db" "$t/bundles"
rm -rf "$t/bundles"
"$B" run "stats alone (junheng stats --out)" "$b/junheng" stats --db "$t/county.db" --out "$t/stats"
"$B" run "report (junheng report --db: stats + HTML + workbook, no PDF)" \
    "$b/junheng" report --db "$t/county.db" --out "$t/report" --no-pdf
"$B" run "report rendering alone (junheng report --stats-json, no PDF)" \
    "$b/junheng" report --stats-json "$t/report/stats.json" --out "$t/render" --no-pdf
for f in stats.json report.html report.xlsx; do
  ls -la "$t/report/$f" | awk -v f="$f" '{printf "  %s: %.1f MB\n", f, $5/1e6}'
done
/usr/bin/python3 -c "
import json,sys
d=json.load(open(sys.argv[1]))
print('  responses %d, schools %d, rectification items %d' % (d['responses']['total'], len(d['schools']), len(d['rectification'])))" "$t/report/stats.json"
if command -v chromium >/dev/null || command -v chromium-browser >/dev/null || command -v google-chrome >/dev/null; then
  "$B" run "report with PDF (RSS includes Chromium)" \
      "$b/junheng" report --stats-json "$t/report/stats.json" --out "$t/pdf" --pdf-timeout 1800
  [ -s "$t/pdf/report.pdf" ] && ls -la "$t/pdf/report.pdf" | awk '{printf "  report.pdf: %.1f MB\n", $5/1e6}' \
    || echo "  report.pdf not written (see the warning above)"
else
  echo "SKIP PDF: Chromium not installed"
fi
exit 0
