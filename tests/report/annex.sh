#!/bin/bash
# The report of a county with many schools (issue 20): report.html holds the
# county's sections and no per-school pages, report-schools.html holds every
# school (a card each, the whole table, the whole rectification list, every
# import attempt); every number of both checks against stats.json; the
# summary does not grow when the same bundles are merged again (the import
# log does); --annex off writes one document and removes an older annex.
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"
base=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-annex.XXXXXX"); trap 'rm -rf "$t"' EXIT
fail=0
bad() { echo "FAIL $*"; fail=1; }
"$b/tests/stats_bench" gen "$t/bundles" 40 15 >/dev/null || exit 1
"$b/tests/stats_bench" register "$t/schools.csv" 250 >/dev/null || exit 1
"$b/junheng" schools --db "$t/county.db" "$t/schools.csv" >/dev/null || { echo "FAIL schools"; exit 1; }
"$b/junheng" merge --db "$t/county.db" "$t/bundles" >/dev/null || { echo "FAIL merge"; exit 1; }
"$b/junheng" report --db "$t/county.db" --out "$t/r1" --no-pdf >"$t/r1.log" 2>&1 || { cat "$t/r1.log"; exit 1; }
[ -s "$t/r1/report-schools.html" ] || bad "250 schools (> 200): no report-schools.html"
grep -q 'report-schools.html' "$t/r1.log" || bad "the command does not name the annex"
/usr/bin/python3 "$src/tests/report/check_html.py" "$t/r1/report.html" "$t/r1/stats.json" \
    title verdicts schools topics localities cv cards rectify appendix >"$t/c1" 2>&1 || { cat "$t/c1"; bad "summary check"; }
/usr/bin/python3 "$src/tests/report/check_html.py" "$t/r1/report-schools.html" "$t/r1/stats.json" \
    title schools cards rectify imports >"$t/c2" 2>&1 || { cat "$t/c2"; bad "annex check"; }
/usr/bin/python3 - "$t/r1" <<'PY' || fail=1
import json, re, sys
d = sys.argv[1]
stats = json.load(open(d + "/stats.json", encoding="utf-8"))
summ = open(d + "/report.html", encoding="utf-8").read()
annex = open(d + "/report-schools.html", encoding="utf-8").read()
bad = 0
def check(what, ok, detail=""):
    global bad
    if not ok:
        print("FAIL %s %s" % (what, detail)); bad = 1
n_schools, n_by = len(stats["schools"]), len(stats["satisfaction"]["by_school"])
n_rect, n_log = len(stats["rectification"]), len(stats["imports"]["log"])
check("summary is marked", 'data-report-part="summary"' in summ)
check("annex is marked", 'data-report-part="annex"' in annex)
# the summary: the county's sections, no per-school pages
check("summary has no school cards", 'class="card"' not in summ, summ.count('class="card"'))
check("summary links the annex cards", 'href="report-schools.html#cards"' in summ)
rows = re.search(r'<table class="schools">.*?</table>', summ, re.S).group(0).count("<tr>") - 1
check("summary lists at most the 40 lowest schools", 0 < rows <= 40, rows)
check("summary has no rectification table", '<table class="rectify">' not in summ)
check("summary has no import table", '<table class="imports">' not in summ)
check("summary has no embedded statistics", 'id="jh-stats"' not in summ)
# the annex: every school
cards = set(int(i) for i in re.findall(r'<div class="card" id="school-(\d+)"', annex))
check("annex has a card for every school", cards == set(range(n_schools)), "%d of %d" % (len(cards), n_schools))
rows = re.search(r'<table class="schools">.*?</table>', annex, re.S).group(0).count("<tr>") - 1
check("annex lists every school with responses", rows == n_by, "%d of %d" % (rows, n_by))
if n_rect:
    rows = re.search(r'<table class="rectify">.*?</table>', annex, re.S).group(0).count("<tr>") - 1
    check("annex has the whole rectification list", rows == n_rect, "%d of %d" % (rows, n_rect))
rows = re.search(r'<table class="imports">.*?</table>', annex, re.S).group(0).count("<tr>") - 1
check("annex has every import attempt", rows == n_log, "%d of %d" % (rows, n_log))
check("annex links back to the summary", 'href="report.html"' in annex)
check("annex is titled as the annex", re.search(r"<h1>[^<]*附件：各校情况</h1>", annex) is not None)
check("annex has no county verdicts", 'id="verdicts"' not in annex)
sys.exit(bad)
PY
# Merged again with newer exports of the same kiosks (conflicting ones
# among them): the import log grows by a row a file, the annex with it; the
# summary only shows counts, so it stays the same size (within digits).
"$b/tests/stats_bench" gen "$t/more1" 40 16 >/dev/null && "$b/tests/stats_bench" gen "$t/more2" 40 17 >/dev/null || exit 1
"$b/junheng" merge --db "$t/county.db" "$t/more1" >/dev/null 2>&1
"$b/junheng" merge --db "$t/county.db" "$t/more2" >/dev/null 2>&1
"$b/junheng" merge --db "$t/county.db" "$t/more2" >/dev/null 2>&1
"$b/junheng" report --db "$t/county.db" --out "$t/r2" --no-pdf >/dev/null 2>&1 || bad "report after re-merges"
l1=$(sqlite3 "$t/county.db" "SELECT count(*) FROM imports WHERE id <= 40"); l2=$(sqlite3 "$t/county.db" "SELECT count(*) FROM imports")
s1=$(stat -c %s "$t/r1/report.html"); s2=$(stat -c %s "$t/r2/report.html")
a1=$(stat -c %s "$t/r1/report-schools.html"); a2=$(stat -c %s "$t/r2/report-schools.html")
echo "after two more merges: import log $l1 -> $l2 rows, summary $s1 -> $s2 bytes, annex $a1 -> $a2 bytes"
[ "$l2" -ge $((l1 + 80)) ] || bad "the merges added no import rows ($l1 -> $l2): the test proves nothing"
[ "$a2" -gt "$a1" ] || bad "the annex did not grow with the import log"
d=$((s2 > s1 ? s2 - s1 : s1 - s2))
[ $((d * 200)) -le "$s1" ] || bad "summary size changed by $d bytes (more than 0.5 %) with the import log"
# --annex off: one document, the statistics embedded, the older annex removed
"$b/junheng" report --db "$t/county.db" --out "$t/r2" --no-pdf --annex off >/dev/null 2>&1 || bad "--annex off"
[ -e "$t/r2/report-schools.html" ] && bad "--annex off left the older report-schools.html"
grep -q 'id="jh-stats"' "$t/r2/report.html" && grep -q 'class="card"' "$t/r2/report.html" ||
  bad "--annex off: report.html is not the whole report"
grep -q 'data-report-part' "$t/r2/report.html" && bad "--annex off: report.html is marked as a part"
# --annex on for a small county, and a bad value
"$b/junheng" report --db "$t/county.db" --out "$t/r3" --no-pdf --annex on >/dev/null 2>&1 && [ -s "$t/r3/report-schools.html" ] ||
  bad "--annex on wrote no annex"
out=$("$b/junheng" report --db "$t/county.db" --out "$t/r4" --no-pdf --annex maybe 2>&1); rc=$?
[ $rc -eq 2 ] && [[ "$out" == *"--annex"*"maybe"* ]] || bad "--annex maybe: exit $rc, $out"
[ $fail -eq 0 ] && echo "PASS summary without per-school pages, annex with every school, summary size steady"
exit $fail
