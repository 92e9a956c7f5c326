#!/bin/bash
# Outside review rclerk9 (a county statistics clerk who reads only Chinese).
#  1. A nine-year school's overlapping shortfalls (a whole-school count short in
#     both levels) say so in every output: stats.json's needed_zh/needed_en and
#     `overlaps`, rectification.csv, the evaluation's needed_zh and the plan
#     (rectify.csv, rectify.xlsx), so nobody adds the two amounts.
#  2. A complete bundle renamed *.json.txt is not merged with exit 1; the file line
#     names the name to give it (no guess of an unfinished export), the summary
#     says 「1 个导出文件因文件名未合并」, not 「不是导出文件」; the kiosk's own
#     unfinished *.json.tmp.* file stays a plain skip.
#  3. A truncated copy of a bundle whose answers are all stored says there is
#     nothing to fetch (not 「请从答题机的 U 盘重新复制」), a truncated bundle with
#     answers not stored still says to copy it again; the file name is printed
#     once; the report's import log shows the folder of two rows of one name.
#  4. Wrong-clock answers (a kiosk reset to 2000-01-01): `round --open 2026
#     --previous 2025` warns that round 2025 is made (all of it) of answers dated
#     before 2020, naming the kiosk and its count; answers of another reset kiosk
#     merged after that count in no round, and `stats` says so (round.late_responses),
#     not that they belong to an earlier round.
#  5. Hints the clerk can act on: the teacher-split warning names the register's
#     columns (小学专任教师数、初中专任教师数 …), and those columns are read; the
#     report's sample-size note names --population.
#  6. Appendix C's two locality tables (same header) carry captions naming their
#     basis (the school's locality / the respondent's answer); section 四 says its
#     groups leave the public's questionnaires out, with their count.
#  8. The SD and mean as printed give the printed CV back (SD / mean): balance_cv.csv
#     (CV with 4 decimals), report section 五 and the workbook's 差异系数 sheet (3).
# County: A01 urban primary, B01 urban junior, C01 rural nine-year school whose
# PE/art teachers (L3) are given for the whole school only and short in both levels.
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"; J="$b/junheng"
py=/usr/bin/python3
base=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-rclerk9.XXXXXX"); [ -n "${JH_KEEP:-}" ] || trap 'rm -rf "$t"' EXIT
fail=0
ok() { echo "PASS $1"; }
bad() { echo "FAIL $1"; fail=1; }
gen() { JH_GEN_SURVEYS="$src/data/surveys" "$b/tests/stats_gen" "$@" >/dev/null || { echo "FAIL stats_gen $*"; exit 1; }; }
cat >"$t/schools.csv" <<'CSV'
学校代码,学校名称,学段,城乡类别,办学类型,在校生数,小学在校生数,初中在校生数,专任教师数,高于规定学历教师数,中级及以上职称教师数,县级以上骨干教师数,小学县级以上骨干教师数,初中县级以上骨干教师数,体育艺术专任教师数,教学及辅助用房面积,体育运动场馆面积,教学仪器设备值,小学教学仪器设备值,初中教学仪器设备值,网络多媒体教室数,计算机台数,图书册数
A01,城关一小,小学,城区,公办,2000,,,118,112,70,28,,,24,10900,16500,5200000,,,56,300,62000
B01,青山县实验中学,初中,城区,公办,1980,,,150,120,98,26,,,20,12500,21000,5600000,,,52,365,90000
C01,青山乡九年一贯制学校,九年一贯制,乡村,公办,510,300,210,45,30,18,,2,1,4,3000,5000,,500000,400000,12,65,14000
CSV
mkdir -p "$t/usb"
gen "$t/k1.db" K-A A01 primary urban 12 6 1 "$t/usb" full 6 3
gen "$t/k2.db" K-B B01 junior urban 12 6 2 "$t/usb" full 6 3
gen "$t/k3.db" K-C C01 nine_year rural 12 6 3 "$t/usb" full 6 3
db="$t/c.db"
{ "$J" surveys --db "$db" "$src"/data/surveys/*.json && "$J" merge --db "$db" --county 360701 "$t/usb" \
  && "$J" schools --db "$db" "$t/schools.csv"; } \
  >"$t/setup.out" 2>&1 || { echo "FAIL setup: $(tail -5 "$t/setup.out")"; exit 1; }
cp "$db" "$t/c0.db"

# -- 1. overlapping shortfalls in every output
"$J" stats --db "$db" --out "$t/st" >"$t/st.out" 2>&1 || bad "1 stats: $(tail -3 "$t/st.out")"
"$J" rectify --db "$db" --out "$t/plan" >"$t/plan.out" 2>&1 || bad "1 rectify: $(tail -3 "$t/plan.out")"
$py - "$t/st" "$t/plan" <<'PY' || fail=1
import csv, json, sys, openpyxl
st, plan = sys.argv[1], sys.argv[2]
bad = 0
def check(what, good, got=""):
    global bad
    print(("PASS " if good else "FAIL ") + what + ("" if good else ": " + str(got)[:600]))
    bad |= not good
d = json.load(open(st + "/stats.json", encoding="utf-8"))
l3 = [e for e in d["rectification"] if e["school_code"] == "C01" and e["indicator"] == "L3"]
check("1 C01 short in L3 in both levels, shared", len(l3) == 2 and all(e["shared"] for e in l3), l3)
for e in l3:
    other = "初中" if e["level"] == "primary" else "小学"
    check("1 stats.json needed_zh of %s says whole-school, overlapping" % e["level"],
          "全校数量" in e["needed_zh"] and "与本校%s所缺重叠，不可相加" % other in e["needed_zh"], e["needed_zh"])
    check("1 stats.json needed_en of %s says so" % e["level"], "do not add" in e["needed_en"], e["needed_en"])
    check("1 stats.json overlaps names the other level", e.get("overlaps") == ("junior" if e["level"] == "primary" else "primary"), e)
others = [e for e in d["rectification"] if e not in l3]
check("1 no other item says it overlaps", not any("不可相加" in e["needed_zh"] or "overlaps" in e for e in others),
      [e["needed_zh"] for e in others if "不可相加" in e["needed_zh"]])
ev = [s for p in d["evaluation"]["parts"] for i in p["indicators"] if i["code"] == "L3"
      for s in i.get("schools", []) if s["code"] == "C01" and s.get("needed_zh")]
check("1 evaluation needed_zh (the plan's source) of both levels", len(ev) == 2 and all("不可相加" in s["needed_zh"] for s in ev), ev)
rows = [r for r in csv.reader(open(st + "/rectification.csv", encoding="utf-8-sig")) if r and r[0] == "C01" and r[3] == "L3"]
check("1 rectification.csv: both rows say so", len(rows) == 2 and all("全校数量" in r[8] and "不可相加" in r[8] for r in rows), rows)
rows = [r for r in csv.reader(open(plan + "/rectify.csv", encoding="utf-8-sig")) if any("C01/L3" in c for c in r)]
check("1 plan rectify.csv: both rows say so", len(rows) == 2 and all(any("全校数量" in c and "不可相加" in c for c in r) for r in rows), rows)
wb = openpyxl.load_workbook(plan + "/rectify.xlsx")
cells = [str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value and "C01" in str(row[0].value or "") + str(row[1].value or "")]
xl = [c for ws in wb for row in ws.iter_rows() if any("C01/L3" in str(c.value) for c in row) for c in row if c.value and "不可相加" in str(c.value)]
check("1 plan rectify.xlsx: both rows say so", len(xl) == 2, [str(c.value) for c in xl])
sys.exit(bad)
PY

# -- 2. a bundle renamed *.json.txt
mkdir -p "$t/wx" "$t/wx1"
gen "$t/k4.db" K-D A01 primary urban 4 2 4 "$t/wx" full 2 1
f=$(ls "$t/wx"/junheng-K-D-*.json); bn=$(basename "$f")
cp "$f" "$t/wx1/$bn.tmp.4242"; mv "$f" "$f.txt"
gen "$t/k5.db" K-E B01 junior urban 4 2 5 "$t/wx" full 2 1 # merged beside it
cp "$t/c0.db" "$t/m2.db"
LANGUAGE=zh_CN LANG=zh_CN.UTF-8 "$J" merge --db "$t/m2.db" "$t/wx" >"$t/m2.out" 2>&1; rc=$?
[ $rc = 1 ] && ok "2 a renamed bundle: exit 1" || bad "2 a renamed bundle: exit $rc (want 1): $(cat "$t/m2.out")"
grep -q "改名为 $bn 后再合并" "$t/m2.out" && ! grep -q "导出没有完成" "$t/m2.out" \
  && ok "2 the file line names the name to give it, no unfinished-export guess" || bad "2 file line: $(head -3 "$t/m2.out")"
grep -q "1 个导出文件因文件名未合并" "$t/m2.out" && ! grep -q "不是导出文件" "$t/m2.out" \
  && ok "2 the summary: 1 个导出文件因文件名未合并" || bad "2 summary: $(cat "$t/m2.out")"
cp "$t/c0.db" "$t/m3.db"
LANGUAGE=zh_CN LANG=zh_CN.UTF-8 "$J" merge --db "$t/m3.db" "$t/wx1" "$t/usb" >"$t/m3.out" 2>&1; rc=$?
[ $rc = 0 ] && grep -q "导出没有完成" "$t/m3.out" && ! grep -q "因文件名未合并" "$t/m3.out" \
  && ok "2 the kiosk's unfinished .json.tmp file: a plain skip, exit 0" || bad "2 .json.tmp (exit $rc): $(cat "$t/m3.out")"

# -- 3. a truncated copy of a bundle merged already
mkdir -p "$t/trunc" "$t/wx2"
f=$(ls "$t/usb"/junheng-K-C-*.json); bn=$(basename "$f")
head -c 3000 "$f" >"$t/trunc/$bn"
cp "$t/c0.db" "$t/m4.db"
LANGUAGE=zh_CN LANG=zh_CN.UTF-8 "$J" merge --db "$t/m4.db" "$t/trunc" >"$t/m4.out" 2>&1
line=$(grep "$bn" "$t/m4.out")
grep -q "文件不完整" <<<"$line" && grep -q "答题机 K-C 序号 1-[0-9]* 的答卷已全部在本数据库中" <<<"$line" \
  && ! grep -q "重新复制该文件" <<<"$line" && ok "3 a truncated copy of a merged bundle: nothing to fetch" \
  || bad "3 truncated copy of a merged bundle: $line"
[ "$(grep -o "$bn" <<<"$line" | wc -l)" = 1 ] && ok "3 the file name once" || bad "3 the file name more than once: $line"
gen "$t/k6.db" K-F A01 primary urban 6 2 6 "$t/wx2" full 3 1
f=$(ls "$t/wx2"/junheng-K-F-*.json); head -c 3000 "$f" >"$t/wx2/x"; mv "$t/wx2/x" "$f"
LANGUAGE=zh_CN LANG=zh_CN.UTF-8 "$J" merge --db "$t/m4.db" "$t/wx2" >"$t/m5.out" 2>&1
grep -q "重新复制该文件" "$t/m5.out" && ! grep -q "已全部在本数据库中" "$t/m5.out" \
  && ok "3 a truncated bundle with answers not stored: copy it again" || bad "3 truncated new bundle: $(cat "$t/m5.out")"
JH_CHROMIUM= "$J" report --db "$t/m4.db" --out "$t/rep4" --no-pdf >"$t/rep4.out" 2>&1 || bad "3 report: $(tail -3 "$t/rep4.out")"
$py - "$t/rep4/report.html" "$bn" <<'PY' || fail=1
import re, sys
h, bn = open(sys.argv[1], encoding="utf-8").read(), sys.argv[2]
cells = re.findall(r'<td title="[^"]*">([^<]*%s)</td>' % re.escape(bn), h)
good = sorted(cells) == ["trunc/" + bn, "usb/" + bn]
print(("PASS" if good else "FAIL") + " 3 import log: the two rows of one name show their folders: %s" % cells)
other = re.findall(r'<td title="[^"]*">(junheng-K-A-[^<]*)</td>', h)
good2 = len(other) == 1
print(("PASS" if good2 else "FAIL") + " 3 import log: a name of one row stays bare: %s" % other)
sys.exit(0 if good and good2 else 1)
PY

# -- 4. wrong-clock answers and rounds
mkdir -p "$t/clk1" "$t/clk2"
STATS_GEN_T0=946700000000 gen "$t/kz.db" K-Z C01 nine_year rural 6 2 7 "$t/clk1" full 3 1
STATS_GEN_T0=946700000000 gen "$t/ky.db" K-Y C01 nine_year rural 5 2 8 "$t/clk2" full 2 1
nz=$(sqlite3 "$t/kz.db" "SELECT count(*) FROM responses") ny=$(sqlite3 "$t/ky.db" "SELECT count(*) FROM responses")
"$J" merge --db "$t/r.db" --county 360701 "$t/usb" "$t/clk1" >/dev/null 2>&1
LANGUAGE=zh_CN LANG=zh_CN.UTF-8 "$J" round --db "$t/r.db" --open 2026 --since 2026-09-01 --previous 2025 >"$t/round.out" 2>&1 \
  || bad "4 round --open: $(cat "$t/round.out")"
grep -q "警告：轮次 2025 .*共 $nz 份答卷；其中 $nz 份（全部）的日期早于 2020-01-01" "$t/round.out" \
  && grep -q "答题机 K-Z（学校 C01）：$nz 份答卷，日期 2000-01-0" "$t/round.out" \
  && ok "4 round --open warns: round 2025 is all wrong-clock answers, kiosk K-Z named" || bad "4 round --open: $(cat "$t/round.out")"
LANGUAGE=zh_CN LANG=zh_CN.UTF-8 "$J" merge --db "$t/r.db" "$t/clk2" >"$t/mclk.out" 2>&1
grep -q "不计入任何轮次" "$t/mclk.out" || bad "4 merge of a wrong clock after the round opened: $(cat "$t/mclk.out")"
LANGUAGE=zh_CN LANG=zh_CN.UTF-8 "$J" stats --db "$t/r.db" --out "$t/rst" >"$t/rst.out" 2>&1 || bad "4 stats: $(tail -3 "$t/rst.out")"
line=$(grep "评估轮次 2026" "$t/rst.out")
grep -q "此前记录的 $nz 份答卷属于以前的轮次" <<<"$line" && grep -q "另有 $ny 份答卷.*不计入任何轮次" <<<"$line" \
  && ok "4 stats agrees with merge: $line" || bad "4 stats: $line"
late=$($py -c 'import json,sys; r=json.load(open(sys.argv[1]))["round"]; print(r["late_responses"], r["earlier_responses"])' "$t/rst/stats.json")
[ "$late" = "$ny $((nz + ny))" ] && ok "4 stats.json round.late_responses $late" || bad "4 stats.json round (late, earlier) $late, want $ny $((nz + ny))"
LANGUAGE=zh_CN LANG=zh_CN.UTF-8 "$J" round --db "$t/c0.db" --open 2026 --since 2026-09-01 --previous 2025 >"$t/round0.out" 2>&1
! grep -q "2020-01-01" "$t/round0.out" && ok "4 no warning when no answer is dated before 2020" || bad "4 round0: $(cat "$t/round0.out")"

# -- 5. actionable hints
LANGUAGE=zh_CN LANG=zh_CN.UTF-8 "$J" stats --db "$t/c0.db" >"$t/st5.out" 2>&1
w=$(grep "C01 青山乡九年一贯制学校：教师数" "$t/st5.out")
grep -q "在学校名册中加上这些列分学段填报即可避免：小学专任教师数、初中专任教师数" <<<"$w" \
  && grep -q "小学体育艺术专任教师数、初中体育艺术专任教师数" <<<"$w" && ok "5 the split warning names the columns" \
  || bad "5 split warning: $w"
# (the columns it names are the register's: given, the warning is gone)
$py - "$t/schools.csv" "$t/s5.csv" "$w" <<'PY'
import csv, re, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
cols = re.search(r"即可避免：(.*)$", sys.argv[3]).group(1).strip().split("、")
col = {h: i for i, h in enumerate(rows[0])}
rows[0] += cols
for r in rows[1:]:
    for c in cols: # half the whole school's count to each level (the primary the odd one)
        whole = int(r[col[c[2:]]]) if r[0] == "C01" else None
        r.append("" if whole is None else str(whole - whole // 2 if c.startswith("小学") else whole // 2))
csv.writer(open(sys.argv[2], "w", encoding="utf-8", newline="")).writerows(rows)
PY
cp "$t/c0.db" "$t/c5.db"
"$J" schools --db "$t/c5.db" "$t/s5.csv" >"$t/s5.out" 2>&1 || bad "5 register with the named columns: $(tail -3 "$t/s5.out")"
LANGUAGE=zh_CN LANG=zh_CN.UTF-8 "$J" stats --db "$t/c5.db" >"$t/st5b.out" 2>&1
! grep -q "C01 青山乡九年一贯制学校：教师数" "$t/st5b.out" && ok "5 the named columns are read: no split warning" \
  || bad "5 still split: $(grep "C01" "$t/st5b.out")"
JH_CHROMIUM= "$J" report --db "$t/c0.db" --out "$t/rep5" --no-pdf >"$t/rep5.out" 2>&1 || bad "5 report: $(tail -3 "$t/rep5.out")"
grep -q "未检查样本量：生成报告时加上选项 <span class=\"code\">--population 520000</span>（520000 换成本县常住人口数）" "$t/rep5/report.html" && ok "5 the report names --population" \
  || bad "5 sample size note: $(grep -o "样本量：[^<]*" "$t/rep5/report.html" | head -2)"

# -- 6. captions of appendix C, section 四's basis
$py - "$t/rep5/report.html" "$t/rep5/stats.json" <<'PY' || fail=1
import json, re, sys
h = open(sys.argv[1], encoding="utf-8").read()
st = json.load(open(sys.argv[2], encoding="utf-8"))
bad = 0
def check(what, good, got=""):
    global bad
    print(("PASS " if good else "FAIL ") + what + ("" if good else ": " + str(got)[:400]))
    bad |= not good
t1 = re.search(r'<table class="sample"><caption>([^<]*)</caption>', h)
t2 = re.search(r'<table class="sample-respondents"><caption>([^<]*)</caption>', h)
check("6 table C-1 captioned: by the school's locality", t1 and "学校所在城乡" in t1.group(1), t1 and t1.group(1))
check("6 table C-2 captioned: by the respondent's answer", t2 and "答题人" in t2.group(1) and t2.group(1) != t1.group(1),
      t2 and t2.group(1))
sec = re.search(r'<section[^>]*id="localities".*?</section>', h, re.S)
sec = re.sub(r"<[^>]+>", "", sec.group(0)) if sec else ""
pub = [r for r in st["satisfaction"]["by_role"] if r["role"] == "public"]
npub = pub[0]["n_questionnaires"] if pub else 0
check("6 section 四 says the public is left out (%d questionnaires)" % npub,
      "不含社会公众问卷" in sec and (npub == 0 or "（%d 份，评价的是全县" % npub in sec), sec[:600])
sys.exit(bad)
PY

# -- 8. SD / mean gives the printed CV back
$py - "$t/rep5" "$t/st" <<'PY' || fail=1
import csv, re, sys, openpyxl
d, st = sys.argv[1], sys.argv[2]
bad = 0
def check(what, good, got=""):
    global bad
    print(("PASS " if good else "FAIL ") + what + ("" if good else ": " + str(got)[:600]))
    bad |= not good
num = lambda x: float(x.replace(",", ""))
rows = [r for r in csv.DictReader(open(st + "/balance_cv.csv", encoding="utf-8-sig"))
        if r["标准差"] and r["加权平均"] and re.fullmatch(r"[0-9.]+", r["差异系数"])]
wrong = [(r["指标代码"], r["加权平均"], r["标准差"], r["差异系数"]) for r in rows
         if "%.4f" % (num(r["标准差"]) / num(r["加权平均"])) != r["差异系数"]]
check("8 balance_cv.csv: SD / mean gives the CV of every row (%d)" % len(rows), rows and not wrong, wrong)
h = open(d + "/report.html", encoding="utf-8").read()
tab = re.search(r'<table class="cv">.*?</table>', h, re.S).group(0)
cells = [[re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)]
         for tr in re.findall(r"<tr>(.*?)</tr>", tab, re.S)]
cells = [c for c in cells if len(c) > 5 and re.fullmatch(r"[0-9.,]+", c[3] + c[4]) and re.fullmatch(r"[0-9.]+", c[5])]
wrong = [c[1:6] for c in cells if "%.*f" % (len(c[5].split(".")[1]), num(c[4]) / num(c[3])) != c[5]]
check("8 report section 五: SD / mean gives the CV of every row (%d)" % len(cells), cells and not wrong, wrong)
ws = openpyxl.load_workbook(d + "/report.xlsx")["差异系数"]
dec = lambda f: len(f.split(".")[1].rstrip("%")) if "." in f else 0
n, wrong = 0, []
for row in ws.iter_rows(min_row=2):
    m, sd, cv = row[5], row[6], row[7]
    if not all(isinstance(c.value, (int, float)) for c in (m, sd, cv)):
        continue
    n += 1
    shown = lambda c: round(c.value, dec(c.number_format))
    if "%.3f" % (shown(sd) / shown(m)) != "%.3f" % cv.value:
        wrong.append((row[2].value, m.value, m.number_format, sd.value, cv.value))
check("8 workbook 差异系数: SD / mean as shown gives the CV of every row (%d)" % n, n and not wrong, wrong)
sys.exit(bad)
PY

exit $fail
