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
# (r2excel 1) The degree counts add up: their sum above 专任教师数 refused (school and level).
edit deg.csv <<'PY'
rows[0] += ["大专学历教师数", "本科学历教师数", "研究生学历教师数"]
for r in rows[1:]: r += ["", "", ""]
r = rows[1]
r[col("大专学历教师数")], r[col("本科学历教师数")], r[col("研究生学历教师数")] = "40", "50", "10"
PY
expect "1: 大专+本科+研究生 above the school's 专任教师数 refused" 1 \
  "deg.csv:2: the degree counts (大专/本科/研究生学历教师数) add up to 100, more than the school's 60 full-time teachers (专任教师数)" \
  reg deg.csv --lang en
expect "1: in Chinese" 1 "deg.csv:2: 大专、本科、研究生学历教师数合计 100，超过了学校的专任教师数 60" reg deg.csv --lang zh
edit degl.csv <<'PY'
h = rows[0]; h += ["小学专任教师数", "初中专任教师数", "小学本科学历教师数", "小学研究生学历教师数"]
for r in rows[1:]: r += ["", "", "", ""]
c = rows[3]
c[col("小学专任教师数")], c[col("初中专任教师数")], c[col("小学本科学历教师数")], c[col("小学研究生学历教师数")] = "50", "50", "40", "20"
PY
expect "1: a level's degree counts above the level's 专任教师数 refused" 1 \
  "degl.csv:4: the degree counts (大专/本科/研究生学历教师数) of the primary part add up to 60, more than its 50 full-time teachers (小学专任教师数)" \
  reg degl.csv --lang en
# (r2excel 9a) the level named in Chinese in the Chinese message
expect "1: a level's count in Chinese names 小学" 1 "b8l.csv:4: " reg b8l.csv --lang zh
[[ "$out" == *"超过了小学学段的专任教师数 50"* && "$out" != *"超过了 primary"* ]] && pass "9a: 小学, not primary" || bad "9a: $out"

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
# (r2excel 4) a lone -: leave the cell empty where the item does not apply, 0 only for a real 0;
# not called a currency cell
[[ "$out" == *"yuan.csv:4: column 14, column 'multimedia_classrooms' (网络多媒体教室数): '-' is not a number: leave the cell empty where the item does not apply to the school, type 0 only where the count or amount really is 0"* ]] \
  && pass "4: a lone -: empty where it does not apply" || bad "4: lone -: $out"
[[ "$(grep "^yuan.csv:4:" <<<"$out")" != *Currency* ]] && pass "4: a lone - not called currency" || bad "4: lone - currency: $out"
expect "4: in Chinese" 1 "会计专用" reg yuan.csv --lang zh
[[ "$out" == *"常规"* && "$out" != *"Excel's"* ]] && pass "4: Chinese message" || bad "4: not Chinese: $out"
[[ "$out" == *"yuan.csv:4: 第 14 列，"*"“-”不是数字：不适用的项目请留空，确实为 0 的才填 0"* && "$(grep "^yuan.csv:4:" <<<"$out")" != *"货币"* ]] \
  && pass "4: a lone - in Chinese" || bad "4: lone - in Chinese: $out"

# 6. 序号, 备注, 说明 columns (on almost every Chinese form) are ignored with one note.
edit e1.csv <<'PY'
rows[0].insert(0, "序号"); rows[0].append("备注")
for i, r in enumerate(rows[1:]): r.insert(0, str(i + 1)); r.append("新建校舍")
rows += [[str(len(rows))] + [""] * (len(rows[0]) - 1), [str(len(rows) + 1)] + [""] * (len(rows[0]) - 1)]
PY
expect "6: 序号 first, 备注 last, rows numbered ahead: read" 0 "loaded 3 schools" reg e1.csv --lang en
[[ "$out" == *"e1.csv:1: note: not read: column 1 '序号', column 38 '备注' (序号, 备注 and 说明 columns are ignored)"* ]] \
  && pass "6: one note naming both columns" || bad "6: note: $out"
[ "$(grep -c 'note:' <<<"$out")" = 1 ] && pass "6: one note only" || bad "6: notes: $out"
edit e2.csv <<'PY'
rows[0].append("说明 (remarks)")
for r in rows[1:]: r.append("")
rows[2][-1] = "2025年新建"
PY
expect "6: a 说明 column read past, in Chinese" 0 "e2.csv:1: 提示：第 37 列“说明 (remarks)”未读取" reg e2.csv --lang zh
[[ "$out" == *"说明 (remarks)"* ]] && pass "6: the column named" || bad "6: $out"
python3 - "$src/tests/eval/county.csv" k1.csv <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
rows[0].insert(0, "序号"); rows[0].append("备注")
for i, r in enumerate(rows[1:]): r.insert(0, str(i + 1)); r.append("x")
csv.writer(open(sys.argv[2], "w", encoding="utf-8-sig", newline="")).writerows(rows)
PY
expect "6: county sheet with 序号 and 备注 read" 0 "k1.csv:1: note: not read: column 1 '序号', column 6 '备注'" \
  "$J" county --db "$t/c.db" k1.csv --lang en
# (r2excel 9d) a 编号 column holding the codes: the missing 学校代码 linked to it
edit bh.csv <<'PY'
rows[0][col("学校代码")] = "编号"
PY
expect "9d: 编号 holding the codes: rename it" 1 \
  "bh.csv:1: missing column 'code' (学校代码): column 1 '编号' is read as a row number and ignored; if it holds the school codes, name it 学校代码" \
  reg bh.csv --lang en
expect "9d: in Chinese" 1 "bh.csv:1: " reg bh.csv --lang zh
[[ "$out" == *"编号"*"学校代码"* && "$out" != *"is read as"* ]] && pass "9d: Chinese message" || bad "9d: $out"
edit e3.csv <<'PY'
rows[0][5] = "教师人数合计"
PY
expect "6: another unknown column still refused" 1 "column 6: unknown column name '教师人数合计'" reg e3.csv --lang en

# 5. Sign-off, date and total rows under the table: one message a row, saying what the row is.
edit foot.csv <<'PY'
w = len(rows[0])
def row(*cells): return list(cells) + [""] * (w - len(cells))
rows += [row(), row("填表人：张三", "", "", "审核人：李四", "", "联系电话：0791-12345678"),
         row("填报日期：2026年9月1日"), row("单位负责人：王五", "", "", "", "", "", "", "", "", "", "", "", "2026-09-01")]
PY
expect "5: 填表人/审核人/联系电话 row named a sign-off" 1 \
  "foot.csv:6: the row starting '填表人：张三' is a sign-off or note below the table (填表人、审核人、填报日期 …), not data: delete these rows" \
  reg foot.csv --lang en
[[ "$out" == *"foot.csv:7: the row holds only '填报日期：2026年9月1日' (a note below the table?)"* ]] \
  && pass "5: 填报日期 alone named a note" || bad "5: 填报日期: $out"
[[ "$out" == *"foot.csv:8: the row starting '单位负责人：王五' is a sign-off"* ]] && pass "5: 单位负责人 row" || bad "5: 负责人: $out"
[ "$(grep -c '^foot.csv:' <<<"$out")" = 3 ] && pass "5: one line a row" || bad "5: more lines: $out"
edit total.csv <<'PY'
w = len(rows[0])
rows.append(["合计", "", "", "", "3700"] + [""] * (w - 5))
rows.append(["", "总  计", "", "", "3700", "310"] + [""] * (w - 6))
PY
expect "5: 合计 row: delete it" 1 \
  "total.csv:5: the row starting '合计' is a total row (合计行: 请删除)" reg total.csv --lang en
[[ "$out" == *"total.csv:6: the row starting '总  计' is a total row"* ]] && pass "5: 总计 in the name column" || bad "5: 总计: $out"
[ "$(grep -c '^total.csv:' <<<"$out")" = 2 ] && pass "5: one line a total row" || bad "5: more lines: $out"
expect "5: in Chinese" 1 "total.csv:5: 以“合计”开头的这一行是合计行（合计行：请删除）" reg total.csv --lang zh
expect "5: sign-off in Chinese" 1 "填表人" reg foot.csv --lang zh
[[ "$out" == *"foot.csv:6: 以“填表人：张三”开头的这一行是表格下方的落款或注释"* ]] && pass "5: Chinese sign-off message" || bad "5: $out"
# (r2excel 2) the 合计 or sign-off label in the 序号 column (ignored): the row still named a total/sign-off
edit t1.csv <<'PY'
rows[0].insert(0, "序号")
for i, r in enumerate(rows[1:]): r.insert(0, str(i + 1))
w = len(rows[0])
rows.append(["合计", "", "", "", "", "4900", "330"] + [""] * (w - 7))
rows.append(["填表人：张三"] + [""] * 9 + ["13800138000"] + [""] * (w - 11))
PY
expect "2: 合计 in the 序号 column: a total row" 1 "t1.csv:5: the row starting '合计' is a total row" reg t1.csv --lang en
[[ "$out" == *"t1.csv:6: the row starting '填表人：张三' is a sign-off"* ]] && pass "2: 填表人 in the 序号 column: a sign-off" || bad "2: 填表人 in 序号: $out"
[ "$(grep '^t1.csv:' <<<"$out" | grep -vc 'note:')" = 2 ] && pass "2: one line a row" || bad "2: more lines: $out"
# (r2excel 7) 序 号 / 序　号 / 备  注 with spaces inside ignored as 序号/备注
edit sp.csv <<'PY'
rows[0].insert(0, "序　号"); rows[0].insert(1, "序 号"); rows[0].append("备  注")
for i, r in enumerate(rows[1:]): r.insert(0, str(i + 1)); r.insert(1, str(i + 1)); r.append("x")
PY
expect "7: 序　号, 序 号, 备  注 ignored" 0 "sp.csv:1: note: not read: column 1 '序　号', column 2 '序 号', column 39 '备  注'" reg sp.csv --lang en
python3 - "$src/tests/eval/county.csv" kb.csv <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
rows[0].append("备　注")
for r in rows[1:]: r.append("核实")
csv.writer(open(sys.argv[2], "w", encoding="utf-8-sig", newline="")).writerows(rows)
PY
expect "7: county sheet with 备　注 read" 0 "kb.csv:1: note: not read: column 5 '备　注'" "$J" county --db "$t/c.db" kb.csv --lang en
# (r2excel 3) more sign-off labels: 填表日期, 报送日期, 经办人, 统计员, 单位（盖章）, 学校（盖章）, 校长
edit so.csv <<'PY'
w = len(rows[0])
def row(*cells): return list(cells) + [""] * (w - len(cells))
rows += [row("填表日期：2026年9月1日"), row("经办人：王五", "", "", "", "", "", "", "联系电话：0731-1234567"),
         row("统计员：赵六", "", "", "", "", "", "", "", "", "", "校长（签字）：钱七"),
         row("单位（盖章）：城关镇中心学校", "", "", "", "", "", "", "", "", "", "2026年9月1日"),
         row("报送日期：2026-09-01"), row("学校（盖章）"), row("校长：钱七", "", "", "2026-09-01")]
PY
expect "3: 填表日期 alone: a note" 1 "so.csv:5: the row holds only '填表日期：2026年9月1日' (a note below the table?)" reg so.csv --lang en
for w in "so.csv:6: the row starting '经办人：王五' is a sign-off" "so.csv:7: the row starting '统计员：赵六' is a sign-off" \
         "so.csv:8: the row starting '单位（盖章）：城关镇中心学校' is a sign-off" "so.csv:9: the row holds only '报送日期：2026-09-01' (a note" \
         "so.csv:10: the row holds only '学校（盖章）' (a note" "so.csv:11: the row starting '校长：钱七' is a sign-off"; do
  [[ "$out" == *"$w"* ]] && pass "3: $w" || bad "3: not $w: $out"
done
[ "$(grep -c '^so.csv:' <<<"$out")" = 7 ] && pass "3: one line a row" || bad "3: more lines: $out"
python3 - "$src/tests/eval/county.csv" ks.csv <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
rows += [["经办人：王五", "", "", "联系电话：0731-1234567"], ["统计员：赵六", "", "", ""]]
csv.writer(open(sys.argv[2], "w", encoding="utf-8-sig", newline="")).writerows(rows)
PY
n=$(($(wc -l < ks.csv)))
expect "3: county sheet 经办人 row a sign-off" 1 "ks.csv:$((n - 1)): the row starting '经办人：王五' is a sign-off" \
  "$J" county --db "$t/c.db" ks.csv --lang en
[[ "$out" != *"unknown"* ]] && pass "3: county: no unknown item" || bad "3: county: $out"
edit noname.csv <<'PY'
rows[1][col("学校名称")] = ""; rows[2][col("城乡类别")] = ""
PY
expect "5: an empty name: 未填写" 1 "noname.csv:2: “学校名称”列（name）：未填写" reg noname.csv --lang zh
[[ "$out" != *"缺少数值"* ]] && pass "5: not 缺少数值" || bad "5: $out"
[[ "$out" == *"noname.csv:3: "*"城乡类别"*"未填写"* ]] && pass "5: an empty 城乡类别: 未填写" || bad "5: $out"
python3 - "$src/tests/eval/county.csv" cfoot.csv <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
rows.append(["填表人：张三", "", "", "审核人：李四"])
csv.writer(open(sys.argv[2], "w", encoding="utf-8-sig", newline="")).writerows(rows)
PY
n=$(($(wc -l < cfoot.csv)))
expect "5: county sheet sign-off row" 1 "cfoot.csv:$n: the row starting '填表人：张三' is a sign-off" \
  "$J" county --db "$t/c.db" cfoot.csv --lang en

# 3. The template states each column's unit; its headers are read back; amounts typed in
# 万元/万平方米/万册 are warned, naming the line and the likely unit.
"$J" template schools > tpl.csv
head -1 tpl.csv | grep -q '教学仪器设备值（元） (equipment_value)' && pass "3: template: 教学仪器设备值（元）" \
  || bad "3: template: $(head -1 tpl.csv)"
for h in '教学及辅助用房面积（平方米） (floor_area)' '图书册数（册） (books)' '在校生数（人） (enrolment)' \
         '年度公用经费（元/年） (public_funds)' '计算机台数（台） (computers)'; do
  head -1 tpl.csv | grep -qF "$h" && pass "3: template: $h" || bad "3: template lacks $h"
done
python3 - tpl.csv "$src/tests/eval/register.csv" filledtpl.csv <<'PY'
import csv, sys
head = next(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
rows = list(csv.reader(open(sys.argv[2], encoding="utf-8-sig")))
zh = [h.split("（")[0].split(" (")[0] for h in head]
idx = [rows[0].index(z) if z in rows[0] else None for z in zh]
out = [head] + [[r[i] if i is not None else "" for i in idx] for r in rows[1:]]
csv.writer(open(sys.argv[3], "w", encoding="utf-8-sig", newline="")).writerows(out)
PY
expect "3: a register filled into the template loads" 0 "loaded 3 schools" reg filledtpl.csv --lang en
expect "3: the old headers still load" 0 "loaded 3 schools" reg "$src/tests/eval/register.csv" --lang en
edit m1.csv <<'PY'
a, b = rows[1], rows[2]
a[col("教学仪器设备值")], a[col("教学及辅助用房面积")], a[col("图书册数")] = "250", "0.5", "3"
b[col("体育运动场馆面积")], b[col("教学仪器设备值")], b[col("年度公用经费")] = "33", "550", "100"
PY
expect "3: 250 元 of equipment for 1000 students warned: 万元?" 0 \
  "m1.csv:2: warning: school A01: column 'equipment_value' (教学仪器设备值) 250 for 1000 students is 0.25 元 a student, far below any real school: was it typed in 万元? The column is read in 元" \
  reg m1.csv --lang en
for w in "m1.csv:2: warning: school A01: column 'floor_area' (教学及辅助用房面积) 0.5 for 1000 students"*"万平方米" \
         "m1.csv:2: warning: school A01: column 'books' (图书册数) 3 for 1000 students"*"万册" \
         "m1.csv:3: warning: school B01: column 'sports_area' (体育运动场馆面积) 33 for 1900"*"万平方米" \
         "m1.csv:3: warning: school B01: column 'equipment_value' (教学仪器设备值) 550"*"万元" \
         "m1.csv:3: warning: school B01: column 'public_funds' (年度公用经费) 100 for 1900 students"*"元/年"*"万元"; do
  [[ "$out" == *$w* ]] && pass "3: warned: ${w%%\**}" || bad "3: not warned: $w: $out"
done
[ "$(grep -c 'warning' <<<"$out")" = 6 ] && pass "3: six warnings, nothing else" || bad "3: warnings: $out"
expect "3: in Chinese" 0 "m1.csv:2: 警告：学校 A01：“教学仪器设备值”列（equipment_value） 为 250，在校生 1000 人，每生仅 0.25 元" reg m1.csv --lang zh
# (review fmerge9, item 2) Weeks later the clerk producing the document
# sees them: `junheng stats` and the report (a note in 五、资源配置差异系数,
# rows under the workbook's 指标 and 差异系数 sheets) repeat them from the
# stored register; a register without such amounts gives no note.
out=$("$J" stats --db "$t/c.db" --lang en 2>&1)
[ "$(grep -c 'far below any real school: was it typed in' <<<"$out")" = 6 ] &&
  [[ "$out" == *"warning: school A01 "*": register column 'equipment_value' (教学仪器设备值) 250 for 1000 students is 0.25 元 a student, far below any real school: was it typed in 万元?"* ]] &&
  [[ "$out" == *"warning: school B01 "*": register column 'public_funds' (年度公用经费) 100 for 1900 students is 0.053 元/年 a student"* ]] \
  && pass "3: junheng stats repeats the six unit warnings" || bad "3: stats: $out"
out=$("$J" stats --db "$t/c.db" --lang zh 2>&1)
[[ "$out" == *"学校名册中“教学仪器设备值”为 250，在校生 1000 人，每生仅 0.25 元，远低于任何实际学校：是否按万元填写了？"* ]] \
  && pass "3: ... in Chinese" || bad "3: stats in Chinese: $out"
"$J" schools --db "$t/ok.db" "$src/tests/eval/register.csv" >/dev/null 2>&1 || bad "3: the plain register"
for d in c ok; do "$J" report --db "$t/$d.db" --out "$t/rep-$d" --no-pdf >/dev/null 2>&1 || bad "3: report ($d)"; done
python3 - "$t/rep-c" "$t/rep-ok" <<'PY' && pass "3: the report's note by the resource CVs and the workbook's rows" || bad "3: report notes"
import re, sys, zipfile
def parts(d):
    h = open(d + "/report.html", encoding="utf-8").read()
    cv = h[h.index('<section id="cv"'):]
    cv = cv[:cv.index("</section>")]
    z = zipfile.ZipFile(d + "/report.xlsx")
    names = dict(re.findall(r'<sheet name="([^"]+)" sheetId="\d+" r:id="rId(\d+)"', z.read("xl/workbook.xml").decode()))
    sheets = {n: z.read("xl/worksheets/sheet%s.xml" % i).decode() for n, i in names.items()}
    return h, cv, sheets
h, cv, sheets = parts(sys.argv[1])
assert '<p class="alert">注意：学校名册中以下数值' in cv, "no note in 五"
for s in ("A01 城关第一小学“教学仪器设备值”250（每生 0.25 元，疑为万元）", "B01 城关中学“年度公用经费”100（每生 0.053 元/年，疑为万元）",
          "A01 城关第一小学“图书册数”3（每生 0.003 册，疑为万册）"):
    assert s in cv, s
for n in ("指标", "差异系数"):
    assert "注意：学校名册中以下数值" in sheets[n] and "A01 城关第一小学“教学仪器设备值”250：在校生 1000 人，每生 0.25 元，疑为万元" in sheets[n], n
h, cv, sheets = parts(sys.argv[2])
assert "注意：学校名册" not in h and not any("注意：学校名册" in s for s in sheets.values()), "a note without cause"
PY
# (r2excel 9b) no scientific notation: 0.026 m² for 1000 students is 0.000026 a student
edit wan.csv <<'PY'
rows[1][col("教学及辅助用房面积")] = "0.026"
PY
expect "9b: a tiny amount a student written out" 0 "wan.csv:2: warning: school A01: column 'floor_area' (教学及辅助用房面积) 0.026 for 1000 students is 0.000026 平方米 a student" \
  reg wan.csv --lang en
[[ "$out" != *"e-0"* ]] && pass "9b: no exponent" || bad "9b: $out"
# (r2excel 5) 教师培训经费 typed in 万元 warned, as 年度公用经费 is
edit tf.csv <<'PY'
rows[1][col("教师培训经费")] = "5"
PY
expect "5: training funds of 5 (万元) warned" 0 \
  "tf.csv:2: warning: school A01: column 'training_funds' (教师培训经费) 5 for 1000 students is 0.005 元/年 a student, far below any real school: was it typed in 万元?" \
  reg tf.csv --lang en
expect "5: in Chinese" 0 "tf.csv:2: 警告：学校 A01：“教师培训经费”列（training_funds） 为 5" reg tf.csv --lang zh

# 2. County amounts far below any real value for their unit (a wage in 万元) refused, naming line and 元/年.
county_with() { # county_with OUT KEY VALUE...: tests/eval/county.csv with the values of the keys replaced
  python3 - "$src/tests/eval/county.csv" "$@" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
kv = dict(zip(sys.argv[3::2], sys.argv[4::2]))
for r in rows[1:]:
    k = r[0].split(" ")[0]
    if k in kv: r[2] = kv.pop(k)
for k, v in kv.items(): rows.append([k, "", v, "x"])
csv.writer(open(sys.argv[2], "w", encoding="utf-8-sig", newline="")).writerows(rows)
PY
}
lineof() { grep -n "^$2," "$1" | cut -d: -f1; }
county_with q3.csv G8.civil_pay 9.6
expect "2: a civil-service wage of 9.6 (万元) refused" 1 \
  "q3.csv:$(lineof q3.csv G8.civil_pay): column 'value' (值) of G8.civil_pay (当地公务员平均工资收入水平（元/年）): '9.6' is far below any real amount in 元/年 (at least 1,000): was it typed in 万元?" \
  "$J" county --db "$t/c.db" q3.csv --lang en
county_with q4.csv G7.special_funds 0.65 G8.teacher_pay 9.8
expect "2: special funds of 0.65 (万元) refused" 1 \
  "q4.csv:$(lineof q4.csv G7.special_funds): column 'value' (值) of G7.special_funds" "$J" county --db "$t/c.db" q4.csv --lang en
[[ "$out" == *"q4.csv:$(lineof q4.csv G8.teacher_pay): column 'value' (值) of G8.teacher_pay"*"元/年"* ]] \
  && pass "2: teacher pay in 万元 refused too" || bad "2: teacher pay: $out"
expect "2: in Chinese" 1 "是否按万元填写了" "$J" county --db "$t/c.db" q4.csv --lang zh
county_with q5.csv G7.special_funds 0
expect "2: special funds of 0: judged as given" 0 "" "$J" county --db "$t/c.db" q5.csv --lang en
county_with q6.csv std.G5.primary 4.5 std.G3.music_area 0.96
expect "2: a class-size limit of 4.5 refused" 1 "std.G5.primary" "$J" county --db "$t/c.db" q6.csv --lang en
[[ "$out" == *"std.G3.music_area"*"平方米"* ]] && pass "2: a music-room area of 0.96 refused" || bad "2: $out"
expect "2: the test county sheet still loads" 0 "" "$J" county --db "$t/c.db" "$src/tests/eval/county.csv" --lang en
# (r2excel 6) the county sheet explains ¥ and a lone - as the register does
county_with km.csv G8.teacher_pay "¥98,000.00" G7.special_funds "-"
expect "6: county ¥ named as Excel's Currency format" 1 \
  "km.csv:$(lineof km.csv G8.teacher_pay): column 3, column 'value' (值) of G8.teacher_pay (教师平均工资收入水平（元/年）): '¥98,000.00' is a cell in Excel's Currency or Accounting format" \
  "$J" county --db "$t/c.db" km.csv --lang en
[[ "$out" == *"km.csv:$(lineof km.csv G7.special_funds): column 3, column 'value' (值) of G7.special_funds"*"'-' is not a number: leave the cell empty where the item does not apply"* ]] \
  && pass "6: county lone - as the register" || bad "6: county -: $out"

# 7a. The workbook has a 整改方案 sheet once the round's plan is loaded (report.html 七（一）'s columns).
"$J" round --db c7.db --open 2026 --since 2026-01-01 >/dev/null || bad "7a: round --open"
mkdir -p u1
STATS_GEN_T0=1790000000000 "$JH_BUILD_DIR/tests/stats_gen" k1.db K-A A01 primary urban 10 3 1 u1 full >/dev/null
STATS_GEN_T0=1790000000000 "$JH_BUILD_DIR/tests/stats_gen" k2.db K-B B01 junior urban 10 3 2 u1 full >/dev/null
"$J" merge --county 360701 --db c7.db u1 >/dev/null 2>&1 || bad "7a: merge"
"$J" schools --db c7.db "$src/tests/eval/register.csv" >/dev/null 2>&1 || bad "7a: register"
"$J" county --db c7.db "$src/tests/eval/county.csv" >/dev/null 2>&1 || bad "7a: county"
sheets() { /usr/bin/python3 -c 'import openpyxl, sys; print(",".join(openpyxl.load_workbook(sys.argv[1]).sheetnames))' "$1"; }
"$J" report --db c7.db --out rep0 --no-pdf >/dev/null 2>&1 || bad "7a: report without a plan"
[[ "$(sheets rep0/report.xlsx)" != *整改方案* ]] && pass "7a: no plan loaded: no 整改方案 sheet" || bad "7a: $(sheets rep0/report.xlsx)"
"$J" rectify --db c7.db --out plan >/dev/null 2>&1 || bad "7a: rectify --out"
python3 - plan/rectify.csv filled.csv <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
col = lambda n: [i for i, h in enumerate(rows[0]) if h.startswith(n)][0]
m, d, dl = col("整改措施"), col("责任部门"), col("完成时限")
for i, r in enumerate(rows[1:]):
    if i: r[m], r[d], r[dl] = "措施%d" % i, "教育股", "2027年6月"
csv.writer(open(sys.argv[2], "w", encoding="utf-8-sig", newline=""), lineterminator="\r\n").writerows(rows)
PY
"$J" rectify --db c7.db --load filled.csv >/dev/null 2>&1 || bad "7a: rectify --load"
"$J" report --db c7.db --out rep --no-pdf >/dev/null 2>&1 || bad "7a: report"
# (r2excel 8) the plan with a 序号 column and a sign-off or 合计 row under it: one line a row saying what it is
python3 - filled.csv pq.csv <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
rows[0].insert(0, "序号")
for i, r in enumerate(rows[1:]): r.insert(0, str(i + 1))
w = len(rows[0])
rows.append(["填表人：张三"] + [""] * 9 + ["审核人：李四"] + [""] * (w - 11))
rows.append(["合计"] + [""] * (w - 1))
csv.writer(open(sys.argv[2], "w", encoding="utf-8-sig", newline=""), lineterminator="\r\n").writerows(rows)
PY
n=$(($(wc -l < pq.csv)))
expect "8: plan: 填表人 row under the table a sign-off" 1 "pq.csv:$((n - 1)): the row starting '填表人：张三' is a sign-off" \
  "$J" rectify --db c7.db --load pq.csv --lang en
[[ "$out" == *"pq.csv:$n: the row starting '合计' is a total row"* ]] && pass "8: plan: 合计 row a total row" || bad "8: 合计: $out"
[[ "$out" != *"value missing"* ]] && pass "8: not 缺少数值" || bad "8: $out"
/usr/bin/python3 - rep/report.xlsx rep/report.html <<'PY' && pass "7a: 整改方案 sheet after 整改清单, as report.html's 七（一）" || fail=1
import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1])
names = wb.sheetnames
assert "整改方案" in names and names.index("整改方案") == names.index("整改清单") + 1, names
rows = [[c.value for c in r] for r in wb["整改方案"].iter_rows()]
head = [r for r in rows if r[0] == "学校"][0]
assert head == ["学校", "指标", "现状", "标准", "差距（所需）", "整改措施", "责任部门", "完成时限"], head
body = rows[rows.index(head) + 1:]
html = open(sys.argv[2], encoding="utf-8").read()
assert len(body) >= 3, body
assert body[0][5] == "未填写" and body[1][5] == "措施1" and body[1][6] == "教育股" and body[1][7] == "2027年6月", body[:2]
for r in body[1:]:
    assert r[5] in html, ("not in report.html", r)
PY

# 7b. An .ods file (OpenDocument, WPS) is named as such, not as an Excel workbook.
printf 'PK\003\004\024\000\000\010\000\000\226\072\203\135\205\154\071\212\056\000\000\000\056\000\000\000\010\000\000\000mimetypeapplication/vnd.oasis.opendocument.spreadsheetPK\003\004' > reg.ods
expect "7b: .ods named an OpenDocument/WPS table" 1 "reg.ods: this is an OpenDocument spreadsheet (.ods, 这是 OpenDocument/WPS 表格), not CSV text" \
  reg reg.ods --lang en
[[ "$out" != *Excel* ]] && pass "7b: not called Excel" || bad "7b: $out"
expect "7b: in Chinese" 1 "OpenDocument/WPS 表格" reg reg.ods --lang zh
expect "7b: also for the county sheet" 1 "OpenDocument" "$J" county --db "$t/c.db" reg.ods --lang en

# 7c. kiosk-pack says a GBK register was read as GBK, as `junheng schools` does.
python3 -c 'import sys; open("gbk.csv","wb").write(open(sys.argv[1],encoding="utf-8-sig").read().encode("gb18030"))' \
  "$src/tests/eval/register.csv"
expect "7c: schools: the GBK note" 0 "gbk.csv: note: read as GBK/GB18030 text" reg gbk.csv --lang en
expect "7c: kiosk-pack: the same GBK note" 0 "gbk.csv: note: read as GBK/GB18030 text" \
  "$J" kiosk-pack --key k.key --county 360701 --schools gbk.csv --out pk "$src/data/surveys/parent.json" --lang en

exit $fail
