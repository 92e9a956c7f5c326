#!/bin/bash
# Benchmark (label bench; prints, asserts nothing): the report for the
# stats benchmark's database — N_BUNDLES bundles of PER responses (default
# 1,000 × 1,000 = 1,000,000 responses) from kiosks at 1,000 of a register of
# 2,000 schools, made with the stats tests' generator (tests/stats_bench).
# Prints (issue 20): `junheng report` (no PDF) against `junheng stats`, wall
# and CPU, and their ratio (target <= 2); the HTML sizes (the summary
# report.html, the per-school annex report-schools.html, and the whole report
# in one document, --annex off); how long headless Chromium takes to load each
# (target < 3 s for report.html); and, with Chromium, the PDF of the summary
# (through `junheng report`) and of every file of the annex — its index
# report-schools.html and each part report-schools-0001-0200.html ..., and
# the import log's and key list's parts report-imports-0001-0500.html ... —
# printed the way junheng prints them (tests/report/chromium_print.sh):
# wall, CPU of all Chromium processes, the largest process's RSS and the
# whole print's PSS, pages (target for each: < 30 s and 1 GB).
# REPORT_BENCH_WHOLE_ANNEX=1 also prints the annex as one document
# (--annex-part 0; killed after 32 min at 1.36 GB before the split).
set -u
b="$JH_BUILD_DIR"; B="$b/tests/stats_bench"; here=$(cd "$(dirname "$0")" && pwd)
N=${REPORT_BENCH_BUNDLES:-1000}; PER=${REPORT_BENCH_PER:-1000}; SCHOOLS=${REPORT_BENCH_SCHOOLS:-2000}
t=$(mktemp -d "${REPORT_BENCH_DIR:-/tmp}/jh-report-bench.XXXXXX"); trap 'rm -rf "$t"' EXIT
fig="$t/figures"; : >"$fig"
bench() { "$@" | tee -a "$fig" | grep -v '^FIGURE'; }
get() { awk -v k="$1" -v c="$2" '$1=="FIGURE" && $2==k {v=$c} END {print v}' "$fig"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "-" }'; }
mb() { [ -f "$1" ] && awk -v s="$(stat -c %s "$1")" 'BEGIN {printf "%.2f MB", s / 1e6}' || echo "-"; }
echo "== report bench: $N bundles x $PER responses, $SCHOOLS schools in the register (in $t)"
echo "   machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); commit $(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo '?')"
"$B" gen "$t/bundles" "$N" "$PER" >/dev/null || exit 1
"$B" register "$t/schools.csv" "$SCHOOLS" >/dev/null || exit 1
"$b/junheng" schools --db "$t/county.db" "$t/schools.csv" >/dev/null || exit 1
bench "$B" run "merge (setup)" "$b/junheng" merge --county 360701 --db "$t/county.db" "$t/bundles"
rm -rf "$t/bundles"
bench "$B" run "stats alone (junheng stats --out)" "$b/junheng" stats --db "$t/county.db" --out "$t/stats"
bench "$B" run "report (junheng report --db: stats + summary + annex + workbook, no PDF)" \
    "$b/junheng" report --db "$t/county.db" --out "$t/report" --no-pdf
bench "$B" run "render (junheng report --stats-json, no PDF)" \
    "$b/junheng" report --stats-json "$t/report/stats.json" --out "$t/render" --no-pdf
bench "$B" run "whole (junheng report --stats-json --annex off: one document, no PDF)" \
    "$b/junheng" report --stats-json "$t/report/stats.json" --out "$t/whole" --no-pdf --annex off
/usr/bin/python3 -c "
import json,sys
d=json.load(open(sys.argv[1]))
print('  responses %d, schools %d, rectification items %d, import attempts %d' % (d['responses']['total'],
      len(d['schools']), len(d['rectification']), len(d['imports']['log'])))" "$t/report/stats.json"
parts=$(cd "$t/report" && ls report-schools-*.html 2>/dev/null)
lists=$(cd "$t/report" && ls report-imports-*.html report-keys-*.html 2>/dev/null)
first_part=$(echo "$parts" | head -1)
load=$(bash "$here/chromium_load.sh" "$t/report/report.html" "$t/report/report-schools.html" \
       ${first_part:+"$t/report/$first_part"} "$t/whole/report.html")
lget() { echo "$load" | awk -v f="$1" '$2==f {print $3}'; }
pdf_s=""; prints=""
if [ -n "$(command -v chromium || command -v chromium-browser || command -v google-chrome)" ]; then
  bench "$B" run "pdfsum (junheng report --stats-json: the summary's PDF; RSS: the largest process)" \
      "$b/junheng" report --stats-json "$t/report/stats.json" --out "$t/pdf" --pdf-timeout 1800
  pdf_s=$(mb "$t/pdf/report.pdf")
  for f in report-schools.html $parts $lists; do
    line=$(bash "$here/chromium_print.sh" "$t/report/$f" "$t/${f%.html}.pdf")
    echo "$line $(mb "$t/${f%.html}.pdf" | tr ' ' '_')"
    prints="$prints$line $(mb "$t/${f%.html}.pdf" | tr ' ' '_')"$'\n'
    rm -f "$t/${f%.html}.pdf"
  done
  if [ "${REPORT_BENCH_WHOLE_ANNEX:-0}" = 1 ]; then
    "$b/junheng" report --stats-json "$t/report/stats.json" --out "$t/onean" --no-pdf --annex-part 0 >/dev/null
    line=$(bash "$here/chromium_print.sh" "$t/onean/report-schools.html" "$t/onean.pdf")
    prints="$prints${line/report-schools.html/report-schools.html(--annex-part_0)} $(mb "$t/onean.pdf" | tr ' ' '_')"$'\n'
  fi
else
  echo "SKIP PDF: Chromium not installed"
fi

echo
echo "== figures ($((N * PER)) responses, $SCHOOLS schools; issue 20)"
printf '%-62s %8s %8s %9s\n' "" "wall s" "CPU s" "RSS MB"
row() { [ -n "$(get "$2" 3)" ] && printf '%-62s %8s %8s %9s\n' "$1" "$(get "$2" 3)" "$(get "$2" 4)" "$(get "$2" 5)"; }
row "junheng stats" stats
row "junheng report --no-pdf (stats + summary + annex + workbook)" report
row "  rendering alone (--stats-json)" render
row "  one document (--annex off, --stats-json)" whole
row "report with the summary's PDF (--stats-json)" pdfsum
echo
echo "ratio report / stats: wall $(ratio "$(get report 3)" "$(get stats 3)"), CPU $(ratio "$(get report 4)" "$(get stats 4)") (target <= 2)"
printf '%-34s %12s %18s\n' "document" "size" "Chromium load ms"
printf '%-34s %12s %18s\n' "report.html (summary)" "$(mb "$t/report/report.html")" "$(lget "$t/report/report.html")"
printf '%-34s %12s %18s\n' "report-schools.html (annex index)" "$(mb "$t/report/report-schools.html")" "$(lget "$t/report/report-schools.html")"
[ -n "$first_part" ] && printf '%-34s %12s %18s\n' "$first_part" "$(mb "$t/report/$first_part")" "$(lget "$t/report/$first_part")"
[ -n "$parts" ] && echo "  (the annex in $(echo "$parts" | wc -l) parts, $(cd "$t/report" && cat $parts | wc -c | awk '{printf "%.2f MB", $1 / 1e6}') together)"
printf '%-34s %12s %18s\n' "report.html with --annex off" "$(mb "$t/whole/report.html")" "$(lget "$t/whole/report.html")"
printf '%-34s %12s\n' "report.xlsx" "$(mb "$t/report/report.xlsx")"
printf '%-34s %12s\n' "stats.json" "$(mb "$t/report/stats.json")"
[ -n "$pdf_s" ] && printf '%-34s %12s\n' "report.pdf (summary)" "$pdf_s"
echo "(Chromium load: navigation start to the load event with the whole layout done, target < 3000 ms for report.html)"
if [ -n "$prints" ]; then
  echo
  echo "== the annex printed, file by file (target for each: < 30 s and < 1 GB)"
  printf '%-44s %8s %8s %14s %9s %6s %10s\n' "file" "wall s" "CPU s" "max RSS MB" "PSS MB" "pages" "PDF"
  echo -n "$prints" | awk '{ n = split($2, p, "/"); gsub("_", " ", $8); printf "%-44s %8s %8s %14s %9s %6s %10s\n", p[n], $3, $4, $5, $6, $7, $8 }'
  echo -n "$prints" | awk '$2 ~ /report-schools-[0-9]/ { n++; w += $3; c += $4; if ($3 > mw) mw = $3; if ($6 > mp) mp = $6; pg += $7 }
    END { if (n) printf "parts: %d, %d pages, wall %.1f s in all (longest %.1f s), CPU %.1f s, peak PSS %d MB\n", n, pg, w, mw, c, mp }'
  echo -n "$prints" | awk '$2 ~ /report-(imports|keys)-[0-9]/ { n++; w += $3; c += $4; if ($3 > mw) mw = $3; if ($6 > mp) mp = $6; pg += $7 }
    END { if (n) printf "import log parts: %d, %d pages, wall %.1f s in all (longest %.1f s), CPU %.1f s, peak PSS %d MB\n", n, pg, w, mw, c, mp }'
  echo "(wall includes Chromium's start, about 2-5 s here; CPU: every Chromium process; PSS: all of them, shared pages once)"
fi
exit 0
