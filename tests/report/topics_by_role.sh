#!/bin/bash
# Issue 21 (outside review of session 14): a role's topics hold that role's
# answers only, in stats.json, the CSV, the report and the workbook.  The
# statistics used to pool a topic over every role, and the report listed the
# pooled figure under each role's heading ("教师最不满意的方面"): 课业负担
# showed 23 answers for 7 teachers, 17 of them parents'; and with 4 teachers
# (suppressed) the pooled 课业负担 18/18 was published and, with the county's
# totals and the parents' items, gave both suppressed roles exactly.
#
#   county A: 14 parents and 4 teachers (teachers under the minimum group)
#   county B: 14 parents and 7 teachers
#   county C: 6 parents and 7 teachers of an urban school: no one answers the
#             teachers' rural allowance item (shown to rural schools only); an
#             empty item hidden beside its topic protects nothing (the topic
#             equals its other items)
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"; J="$b/junheng"; py=/usr/bin/python3
base=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-topics.XXXXXX"); trap 'rm -rf "$t"' EXIT
fail=0
gen() { "$b/tests/stats_gen" "$@" >/dev/null || { echo "FAIL stats_gen $*"; exit 1; }; }
cat > "$t/schools.csv" <<'CSV'
code,name,level,locality,kind,enrolment,enrolment_primary,enrolment_junior,teachers,teachers_above_qualification,teachers_intermediate_title,backbone_teachers,pe_art_teachers,floor_area,sports_area,equipment_value,multimedia_classrooms,computers,books
3607010001,甲小学,primary,urban,public,1000,,,60,50,30,10,10,5000,8000,1800000,30,100,30000
3607010002,乙小学,primary,rural,public,1000,,,60,50,30,10,10,5000,8000,2100000,30,100,30000
CSV
for c in A B C; do
  mkdir -p "$t/$c/usb"
  if [ $c = C ]; then
    gen "$t/$c/k1.db" K-A 3607010001 primary urban 6 7 8 "$t/$c/usb" full
  else
    gen "$t/$c/k1.db" K-A 3607010001 primary urban 6 2 11 "$t/$c/usb" full
    [ $c = A ] && teachers=2 || teachers=5
    gen "$t/$c/k2.db" K-S4 3607010002 primary rural 8 $teachers 52 "$t/$c/usb" full
  fi
  "$J" merge --county 360701 --db "$t/$c/county.db" "$t/$c/usb" >/dev/null 2>&1 || { echo "FAIL merge $c"; exit 1; }
  "$J" schools --db "$t/$c/county.db" "$t/schools.csv" >/dev/null 2>&1 || { echo "FAIL schools $c"; exit 1; }
  "$J" report --db "$t/$c/county.db" --out "$t/$c/rep" --no-pdf >/dev/null 2>&1 || { echo "FAIL report $c"; exit 1; }
  "$J" stats --db "$t/$c/county.db" --out "$t/$c/stats" >/dev/null 2>&1 || { echo "FAIL stats $c"; exit 1; }
  $py "$src/tests/stats/check_privacy.py" --algebra "$t/$c/county.db" "$t/$c/stats/stats.json" 5 \
    || { echo "FAIL county $c: check_privacy.py"; fail=1; }
done

$py - "$t" <<'PY' || fail=1
import csv, json, re, sys
t = sys.argv[1]
bad = 0
def no(what):
    global bad
    print("FAIL " + what)
    bad = 1
for c, teachers_shown in (("A", False), ("B", True), ("C", True)):
    d = json.load(open("%s/%s/rep/stats.json" % (t, c), encoding="utf-8"))
    sat = d["satisfaction"]
    aud = {s["id"]: s["audience"] for s in d["surveys"]}
    roles = {e["role"]: e for e in sat["by_role"]}
    # the figures: a topic of a role = the answers to that role's items of the topic
    for e in sat["by_topic"]:
        if e.get("role") not in ("student", "parent", "teacher", "public"):
            no("%s: topic %s has no role: %r" % (c, e["topic"], e.get("role")))
            continue
        its = [i for i in sat["by_item"] if i["topic"] == e["topic"] and aud.get(i["survey_id"]) == e["role"]
               and i["version"] is None]
        if not its:
            no("%s: topic %s of %s has no item of that role" % (c, e["topic"], e["role"]))
        if e["suppressed"] or any(i["suppressed"] for i in its):
            continue
        for k in ("satisfied", "valid"):
            if e["answers"][k] != sum(i["answers"][k] for i in its):
                no("%s: topic %s of %s: %s %r, its items of that role %r" % (
                    c, e["topic"], e["role"], k, e["answers"][k], sum(i["answers"][k] for i in its)))
    teacher_topics = [e for e in sat["by_topic"] if e.get("role") == "teacher"]
    if not teacher_topics:
        no("%s: no teacher topic listed" % c)
    shown = [e for e in teacher_topics if not e["suppressed"]]
    if teachers_shown != bool(shown):
        no("%s: teacher topics shown: %d (expected %s)" % (c, len(shown), "some" if teachers_shown else "none"))
    if not teachers_shown and any(e["suppressed_reason"] != "small" for e in teacher_topics):
        no("%s: a topic of 4 teachers is hidden as anything but small" % c)
    # the report: under a role's heading only that role's topics
    h = open("%s/%s/rep/report.html" % (t, c), encoding="utf-8").read()
    for r, zh in (("parent", "家长"), ("teacher", "教师")):
        i = h.find(zh + "最不满意的方面")
        j = h.find(zh + "最不满意的题目", i)
        if i < 0 or j < 0:
            no("%s: no section %s最不满意的方面" % (c, zh))
            continue
        part = h[i:j]
        ptrs = sorted(set(int(m) for m in re.findall(r'data-p="/satisfaction/by_topic/(\d+)/', part)))
        for p in ptrs:
            if sat["by_topic"][p].get("role") != r:
                no("%s: %s最不满意的方面 lists topic %s of %s" % (c, zh, sat["by_topic"][p]["topic"],
                                                             sat["by_topic"][p].get("role")))
        if r == "teacher" and not teachers_shown and (ptrs or "无可报告的数据" not in part):
            no("%s: 教师最不满意的方面 shows figures of 4 teachers: %s" % (c, re.sub(r"<[^>]+>", " ", part)[:300]))
        # a hidden role's topics are hidden with it (with 4 teachers the
        # parents are hidden too: county = parents + teachers; reviews of session 18)
        if not roles[r]["suppressed"] and not ptrs:
            no("%s: %s最不满意的方面 lists no topic" % (c, zh))
        if roles[r]["suppressed"] and ptrs:
            no("%s: %s最不满意的方面 lists topics of the hidden %s" % (c, zh, r))
    # the CSV: one row per role's topic, the role in the last column
    rows = list(csv.reader(open("%s/%s/stats/satisfaction_topics.csv" % (t, c), encoding="utf-8-sig")))
    if rows[0][-1] != "身份" or len(rows) - 1 != len(sat["by_topic"]):
        no("%s: satisfaction_topics.csv: %r, %d rows for %d topics" % (c, rows[0], len(rows) - 1,
                                                                      len(sat["by_topic"])))
    for row in rows[1:]:
        if row[-1] == "teacher" and not teachers_shown and row[3] != "样本不足 (n<5)":
            no("%s: satisfaction_topics.csv shows a topic of 4 teachers: %r" % (c, row))
sys.exit(bad)
PY
# A document written before topics were kept per role (by_topic without "role": pooled over
# every role): the report lists its topics under no role, in the HTML or the workbook.
$py - "$t/A/rep/stats.json" "$t/old.json" <<'PY' || fail=1
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
for e in d["satisfaction"]["by_topic"]:
    del e["role"]
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
"$J" report --stats-json "$t/old.json" --out "$t/old" --no-pdf >/dev/null 2>&1 || { echo "FAIL report of an old document"; fail=1; }
grep -q 'data-p="/satisfaction/by_topic/' "$t/old/report.html" && { echo "FAIL an old document's pooled topics in the HTML"; fail=1; }
# ... and says why under each role's heading, not "no data" (review of session 14)
$py - "$t/old/report.html" <<'PY' || fail=1
import re, sys
h = open(sys.argv[1], encoding="utf-8").read()
for zh in ("家长", "教师"):
    i = h.find(zh + "最不满意的方面"); j = h.find(zh + "最不满意的题目", i)
    part = re.sub(r"<[^>]+>", " ", h[i:j]) if i >= 0 and j >= 0 else ""
    if "该轮统计未按对象分列方面" not in part or "无可报告的数据" in part:
        print("FAIL an old document: %s最不满意的方面 does not say its topics are not split by role: %s" % (zh, part[:200]))
        sys.exit(1)
PY
# junheng stats --round of such a closed round: satisfaction_topics.csv leaves the pooled
# topics out, as the workbook does (they would re-publish a small role's answers)
# (the day it opens: 2099-12-01; round --open takes no --since more than a year ahead)
JH_ROUND_TEST_TODAY_MS=4099824000000 \
  "$J" round --db "$t/A/county.db" --open 2099 --since 2100-01-01 --previous 2098 >/dev/null 2>&1 || { echo "FAIL rounds"; fail=1; }
$py - "$t/A/county.db" <<'PY' || fail=1
import json, sqlite3, sys
con = sqlite3.connect(sys.argv[1])
doc = json.loads(con.execute("SELECT stats FROM county_rounds WHERE name = '2098'").fetchone()[0])
if not doc["satisfaction"]["by_topic"]:
    print("FAIL round 2098 froze no topic"); sys.exit(1)
for e in doc["satisfaction"]["by_topic"]:
    del e["role"]
con.execute("UPDATE county_rounds SET stats = ? WHERE name = '2098'", (json.dumps(doc, ensure_ascii=False),))
con.commit()
PY
"$J" stats --db "$t/A/county.db" --round 2098 --out "$t/r1" >"$t/r1.out" 2>&1 || { echo "FAIL stats --round 2098: $(cat "$t/r1.out")"; fail=1; }
n=$(($(wc -l < "$t/r1/satisfaction_topics.csv") - 1))
[ "$n" = 0 ] || { echo "FAIL stats --round: satisfaction_topics.csv lists $n pooled topics"; fail=1; }
if $py -c 'import openpyxl' 2>/dev/null; then
  $py - "$t/old/report.xlsx" <<'PY' || { echo "FAIL an old document's pooled topics in the workbook"; fail=1; }
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["满意度"]
sys.exit(1 if [r for r in ws.iter_rows(values_only=True) if r[0] == "方面"] else 0)
PY
fi
[ $fail -eq 0 ] && echo "PASS topics by role"
exit $fail
