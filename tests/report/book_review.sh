#!/bin/bash
# Outside reviews rdoc3 and rnum3 (session 18): the CSV files, the workbook and
# the CLI summary read right.  A county of three primary schools with no
# questionnaire holding the locality item (the 1.0 questionnaires), CVs over
# their limits, a population of 30,000.
set -u
b="$JH_BUILD_DIR"; J="$b/junheng"
base=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-book.XXXXXX"); trap 'rm -rf "$t"' EXIT
fail=0
ok() { echo "PASS $1"; }
bad() { echo "FAIL $1"; fail=1; }
gen() { "$b/tests/stats_gen" "$@" >/dev/null || { echo "FAIL stats_gen $*"; exit 1; }; }
mkdir -p "$t/usb"
gen "$t/k1.db" K-P1 3607010001 primary urban 8 2 1 "$t/usb" full
gen "$t/k2.db" K-P2 3607020001 primary town 9 3 2 "$t/usb" full
gen "$t/k3.db" K-P3 3607030001 primary rural 9 3 3 "$t/usb" full
cat > "$t/schools.csv" <<'CSV'
code,name,level,locality,kind,enrolment,enrolment_primary,enrolment_junior,teachers,teachers_above_qualification,teachers_intermediate_title,backbone_teachers,pe_art_teachers,floor_area,sports_area,equipment_value,multimedia_classrooms,computers,books
3607010001,城关小学,primary,urban,public,1600,,,100,95,60,20,15,30000,13000,3400000,40,200,40000
3607020001,镇中心小学,primary,town,public,500,,,30,28,18,6,5,300,4000,1100000,12,60,12000
3607030001,柳林小学,primary,rural,public,400,,,26,24,14,5,4,400,4800,1300000,10,50,15000
3607010002,城关中学,junior,urban,public,600,,,50,45,30,8,6,5000,9000,2100000,20,120,30000
3607030002,柳林中学,junior,rural,public,400,,,30,27,18,5,4,3000,6000,1400000,12,70,18000
CSV
"$J" merge --county 360701 --db "$t/county.db" "$t/usb" >/dev/null 2>&1 || { echo "FAIL merge"; exit 1; }
"$J" schools --db "$t/county.db" "$t/schools.csv" >/dev/null 2>&1 || { echo "FAIL schools"; exit 1; }
"$J" stats --db "$t/county.db" --out "$t/stats" --population 30000 >/dev/null 2>&1 || { echo "FAIL stats"; exit 1; }

# rdoc3: the Chinese summary names the level in Chinese (小学, not primary)
sum_zh=$("$J" --lang zh stats --db "$t/county.db" --population 30000 2>&1)
over=$(grep '差异系数超限' <<<"$sum_zh")
[ -n "$over" ] && ! grep -q 'primary\|junior' <<<"$over" && grep -q '差异系数超限：小学 L' <<<"$over" \
  && ok "Chinese summary: CV over limit names 小学" || bad "Chinese summary: $over"

# rnum3: balance_cv.csv's composite rows name their level; small means keep their digits
/usr/bin/python3 - "$t/stats" <<'PY' || fail=1
import csv, json, sys
d = sys.argv[1]
doc = json.load(open(d + "/stats.json", encoding="utf-8"))
bad = 0
def check(what, good):
    global bad
    print(("PASS " if good else "FAIL ") + what)
    bad |= not good
rows = list(csv.DictReader(open(d + "/balance_cv.csv", encoding="utf-8-sig")))
comp = [r for r in rows if "综合差异系数" in r["指标"]]
check("balance_cv.csv: composite rows have their level: %s" % [r["学段"] for r in comp],
      len(comp) == 4 and [r["学段"] for r in comp] == ["小学", "小学", "初中", "初中"])
for r in rows:
    if r["加权平均"] and abs(float(r["加权平均"])) < 1:
        # (at least 4, more where SD / mean would not give the CV back: review rclerk9 item 8)
        dm, ds = len(r["加权平均"].split(".")[1]), len(r["标准差"].split(".")[1])
        ok = dm >= 4 and dm == ds and "%.4f" % (float(r["标准差"]) / float(r["加权平均"])) == r["差异系数"]
        check("balance_cv.csv %s: mean %s and SD %s with 4 decimals or more, giving the CV %s back" % (
            r["指标代码"], r["加权平均"], r["标准差"], r["差异系数"]), ok)
si = list(csv.DictReader(open(d + "/school_indicators.csv", encoding="utf-8-sig")))
check("school_indicators.csv: enrolment a whole number: %s" % [r["在校生数"] for r in si],
      sorted(r["在校生数"] for r in si) == ["1600", "400", "400", "500", "600"])
# rdoc3: no questionnaire has the locality item: the localities by the school's, as the method says
sm = doc["sample"]
rl = sm["by_respondent_locality"]
check("sample: localities by the school's locality: %s, known %s of %s" % (rl.get("basis"), rl["known"], sm["valid_questionnaires"]),
      rl.get("basis") == "school" and rl["known"] == sm["valid_questionnaires"] and rl["unknown"] == 0)
by_loc = {e["locality"]: e["n"] for e in sm["by_locality"]}
check("sample: the counts are sample.by_locality's: %s" % [e["n"] for e in rl["localities"]],
      all(e["n"] == by_loc[e["locality"]] for e in rl["localities"]))
check("sample: the locality verdict is given: %s" % sm["verdict"]["localities"], sm["verdict"]["localities"] is False)
check("sample: what is missing says too few urban answers, by the school's locality: %s" % sm["verdict"]["missing_zh"],
      any(m.startswith("城区答卷偏少（按学校所在城乡计）：占样本 ") for m in sm["verdict"]["missing_zh"]))
# rnum3 item 6: the school-satisfaction CV's method states the rule it follows: the quality
# set's schools (no private school), their rate published (a school hidden against derivation
# too: counted, its rate would follow from the published mean and the other schools' rates)
m = doc["methods"]["satisfaction_balance"]
check("methods.satisfaction_balance states the rule exactly: %s" % m,
      "民办学校" in m and "互补隐藏" in m and "private schools" in m and "complementary" in m)
by_school = {e["school_code"]: e for e in doc["satisfaction"]["by_school"]}
for lvl in doc["satisfaction_balance"]["by_level"]:
    counted = {e["school_code"] for e in lvl["schools"]}
    check("satisfaction_balance %s: every school counted has its rate published" % lvl["level"],
          all(not by_school[c]["suppressed"] for c in counted))
# rdoc3: satisfaction_groups.csv names roles and localities in Chinese, the codes in columns of their own
g = list(csv.reader(open(d + "/satisfaction_groups.csv", encoding="utf-8-sig")))
head, rows = g[0], g[1:]
kinds = {(r[0], r[1]) for r in rows}
check("satisfaction_groups.csv: roles and localities in Chinese: %s" % sorted(kinds),
      {("身份", "家长"), ("身份", "教师"), ("城乡", "城区"), ("城乡", "镇区"), ("城乡", "乡村")} <= kinds
      and not any(r[1] in ("parent", "teacher", "urban", "town", "rural") for r in rows))
check("satisfaction_groups.csv: 身份 in Chinese", {r[3] for r in rows if r[0] == "学校×身份"} == {"家长", "教师"})
check("satisfaction_groups.csv: the codes last: %s" % head[-2:], head[-2:] == ["分组代码 (code)", "身份代码 (role)"]
      and {(r[0], r[-2]) for r in rows if r[0] in ("身份", "城乡")} >= {("身份", "parent"), ("城乡", "rural")})
sys.exit(bad)
PY
"$J" report --db "$t/county.db" --out "$t/report" --no-pdf --population 30000 >/dev/null 2>&1 || bad "report"
# the workbook against the statistics it was made from (the 样本 sheet: a column a meaning, the
# schools' localities as in the report, rnum3 item 2 and rdoc3 item 1)
/usr/bin/python3 "$JH_SOURCE_DIR/tests/report/check_xlsx.py" "$t/report/report.xlsx" "$t/report/stats.json" \
  && ok "workbook: every cell as stats.json" || bad "workbook against stats.json"

# rnum3: the workbook's wrapped texts fit their rows at LibreOffice's CJK line
# height (16 points at 11 points; 13.5 cut the third line of the 汇总 sheet's
# 按问卷 method text, 177 wide in a 60-wide column: checked by eye in the
# PDF LibreOffice prints), and what it takes in whole units is a whole number
/usr/bin/python3 - "$t/report/report.xlsx" <<'PY' || fail=1
import math, sys, unicodedata, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
bad = 0
def check(what, good):
    global bad
    print(("PASS " if good else "FAIL ") + what)
    bad |= not good
def width(v):  # the widest line, a CJK character (and a Chinese quote) 2 wide
    return max(sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in line) for line in v.split("\n"))
short = []
for ws in wb:
    for row in ws.iter_rows(min_row=3):
        for c in row:
            if not (isinstance(c.value, str) and c.alignment.wrap_text):
                continue
            col = ws.column_dimensions[c.column_letter].width
            lines = math.ceil(width(c.value) * 0.95 / (col - 1))
            h = ws.row_dimensions[c.row].height or 15
            if lines > 1 and h < 16 * lines:
                short.append("%s!%s%d: %d lines in %s pt" % (ws.title, c.column_letter, c.row, lines, h))
check("workbook: every wrapped text's row tall enough %s" % short[:4], not short)
fmts = {c.number_format for ws in (wb["指标"], wb["整改清单"]) for row in ws.iter_rows(min_row=2) for c in row
        if ws.cell(1, c.column).value.replace("\n", "") == "还需增加" and isinstance(c.value, (int, float)) and c.value == int(c.value)}
check("workbook: 还需增加 in whole units as whole numbers: %s" % fmts, fmts == {"#,##0"})
sys.exit(bad)
PY
[ $fail -eq 0 ] && echo "PASS the reviews' CSV, workbook and summary items"
exit $fail
