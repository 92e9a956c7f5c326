#!/bin/bash
# Review rclerk9 (MAJOR): the national application form's sheets of
# report.xlsx (表Ⅱ-1, 表Ⅱ-2, 表Ⅲ; balance-rules §2) for a small county:
#   甲小学 meets 6 of 7 (sports area 7.0 against 7.5, above its 85 %): 1 and
#     one dark cell; 乙小学 fails three: no 1, three dark cells;
#   河口镇石桥九年一贯制学校: a row in 表Ⅱ-1 (小学部) and one in 表Ⅱ-2 (初中部);
#   城关中学 (完全中学): its junior part in 表Ⅱ-2 (初中部), no senior row;
#   丙村教学点 (80 pupils): in the quality figures, out of 表Ⅱ under the
#     2012 rules, in it with --basic-teaching-points threshold;
#   省属附小 (not run by the county) and 育才民办小学 (private): in no row.
# (review r2bureau9) the title names the 2017 quality standards, a long
# name (河口镇石桥九年一贯制学校（小学部）) keeps its row one line high, the
# rows are framed (check_forms.py), per-level amounts typed in 万元 are
# warned (警告) by schools, stats and report and noted under the forms,
# methods.public_scope says a school's sample leaves the public out.
# check_forms.py compares every cell with stats.json (values, dark cells,
# flags, number formats as the 指标 and 差异系数 sheets'); the checks here are
# the layout the rules fix, independent of the document.
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"; J="$b/junheng"
py=/usr/bin/python3
base=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-forms.XXXXXX"); trap 'rm -rf "$t"' EXIT
fail=0
mkdir -p "$t/usb"
"$b/tests/stats_gen" "$t/k1.db" K-A 3607010001 primary urban 6 2 1 "$t/usb" full >/dev/null \
  || { echo "FAIL stats_gen"; exit 1; }
cat > "$t/schools.csv" <<'CSV'
code,name,level,locality,kind,enrolment,enrolment_primary,enrolment_junior,enrolment_senior,teachers,teachers_above_qualification,teachers_intermediate_title,backbone_teachers,pe_art_teachers,floor_area,sports_area,equipment_value,multimedia_classrooms,computers,books
3607010001,甲小学,primary,urban,public,500,,,,30,25,15,6,5,2500,3500,1100000,12,60,12000
3607010002,乙小学,primary,urban,public,400,,,,20,12,8,2,4,2000,2000,900000,10,30,8000
3607020003,河口镇石桥九年一贯制学校,nine_year,town,public,600,400,200,,40,36,20,7,6,3600,6000,1400000,15,70,15000
3607010004,城关中学,complete_middle,urban,public,500,,300,200,45,40,25,9,7,3500,6000,1600000,14,80,20000
3607010005,一中,junior,urban,public,500,,,,40,30,20,6,5,3000,5500,1300000,13,70,18000
3607030001,丙村教学点,primary,rural,teaching_point,80,,,,5,4,2,1,1,400,700,180000,2,8,2000
3607010009,省属附小,primary,urban,非县属学校,300,,,,20,18,10,4,3,1500,2500,700000,8,30,7000
3607010010,育才民办小学,primary,urban,private,300,,,,18,15,9,3,3,1400,2400,650000,7,25,6000
CSV
"$J" merge --db "$t/county.db" --county 360701 "$t/usb" >/dev/null 2>&1 || { echo "FAIL merge"; exit 1; }
"$J" schools --db "$t/county.db" "$t/schools.csv" >/dev/null 2>&1 || { echo "FAIL schools"; exit 1; }
for opt in all threshold; do
  "$J" report --db "$t/county.db" --out "$t/r-$opt" --no-pdf --county-name 青山县 \
      --basic-teaching-points "$opt" >/dev/null 2>&1 || { echo "FAIL report ($opt)"; fail=1; continue; }
  $py "$src/tests/report/check_forms.py" "$t/r-$opt/report.xlsx" "$t/r-$opt/stats.json" \
    && echo "PASS forms ($opt) equal to stats.json" || { echo "FAIL forms ($opt)"; fail=1; }
done
# report.html: every tagged number against the document (its 表Ⅲ too)
$py "$src/tests/report/check_html.py" "$t/r-all/report.html" "$t/r-all/stats.json" cv >/dev/null \
  && echo "PASS check_html" || { echo "FAIL check_html"; fail=1; }
# the whole workbook against the document, the form's sheets in their place
$py "$src/tests/report/check_xlsx.py" "$t/r-all/report.xlsx" "$t/r-all/stats.json" >/dev/null \
  && echo "PASS check_xlsx" || { echo "FAIL check_xlsx"; fail=1; }
$py - "$t" <<'PY' || fail=1
import sys
import openpyxl
t = sys.argv[1]
bad = 0
def check(what, ok):
    global bad
    print(("PASS " if ok else "FAIL ") + what)
    bad |= not ok
def dark(c):
    return c.fill is not None and c.fill.fill_type == "solid"
for opt in ("all", "threshold"):
    wb = openpyxl.load_workbook("%s/r-%s/report.xlsx" % (t, opt))
    f1, f2, f3 = wb["表Ⅱ-1"], wb["表Ⅱ-2"], wb["表Ⅲ"]
    rows = lambda ws: {r[0].value: r for r in ws.iter_rows(min_row=3) if r[9].value is not None}
    p, j = rows(f1), rows(f2)
    want_p = ["甲小学", "乙小学", "河口镇石桥九年一贯制学校（小学部）"] + (["丙村教学点"] if opt == "threshold" else [])
    check("%s: 表Ⅱ-1 rows %r" % (opt, list(p)), list(p) == want_p)
    check("%s: 表Ⅱ-2 rows %r" % (opt, list(j)),
          list(j) == ["城关中学（初中部）", "一中", "河口镇石桥九年一贯制学校（初中部）"])
    a, b = p["甲小学"], p["乙小学"]
    check("%s: 甲小学 1, one dark cell (L5 7.0 < 7.5)" % opt,
          a[8].value == 1 and [c.column_letter for c in a[1:8] if dark(c)] == ["F"] and a[5].value == 7.0)
    check("%s: 乙小学 no 1, L1 L2 L5 dark" % opt,
          b[8].value is None and [c.column_letter for c in b[1:8] if dark(c)] == ["B", "C", "F"])
    check("%s: 表Ⅱ-1 title and flag header" % opt,
          f1["A1"].value.startswith("表Ⅱ-1：小学学校资源配置达标情况（分学校，对照《县域义务教育优质均衡发展督导评估办法》（2017）")
          and f1["I2"].value.replace("\n", "") == "该校综合评估是否达标")
    # (r2bureau9 item 2) a name that fits is not wrapped: no doubled row
    for ws in (f1, f2):
        for r in ws.iter_rows(min_row=3):
            if r[9].value is None:
                continue
            h = ws.row_dimensions[r[0].row].height
            check("%s: %s %s one line high (wrap %s, height %s)" % (opt, ws.title, r[0].value, r[0].alignment.wrap_text, h),
                  not r[0].alignment.wrap_text and h is None)
    lv = [(r[0].value, r[1].value) for r in f3.iter_rows(min_row=3) if r[1].value in ("全县平均值", "差异系数")]
    check("%s: 表Ⅲ rows %r" % (opt, lv),
          lv == [("小学", "全县平均值"), ("小学", "差异系数"), ("初中", "全县平均值"), ("初中", "差异系数")])
    check("%s: 表Ⅲ 综合 header, — on the averages' row" % opt,
          f3["K2"].value == "综合" and f3["K3"].value == "—" and isinstance(f3["K4"].value, float))
# report.html's 表Ⅲ: the same four rows, each figure tagged with its place in stats.json
import re
html = open("%s/r-all/report.html" % t, encoding="utf-8").read()
i = html.find('id="form3"')
table = html[i:html.find("</table>", i)] if i >= 0 else ""
ptrs = re.findall(r'data-p="([^"]+)"', table)
want = ["/balance/%s/basic/%d/%s" % (lv, k, kind) for lv in ("primary", "junior") for kind in ("mean", "cv")
        for k in range(8)]
want_c = ["/balance/%s/basic_composite/cv" % lv for lv in ("primary", "junior")]
check("html 表Ⅲ: %d tagged figures, the 8 means and CVs per level and 综合" % len(ptrs),
      [p for p in ptrs if "composite" not in p] == want and [p for p in ptrs if "composite" in p] == want_c
      and table.count("<td>全县平均值</td>") == 2 and table.count("<td>差异系数</td>") == 2)
sys.exit(bad)
PY
# (review r2bureau9 item 3) a level's amount typed in 万元 (小学教学仪器设备值
# 130 for 400 pupils; the whole school's 1,400,000 looks right) is warned by
# schools, stats and report as 警告, and noted under the three forms
$py - "$t/schools.csv" "$t/units.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
rows[0] += ["equipment_value_primary", "equipment_value_junior"]
for r in rows[1:]:
    r += ["130", "1399870"] if r[1] == "河口镇石桥九年一贯制学校" else ["", ""]
csv.writer(open(sys.argv[2], "w", encoding="utf-8", newline="")).writerows(rows)
PY
"$J" merge --db "$t/u.db" --county 360701 "$t/usb" >/dev/null 2>&1 || { echo "FAIL merge (u)"; exit 1; }
out=$("$J" schools --db "$t/u.db" "$t/units.csv" --lang zh 2>&1)
[[ "$out" == *"units.csv:4: 警告：学校 3607020003："*"小学教学仪器设备值"*"130"*"在校生 400 人"*"万元"* ]] \
  && echo "PASS schools warns of 小学教学仪器设备值 130 for 400 pupils" || { echo "FAIL schools: $out"; fail=1; }
w="学校 3607020003 河口镇石桥九年一贯制学校：学校名册中“小学教学仪器设备值”为 130，在校生 400 人，每生仅 0.33 元"
out=$("$J" stats --db "$t/u.db" --out "$t/su" --lang zh 2>&1)
[[ "$out" == *"  警告：$w"* && "$out" != *"提示：$w"* && "$(grep -c "$w" <<<"$out")" = 1 ]] \
  && echo "PASS stats: 警告, once" || { echo "FAIL stats: $out"; fail=1; }
out=$("$J" stats --db "$t/u.db" --out "$t/su" --lang en 2>&1)
[[ "$out" == *"  register warning: school 3607020003 "*": register column 'equipment_value_primary' (小学教学仪器设备值) 130 for 400 students"* ]] \
  && echo "PASS stats in English" || { echo "FAIL stats (en): $out"; fail=1; }
out=$("$J" report --db "$t/u.db" --out "$t/ru" --no-pdf --lang zh 2>&1)
[[ "$out" == *"junheng report：警告：$w"* ]] && echo "PASS report prints the warning" || { echo "FAIL report: $out"; fail=1; }
$py - "$t" <<'PY' || fail=1
import json, sys
import openpyxl
t = sys.argv[1]
wb = openpyxl.load_workbook(t + "/ru/report.xlsx")
bad = 0
for n in ("表Ⅱ-1", "表Ⅱ-2", "表Ⅲ", "指标", "差异系数"):
    cells = [c.value for r in wb[n].iter_rows() for c in r if isinstance(c.value, str)]
    ok = any(v.startswith("注意：学校名册中以下数值") for v in cells) and \
        any("河口镇石桥九年一贯制学校“小学教学仪器设备值”130：在校生 400 人" in v for v in cells)
    print(("PASS" if ok else "FAIL") + " %s: the register's unit note" % n)
    bad |= not ok
wb = openpyxl.load_workbook(t + "/r-all/report.xlsx")
for n in ("表Ⅱ-1", "表Ⅱ-2", "表Ⅲ"):
    ok = not any(isinstance(c.value, str) and "注意：学校名册" in c.value for r in wb[n].iter_rows() for c in r)
    print(("PASS" if ok else "FAIL") + " %s: no unit note for a plain register" % n)
    bad |= not ok
# (review r2bureau9 item 4) a school's sample leaves the public out
m = json.load(open(t + "/r-all/stats.json", encoding="utf-8"))["methods"]["public_scope"]
ok = "the sample still counts them at the school" not in m and "只在样本构成中按收集的学校计数" not in m \
    and "nor in that school's sample" in m and "也不计入该校的样本" in m
print(("PASS" if ok else "FAIL") + " methods.public_scope: a school's sample leaves the public out")
bad |= not ok
sys.exit(bad)
PY
exit $fail
