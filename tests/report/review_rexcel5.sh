#!/bin/bash
# Outside review rexcel5 (session 20): the CSV files, the workbook and the
# report of a small county read right: import times in Beijing time with
# the zone named, as date cells in the workbook (item 6); --round checked
# when the database has no rounds (item 3); the self-evaluation's seal and
# signature lines (item 7); counts and fixed decimals with thousands
# separators, device ids kept on one line in the PDF (item 9).
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"; J="$b/junheng"
py=/usr/bin/python3
base=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-rexcel5.XXXXXX"); trap 'rm -rf "$t"' EXIT
fail=0
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

$py - "$t/stats" "$t/rep" <<'PY' || fail=1
import csv, datetime, json, sys
import openpyxl
st_dir, rep = sys.argv[1], sys.argv[2]
bad = 0
def check(what, good):
    global bad
    print(("PASS " if good else "FAIL ") + what)
    bad |= not good
doc = json.load(open(st_dir + "/stats.json", encoding="utf-8"))
def beijing(iso):
    return datetime.datetime.strptime(iso, "%Y-%m-%dT%H:%M:%SZ") + datetime.timedelta(hours=8)
log = doc["imports"]["log"]
# 6. import_log.csv: Beijing time, the zone in the header
rows = list(csv.DictReader(open(st_dir + "/import_log.csv", encoding="utf-8-sig")))
want = [beijing(e["imported_at"]).strftime("%Y-%m-%d %H:%M:%S") for e in log]
got = [r.get("导入时间（北京时间）") for r in rows]
check("6 import_log.csv: 导入时间（北京时间） %s, stats.json (UTC) %s" % (got[:1], [e["imported_at"] for e in log][:1]),
      got == want)
# 6. the workbook: date cells in Beijing time under a header naming the zone
ws = openpyxl.load_workbook(rep + "/report.xlsx")["导入记录"]
heads = [c.value for c in ws[1]]
col = heads.index("导入时间\n（北京时间）") if "导入时间\n（北京时间）" in heads else None
check("6 导入记录: a 导入时间（北京时间） column: %s" % heads, col is not None)
if col is not None:
    cells = [r[col] for r in ws.iter_rows(min_row=2, max_row=1 + len(log))]
    check("6 导入记录: date cells %s" % [(c.value, c.number_format) for c in cells[:1]],
          all(isinstance(c.value, datetime.datetime) and c.number_format == "yyyy-mm-dd hh:mm" for c in cells)
          and [c.value for c in cells] == [beijing(e["imported_at"]) for e in log])
sys.exit(bad)
PY
# 7. the 自评报告's title page: 出具单位（盖章） with the issuer, 负责人（签字）, 日期
$py - "$t/rep/report.html" <<'PY' && echo "PASS 7 seal and signature lines" || { echo "FAIL 7 seal and signature lines"; fail=1; }
import re, sys
h = open(sys.argv[1], encoding="utf-8").read()
title = h[h.index('<header id="title">'):h.index("</header>")]
assert "自评报告" in title, "not a self-evaluation"
m = re.search(r'<table class="sign">(.*?)</table>', title, re.S)
assert m, "no sign table on the title page"
t = m.group(1)
assert "出具单位（盖章）：</th><td>青山县教育局</td>" in t and "负责人（签字）：" in t and "日期：" in t, t
PY
# 9. one way of writing numbers: 在校生 11,445 人 as 满意 5,766; 2,525.05 as the workbook
$py - "$t/rep/report.html" <<'PY' || fail=1
import re, sys
h = open(sys.argv[1], encoding="utf-8").read()
bad = 0
def check(what, good):
    global bad
    print(("PASS " if good else "FAIL ") + what)
    bad |= not good
m = re.search(r"在校生 ([\d,]+) 人", h)
check("9 在校生 with thousands separators: %s" % (m and m.group(1)), bool(m) and re.fullmatch(r"\d{1,3}(,\d{3})+", m.group(1)))
fixed = re.findall(r'data-f="f[1-8]"[^>]*>([^<]*)<', h)
big = [v for v in fixed if re.fullmatch(r"-?\d{4,}\.\d+", v)]
check("9 no fixed decimal of 1,000 or more without separators: %s of %d" % (big[:3], len(fixed)), not big and fixed)
check("9 device ids on one line", "table.imports td:nth-child(2)" in h and "white-space:nowrap" in h)
sys.exit(bad)
PY
# 3. no rounds: --round is the title page's year; anything else is refused,
# a year the answers are not from is warned about
year=$($py -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT max(day) / 10000 FROM response_rows").fetchone()[0])' "$db")
out=$(JH_CHROMIUM= "$J" report --db "$db" --out "$t/r3a" --county-name 青山县 --round 二〇二五abc --no-pdf 2>&1); rc=$?
[ $rc = 2 ] && [[ "$out" == *"--round 二〇二五abc"*"2026"* ]] && [ ! -e "$t/r3a" ] \
  && echo "PASS 3 --round 二〇二五abc refused (exit 2)" || { echo "FAIL 3 --round 二〇二五abc: rc=$rc $out"; fail=1; }
out=$(JH_CHROMIUM= "$J" report --db "$db" --out "$t/r3b" --county-name 青山县 --round 1999 --no-pdf 2>&1); rc=$?
[ $rc = 0 ] && [[ "$out" == *"warning: --round 1999"*"$year"* ]] \
  && echo "PASS 3 --round 1999 warned (answers from $year)" || { echo "FAIL 3 --round 1999: rc=$rc $out"; fail=1; }
out=$(JH_CHROMIUM= "$J" report --db "$db" --out "$t/r3c" --county-name 青山县 --round "$year" --no-pdf 2>&1); rc=$?
[ $rc = 0 ] && [[ "$out" != *"--round"* ]] \
  && echo "PASS 3 --round $year: no warning" || { echo "FAIL 3 --round $year: rc=$rc $out"; fail=1; }
[ $fail = 0 ] && echo "PASS review rexcel5"
exit $fail
