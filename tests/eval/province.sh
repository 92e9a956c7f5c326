#!/bin/bash
# The province view (issue 17): three county databases (the worked county;
# the same with the veto item cleared and a round closed; a generated county
# with survey answers) gathered into a province database and compared side by
# side in HTML, workbook, CSV and JSON.
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"; J="$b/junheng"
base=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-province.XXXXXX"); trap 'rm -rf "$t"' EXIT
fail=0
ok() { echo "PASS $1"; }
bad() { echo "FAIL $1"; fail=1; }
# county A: the worked county (veto fails)
"$J" schools --db "$t/A.db" "$src/tests/eval/register.csv" >/dev/null && "$J" county --db "$t/A.db" "$src/tests/eval/county.csv" >/dev/null || bad "county A"
# county B: veto cleared
sed -e 's/^V3.key_schools,,是,/V3.key_schools,,否,/' "$src/tests/eval/county.csv" > "$t/okfacts.csv"
"$J" schools --db "$t/B.db" "$src/tests/eval/register.csv" >/dev/null && "$J" county --db "$t/B.db" "$t/okfacts.csv" >/dev/null || bad "county B"
# county C: generated, 40 schools, answers from two kiosks (county code 360701)
python3 "$src/tests/eval/gen_county.py" 3 40 "$t/r3.csv" "$t/f3.csv" || bad "gen"
"$J" schools --db "$t/C.db" "$t/r3.csv" >/dev/null && "$J" county --db "$t/C.db" "$t/f3.csv" >/dev/null || bad "county C"
mkdir -p "$t/usb"
"$b/tests/stats_gen" "$t/k1.db" K-1 0030000 primary urban 8 2 1 "$t/usb" full >/dev/null
"$b/tests/stats_gen" "$t/k2.db" K-2 0030001 primary town 8 2 2 "$t/usb" full >/dev/null
"$J" merge --county 360701 --db "$t/C.db" "$t/usb" >/dev/null 2>&1

out=$("$J" province --db "$t/p.db" --out "$t/out" "$t/A.db" "$t/B.db" "$t/C.db" 2>&1) \
  && [[ "$out" == *"3 counties of round (no rounds) written"* ]] && ok "three counties gathered" || bad "province: $out"
for f in province.html province.xlsx province.csv province.json; do [ -s "$t/out/$f" ] || bad "no $f"; done
python3 - "$t/out/province.json" "$t/out/province.csv" <<'PY' && ok "verdicts side by side" || bad "province content"
import csv, json, sys
d = json.load(open(sys.argv[1]))
c = {e["county"]: e for e in d["counties"]}
# a database named by its county code (set by its first bundle), else by its file name
assert sorted(c) == ["360701", "A", "B"], sorted(c)
c["C"] = c["360701"]
assert c["A"]["evaluation"]["veto"] == "fail" and c["B"]["evaluation"]["veto"] == "pass"
assert c["A"]["evaluation"]["reason_zh"] == "一票否决事项不通过"
assert c["B"]["evaluation"]["overall"] == "fail"          # G3, G5 … still fail
assert len(c["C"]["schools"]) == 40
assert c["C"]["social_recognition"]["rate"] is not None   # C has answers
assert c["A"]["social_recognition"]["rate"] is None
assert c["A"]["cv"]["primary"]["L7"] > 0.5
rows = {r[0]: r for r in csv.reader(open(sys.argv[2], encoding="utf-8-sig"))}
assert rows["A"][8] == "未达标" and rows["B"][8] == "达标" and rows["A"][13] == "未达标", rows["A"]
assert rows["A"][6] == "无数据" and rows["A"][4] == "1.1180"
PY
/usr/bin/python3 - "$t/out/province.xlsx" <<'PY' && ok "workbook: verdicts, every CV, every school" || bad "province.xlsx"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
assert wb.sheetnames == ["各县评估结论", "各县差异系数", "学校"], wb.sheetnames
assert wb["各县评估结论"].max_row == 4
# sheet 1: counts, CVs and the rate are numbers with a number format, text only when no value
v = {r[0].value: r for r in wb["各县评估结论"].iter_rows(min_row=2)}
a, c = v["A"], v["360701"]
assert a[2].value == 3 and a[2].data_type == "n" and a[3].data_type == "n", (a[2].value, a[3].value)
assert abs(a[4].value - 1.118034) < 1e-5 and a[4].number_format == "0.0000", (a[4].value, a[4].number_format)
assert a[6].value == "无数据", a[6].value
assert isinstance(c[6].value, float) and 0 <= c[6].value <= 1 and c[6].number_format == "0.00%", (c[6].value, c[6].number_format)
cv = {(r[0], r[1]): r for r in wb["各县差异系数"].iter_rows(min_row=2, values_only=True)}
assert abs(cv[("A", "小学")][8] - 1.118034) < 1e-5, cv[("A", "小学")]
assert wb["学校"].max_row == 1 + 3 + 3 + 40
PY
# Issue 21: a figure beside its verdict never looks equal to its bound: county C's summary
# edited to social recognition 84.9999 % and a largest primary CV of 0.50003
sqlite3 "$t/p.db" "UPDATE province_counties SET summary = json_set(summary, '\$.social_recognition.rate', 0.849999,
  '\$.cv.primary.L1', 0.50003, '\$.cv.primary.L2', 0.1, '\$.cv.primary.L3', 0.1, '\$.cv.primary.L4', 0.1,
  '\$.cv.primary.L5', 0.1, '\$.cv.primary.L6', 0.1, '\$.cv.primary.L7', 0.1) WHERE county = '360701'" || bad "edit p.db"
"$J" province --db "$t/p.db" --out "$t/out5" >/dev/null 2>&1 || bad "province without counties"
python3 - "$t/out5/province.csv" <<'PY' && ok "CSV: 84.9999 % and 0.50003, not 85.00 % and 0.5000" || bad "CSV decimals"
import csv, sys
rows = {r[0]: r for r in csv.reader(open(sys.argv[1], encoding="utf-8-sig"))}
assert rows["360701"][6] == "84.9999%" and rows["360701"][4] == "0.50003", rows["360701"]
PY
/usr/bin/python3 - "$t/out5/province.xlsx" <<'PY' && ok "workbook: 84.9999 % and 0.50003 shown with their decimals (formats 0.0000% and 0.00000)" || bad "xlsx decimals"
import sys, openpyxl
v = {r[0].value: r for r in openpyxl.load_workbook(sys.argv[1])["各县评估结论"].iter_rows(min_row=2)}
c = v["360701"]
assert c[6].number_format == "0.0000%" and c[4].number_format == "0.00000", (c[6].number_format, c[4].number_format)
assert abs(c[6].value - 0.849999) < 1e-9 and abs(c[4].value - 0.50003) < 1e-9, (c[6].value, c[4].value)
PY
html="$t/out/province.html"
grep -q '<script type="application/json" id="province-data">' "$html" && grep -q '各县评估结论' "$html" \
  && [ "$(grep -o '<tr>' "$html" | wc -l)" -ge 4 ] && ok "HTML table" || bad "HTML"
# a county given again replaces its summary; no raw answers are kept
"$J" county --db "$t/A.db" "$t/okfacts.csv" >/dev/null
"$J" province --db "$t/p.db" --out "$t/out2" "$t/A.db" >/dev/null 2>&1 || bad "province again"
python3 -c "
import json; d = json.load(open('$t/out2/province.json'))
c = {e['county']: e for e in d['counties']}
assert len(c) == 3 and c['A']['evaluation']['veto'] == 'pass'" && ok "a county again replaces its summary" || bad "replace"
n=$(sqlite3 "$t/p.db" "SELECT count(*) FROM sqlite_master WHERE name LIKE '%response%'")
[ "$n" = 0 ] && ok "no raw answers in the province database" || bad "province db has response tables"
# a round: B closes 2026 and opens 2027; --round 2026 takes its frozen summary
"$J" round --db "$t/B.db" --open 2027 --since 2027-01-01 --previous 2026 >/dev/null || bad "round B"
out=$("$J" province --db "$t/p.db" --round 2026 --out "$t/out3" "$t/B.db" "$t/A.db" 2>&1); rc=$?
[ $rc -eq 0 ] && [[ "$out" == *"A.db has no rounds"*"taken as round 2026"* ]] && [[ "$out" == *"2 counties of round 2026 written"* ]] \
  && ok "--round: frozen summaries; a county that never opened a round is taken as that round, said" || bad "province --round (rc $rc): $out"
out=$("$J" province --db "$t/p.db" --round 2025 "$t/B.db" 2>&1); rc=$?
[ $rc -eq 1 ] && [[ "$out" == *"B.db has no closed round '2025'"* ]] \
  && ok "--round: a county with rounds but not that one is named" || bad "province --round 2025 (rc $rc): $out"
out=$("$J" province --db "$t/p.db" "$t/nothere.db" 2>&1); rc=$?
[ $rc -eq 1 ] && [[ "$out" == *"nothere.db"* ]] && ok "a missing county database is named" || bad "missing county (rc $rc): $out"
# a county database given as the province database is refused and left unchanged
before=$(sha256sum "$t/A.db" | cut -c1-64)
out=$("$J" province --db "$t/A.db" "$t/B.db" 2>&1); rc=$?
[ $rc -eq 2 ] && [[ "$out" == *"A.db is not a province database"* ]] && [ "$(sha256sum "$t/A.db" | cut -c1-64)" = "$before" ] \
  && ok "a county database as the province database is refused, unchanged" || bad "province --db county (rc $rc): $out"
# a full disk while the CSV is written (the third of the four files):
# the older set is left whole (before, the new .json and .html stood beside
# the older CSV and workbook)
for f in province.html province.xlsx province.csv province.json; do echo "older $f" > "$t/out2/$f"; done
out=$(env LD_PRELOAD="$b/tests/libfault_preload.so" ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
  JH_FAULT_WRITE=1 JH_FAULT_PATH=province.csv "$J" province --db "$t/p.db" --out "$t/out2" "$t/A.db" 2>&1); rc=$?
kept=0
for f in province.html province.xlsx province.csv province.json; do [ "$(cat "$t/out2/$f")" = "older $f" ] && kept=$((kept + 1)); done
[ $rc -eq 3 ] && [ $kept = 4 ] && [[ "$out" == *"nothing in $t/out2 was changed"* ]] \
  && [ -z "$(ls -A "$t/out2" | grep -v '^province\.')" ] \
  && ok "a full disk half-way: the older four files kept whole, no temporary folder left" \
  || bad "province on a full disk (rc $rc, $kept of 4 older files kept, $(ls -A "$t/out2" | tr '\n' ' ')): $out"
exit $fail
