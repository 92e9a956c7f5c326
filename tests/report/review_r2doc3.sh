#!/bin/bash
# Review r2doc3 (session 18) of the county report:
#  1. a nine-year school whose register gives a count per level: its
#     levels' amounts add up (stats.json rectification[].shared false), no
#     "不可相加" note on its card or in the 整改清单 sheet;
#  2. questionnaires with and without the locality item: those without
#     count by their school's locality (basis "mixed"), only those with the
#     item unanswered are "未答或不愿回答";
#  3. with no school register: section 七 and page 1 say the rectification
#     list cannot be computed (not "无需整改", "整改项共 0 项");
#  4. with no school register: the CVs' cv_reason names the missing
#     register (not "不足 2 所（0 所）"), and the 汇总 sheet says so;
#  7. the sampling tables give share differences and the tolerance in
#     percentage points (个百分点), as the verdict text does;
#  6. the workbook's 城乡比例判定 rows say their shares are of the
#     questionnaires with a known locality; 8. the 评估指标 sheet's counts are
#     of schools or levels (所/学段), notes in their own column;
#  5. (with Chromium and pdftotext) the A4 PDF of a page 1 with extra
#     paragraphs (the no-register notice, the version merge line) keeps the
#     legend on page 1 and no near-blank page 2: section 二 goes on there.
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"; J="$b/junheng"; py=/usr/bin/python3
base=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-r2doc3.XXXXXX"); [ -n "${JH_KEEP:-}" ] || trap 'rm -rf "$t"' EXIT; echo "work dir $t"
fail=0
mkdir "$t/usb" "$t/usb2"
cat >"$t/schools.csv" <<'CSV'
学校代码,学校名称,学段,城乡类别,办学类型,在校生数,小学在校生数,初中在校生数,专任教师数,高于规定学历教师数,中级及以上职称教师数,县级以上骨干教师数,小学县级以上骨干教师数,初中县级以上骨干教师数,体育艺术专任教师数,教学及辅助用房面积,体育运动场馆面积,教学仪器设备值,小学教学仪器设备值,初中教学仪器设备值,网络多媒体教室数,计算机台数,图书册数
3607010001,城关一小,小学,城区,公办,2000,,,118,112,70,28,,,24,10900,16500,5200000,,,56,300,62000
3607010003,青山县实验中学,初中,城区,公办,1980,,,150,120,98,26,,,20,12500,21000,5600000,,,52,365,90000
3607020001,河口镇中心小学,小学,镇区,公办,960,,,52,44,25,10,,,9,4600,7600,1850000,,,23,120,24000
3607020002,河口镇中学,初中,镇区,公办,1120,,,88,55,50,12,,,9,6100,10900,2500000,,,26,150,33000
3607030003,青山乡九年一贯制学校,九年一贯制,乡村,公办,510,300,210,45,30,18,,2,1,4,3000,5000,,500000,400000,12,65,14000
CSV
G="$b/tests/stats_gen"
# urban schools on the 1.0 questionnaires (no locality item), the others on 2.x
"$G" "$t/k1.db" K-1 3607010001 primary urban 30 8 11 "$t/usb" full >/dev/null || exit 1
"$G" "$t/k2.db" K-2 3607010003 junior urban 30 8 12 "$t/usb" full >/dev/null || exit 1
export JH_GEN_SURVEYS="$src/data/surveys"
"$G" "$t/k3.db" K-3 3607020001 primary town 20 6 13 "$t/usb" full >/dev/null || exit 1
"$G" "$t/k4.db" K-4 3607020002 junior town 20 6 14 "$t/usb" full >/dev/null || exit 1
"$G" "$t/k5.db" K-5 3607030003 nine_year rural 20 6 15 "$t/usb" full >/dev/null || exit 1
unset JH_GEN_SURVEYS
"$J" merge --county 360701 --db "$t/c.db" "$t/usb" >/dev/null 2>&1 || { echo "FAIL merge"; exit 1; }
"$J" schools --db "$t/c.db" "$t/schools.csv" >/dev/null 2>&1 || { echo "FAIL schools"; exit 1; }
"$J" report --db "$t/c.db" --out "$t/rep" --no-pdf >"$t/rep.out" 2>&1 || { echo "FAIL report: $(cat "$t/rep.out")"; exit 1; }
# no register
"$G" "$t/n1.db" K-6 3607010001 primary urban 20 5 31 "$t/usb2" full >/dev/null || exit 1
"$G" "$t/n2.db" K-7 3607030001 primary rural 20 5 32 "$t/usb2" full >/dev/null || exit 1
"$J" merge --county 360701 --db "$t/n.db" "$t/usb2" >/dev/null 2>&1 || { echo "FAIL merge 2"; exit 1; }
"$J" report --db "$t/n.db" --out "$t/nrep" --no-pdf >"$t/nrep.out" 2>&1 || { echo "FAIL report 2: $(cat "$t/nrep.out")"; exit 1; }
for d in rep nrep; do
  $py "$src/tests/report/check_html.py" "$t/$d/report.html" "$t/$d/stats.json" >"$t/check.out" 2>&1 ||
    { echo "FAIL check_html $d: $(tail -5 "$t/check.out")"; fail=1; }
done
$py - "$t/rep" "$t/nrep" <<'PY' || fail=1
import json, re, sys, zipfile
d, nd = sys.argv[1], sys.argv[2]
text = lambda h: " ".join(re.sub(r"<[^>]+>", " ", h).split())
def book(path):
    z = zipfile.ZipFile(path)
    return " ".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
bad = 0
def check(what, ok, got=""):
    global bad
    if not ok:
        print("FAIL", what, str(got)[:400]); bad = 1
    else:
        print("PASS", what)
html = open(d + "/report.html", encoding="utf-8").read()
st = json.load(open(d + "/stats.json", encoding="utf-8"))
wb = book(d + "/report.xlsx") if __import__("os").path.exists(d + "/report.xlsx") else ""
# 1. per-level counts add up
rect = [e for e in st["rectification"] if e["school_code"] == "3607030003"]
# (L2 骨干教师 and L6 仪器设备 are given per level; L3 is split)
l4 = [e for e in rect if e["indicator"] in ("L2", "L6")]
check("1 nine-year school short in L2 / L6 in both levels", len(l4) >= 2 and
      len({e["level"] for e in l4}) == 2, [(e["level"], e["indicator"]) for e in rect])
check("1 per-level counts (L2, L6): shared false", all(e.get("shared") is False for e in rect if e["indicator"] in ("L2", "L6")) and
      all(e.get("shared") is True for e in rect if e["indicator"] == "L3"), [(e["indicator"], e.get("shared")) for e in rect])
m = re.search(r'<div class="card"[^>]*>(?:(?!<div class="card").)*?青山乡九年一贯制学校.*?不足：.*?</p>', html, re.S)
card = text(m.group(0)) if m else ""
check("1 card: L2, L6 add up", "L2、L6：名册按学段分别填报" in card and "应相加" in card, card[card.find("不足："):])
check("1 card: only the shared L3 overlaps", "L3：名册只填全校数" in card and "L2、L6：名册只填全校数" not in card,
      card[card.find("不足："):])
rows = re.findall(r"<row[^>]*>.*?</row>", wb, re.S)
r9 = [text(r) for r in rows if "3607030003" in r and ("L2" in r or "L6" in r) and "还需增加" in r]
check("1 workbook: L2/L6 rows say the amounts add up", r9 and all("应相加" in r and "不可相加" not in r for r in r9), r9)
# 2. mixed questionnaires
rl = st["sample"]["by_respondent_locality"]
check("2 basis mixed", rl["basis"] == "mixed", rl)
check("2 no-item questionnaires placed by the school", rl.get("by_school", 0) > 0 and rl.get("unanswered", 1e9) < rl["by_school"], rl)
urban = [l for l in rl["localities"] if l["locality"] == "urban"][0]
check("2 urban share not missing the 1.0 questionnaires", urban["pass"] is True, urban)
check("2 HTML names both bases", "不含此题的问卷按学校所在城乡计" in text(html), "")
check("2 workbook names the mixed basis", "不含此题的问卷按学校所在城乡计" in wb)
# 7. sampling tables: share differences and the tolerance in 个百分点
m = re.search(r'<table class="sample-respondents".*?</table>', html, re.S)
diffs = re.findall(r'data-p="[^"]*/difference"[^>]*>([^<]*)<', m.group(0) if m else "")
check("7 sampling table: differences in 个百分点", diffs and all(x.endswith("个百分点") for x in diffs), diffs)
check("7 the tolerance in 个百分点", "与人口比例之差不超过 10.0 个百分点" in text(html) or "与人口比例之差不超过 10 个百分点" in text(html), "")
# 6./8. workbook: the locality verdict rows' denominator; the 评估指标 headers
check("6 样本 sheet: 城乡比例判定 shares of the known-locality questionnaires",
      "占已知城乡答卷（%d 份）的比例" % rl["known"] in wb, "")
check("8 评估指标 headers count schools or levels", "达标\n(所/学段)" in wb and ">达标学校<" not in wb, "")
# 3./4. no register
nhtml = text(open(nd + "/report.html", encoding="utf-8").read())
nst = json.load(open(nd + "/stats.json", encoding="utf-8"))
check("3 section 七: not 无需整改", "无需整改" not in nhtml and "无法计算（尚未导入学校名册）" in nhtml, "")
check("3 page 1: not 整改项共 0 项", "整改项共 0 项" not in nhtml, "")
check("3 no 没有超过限值的差异系数", "没有超过限值的差异系数" not in nhtml, "")
why = nst["balance"]["primary"].get("cv_reason") or ""
check("4 cv_reason names the register", "尚未导入学校名册" in why and "0 所" not in why, why)
nwb = book(nd + "/report.xlsx")
check("4 workbook: no 不足 2 所（0 所）", "（0 所）" not in nwb, "")
check("4 workbook 汇总: the missing register", "尚未导入学校名册" in nwb, "")
sys.exit(bad)
PY
# 5. page 1 with extra paragraphs: the legend on it, page 2 not near blank
if command -v pdftotext >/dev/null && { command -v chromium || command -v chromium-browser; } >/dev/null; then
  for d in rep nrep; do
    "$J" report --stats-json "$t/$d/stats.json" --out "$t/pdf-$d" >"$t/pdf.out" 2>&1
    if [ -f "$t/pdf-$d/report.pdf" ]; then
      p1=$(pdftotext -f 1 -l 1 "$t/pdf-$d/report.pdf" - | tr -d ' \n')
      p2=$(pdftotext -f 2 -l 2 "$t/pdf-$d/report.pdf" - | tr -d ' \n')
      if [[ "$p1" == *"✓表示达标"* && "$p2" == *"二、各校满意度"* ]]; then
        echo "PASS 5 $d: the legend on page 1, section 二 goes on on page 2"
      else
        echo "FAIL 5 $d: page 2 is ${p2:0:200}"; fail=1
      fi
    else
      echo "SKIP 5 no report.pdf: $(cat "$t/pdf.out")"
    fi
  done
else
  echo "SKIP 5 (no Chromium or pdftotext)"
fi
exit $fail
