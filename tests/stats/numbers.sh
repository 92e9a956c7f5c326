#!/bin/bash
# Issue 19 items 9, 10, 11 and 14 end to end: a register with a school of no
# students, a nine-year school without junior students (so one junior
# school remains), a school whose L3 is 0.89982 against the standard 0.90,
# and answers from a school not in the register.  Checks stats.json, the
# summary junheng stats prints, the report and the workbook.
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"; J="$b/junheng"
base=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-numbers.XXXXXX"); trap 'rm -rf "$t"' EXIT
fail=0
gen() { "$b/tests/stats_gen" "$@" >/dev/null || { echo "FAIL stats_gen $*"; exit 1; }; }
mkdir -p "$t/usb"
gen "$t/k1.db" K-P1 3607010001 primary urban 8 2 1 "$t/usb" full
gen "$t/k2.db" K-P2 3607010002 primary urban 7 3 2 "$t/usb" full
gen "$t/k3.db" K-P3 3607030001 primary rural 6 2 3 "$t/usb" full
gen "$t/k4.db" K-J1 3607010003 junior urban 6 2 4 "$t/usb" full
gen "$t/k5.db" K-N9 3607020003 nine_year town 5 1 5 "$t/usb" full
gen "$t/k6.db" K-XX 3607999999 primary town 6 0 6 "$t/usb" full     # not in the register
cat > "$t/schools.csv" <<'CSV'
code,name,level,locality,kind,enrolment,enrolment_primary,enrolment_junior,teachers,teachers_above_qualification,teachers_intermediate_title,backbone_teachers,pe_art_teachers,floor_area,sports_area,equipment_value,multimedia_classrooms,computers,books
3607010001,城关一小,primary,urban,public,1667,,,100,95,60,20,15,8000,13000,"3,400,000",40,200,40000
3607010002,城关二小,primary,urban,public,1200,,,70,66,40,14,12,5800,9500,2600000,30,150,30000
3607030001,柳林小学,primary,rural,public,600,,,36,33,20,7,6,2900,4800,1300000,15,70,15000
3607030009,空校,primary,rural,public,0,,,3,3,2,1,1,900,1500,300000,4,20,5000
3607020003,石桥九年制,nine_year,town,public,500,500,0,30,28,18,6,5,2400,4000,1100000,12,60,12000
3607010003,实验中学,junior,urban,public,1000,,,80,75,50,12,10,6200,11000,2800000,26,150,35000
CSV
"$J" merge --county 360701 --db "$t/county.db" "$t/usb" >/dev/null 2>&1 || { echo "FAIL merge"; exit 1; }
load=$("$J" schools --db "$t/county.db" "$t/schools.csv" 2>&1) || { echo "FAIL schools: $load"; exit 1; }
# item 9: warned at load
[[ "$load" == *"schools.csv:5: school 3607030009 has no students (在校生数为 0): it is left out of every CV and of compliance"* ]] \
  || { echo "FAIL no load warning for the school without students: $load"; fail=1; }
[[ "$load" == *"schools.csv:6: school 3607020003: its junior part has no students (初中在校生数为 0): it is not counted as a junior school"* ]] \
  || { echo "FAIL no load warning for the empty junior part: $load"; fail=1; }
sum=$("$J" stats --db "$t/county.db" --out "$t/stats" 2>&1) || { echo "FAIL stats: $sum"; exit 1; }
echo "$sum"
# item 11: said first
[[ "$(echo "$sum" | sed -n 2p)" == "  注意 NOTE: 6 questionnaires from schools not in the register (3607999999) are held out of every county figure below until registered"* ]] \
  || { echo "FAIL the summary does not say first that 6 questionnaires are held out"; fail=1; }
# item 10: one junior school, no CV
[[ "$sum" == *"junior secondary (1 school): quality CVs 无法计算 cannot be computed; basic composite CV 无法计算 cannot be computed"* ]] \
  || { echo "FAIL the summary gives a junior CV verdict with one school"; fail=1; }
# (in the language of the messages: English here, Chinese with --lang zh)
[[ "$sum" == *"junior secondary: Cannot be computed: 1 school with a value; a coefficient of variation between schools needs at least two."* ]] \
  && [[ "$sum" != *"参与计算的学校不足"* ]] || { echo "FAIL the summary gives no English reason for the junior CV"; fail=1; }
sum_zh=$("$J" --lang zh stats --db "$t/county.db" 2>&1)
[[ "$sum_zh" == *"初中：无法计算：参与计算的学校不足 2 所（1 所），无从衡量学校间的差异。"* ]] && [[ "$sum_zh" != *"Cannot be computed"* ]] \
  || { echo "FAIL the Chinese summary gives no Chinese reason for the junior CV: $(grep 初中 <<<"$sum_zh")"; fail=1; }
# item 12: the summary calls the gap significant exactly when its interval excludes 0
sig=$(/usr/bin/python3 -c 'import json,sys; g = json.load(open(sys.argv[1]))["satisfaction_balance"]["urban_rural_gap"]; print(int(g["ci_low"] > 0 or g["ci_high"] < 0))' "$t/stats/stats.json")
gapline=$(echo "$sum" | grep '城乡差距')
if [ "$sig" = 1 ]; then [[ "$gapline" == *" 显著 (significant)" ]]; else [[ "$gapline" == *"不显著：区间含 0"* ]]; fi \
  || { echo "FAIL gap line '$gapline' (interval excludes 0: $sig)"; fail=1; }
# item 14: a threshold the rate misses by less than the rounding
rate=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["satisfaction"]["county"]["answers"]["rate"])' "$t/stats/stats.json")
thr=$(/usr/bin/python3 -c 'import sys; r = float(sys.argv[1]); print(round(r, 3) + (0.0005 if round(r, 3) <= r else 0))' "$rate")
sum2=$("$J" stats --db "$t/county.db" --threshold "$thr" 2>&1)
/usr/bin/python3 - "$rate" "$thr" "$sum2" <<'PY' || fail=1
import re, sys
rate, thr, out = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
line = [l for l in out.splitlines() if "headline" in l][0]
m = re.search(r": ([0-9.]+)% \[.*\] vs ([0-9.]+)%: (\S+)", line)
if not m:
    print("FAIL summary line: " + line); sys.exit(1)
shown, shown_thr, verdict = m.groups()
bad = 0
if verdict != "FAIL" or float(shown_thr) != round(thr * 100, 6) or shown == shown_thr:
    print("FAIL rate %.6f against threshold %.6f shown as '%s%%' vs '%s%%' %s" % (rate, thr, shown, shown_thr, verdict))
    bad = 1
sys.exit(bad)
PY
# the CSV files too
grep -q $'^\t''3607010001,城关一小,小学,L3,[^,]*,0.8998,0.90,99.98%,' "$t/stats/rectification.csv" \
  || { echo "FAIL rectification.csv row: $(grep $'^\t3607010001' "$t/stats/rectification.csv")"; fail=1; }
[ "$(grep -c '^初中,L[1-7],[^,]*,1,[^,]*,[^,]*,无法计算,' "$t/stats/balance_cv.csv")" = 7 ] \
  || { echo "FAIL balance_cv.csv: the junior CVs are not 无法计算"; fail=1; }
# item 6 in this county too: nothing hidden can be derived
/usr/bin/python3 "$src/tests/stats/check_privacy.py" --algebra "$t/county.db" "$t/stats/stats.json" 5 || fail=1
"$J" report --db "$t/county.db" --out "$t/report" --no-pdf >/dev/null 2>&1 || { echo "FAIL report"; fail=1; }
/usr/bin/python3 - "$t/stats/stats.json" "$t/report/report.html" "$t/report/report.xlsx" <<'PY' || fail=1
import json, re, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
html = open(sys.argv[2], encoding="utf-8").read()
bad = 0
def check(what, ok):
    global bad
    if not ok:
        print("FAIL " + what); bad = 1
schools = {s["code"]: s for s in doc["schools"]}
# item 9
check("school without students excluded with its reason",
      schools["3607030009"]["excluded"] and schools["3607030009"]["exclusion_reason"] == "no students enrolled (在校生数为 0)")
check("nine-year school's empty junior part listed", schools["3607020003"]["empty_parts"] == ["junior"])
check("nine-year school has no junior part", [p["level"] for p in schools["3607020003"]["parts"]] == ["primary"])
check("primary level counts 4 schools (not the empty one)", doc["balance"]["primary"]["n_schools"] == 4)
check("junior level counts 1 school (not the empty part)", doc["balance"]["junior"]["n_schools"] == 1)
check("no rectification row for the empty part", not any(r["school_code"] == "3607020003" and r["level"] == "junior"
                                                          for r in doc["rectification"]))
# item 10
j = doc["balance"]["junior"]
check("junior CVs undefined", all(q["cv"] is None and q["pass"] is None and q["cv_reason"].startswith("无法计算")
                                  for q in j["quality"]))
check("junior quality verdict undecided", j["quality_cvs_pass"] is None and doc["verdicts"]["junior"]["quality_cvs_pass"] is None)
check("junior verdict gives the reason", doc["verdicts"]["junior"]["cv_reason"].startswith("无法计算"))
check("junior basic composite undefined", j["basic_composite"]["cv"] is None and j["basic_composite"]["pass"] is None)
check("report says why the junior CVs are missing", j["cv_reason"] in html.replace("&#39;", "'"))
check("report shows 无法计算 in the CV table", "<td class=\"r\">无法计算</td>" in html)
# item 11
check("report says first that answers are held out", 'id="unregistered"' in html and
      html.index('id="unregistered"') < html.index('class="verdicts"'))
check("held-out count", doc["unregistered"]["n_questionnaires"] == 6)
# item 14: 15 PE/art teachers for 1,667 students = 0.89982 per 100 against 0.90
row = re.search(r"<tr><td class=\"r\">\d+</td><td>城关一小</td><td>小学</td><td>L3 [^<]*</td>(.*?)</tr>", html)
check("rectification row of 城关一小 L3", row is not None)
if row:
    cells = re.findall(r">([^<>]+)</span>", row.group(1))
    check("value shown apart from the standard: %s" % cells[:3], cells[0] == "0.8998" and cells[1] == "0.90")
    check("ratio not shown as 100.0 %%: %s" % cells[2], cells[2] == "99.98 %")
try:
    import openpyxl
except ImportError:
    sys.exit(bad)
wb = openpyxl.load_workbook(sys.argv[3])
ws = wb["整改清单"]
for r in ws.iter_rows(min_row=2):
    if r[0].value == "3607010001" and r[3].value == "L3":
        check("workbook value format %r" % r[5].number_format, r[5].number_format == "#,##0.0000")
        check("workbook ratio format %r" % r[7].number_format, r[7].number_format == "0.00%")
        break
else:
    check("workbook row 城关一小 L3", False)
summ = [[c.value for c in r] for r in wb["汇总"].iter_rows()]
check("workbook summary says the junior CV cannot be computed",
      any(r[0] == "初中：差异系数" and r[2] == "无法计算" for r in summ))
check("workbook summary counts the held-out questionnaires",
      any(r[0] and "未在学校名册" in r[0] and r[1] == 6 for r in summ))
sys.exit(bad)
PY
[ $fail -eq 0 ] && echo "PASS numbers that must not mislead"
exit $fail
