#!/bin/bash
# The register and county sheets as Excel clerks fill them (outside review
# rexcel7, session 23), one section an item: teacher sub-counts above the
# full-time teachers, cells formatted as 数值/货币/会计专用, 序号/备注
# columns, sign-off and total rows under the table, units in the template
# and amounts typed in 万元, the workbook's 整改方案 sheet, .ods files.
set -u
fail=0
J="$JH_BUILD_DIR/junheng"; src="$JH_SOURCE_DIR"
base=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-rexcel.XXXXXX"); trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1
pass() { echo "PASS $1"; }
bad() { echo "FAIL $1"; fail=1; }
expect() { # expect DESC EXPECTED_RC EXPECTED_TEXT CMD...
  local desc=$1 want=$2 text=$3; shift 3
  out=$("$@" 2>&1); rc=$?
  if [ "$rc" != "$want" ]; then echo "FAIL $desc: expected exit $want, got $rc: $out"; fail=1; return 1; fi
  if [[ "$out" != *"$text"* ]]; then echo "FAIL $desc: expected '$text' in: $out"; fail=1; return 1; fi
  echo "PASS $desc"
}
# edit REG OUT: the test register (tests/eval/register.csv) with the Python
# body on stdin applied (rows: list of lists, rows[0] the header; col(name)
# the index of the column named name)
edit() {
  python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
def col(name): return rows[0].index(name)
exec(sys.stdin.read())
with open(sys.argv[2], "w", encoding="utf-8-sig", newline="") as f:
    csv.writer(f, lineterminator="\r\n").writerows(rows)
' "$src/tests/eval/register.csv" "$1"
}
reg() { "$J" schools --db "$t/c.db" "$@"; }

# 1. Teacher sub-counts above 专任教师数 (school or level) refused, as 持教师资格证 is.
edit b8.csv <<'PY'
r = rows[1]
r[col("高于规定学历教师数")], r[col("县级以上骨干教师数")] = "500", "120"
r[col("体育艺术专任教师数")], r[col("中级及以上职称教师数")] = "100", "300"
PY
expect "1: 骨干教师 above the school's 专任教师数 refused" 1 \
  "b8.csv:2: column 'backbone_teachers' (县级以上骨干教师数): 120 is more than the school's 60 full-time teachers (专任教师数)" \
  reg b8.csv --lang en
for w in teachers_above_qualification pe_art_teachers teachers_intermediate_title; do
  [[ "$out" == *"($w"* || "$out" == *"'$w'"* ]] && pass "1: $w named" || bad "1: $w not named: $out"
done
expect "1: in Chinese" 1 "县级以上骨干教师数" reg b8.csv --lang zh
[[ "$out" == *"超过"* ]] && pass "1: Chinese message" || bad "1: not Chinese: $out"
edit b8l.csv <<'PY'
h = rows[0]; h += ["小学专任教师数", "初中专任教师数", "小学县级以上骨干教师数"]
for r in rows[1:]: r += ["", "", ""]
c = rows[3]; c[col("小学专任教师数")], c[col("初中专任教师数")], c[col("小学县级以上骨干教师数")] = "50", "50", "60"
PY
expect "1: a level's 骨干教师 above the level's 专任教师数 refused" 1 \
  "b8l.csv:4: column 'backbone_teachers_primary' (小学县级以上骨干教师数): 60 is more than the primary part's 50 full-time teachers (小学专任教师数)" \
  reg b8l.csv --lang en
expect "1: the test register still loads" 0 "" reg "$src/tests/eval/register.csv"

# 4. A register formatted as Excel 数值 (two decimals): whole numbers with an all-zero
# fraction read; ¥/￥ and a lone - (货币/会计专用) named as Excel's format.
edit fmt2.csv <<'PY'
for r in rows[1:]:
    for i in range(4, len(r)):
        try: r[i] = "{:,.2f}".format(float(r[i].replace(",", "")))
        except ValueError: pass
PY
grep -q '"1,000.00",60.00' fmt2.csv || bad "4: fmt2.csv not as Excel writes it: $(sed -n 2p fmt2.csv)"
expect "4: 60.00 and \"1,000.00\" in whole-number columns read" 0 "loaded 3 schools" reg fmt2.csv --lang en
[[ "$out" != *warning* && "$out" != *"differs"* ]] && pass "4: no warning" || bad "4: warned: $out"
vals() { python3 -c 'import sqlite3,sys
for r in sqlite3.connect(sys.argv[1]).execute("SELECT * FROM school_values ORDER BY 1,2,3"): print(r)' "$1"; }
"$J" schools --db "$t/f.db" fmt2.csv >/dev/null 2>&1
"$J" schools --db "$t/r.db" "$src/tests/eval/register.csv" >/dev/null 2>&1
[ -n "$(vals "$t/r.db")" ] && [ "$(vals "$t/f.db")" = "$(vals "$t/r.db")" ] \
  && pass "4: the values stored as from the plain register" || bad "4: values differ: $(diff <(vals "$t/f.db") <(vals "$t/r.db") | head)"
edit frac.csv <<'PY'
rows[1][col("专任教师数")] = "60.50"
PY
expect "4: 60.50 teachers still refused" 1 \
  "frac.csv:2: column 'teachers' (专任教师数): expected a whole number ≥ 0, got '60.50'" reg frac.csv --lang en
edit yuan.csv <<'PY'
rows[1][col("教学仪器设备值")] = "￥2,500,000.00"
rows[2][col("年度公用经费")] = "¥1,000,000.00"
rows[3][col("网络多媒体教室数")] = "-"
PY
expect "4: ￥ named as Excel's 货币/会计专用 format" 1 \
  "yuan.csv:2: column 13, column 'equipment_value' (教学仪器设备值): '￥2,500,000.00' is a cell in Excel's Currency or Accounting format (货币/会计专用格式" \
  reg yuan.csv --lang en
[[ "$out" == *"yuan.csv:3: column 30, column 'public_funds' (年度公用经费): '¥1,000,000.00' is a cell in Excel's Currency"* ]] \
  && pass "4: ¥ (U+00A5) in an evaluation column too" || bad "4: ¥ public_funds: $out"
[[ "$out" == *"yuan.csv:4: column 14, column 'multimedia_classrooms' (网络多媒体教室数): '-' is a cell in Excel's Currency"*"General (常规)"* ]] \
  && pass "4: a lone - named too" || bad "4: lone -: $out"
expect "4: in Chinese" 1 "会计专用" reg yuan.csv --lang zh
[[ "$out" == *"常规"* && "$out" != *"Excel's"* ]] && pass "4: Chinese message" || bad "4: not Chinese: $out"


exit $fail
