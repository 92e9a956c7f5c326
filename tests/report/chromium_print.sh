#!/bin/bash
# chromium_print.sh HTML PDF - prints HTML to PDF with headless Chromium the
# way `junheng report` does (tools/report_pdf.c: the same flags) and
# measures it, for the report benchmark (label bench; prints, asserts
# nothing).  Prints one line:
#   PRINT file wall_s cpu_s max_rss_mb pss_mb pages
# wall_s from start to exit; cpu_s user+system of every Chromium process
# (perf stat's task-clock, which follows the helpers Chromium forks; "-"
# without perf); max_rss_mb the largest resident set of one Chromium
# process and pss_mb the proportional set size of all of them together
# (shared pages counted once: the memory the print takes from the
# machine), both the peak of samples every 0.1 s; pages from pdfinfo ("-"
# without it).
set -u
html=$1; pdf=$2
browser=${JH_CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}
[ -n "$browser" ] || { echo "PRINT $html - - - - -"; exit 0; }
d=$(mktemp -d "${TMPDIR:-/tmp}/jh-print.XXXXXX")
case "$html" in /*) url="file://$html" ;; *) url="file://$PWD/$html" ;; esac
cmd=("$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
     --disable-component-update --disable-sync --disable-extensions --user-data-dir="$d/profile"
     --print-to-pdf="$pdf" --no-pdf-header-footer "$url")
start=$(date +%s.%N)
if command -v perf >/dev/null && perf stat -x, -e task-clock -o "$d/perf" true 2>/dev/null; then
  setsid perf stat -x, -e task-clock -o "$d/perf" "${cmd[@]}" >/dev/null 2>&1 &
else
  setsid "${cmd[@]}" >/dev/null 2>&1 &
fi
pid=$!
max=0; sum=0
# every process of the session (Chromium's browser, zygote, renderer, GPU and utility processes)
while kill -0 "$pid" 2>/dev/null; do
  m=$(ps -o rss= -s "$pid" 2>/dev/null | awk '{ if ($1 > m) m = $1 } END { print m + 0 }')
  s=$(for p in $(ps -o pid= -s "$pid" 2>/dev/null); do cat "/proc/$p/smaps_rollup" 2>/dev/null; done |
      awk '/^Pss:/ { s += $2 } END { print s + 0 }')
  [ "$m" -gt "$max" ] && max=$m
  [ "$s" -gt "$sum" ] && sum=$s
  sleep 0.1
done
wait "$pid"
end=$(date +%s.%N)
cpu=$(awk -F, '$3 == "task-clock" { printf "%.2f", $1 / 1000 }' "$d/perf" 2>/dev/null)
pages=$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
awk -v f="$html" -v a="$start" -v b="$end" -v c="${cpu:--}" -v m="$max" -v s="$sum" -v p="${pages:--}" \
    'BEGIN { printf "PRINT %s %.2f %s %.0f %.0f %s\n", f, b - a, c, m / 1024, s / 1024, p }'
rm -rf "$d"
