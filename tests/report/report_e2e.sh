#!/bin/bash
# End to end: kiosks (the store API through the stats tests' stats_gen) write
# signed bundles for several schools; one bundle is edited after signing;
# junheng merges them (the edited one is rejected with its reason), loads
# the school register, and writes the report from the database.  The HTML
# and the workbook are checked against the stats.json the report wrote and
# against a separate `junheng stats` run over the same database.
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"
py=/usr/bin/python3
base=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm   # fsync-heavy: prefer tmpfs
t=$(mktemp -d "$base/jh-report-e2e.XXXXXX"); trap 'rm -rf "$t"' EXIT
fail=0
pass() { echo "PASS $*"; }
bad() { echo "FAIL $*"; fail=1; }
gen() { "$b/tests/stats_gen" "$@" >/dev/null || { echo "FAIL stats_gen $*"; exit 1; }; }
if [ ! -x "$b/tests/stats_gen" ]; then echo "FAIL $b/tests/stats_gen (the stats tests' kiosk helper) is not built"; exit 1; fi

mkdir -p "$t/usb"
gen "$t/k1.db" K-CG1-01 3607010001 primary urban 14 6 1 "$t/usb" full
gen "$t/k2.db" K-HK1-01 3607020001 primary town 10 4 2 "$t/usb" full
gen "$t/k3.db" K-SQ9-01 3607020003 nine_year town 12 5 3 "$t/usb" full
gen "$t/k4.db" K-LL1-01 3607030001 primary rural 9 3 4 "$t/usb" full
gen "$t/k5.db" K-LLZ-01 3607030002 junior rural 8 5 5 "$t/usb" full
gen "$t/k6.db" K-SM-01 3607030005 primary rural 3 0 6 "$t/usb" full      # under the minimum group
# A bundle edited after it was signed: one answer changed.
mkdir -p "$t/usb2"
gen "$t/k7.db" K-QS-01 3607030003 nine_year rural 6 2 7 "$t/usb2" full
bundle=$(ls "$t"/usb2/*.json | head -1)
$py - "$bundle" <<'PY' || { echo "FAIL could not edit the bundle"; exit 1; }
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
for a, b in (('"satisfied"', '"dissatisfied"'), ('"fairly"', '"basic"'), ('"yes"', '"no"')):
    if a in s:
        s = s.replace(a, b, 1)
        break
else:
    sys.exit("nothing to edit")
open(p, "w", encoding="utf-8").write(s)
PY

# A kiosk whose first bundle never reached the bureau (a lost USB stick):
# only its second, incremental one is merged; seq 1..n are missing.
mkdir -p "$t/lost" "$t/usb3"
gen "$t/k8.db" K-GAP-01 3607010002 primary urban 7 2 8 "$t/lost" full
gen "$t/k8.db" K-GAP-01 3607010002 primary urban 6 2 9 "$t/usb3" incremental
# A school not in the register (its answers are held out of the county's figures).
gen "$t/k9.db" K-NEW-01 3607999998 primary rural 6 1 10 "$t/usb3" full
n_lost=$($py -c "import json,sys; print(json.load(open(sys.argv[1]))['manifest']['last_seq'])" "$(ls "$t"/lost/*.json)")

db="$t/county.db"
# Merged in Chinese (the default), so the reasons stored are the clerk's.
out=$("$b/junheng" --lang zh merge --county 360701 --db "$db" "$t/usb" "$t/usb2" "$t/usb3" 2>&1); rc=$?
[ $rc = 1 ] && pass "merge rejects the edited bundle (exit 1)" || bad "merge exit $rc: $out"
"$b/junheng" schools --db "$db" "$src/data/sample/schools.csv" >/dev/null || bad "schools"

# The report from the database.
out=$("$b/junheng" report --db "$db" --out "$t/report" --no-pdf --county-name 青山县 --county-code 361102 \
  --issuer 青山县教育局 --round 2026 2>&1); rc=$?
[ $rc = 0 ] && pass "report --db exit 0" || bad "report exit $rc: $out"
for f in report.html report.xlsx stats.json; do
  [ -s "$t/report/$f" ] && pass "$f written" || bad "$f missing: $out"
done
sections="title verdicts schools topics localities cv cards rectify appendix imports quality sample surveys methods"
$py "$src/tests/report/check_html.py" "$t/report/report.html" "$t/report/stats.json" $sections \
  && pass "html equals the report's stats.json" || bad "html vs report stats.json"
$py "$src/tests/report/check_xlsx.py" "$t/report/report.xlsx" "$t/report/stats.json" \
  && pass "xlsx equals the report's stats.json" || bad "xlsx vs report stats.json"

# The same numbers as an independent `junheng stats` run (only the time stamps differ).
"$b/junheng" stats --db "$db" --out "$t/stats" >/dev/null || bad "junheng stats"
$py "$src/tests/report/check_html.py" "$t/report/report.html" "$t/stats/stats.json" $sections \
  && pass "html equals junheng stats' stats.json" || bad "html vs junheng stats"
$py "$src/tests/report/check_xlsx.py" "$t/report/report.xlsx" "$t/stats/stats.json" \
  && pass "xlsx equals junheng stats' stats.json" || bad "xlsx vs junheng stats"

html="$t/report/report.html"
# Whose report: county, code, round, issuer and a Chinese date on the title page.
$py - "$html" <<'PY' && pass "title page: county, code, round, issuer, Chinese date" || bad "title page"
import re, sys
h = open(sys.argv[1], encoding="utf-8").read()
title = h[h.index('<header id="title">'):h.index('</header>')]
assert "<h1>青山县2026年县域义务教育均衡发展监测报告</h1>" in title, title[:300]
assert "（行政区划代码 361102）" in title and "青山县教育局" in title and "2026年" in title
assert re.search(r"<th>报告日期</th><td>20\d\d年\d{1,2}月\d{1,2}日</td>", title), "no Chinese date"
assert "统计口径：" in title and "（北京时间）" in title
assert 'content:"青山县2026年县域义务教育均衡发展监测报告 · 青山县教育局"' in h, "page header"
PY
# Without --county-code the report takes the county's code the merge recorded
# (the one --county gave at the first merge).
"$b/junheng" report --db "$db" --out "$t/nocode" --no-pdf >/dev/null || bad "report without --county-code"
want=$(sqlite3 "$db" "SELECT value FROM meta WHERE key = 'county_code'" 2>/dev/null)
got=$($py -c "import json,sys; print(json.load(open(sys.argv[1]))['report']['county_code'] or '')" "$t/nocode/stats.json")
[ -n "$want" ] && [ "$got" = "$want" ] && grep -q "（行政区划代码 $want）" "$t/nocode/report.html" \
  && pass "county code $got from the database" || bad "county code: report has '$got', database '$want'"
# Missing data: the kiosk whose first bundle was lost, in stats.json and the report.
$py - "$t/report/stats.json" "$html" "$n_lost" <<'PY' && pass "missing seq 1-$n_lost of K-GAP-01 shown" || bad "missing data"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
h = open(sys.argv[2], encoding="utf-8").read()
n = int(sys.argv[3])
cov = {k["kiosk_id"]: k for k in d["imports"]["coverage"]}
g = cov["K-GAP-01"]
assert g["missing_ranges"] == [{"from": 1, "to": n}] and g["missing"] == n and g["first_seq"] == n + 1, g
assert all(k["missing"] == 0 for k in cov.values() if k["kiosk_id"] != "K-GAP-01"), cov
assert d["imports"]["kiosks_with_missing"] == 1 and d["imports"]["missing_responses"] == n
sec = h[h.index('<h4 id="missing">'):h.index('<h3 id="quality">')]
assert "K-GAP-01" in sec and 'data-p="/imports/coverage/' in sec, sec[:500]
assert "数据缺失：" in h[:h.index('</header>')], "no note on the title page"
PY
# Nothing English in the report and the workbook made from a real database.
$py "$src/tests/report/check_chinese.py" "$html" "$t/report/report.xlsx" \
  && pass "no English words in report.html and report.xlsx" || bad "English words in the Chinese report"
# The rejected bundle and its reason are in the appendix, with the file name.
name=$(basename "$bundle")
grep -q "$name" "$html" && grep -q '× 已拒绝' "$html" && pass "rejected bundle listed" || bad "rejected bundle not in the appendix"
reason=$($py -c "
import json,sys
d=json.load(open(sys.argv[1]))
r=[e for e in d['imports']['log'] if e['verdict']=='rejected']
print(r[0]['reason'] if r else '')" "$t/report/stats.json")
[ -n "$reason" ] && pass "stats.json has the rejection reason: $reason" || bad "no rejection reason"
# The school under the minimum group is shown as suppressed, not as a rate.
grep -q '样本不足 (n&lt;5)' "$html" && pass "small group suppressed" || bad "no 样本不足"
# Verdicts come first: the verdict section precedes every other section.
v=$(grep -bo 'id="verdicts"' "$html" | head -1 | cut -d: -f1)
s=$(grep -bo 'id="schools"' "$html" | head -1 | cut -d: -f1)
[ -n "$v" ] && [ -n "$s" ] && [ "$v" -lt "$s" ] && pass "verdicts first" || bad "verdicts not first"

# A larger minimum group suppresses more groups, in the document and the report alike.
"$b/junheng" report --db "$db" --out "$t/min20" --min-group 20 --no-pdf >/dev/null || bad "report --min-group 20"
$py "$src/tests/report/check_html.py" "$t/min20/report.html" "$t/min20/stats.json" >/dev/null \
  && pass "--min-group 20: html equals its stats.json" || bad "--min-group 20 html check"
n5=$(grep -o 'data-suppressed="1"' "$html" | wc -l)
n20=$(grep -o 'data-suppressed="1"' "$t/min20/report.html" | wc -l)
mg=$($py -c "import json,sys; print(json.load(open(sys.argv[1]))['options']['min_group'])" "$t/min20/stats.json")
[ "$n20" -gt "$n5" ] && [ "$mg" = 20 ] && grep -q '样本不足 (n&lt;20)' "$t/min20/report.html" \
  && pass "--min-group 20: $n20 suppressed groups shown (against $n5)" || bad "--min-group 20: $n20 vs $n5, min_group $mg"

# Errors a person can act on.
out=$("$b/junheng" report --db "$t/nope.db" --out "$t/x" 2>&1); rc=$?
[ $rc = 3 ] && [[ "$out" == *"nope.db: no such database (check the name, or build it with \`junheng merge --db"* ]] && [ ! -e "$t/nope.db" ] \
  && pass "missing database: exit 3, not created" || bad "missing database: rc=$rc $out"
touch "$t/blocker"
out=$("$b/junheng" report --db "$db" --out "$t/blocker/sub" --no-pdf 2>&1); rc=$?
[ $rc = 3 ] && pass "unusable output directory: exit 3 ($out)" || bad "output dir: rc=$rc $out"
exit $fail
