#!/bin/bash
# Review rclerk9 (MAJOR): the national application form's sheets of
# report.xlsx (表Ⅱ-1, 表Ⅱ-2, 表Ⅲ; balance-rules §2) for a small county:
#   甲小学 meets 6 of 7 (sports area 7.0 against 7.5, above its 85 %): 1 and
#     one dark cell; 乙小学 fails three: no 1, three dark cells;
#   石桥九年一贯制学校: a row in 表Ⅱ-1 (小学部) and one in 表Ⅱ-2 (初中部);
#   城关中学 (完全中学): its junior part in 表Ⅱ-2 (初中部), no senior row;
#   丙村教学点 (80 pupils): in the quality figures, out of 表Ⅱ under the
#     2012 rules, in it with --basic-teaching-points threshold;
#   省属附小 (not run by the county) and 育才民办小学 (private): in no row.
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
3607020003,石桥九年一贯制学校,nine_year,town,public,600,400,200,,40,36,20,7,6,3600,6000,1400000,15,70,15000
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
    want_p = ["甲小学", "乙小学", "石桥九年一贯制学校（小学部）"] + (["丙村教学点"] if opt == "threshold" else [])
    check("%s: 表Ⅱ-1 rows %r" % (opt, list(p)), list(p) == want_p)
    check("%s: 表Ⅱ-2 rows %r" % (opt, list(j)),
          list(j) == ["城关中学（初中部）", "一中", "石桥九年一贯制学校（初中部）"])
    a, b = p["甲小学"], p["乙小学"]
    check("%s: 甲小学 1, one dark cell (L5 7.0 < 7.5)" % opt,
          a[8].value == 1 and [c.column_letter for c in a[1:8] if dark(c)] == ["F"] and a[5].value == 7.0)
    check("%s: 乙小学 no 1, L1 L2 L5 dark" % opt,
          b[8].value is None and [c.column_letter for c in b[1:8] if dark(c)] == ["B", "C", "F"])
    check("%s: 表Ⅱ-1 title and flag header" % opt,
          f1["A1"].value.startswith("表Ⅱ-1：小学办学基本标准达标情况") and f1["I2"].value.replace("\n", "") == "该校综合评估是否达标")
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
exit $fail
