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


exit $fail
