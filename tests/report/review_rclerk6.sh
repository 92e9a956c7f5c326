#!/bin/bash
# Outside review rclerk6 (session 22): a county clerk's report.
#  1. 一、基本情况's pupil and teacher totals are the compulsory parts' (a nine-year
#     school with only its levels filled in, a complete middle school's senior
#     pupils left out, a total cell disagreeing with its levels).
#  2. A largest class below the average class rounded up (1,000 pupils in 22
#     classes, largest 45) is refused, naming line and column, nothing stored.
#  3. The verdicts' legend names the veto line in use (--threshold 0.6922: 69.22 %).
#  4. A registered school without answers (C01) is named under 五（二）各校满意度 and
#     reads 无问卷 in the workbook's 学校 sheet.
#  5. A closed round's statistics (stats --round) say closed, when and its survey
#     period (round.closed, closed_ms, next_round, until_ms), and so does its report;
#     the open round's report says it is interim and since when.
#  6. A value at the 85 % boundary (764.99 m² for 200 pupils = 3.82495 against
#     85 % of 4.5 = 3.825) reads the same in report.html, the CSV and the
#     workbook, apart from 3.825 as a spreadsheet rounds too (3.82495).
#  7. Messages a Chinese-only clerk can act on: a copied kiosk's conflict gives the
#     steps in Chinese (no English section title); a complete middle school's missing
#     高中在校生数 column says to add it, without the English level code; a county
#     fact 校际差异率 typed as an Excel percentage (12%) is 0.12, a wrong one says a
#     decimal such as 0.12 is expected; the summary's gap says 城区 − 乡村.
# County: A01 urban primary 1000 pupils, A02 rural primary 200, B01 urban junior
# 1900, C01 rural nine-year 800 + 700 (total cell blank); answers for A01, A02, B01.
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"; J="$b/junheng"
py=/usr/bin/python3
base=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-rclerk6.XXXXXX"); [ -n "${JH_KEEP:-}" ] || trap 'rm -rf "$t"' EXIT
fail=0
ok() { echo "PASS $1"; }
bad() { echo "FAIL $1"; fail=1; }
gen() { JH_GEN_SURVEYS="$src/data/surveys" "$b/tests/stats_gen" "$@" >/dev/null || { echo "FAIL stats_gen $*"; exit 1; }; }
reg="$src/tests/report/rclerk6/register.csv"
mkdir -p "$t/usb"
gen "$t/k1.db" K-A A01 primary urban 12 6 1 "$t/usb" full 6 3
gen "$t/k2.db" K-A2 A02 primary rural 8 4 2 "$t/usb" full 4 2
gen "$t/k3.db" K-B B01 junior urban 12 6 3 "$t/usb" full 6 3
db="$t/c.db"
{ "$J" surveys --db "$db" "$src"/data/surveys/*.json && "$J" merge --county 360701 --db "$db" "$t/usb" \
  && "$J" schools --db "$db" "$reg" && "$J" county --db "$db" "$src/tests/eval/county.csv"; } \
  >"$t/setup.out" 2>&1 || { echo "FAIL setup: $(tail -5 "$t/setup.out")"; exit 1; }
cp "$db" "$t/c0.db"
# a register variant: $1 name, python code editing rows (a list of lists, header first)
variant() {
  $py - "$reg" "$t/$1.csv" "$2" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
col = {h: i for i, h in enumerate(rows[0])}
exec(sys.argv[3])
csv.writer(open(sys.argv[2], "w", encoding="utf-8", newline="")).writerows(rows)
PY
}
report() { # db, out dir, extra args
  local d=$1 o=$2; shift 2
  JH_CHROMIUM= "$J" report --db "$d" --out "$o" --round 2026 --no-pdf "$@" >"$o.out" 2>&1 \
    || { bad "report $o: $(tail -3 "$o.out")"; return 1; }
}
overview() { # report dir -> the 概况 paragraph
  $py - "$1/report.html" <<'PY'
import re, sys
h = open(sys.argv[1], encoding="utf-8").read()
print(re.sub(r"<[^>]+>", "", re.search(r"<h3>（一）概况</h3>\s*<p>(.*?)</p>", h, re.S).group(1)))
PY
}

# -- 1. the pupil total on page 1
report "$db" "$t/rep" && o=$(overview "$t/rep") \
  && { grep -q '在校生 4,600 人，专任教师 322 人' <<<"$o" && ok "1 概况 counts the nine-year school's levels: $o" \
       || bad "1 概况 (want 在校生 4,600 人，专任教师 322 人): $o"; }
variant cm 'rows[0].append("高中在校生数"); [r.append("") for r in rows[1:]]; rows.append(["D01","县第二中学","完全中学","镇区","2000","160","140","90","30","20","16000","24000","6000000","60","300","80000","","800","","16","","50","2","100","2","100","160","160","60000","1000000","是","是","是","是","是","是","1200"])'
cp "$t/c0.db" "$t/cm.db"
"$J" schools --db "$t/cm.db" "$t/cm.csv" >"$t/cm.out" 2>&1 || bad "1 schools with a complete middle school: $(tail -3 "$t/cm.out")"
report "$t/cm.db" "$t/repcm" && o=$(overview "$t/repcm") \
  && { grep -q '在校生 5,400 人' <<<"$o" && ! grep -q '专任教师 482 人' <<<"$o" \
       && ok "1 概况 leaves out a complete middle school's senior pupils and teachers: $o" \
       || bad "1 概况 with a complete middle school (want 在校生 5,400 人, not 专任教师 482 人): $o"; }
variant tot 'rows[4][col["在校生数"]] = "1600"'
cp "$t/c0.db" "$t/tot.db"
"$J" schools --db "$t/tot.db" "$t/tot.csv" >"$t/tot.out" 2>&1 || bad "1 schools with a total of 1600: $(tail -3 "$t/tot.out")"
report "$t/tot.db" "$t/reptot" && o=$(overview "$t/reptot") \
  && { grep -q '在校生 4,600 人' <<<"$o" && ok "1 概况 uses the levels, not a disagreeing total cell: $o" \
       || bad "1 概况 with C01's total 1600 (want 在校生 4,600 人 as the statistics): $o"; }

# -- 2. a largest class the average contradicts
variant cls 'rows[1][col["小学班级数"]] = "22"'
cp "$t/c0.db" "$t/cls.db"; before=$(sqlite3 "$t/cls.db" "SELECT count(*) FROM school_values")
out=$(LANGUAGE=zh_CN "$J" schools --db "$t/cls.db" "$t/cls.csv" 2>&1); rc=$?
[ $rc != 0 ] && grep -q 'cls.csv:2:.*小学最大班额' <<<"$out" && grep -q '45' <<<"$out" && grep -q '45.5' <<<"$out" \
  && [ "$(sqlite3 "$t/cls.db" "SELECT count(*) FROM school_values")" = "$before" ] \
  && ok "2 schools refuses a largest class of 45 for 1,000 pupils in 22 classes: $(grep -m1 'cls.csv:2' <<<"$out")" \
  || bad "2 schools with 1,000 pupils in 22 classes, largest 45: rc $rc: $out"

# -- 6. the 85 % boundary in the workbook
variant b85 'r = rows[2]; r[col["教学及辅助用房面积"]] = "764.99"; r[col["高于规定学历教师数"]] = "9"; r[col["体育艺术专任教师数"]] = "2"; r[col["体育运动场馆面积"]] = "1500"; r[col["教学仪器设备值"]] = "400000"; r[col["网络多媒体教室数"]] = "5"'
cp "$t/c0.db" "$t/b85.db"
"$J" schools --db "$t/b85.db" "$t/b85.csv" >"$t/b85.out" 2>&1 || bad "6 schools: $(tail -3 "$t/b85.out")"
"$J" stats --db "$t/b85.db" --out "$t/st85" >"$t/st85.out" 2>&1 || bad "6 stats: $(tail -3 "$t/st85.out")"
report "$t/b85.db" "$t/rep85" && $py - "$t/rep85" "$t/st85" <<'PY' || fail=1
import csv, re, sys
import openpyxl
rep, st = sys.argv[1], sys.argv[2]
bad = 0
def check(what, good):
    global bad
    print(("PASS " if good else "FAIL ") + what)
    bad |= not good
h = re.sub(r"<[^>]+>", "", open(rep + "/report.html", encoding="utf-8").read())
check("6 report.html shows 3.82495 (not 3.8249): %s" % re.findall(r"3\.82\d*", h)[:4],
      "3.82495" in h and not re.search(r"3\.8249(?!5)", h))
rows = [r for r in csv.reader(open(st + "/rectification.csv", encoding="utf-8-sig")) if "A02" in r]
cells = [c for r in rows for c in r if c.startswith("3.82")]
check("6 rectification.csv shows 3.82495: %s" % cells, cells and all(c == "3.82495" for c in cells))
wb = openpyxl.load_workbook(rep + "/report.xlsx")
found = []
for ws in wb.worksheets:
    for row in ws.iter_rows():
        for c in row:
            # beside its standard 4.5 (a basic figure, B1, has none: 2 decimals)
            if isinstance(c.value, float) and abs(c.value - 3.82495) < 1e-9 and 4.5 in [x.value for x in row]:
                d = re.search(r"0\.(0+)", c.number_format or "")
                found.append((ws.title, c.coordinate, c.number_format, len(d.group(1)) if d else 0))
check("6 report.xlsx: 3.82495 with 5 decimals beside its standard: %s" % found[:4], found and all(f[3] == 5 for f in found))
sys.exit(bad)
PY

# -- 3. the veto line in the legend
report "$db" "$t/rep3" --threshold 0.6922 && l=$($py - "$t/rep3/report.html" <<'PY'
import re, sys
h = open(sys.argv[1], encoding="utf-8").read()
print(re.sub(r"<[^>]+>", "", re.search(r'<p class="note legend">(.*?)</p>', h, re.S).group(1)))
PY
) && { grep -q '低于 69.22 % 即整体不通过' <<<"$l" && ! grep -q '85 %' <<<"$l" \
       && ok "3 the legend names the threshold in use: $l" || bad "3 the legend with --threshold 0.6922: $l"; }

# -- 4. a school without answers
$py - "$t/rep" <<'PY' || fail=1
import re, sys
import openpyxl
rep = sys.argv[1]
h = open(rep + "/report.html", encoding="utf-8").read()
sec = re.search(r'<section id="schools".*?</section>', h, re.S)
note = re.search(r'<p class="note" id="schools-no-answers">(.*?)</p>', sec.group(0) if sec else "", re.S)
txt = re.sub(r"<[^>]+>", "", note.group(1)) if note else ""
good = "1 所学校本轮没有问卷" in txt and "C01 河口九年一贯制学校（九年一贯制，在校生 1,500 人）" in txt
print(("PASS" if good else "FAIL") + " 4 各校满意度 names the school without answers: %s" % (txt or "no note"))
ws = openpyxl.load_workbook(rep + "/report.xlsx")["学校"]
head = [c.value for c in ws[1]]
row = [r for r in ws.iter_rows(min_row=2, values_only=True) if r[0] == "C01"]
cell = row[0][head.index("满意率")] if row else None
good2 = cell == "无问卷"
print(("PASS" if good2 else "FAIL") + " 4 学校 sheet: C01's 满意率 %r" % cell)
sys.exit(0 if good and good2 else 1)
PY

# -- 5. a closed round and its period
cp "$t/c0.db" "$t/r.db"
{ "$J" round --db "$t/r.db" --open 2026 --since 2026-01-01 --previous 2025 \
  && "$J" round --db "$t/r.db" --open 2027 --since 2026-12-01 \
  && "$J" stats --db "$t/r.db" --round 2026 --out "$t/str26" && "$J" stats --db "$t/r.db" --round 2025 --out "$t/str25" \
  && "$J" stats --db "$t/r.db" --out "$t/str27" \
  && JH_CHROMIUM= "$J" report --stats-json "$t/str26/stats.json" --out "$t/rep26" --round 2026 --no-pdf \
  && JH_CHROMIUM= "$J" report --stats-json "$t/str25/stats.json" --out "$t/rep25" --round 2025 --no-pdf \
  && JH_CHROMIUM= "$J" report --db "$t/r.db" --out "$t/rep27" --no-pdf; } >"$t/r.out" 2>&1 \
  || bad "5 rounds setup: $(tail -3 "$t/r.out")"
$py - "$t" <<'PY' || fail=1
import json, re, sys
t = sys.argv[1]
bad = 0
def check(what, good):
    global bad
    print(("PASS " if good else "FAIL ") + what)
    bad |= not good
def rd(name):
    return json.load(open("%s/str%s/stats.json" % (t, name), encoding="utf-8"))["round"]
def scope(name):
    h = open("%s/rep%s/report.html" % (t, name), encoding="utf-8").read()
    h = re.sub(r"<[^>]+>", "", h)
    m = re.search(r"可能推算出人数很少的小组；([^。]*。)", h)
    return m.group(1) if m else ""
r26, r25, r27 = rd("26"), rd("25"), rd("27")
# 2026-12-01 00:00 Beijing = 2026-11-30T16:00Z = 1796054400000 ms
check("5 stats.json round 2026: closed, next 2027, until the day before 2026-12-01: %s" % r26,
      r26.get("closed") is True and r26.get("next_round") == "2027" and r26.get("until_ms") == 1796054400000 - 1
      and r26.get("closed_ms", 0) > 0 and r26["name"] == "2026" and "since_ms" in r26 and "earlier_responses" in r26)
check("5 stats.json round 2027 (open): closed false: %s" % r27, r27.get("closed") is False and "until_ms" not in r27)
s26, s25, s27 = scope("26"), scope("25"), scope("27")
check("5 report of 2026: %s" % s26, "已结束的轮次“2026”的最终统计（调查期间 2026-01-01 至 2026-11-30）" in s26
      and "开启下一轮“2027”时结束并冻结" in s26 and "数字不再变化" in s26 and "还会" not in s26)
check("5 report of 2025 (the data before rounds): %s" % s25, "已结束的轮次“2025”的最终统计（调查期间截至 2025-12-31）" in s25)
check("5 report of 2027 (open): %s" % s27, "未结束的轮次“2027”的中期统计（调查自 2026-12-01 起，尚未结束）" in s27
      and "还会随新导入的答卷变化" in s27)
sys.exit(bad)
PY

# -- 7. messages
# a copied kiosk: its copy's answers conflict with those already merged
mkdir -p "$t/usb7" "$t/usb7b"
sqlite3 "$t/k1.db" ".backup '$t/k1b.db'" && cp "$t/k1.db.key" "$t/k1b.db.key"
JH_GEN_SURVEYS="$src/data/surveys" "$b/tests/stats_gen" "$t/k1.db" K-A A01 primary urban 3 0 4 "$t/usb7" incremental 0 0 >"$t/inc.path" 2>/dev/null
JH_GEN_SURVEYS="$src/data/surveys" "$b/tests/stats_gen" "$t/k1b.db" K-A A01 primary urban 3 0 5 "$t/usb7b" full 0 0 >"$t/fork.path" 2>/dev/null
cp "$t/c0.db" "$t/k7.db"
"$J" merge --county 360701 --db "$t/k7.db" "$(tail -1 "$t/inc.path")" >/dev/null 2>&1 || bad "7 merging the kiosk's increment"
out=$(LANGUAGE=zh_CN "$J" merge --county 360701 --db "$t/k7.db" "$(tail -1 "$t/fork.path")" 2>&1)
grep -q '已隔离' <<<"$out" && grep -q '删去 kiosk.conf 中的 kiosk_id 行' <<<"$out" && ! grep -q 'When the school' <<<"$out" \
  && ok "7 a copied kiosk's conflict gives the steps in Chinese" || bad "7 a copied kiosk's conflict: $out"
# a complete middle school without the 高中在校生数 column
variant cm7 'rows.append(["D01","县第二中学","完全中学","镇区","2000","160","140","90","30","20","16000","24000","6000000","60","300","80000","","800","","16","","50","2","100","2","100","160","160","60000","1000000","是","是","是","是","是","是"])'
cp "$t/c0.db" "$t/cm7.db"
out=$(LANGUAGE=zh_CN "$J" schools --db "$t/cm7.db" "$t/cm7.csv" 2>&1); rc=$?
[ $rc != 0 ] && grep -q 'cm7.csv:6:.*完全中学学校需要填写各学段的在校生数.*在表头添加一列“高中在校生数”' <<<"$out" && ! grep -q 'complete_middle' <<<"$out" \
  && ok "7 a complete middle school without 高中在校生数: $(grep -m1 'cm7.csv:6' <<<"$out")" || bad "7 complete middle school without 高中在校生数: rc $rc: $out"
# 校际差异率 as an Excel percentage cell
sed 's/^Q9.difference,,0.12,/Q9.difference,,12%,/' "$src/tests/eval/county.csv" >"$t/county12.csv"
sed 's/^Q9.difference,,0.12,/Q9.difference,,十二,/' "$src/tests/eval/county.csv" >"$t/countyx.csv"
sed 's/^Q9.difference,,0.12,/Q9.difference,,12,/' "$src/tests/eval/county.csv" >"$t/countyy.csv"
cp "$t/c0.db" "$t/q9.db"; v=""
out=$(LANGUAGE=zh_CN "$J" county --db "$t/q9.db" "$t/county12.csv" 2>&1) && "$J" stats --db "$t/q9.db" --out "$t/stq9" >/dev/null 2>&1 \
  && v=$($py -c 'import json,sys; d=json.load(open(sys.argv[1])); print([f["value"] for p in d["evaluation"]["parts"] for i in p["indicators"] for f in i.get("facts", []) if f["key"] == "Q9.difference"])' "$t/stq9/stats.json") \
  && [ "$v" = "[0.12]" ] && ok "7 Q9.difference 12% is 0.12" || bad "7 Q9.difference 12%: $out; value $v"
out=$(LANGUAGE=zh_CN "$J" county --db "$t/q9.db" "$t/countyx.csv" 2>&1); rc=$?
[ $rc != 0 ] && grep -q '应为小数，如 0.12' <<<"$out" && ok "7 a wrong 校际差异率 says a decimal such as 0.12" || bad "7 Q9.difference 十二: rc $rc: $out"
out=$(LANGUAGE=zh_CN "$J" county --db "$t/q9.db" "$t/countyy.csv" 2>&1); rc=$?
[ $rc != 0 ] && grep -q 'countyy.csv:24:.*应为小数，如 0.12' <<<"$out" && ok "7 校际差异率 12 (a percentage without its sign) is refused" || bad "7 Q9.difference 12: rc $rc: $out"
# -- second review r2clerk
# item 4: an average only just over the largest class is printed so (45.05, not 45.0)
variant cls2 'rows[1][col["在校生数"]] = "991"; rows[1][col["小学班级数"]] = "22"'
cp "$t/c0.db" "$t/cls2.db"
out=$(LANGUAGE=zh_CN "$J" schools --db "$t/cls2.db" "$t/cls2.csv" 2>&1)
grep -q '最大班额（45）小于平均班额（991 名学生 / 22 个班 = 45.05）' <<<"$out" \
  && ok "r2clerk 4 991 pupils in 22 classes: the average reads 45.05" || bad "r2clerk 4: $out"
# item 2: a complete middle school's junior teachers are an estimate, and said so
o=$(overview "$t/repcm")
grep -q '专任教师约 [0-9,]* 人（其中 1 所完全中学或十二年一贯制学校的初中部教师按各学段在校生数折算）' <<<"$o" \
  && ok "r2clerk 2 the teacher total says it holds an estimate: $o" || bad "r2clerk 2 teacher total: $o"
# item 3: statistics written before the parts carried teachers: no teacher total
# beside compulsory pupils (the register's would hold senior teachers)
"$J" stats --db "$t/cm.db" --out "$t/stcm" >/dev/null 2>&1 || bad "r2clerk 3 stats"
$py - "$t/stcm/stats.json" "$t/stcmold.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
for s in d["schools"]:
    for p in s.get("parts", []): p.pop("teachers", None)
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
mkdir -p "$t/old"; cp "$t/stcmold.json" "$t/old/stats.json"
JH_CHROMIUM= "$J" report --stats-json "$t/old/stats.json" --out "$t/repold" --round 2026 --no-pdf >/dev/null 2>&1 || bad "r2clerk 3 report"
o=$(overview "$t/repold")
grep -q '义务教育阶段在校生 5,400 人' <<<"$o" && ! grep -q '专任教师' <<<"$o" \
  && ok "r2clerk 3 an older stats.json: pupils, no mixed teacher total: $o" || bad "r2clerk 3 older stats.json: $o"
# item 1: a round closed today with the next one starting later: the period
# ends today, when it was frozen, not the day before the next round starts
later=$(date -u -d '+60 days' +%F); today=$(TZ=Asia/Shanghai date +%F)
cp "$t/c0.db" "$t/rl.db"
{ "$J" round --db "$t/rl.db" --open 2026 --since 2026-01-01 --previous 2025 \
  && "$J" round --db "$t/rl.db" --open 2027 --since "$later" \
  && "$J" stats --db "$t/rl.db" --round 2026 --out "$t/strl" \
  && JH_CHROMIUM= "$J" report --stats-json "$t/strl/stats.json" --out "$t/reprl" --round 2026 --no-pdf; } >"$t/rl.out" 2>&1 \
  || bad "r2clerk 1 setup: $(tail -3 "$t/rl.out")"
grep -q "调查期间 2026-01-01 至 $today）" "$t/reprl/report.html" \
  && ok "r2clerk 1 a round frozen before the next one starts ends when it was frozen ($today)" \
  || bad "r2clerk 1 the period: $(grep -o '调查期间[^）]*）' "$t/reprl/report.html" | head -1)"

# the gap's direction in the summary
out=$(LANGUAGE=zh_CN "$J" stats --db "$db" 2>&1)
grep -q '城乡差距（城区 − 乡村）：' <<<"$out" && ok "7 the summary's gap: $(grep 城乡差距 <<<"$out")" || bad "7 the summary's gap: $(grep 城乡差距 <<<"$out")"

exit $fail
