#!/bin/bash
# Review rgroups7 item 5: a school with fewer valid questionnaires than its
# sample target (appendix C's 还缺) had a rank, a rate and a verdict in
# section 二's table like any other, nothing saying that its sample is
# short.  Now its row says 样本未达目标 (report.html, its school page, so the
# PDFs; the workbook's 学校 sheet), and a note under the table says what it
# means.  Population 350,000 (sample 600 shared by enrolment):
#   3607030001 柳林乡中心小学, target 26: 22 parents + 8 teachers, reached
#   3607030002 柳林乡中学, target 30: 10 parents + 5 teachers, short
# Without --population there is no target: nothing is marked.
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"; J="$b/junheng"; py=/usr/bin/python3
gen="$b/tests/stats_gen"
if [ ! -x "$gen" ]; then echo "SKIP: $gen not built"; exit 77; fi
base=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-sampleshort.XXXXXX"); trap 'rm -rf "$t"' EXIT
fail=0
export JH_GEN_SURVEYS="$src/data/surveys" JH_GEN_SCALE=1
mkdir -p "$t/usb"
"$gen" "$t/a.db" K-A 3607030001 primary rural 22 8 3 "$t/usb" full >/dev/null &&
  "$gen" "$t/b.db" K-B 3607030002 junior rural 10 5 4 "$t/usb" full >/dev/null || { echo "FAIL stats_gen"; exit 1; }
"$J" merge --county 360701 --db "$t/county.db" "$t/usb" >/dev/null 2>&1 || { echo "FAIL merge"; exit 1; }
"$J" schools --db "$t/county.db" "$src/data/sample/schools.csv" >/dev/null 2>&1 || { echo "FAIL schools"; exit 1; }
"$J" report --db "$t/county.db" --out "$t/rep" --population 350000 --no-pdf >"$t/r.log" 2>&1 ||
  { echo "FAIL report"; cat "$t/r.log"; exit 1; }
"$J" report --db "$t/county.db" --out "$t/sch" --population 350000 --no-pdf --school 3607030002 \
  --school 3607030001 >"$t/s.log" 2>&1 || { echo "FAIL report --school"; cat "$t/s.log"; exit 1; }
"$J" report --db "$t/county.db" --out "$t/nopop" --no-pdf >"$t/n.log" 2>&1 ||
  { echo "FAIL report without --population"; cat "$t/n.log"; exit 1; }

$py - "$t" <<'PY' || fail=1
import json, re, sys
import openpyxl
t = sys.argv[1]
bad = 0
def no(what):
    global bad
    print("FAIL " + what)
    bad = 1
d = json.load(open(t + "/rep/stats.json", encoding="utf-8"))
tp = {e["school_code"]: e["target_pass"] for e in d["sample"]["by_school"]}
if tp.get("3607030001") is not True or tp.get("3607030002") is not False:
    no("the fixture: target_pass %r" % tp)
SHORT = "样本未达目标"
NAME = {"3607030001": "柳林乡中心小学", "3607030002": "柳林乡中学"}
def rows(html):
    sec = re.search(r'<section[^>]*id="schools".*?</section>', html, re.S)
    if not sec:
        return None, ""
    return {re.sub(r"<[^>]+>", "", r.group(1)): r.group(0)
            for r in re.finditer(r"<tr><td class=\"r\">\d+</td><td>(.*?)</td>.*?</tr>", sec.group(0), re.S)}, sec.group(0)
def check(html, where, marked):
    r, sec = rows(html)
    if r is None:
        return no("%s: no section 二" % where)
    for code, short in marked.items():
        row = [v for k, v in r.items() if k.replace(SHORT, "").strip() == NAME[code]]
        if len(row) != 1:
            no("%s: %s's row %r" % (where, code, list(r)))
        elif (SHORT in row[0]) != short:
            no("%s: %s's row %s 样本未达目标: %s" % (where, code, "lacks" if short else "has",
                                                   re.sub(r"<[^>]+>", " ", row[0])))
    note = 'id="schools-sample-short"' in sec
    if note != any(marked.values()):
        no("%s: the note under the table %s" % (where, "is missing" if not note else "is there without a short school"))
check(open(t + "/rep/report.html", encoding="utf-8").read(), "report.html",
      {"3607030001": False, "3607030002": True})
check(open(t + "/sch/report-school-3607030002.html", encoding="utf-8").read(), "school page B", {"3607030002": True})
check(open(t + "/sch/report-school-3607030001.html", encoding="utf-8").read(), "school page A", {"3607030001": False})
check(open(t + "/nopop/report.html", encoding="utf-8").read(), "without --population",
      {"3607030001": False, "3607030002": False})
for rep, want in (("rep", {"3607030001": "达到", "3607030002": "未达到"}),
                  ("nopop", {"3607030001": None, "3607030002": None})):
    ws = openpyxl.load_workbook("%s/%s/report.xlsx" % (t, rep))["学校"]
    head = [c.value for c in ws[1]]
    col = [i for i, h in enumerate(head) if h and h.startswith("样本")]
    if len(col) != 1:
        no("%s: 学校 sheet has no column 样本: %r" % (rep, head))
        continue
    got = {r[0]: r[col[0]] for r in ws.iter_rows(min_row=2, values_only=True) if r[0] in want}
    if got != want:
        no("%s: 学校 sheet's 样本 column %r, expected %r" % (rep, got, want))
sys.exit(bad)
PY
[ $fail -eq 0 ] && echo "PASS a school below its sample target is marked 样本未达目标"
exit $fail
