#!/bin/bash
# Review rdoc3/rnum3 (session 18) of the county report:
#  1. a nine-year school's card names the level of each shortfall and says
#     that the amounts of its levels overlap (not to be added); the
#     workbook's 整改清单 says so beside such rows;
#  2. section 八 and the 评估指标 sheet count L1..L7 by school level, not as
#     schools (所), and name the level beside a school listed twice;
#  3. a chart without a bar says what its table says (隐藏（防推算）, the
#     document's own minimum, 无数据), not a literal "n<5";
#  4. with no school register: a notice at the top and in the CLI, the CV
#     cards give that reason (not "学校不足 2 所（0 所）");
#  5. no-data verdicts use the legend's "— 无数据" (not "？无数据");
#  6. a level of one school: its CV criterion counts as met (no
#     between-school difference; docs/evaluation.md), and section 八 and the
#     workbook say why beside the ✓ (section 一 shows that CV as 无法计算);
#  7. the urban–rural gap in percentage points (个百分点), not %;
#  5b. (with Chromium and pdftotext) the A4 PDF has the legend on page 1,
#     not alone on an otherwise blank page 2.
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"; J="$b/junheng"; py=/usr/bin/python3
base=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-rdoc3.XXXXXX"); [ -n "${JH_KEEP:-}" ] || trap 'rm -rf "$t"' EXIT; echo "work dir $t"
fail=0
mkdir "$t/usb" "$t/usb1"
cat >"$t/schools.csv" <<'CSV'
学校代码,学校名称,学段,城乡类别,办学类型,在校生数,小学在校生数,初中在校生数,专任教师数,高于规定学历教师数,中级及以上职称教师数,县级以上骨干教师数,体育艺术专任教师数,教学及辅助用房面积,体育运动场馆面积,教学仪器设备值,网络多媒体教室数,计算机台数,图书册数
3607010001,城关一小,小学,城区,公办,2311,,,118,112,70,28,24,10900,16500,5200000,56,300,62000
3607010002,城关二小,小学,城区,公办,1860,,,90,80,48,14,12,7800,9800,3400000,38,210,41000
3607010003,青山县实验中学,初中,城区,公办,1980,,,150,120,98,26,20,12500,21000,5600000,52,365,90000
3607020002,河口镇中学,初中,镇区,公办,1120,,,88,55,50,12,9,6100,10900,2500000,26,150,33000
3607030001,柳林乡中心小学,小学,乡村,公办,540,,,36,25,14,4,3,2600,4500,820000,10,60,11000
3607030003,青山乡九年一贯制学校,九年一贯制,乡村,公办,510,300,210,45,30,18,5,4,3000,5000,1050000,12,65,14000
CSV
"$b/tests/stats_gen" "$t/k1.db" K-A 3607010001 primary urban 14 6 1 "$t/usb" full >/dev/null || exit 1
"$b/tests/stats_gen" "$t/k2.db" K-B 3607010002 primary urban 10 4 2 "$t/usb" full >/dev/null || exit 1
"$b/tests/stats_gen" "$t/k3.db" K-C 3607030001 primary rural 12 5 3 "$t/usb" full >/dev/null || exit 1
"$b/tests/stats_gen" "$t/k4.db" K-D 3607030003 nine_year rural 9 3 4 "$t/usb" full >/dev/null || exit 1
"$J" merge --county 360701 --db "$t/c.db" "$t/usb" >/dev/null 2>&1 || { echo "FAIL merge"; exit 1; }
"$J" schools --db "$t/c.db" "$t/schools.csv" >/dev/null 2>&1 || { echo "FAIL schools"; exit 1; }
"$J" report --db "$t/c.db" --out "$t/rep" --no-pdf >"$t/rep.out" 2>&1 || { echo "FAIL report: $(cat "$t/rep.out")"; exit 1; }
$py "$src/tests/report/check_html.py" "$t/rep/report.html" "$t/rep/stats.json" >"$t/check.out" 2>&1 ||
  { echo "FAIL check_html: $(tail -5 "$t/check.out")"; fail=1; }
$py - "$t/rep" <<'PY' || fail=1
import json, re, sys
d = sys.argv[1]
html = open(d + "/report.html", encoding="utf-8").read()
st = json.load(open(d + "/stats.json", encoding="utf-8"))
text = lambda h: " ".join(re.sub(r"<[^>]+>", " ", h).split())
bad = 0
def check(what, ok, got=""):
    global bad
    if not ok:
        print("FAIL", what, got[:400]); bad = 1
    else:
        print("PASS", what)
# 1. the nine-year school's card
m = re.search(r'<div class="card"[^>]*>(?:(?!<div class="card").)*?青山乡九年一贯制学校.*?不足：.*?</p>', html, re.S)
card = text(m.group(0)) if m else ""
short = card[card.find("不足："):]
check("1 card: each level named", "小学 L" in short and "初中 L" in short, short)
lv = [e["level"] for e in st["rectification"] if e["school_code"] == "3607030003"]
both = {e["indicator"] for e in st["rectification"] if e["school_code"] == "3607030003" and e["level"] == "primary"} & \
       {e["indicator"] for e in st["rectification"] if e["school_code"] == "3607030003" and e["level"] == "junior"}
check("1 fixture: an indicator short in both levels", bool(both), str(lv))
check("1 card: amounts of the levels not to be added", "不可相加" in short, short)
# 2. section 八 counts levels
ev = html[html.find('id="evaluation"'):]
ev = ev[:ev.find("</section>")]
check("2 八: L1..L7 not counted as schools (所)", not re.search(r"逐校：达标 \d+ 所", text(ev.split("（二）")[0])), text(ev)[:300])
check("2 八: counted by level", "逐校分学段" in ev, text(ev)[:300])
# 4 (with a register): no notice
check("4 no notice with a register", 'id="no-register"' not in html)
# 5. no "？无数据"
check("5 no ？无数据", "？无数据" not in html, "")
# 7. the gap in percentage points
g = re.search(r"城乡差距</b>（城区满意率 − 乡村满意率）：(.*?)</p>", html, re.S)
gt = text(g.group(1)) if g else ""
check("7 gap in 个百分点", "个百分点" in gt and "%" not in gt.replace("95 %", ""), gt)
sys.exit(bad)
PY
$py - "$t/rep/report.xlsx" <<'PY' || fail=1
import sys
try:
    import openpyxl
except ImportError:
    sys.exit(0)
wb = openpyxl.load_workbook(sys.argv[1])
bad = 0
rows = [[c.value for c in r] for r in wb["整改清单"].iter_rows()]
both = [r for r in rows[1:] if r[0] == "3607030003"]
if not any(r[13] and "不可相加" in r[13] for r in both if len(r) > 13):
    print("FAIL 1 workbook 整改清单: no note that the levels' amounts overlap:", both); bad = 1
ev = [[c.value for c in r] for r in wb["评估指标"].iter_rows()]
l1 = [r for r in ev if r[1] == "L6"]
if not l1 or l1[0][3] != "逐校分学段":
    print("FAIL 2 workbook 评估指标 L6 scope:", l1); bad = 1
if l1 and l1[0][9] and l1[0][9].count("青山乡九年一贯制学校") > 1 and "（" not in l1[0][9]:
    print("FAIL 2 workbook 评估指标 L6 lists a school twice without its level:", l1[0][9]); bad = 1
if any(c == "？无数据" for r in ev for c in r):
    print("FAIL 5 workbook 评估指标 says ？无数据"); bad = 1
sys.exit(bad)
PY

# 3. the charts: a school hidden so that another cannot be derived, a
# locality below the document's own minimum (30), a locality without data
$py - "$t/rep/stats.json" "$t/edited.json" <<'PY' || exit 1
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
d["options"]["min_group"] = 30
s = d["satisfaction"]["by_school"][0]
s["suppressed"] = True; s["suppressed_reason"] = "complementary"
for k in ("answers", "questionnaires"):
    if isinstance(s.get(k), dict):
        for f in list(s[k]):
            if f in ("rate", "ci_low", "ci_high", "satisfied", "valid"): s[k][f] = None
loc = d["satisfaction"]["by_locality"]
loc[:] = [e for e in loc if e["locality"] != "town"]
for e in loc:
    if e["locality"] == "rural":
        e["suppressed"] = True; e["suppressed_reason"] = "small"
        for k in ("answers", "questionnaires"):
            if isinstance(e.get(k), dict):
                for f in list(e[k]):
                    if f in ("rate", "ci_low", "ci_high", "satisfied", "valid"): e[k][f] = None
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)
PY
"$J" report --stats-json "$t/edited.json" --out "$t/rep3" --no-pdf >"$t/rep3.out" 2>&1 || { echo "FAIL report 3: $(cat "$t/rep3.out")"; exit 1; }
$py - "$t/rep3/report.html" <<'PY' || fail=1
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
bad = 0
sup = re.findall(r'data-suppressed="1">([^<]*)</text>', html)
if not any("防推算" in x for x in sup):
    print("FAIL 3 school chart: the hidden school not labelled as its table row:", sup); bad = 1
if any(x == "样本不足 (n&lt;5)" or x == "n&lt;5" for x in sup):
    print("FAIL 3 charts: n<5 with --min-group 30:", sup); bad = 1
if not any("n&lt;30" in x for x in sup):
    print("FAIL 3 locality chart: the rural group not labelled with the minimum 30:", sup); bad = 1
if sum(x == "无数据" for x in sup) < 2:
    print("FAIL 3 locality chart: no town data not labelled 无数据:", sup); bad = 1
if not bad: print("PASS 3 charts", sup)
sys.exit(bad)
PY

# 4. no school register: merged only, then the report
"$b/tests/stats_gen" "$t/n1.db" K-N 3607010001 primary urban 10 4 7 "$t/usb1" full >/dev/null || exit 1
"$J" merge --county 360701 --db "$t/n.db" "$t/usb1" >/dev/null 2>&1 || { echo "FAIL merge n"; exit 1; }
"$J" report --db "$t/n.db" --out "$t/repn" --no-pdf >"$t/repn.out" 2>"$t/repn.err" || { echo "FAIL report n: $(cat "$t/repn.err")"; exit 1; }
grep -q "register" "$t/repn.err" && echo "PASS 4 CLI says no register" || { echo "FAIL 4 CLI: no word of the register: $(cat "$t/repn.err")"; fail=1; }
$py - "$t/repn/report.html" <<'PY' || fail=1
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
bad = 0
i = html.find('id="no-register"'); j = html.find('class="verdicts"')
if i < 0 or (j >= 0 and i > j):
    print("FAIL 4 no notice of the missing register before the verdicts"); bad = 1
vis = re.sub(r"<script.*?</script>", "", html, flags=re.S)
if "（0 所）" in vis:
    print("FAIL 4 a CV card says 学校不足 2 所（0 所）"); bad = 1
if not bad: print("PASS 4 report without a register")
sys.exit(bad)
PY

# 6. one school: its level's CV criterion counts as met, and the document says why
mkdir "$t/usb6"
head -2 "$t/schools.csv" >"$t/one.csv"
"$b/tests/stats_gen" "$t/o1.db" K-O 3607010001 primary urban 10 4 9 "$t/usb6" full >/dev/null || exit 1
"$J" merge --county 360701 --db "$t/o.db" "$t/usb6" >/dev/null 2>&1 || { echo "FAIL merge o"; exit 1; }
"$J" schools --db "$t/o.db" "$t/one.csv" >/dev/null 2>&1 || { echo "FAIL schools o"; exit 1; }
"$J" report --db "$t/o.db" --out "$t/repo" --no-pdf >"$t/repo.out" 2>&1 || { echo "FAIL report o: $(cat "$t/repo.out")"; exit 1; }
$py - "$t/repo" <<'PY' || fail=1
import json, re, sys
from openpyxl import load_workbook
d = sys.argv[1]
st = json.load(open(d + "/stats.json", encoding="utf-8"))
bad = 0
note = "该学段只有1所学校，无校际差异，差异系数不适用（按达标计）"
res = st["evaluation"]["parts"][0]
for ind in res["indicators"]:
    cv = ind["cv"]["primary"]
    if cv.get("note_zh") != note:
        print("FAIL 6 %s: no note on the one-school CV: %s" % (ind["code"], cv)); bad = 1; break
html = open(d + "/report.html", encoding="utf-8").read()
sec = html[html.find('id="evaluation"'):]
if sec.count("小学差异系数：" + note) < 7:
    print("FAIL 6 section 八 does not say why the one-school CV counts as met (%d)" % sec.count(note)); bad = 1
wb = load_workbook(d + "/report.xlsx")
cells = [str(c.value) for row in wb["评估指标"].iter_rows() for c in row if c.value]
if sum(note in c for c in cells) < 7:
    print("FAIL 6 the 评估指标 sheet does not say why the one-school CV counts as met"); bad = 1
if not bad: print("PASS 6 one school: the CV criterion met, and said why")
sys.exit(bad)
PY

# 5b. page 1 of the PDF holds the verdicts' legend
if command -v pdftotext >/dev/null && { command -v chromium || command -v chromium-browser; } >/dev/null &&
   [ "${JH_SANITIZE:-0}" != 1 ]; then
  "$J" report --stats-json "$t/rep/stats.json" --out "$t/pdf" >"$t/pdf.out" 2>&1 || { echo "FAIL report pdf: $(cat "$t/pdf.out")"; fail=1; }
  if [ -s "$t/pdf/report.pdf" ]; then
    p1=$(pdftotext -f 1 -l 1 "$t/pdf/report.pdf" - | tr -d ' \n')
    p2=$(pdftotext -f 2 -l 2 "$t/pdf/report.pdf" - | tr -d ' \n')
    if [[ "$p1" == *"黑白打印时以符号和文字为准"* && "$p2" == *"二、各校满意度"* ]]; then
      echo "PASS 5b the legend on page 1 of the PDF"
    else
      echo "FAIL 5b the legend not on page 1 of the PDF: page 2 is ${p2:0:200}"; fail=1
    fi
  else
    echo "SKIP 5b no report.pdf: $(cat "$t/pdf.out")"
  fi
else
  echo "SKIP 5b (no Chromium or pdftotext)"
fi
exit $fail
