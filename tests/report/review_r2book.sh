#!/bin/bash
# Outside review r2book (session 21): the workbook and the self-evaluation.
#  1. A round named 2027年 or 2027年春季 is written once on the title page, in
#     监测年度 and on 汇总's A1 (not 2027年年); round --open refuses a name
#     without a year (the title page prints it as the year) and says how the
#     title page writes any other name.
#  2. The printed 整改清单 says that a nine-year school's two rows of one
#     shared shortfall overlap (同校各学段 is not printed).
#  3. A topic's rate is named for what its items count (认同率, 选“很少”
#     “从不”的比例, 满意答案比例 when they differ): stats.json, the CSV, the
#     workbook's 满意度 sheet and the HTML's 最不满意的方面 tables.
#  4. The evaluation's texts write numbers with thousands separators
#     (义务教育阶段2,311人（上限2,000）, 1,428.57（标准 2,000）, 98,600 元/年).
#  5. A 满意度 row whose texts fit their columns is one line high (社会公众,
#     满意答案比例, a 方面 of six characters were printed two lines high).
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"; J="$b/junheng"
py=/usr/bin/python3
base=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-r2book.XXXXXX"); trap 'rm -rf "$t"' EXIT
fail=0
ok() { echo "PASS $1"; }
bad() { echo "FAIL $1"; fail=1; }
gen() { JH_GEN_SURVEYS="$src/data/surveys" "$b/tests/stats_gen" "$@" >/dev/null || { echo "FAIL stats_gen $*"; exit 1; }; }
mkdir -p "$t/usb"
gen "$t/k1.db" K-CG1-01 3607010001 primary urban 20 6 1 "$t/usb" full 10 5
gen "$t/k2.db" K-LLZ-01 3607030002 junior rural 14 5 8 "$t/usb" full 9 3
db="$t/county.db"
{ "$J" surveys --db "$db" "$src"/data/surveys/*.json && "$J" merge --county 360701 --db "$db" "$t/usb" \
  && "$J" schools --db "$db" "$src/data/sample/schools.csv" && "$J" county --db "$db" "$src/data/sample/county.csv" \
  && "$J" stats --db "$db" --out "$t/stats" \
  && JH_CHROMIUM= "$J" report --db "$db" --out "$t/rep" --county-name 青山县 --issuer 青山县教育局 --no-pdf; } \
  >"$t/setup.out" 2>&1 || { echo "FAIL setup: $(tail -5 "$t/setup.out")"; exit 1; }

# -- 1. round names and the year on the title page
cp "$db" "$t/r.db"
rounds() { sqlite3 "$t/r.db" "SELECT count(*) FROM sqlite_master WHERE name = 'county_rounds'"; }
for args in "--open R1 --since 2026-12-01 --previous 2026" "--open 2027 --since 2026-12-01 --previous 第一轮"; do
  # shellcheck disable=SC2086
  out=$(LANGUAGE=zh_CN "$J" round --db "$t/r.db" $args 2>&1); rc=$?
  [ $rc = 2 ] && [ "$(rounds)" = 0 ] && grep -q '不能改名' <<<"$out" && grep -q '2027年春季' <<<"$out" \
    && ok "1 round $args refused, nothing changed" || bad "1 round $args: rc $rc, rounds table $(rounds): $out"
done
# (the day after the answers: the open round has none, its title is what is checked)
out=$(LANGUAGE=zh_CN "$J" round --db "$t/r.db" --open 2027年 --since 2026-12-01 --previous 2026 2>&1) \
  || bad "1 round --open 2027年: $out"
grep -q '报告封面.*2027年（青山县2027年县域' <<<"$out" && ! grep -q '2027年年' <<<"$out" \
  && ok "1 round --open 2027年 says how the title page names it" || bad "1 round --open 2027年 says: $out"
title() { # report dir, round name as the title should print it
  $py - "$1" "$2" <<'PY'
import re, sys
import openpyxl
rep, want = sys.argv[1], sys.argv[2]
h = open(rep + "/report.html", encoding="utf-8").read()
h1 = re.search(r"<h1>([^<]*)", h).group(1)
year = re.search(r"监测年度</th><td>([^<]*)", h).group(1)
t = re.search(r"<title>([^<]*)", h).group(1)
a1 = openpyxl.load_workbook(rep + "/report.xlsx")["汇总"]["A1"].value
good = h1 == t == "青山县%s县域义务教育优质均衡发展督导评估自评报告" % want and year == want \
    and a1.startswith("青山县%s县域义务教育均衡发展监测汇总" % want) and "年年" not in h + a1
print(("PASS" if good else "FAIL") + " 1 round %s: h1 %s, 监测年度 %s, 汇总 A1 %s" % (want, h1, year, a1))
sys.exit(0 if good else 1)
PY
}
JH_CHROMIUM= "$J" report --db "$t/r.db" --out "$t/r27" --county-name 青山县 --no-pdf >"$t/r27.out" 2>&1 \
  && title "$t/r27" 2027年 || { fail=1; tail -3 "$t/r27.out"; }
"$J" round --db "$t/r.db" --open 2027年秋季 --since 2026-12-02 >"$t/r27b.out" 2>&1 || bad "1 round --open 2027年秋季: $(cat "$t/r27b.out")"
JH_CHROMIUM= "$J" report --db "$t/r.db" --out "$t/r27b" --county-name 青山县 --no-pdf >"$t/r27b.out" 2>&1 \
  && title "$t/r27b" 2027年秋季 || { fail=1; tail -3 "$t/r27b.out"; }
# a bare year keeps its 年
JH_CHROMIUM= "$J" report --stats-json "$t/stats/stats.json" --out "$t/r26" --county-name 青山县 --round 2026 \
  --no-pdf >"$t/r26.out" 2>&1 && title "$t/r26" 2026年 || { fail=1; tail -3 "$t/r26.out"; }

# -- 2. the overlap of a school's two levels, in the printed columns
$py - "$t/rep/report.xlsx" "$t/stats/stats.json" <<'PY' || fail=1
import json, re, sys
import openpyxl
from openpyxl.utils import column_index_from_string
ws = openpyxl.load_workbook(sys.argv[1])["整改清单"]
rect = json.load(open(sys.argv[2], encoding="utf-8"))["rectification"]
area = ws.print_area if isinstance(ws.print_area, str) else ws.print_area[0]
last = column_index_from_string(re.findall(r"\$([A-Z]+)", area)[-1])
shared = {}
for e in rect:
    if e.get("shared"):
        shared.setdefault((e["school_code"], e["indicator"]), []).append(e["level_zh"])
want = {k: v for k, v in shared.items() if len(v) == 2}
rows = [r for r in ws.iter_rows(min_row=2, values_only=True)
        if (r[0], r[3]) in want]
printed = [" ".join(str(c) for c in r[:last] if c) for r in rows]
good = len(rows) >= 2 and all("不可相加" in p and "取较大者" in p for p in printed) \
    and all(("与本校%s所缺重叠" % ({"小学": "初中", "初中": "小学"}[r[2]])) in p for r, p in zip(rows, printed))
print(("PASS" if good else "FAIL") + " 2 整改清单: %d rows of a shared shortfall in two levels say so in the printed "
      "columns A..%s: %s" % (len(rows), openpyxl.utils.get_column_letter(last), [p[-40:] for p in printed[:2]]))
sys.exit(0 if good else 1)
PY

# -- 3. the topics' rate names
$py - "$t/stats" "$t/rep" <<'PY' || fail=1
import csv, json, re, sys
import openpyxl
st, rep = sys.argv[1], sys.argv[2]
doc = json.load(open(st + "/stats.json", encoding="utf-8"))
bad = 0
def check(what, good):
    global bad
    print(("PASS " if good else "FAIL ") + what)
    bad |= not good
sat = doc["satisfaction"]
aud = {s["id"]: s["audience"] for s in doc["surveys"]}
names = {}
for i in sat["by_item"]:
    if i.get("version") is None and i.get("n_answers") != 0:
        names.setdefault((i["topic"], aud.get(i["survey_id"])), set()).add(i["rate_name_zh"])
topics = [e for e in sat["by_topic"] if e.get("version") is None]
want = {(e["topic"], e["role"]): (next(iter(names[(e["topic"], e["role"])])) if len(names.get((e["topic"], e["role"]), ())) == 1
                                  else "满意答案比例") for e in topics}
got = {(e["topic"], e["role"]): e.get("rate_name_zh") for e in topics}
check("3 stats.json: by_topic rate_name_zh as its items count: %s" % [(k, got[k]) for k in got if got[k] != want[k]][:4],
      got == want)
check("3 stats.json: topics of other rates than 满意率: %s" % sorted(set(got.values())),
      {"认同率", "满意答案比例"} <= set(got.values()))
rows = list(csv.reader(open(st + "/satisfaction_topics.csv", encoding="utf-8-sig")))
check("3 satisfaction_topics.csv: 比率名称, 比率: %s" % rows[0][:4], rows[0][2:4] == ["比率名称", "比率"] and
      all(r[2] == got[(r[1], r[-1])] for r in rows[1:] if not r[-2]))
ws = openpyxl.load_workbook(rep + "/report.xlsx")["满意度"]
head = [c.value for c in ws[1]]
k_kind, k_who, k_topic, k_name = head.index("分组"), head.index("对象"), head.index("方面"), head.index("比率名称")
zh = {"家长": "parent", "教师": "teacher", "学生": "student", "社会公众": "public", "校长": "principal"}
code = {e["topic_zh"]: e["topic"] for e in topics}
wb = {(code[r[k_topic]], zh[r[k_who]]): r[k_name] for r in ws.iter_rows(min_row=2, values_only=True)
      if r[k_kind] == "方面" and r[k_topic] in code}
check("3 满意度: the 方面 rows' 比率名称 are stats.json's (%d rows)" % len(wb),
      len(wb) == len(got) and all(wb[k] == got[k] for k in wb))
h = open(rep + "/report.html", encoding="utf-8").read()
ok = n = 0
for role in ("学生", "家长", "教师", "社会公众"):
    i = h.find(role + "最不满意的方面"); j = h.find(role + "最不满意的题目", i)
    if i < 0:
        continue
    part = h[i:j]
    col = re.findall(r"<th>(满意率|比率)</th>", part)
    labels = re.findall(r"<tr><td class=\"r\">\d+</td><td>([^<]*?) ?(?:<span class=\"note\">（比率为([^）]*)）</span>)?</td>", part)
    rates = [got.get((code.get(l.strip()), zh[role])) for l, _ in labels]
    n += 1
    ok += bool(col) and bool(labels) and None not in rates and all((r == "满意率" and not named) or named == r for r, (_, named) in zip(rates, labels)) \
        and (col[0] == "满意率") == all(r == "满意率" for r in rates)
check("3 report.html: 最不满意的方面 names each topic's rate and the column (%d of %d tables)" % (ok, n), n > 0 and ok == n)
sys.exit(bad)
PY

# -- 5. rows one line high where their texts fit
$py - "$t/rep/report.xlsx" <<'PY' || fail=1
import sys
import openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["满意度"]
head = [c.value for c in ws[1]]
k_who, k_topic, k_name = head.index("对象"), head.index("方面"), head.index("比率名称")
def short(v, n):
    return v is None or len(str(v)) <= n
tall = [(r[0].row, r[k_who].value, r[k_topic].value, r[k_name].value) for r in ws.iter_rows(min_row=2)
        if r[0].value in ("对象", "方面") and short(r[k_who].value, 4) and short(r[k_topic].value, 6)
        and short(r[k_name].value, 6) and (ws.row_dimensions[r[0].row].height or 0) > 20]
n = sum(1 for r in ws.iter_rows(min_row=2, values_only=True) if r[k_who] == "社会公众")
print(("PASS" if not tall and n else "FAIL") + " 5 满意度: rows of short texts (社会公众: %d rows) one line high; taller: %s"
      % (n, tall[:4]))
sys.exit(1 if tall or not n else 0)
PY

# -- 4. thousands separators in the evaluation's texts
$py - "$t/stats/stats.json" "$t/rep/report.html" <<'PY' || fail=1
import json, re, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
h = open(sys.argv[2], encoding="utf-8").read()
texts = [s.get(k) or "" for p in doc["evaluation"]["parts"] for ind in p["indicators"] for s in ind.get("schools", [])
         for k in ("value_zh", "needed_zh")]
plain = sorted({t for t in texts if re.search(r"(?<![\d,.])\d{4,}", t)})
grouped = [t for t in texts if re.search(r"\d,\d{3}", t)]
facts = re.findall(r"（元/年）：([\d,.]+)", h)
good = not plain and grouped and facts and all(re.fullmatch(r"\d{1,3}(,\d{3})*(\.\d+)?", f) for f in facts)
print(("PASS" if good else "FAIL") + " 4 evaluation texts grouped (%d, e.g. %s); without: %s; facts in the report: %s"
      % (len(grouped), grouped[:2], plain[:3], facts[:3]))
sys.exit(0 if good else 1)
PY

exit $fail
