#!/bin/bash
# Reviews rnum3 and rdoc3 of session 18: a hidden role's items, topics and
# questionnaire counts gave it away.
#
#   county R (rnum3): 3 public (small) and 9 students (complementary).  The
#     students' overall item (6/9) in by_item is their rate by questionnaires,
#     so county − parents − teachers − students gave the public 3/3; every
#     required student item had n_answers 9; surveys[] had public-2026 with
#     n_responses 3.
#   county D (rdoc3): one school, 12 parents (complementary) and 4 teachers
#     (small): the parents' topics and items (答题人次 12 of 16) gave both.
#
# check_privacy.py --algebra models a hidden role = its overall item and = an
# item every questionnaire of it answered, and fails when a hidden role's
# item, topic, version or surveys[].n_responses is shown; here also the CSVs
# and the report's per-role sections.
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"; J="$b/junheng"; py=/usr/bin/python3
base=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-hidrole.XXXXXX"); trap 'rm -rf "$t"' EXIT
fail=0
gen() { "$b/tests/stats_gen" "$@" >/dev/null || { echo "FAIL stats_gen $*"; exit 1; }; }
mkdir -p "$t/R/usb" "$t/D/usb"
JH_GEN_SURVEYS="$src/data/surveys" gen "$t/R/k1.db" K1 3607010001 primary urban 8 3 31 "$t/R/usb" full 6 2
JH_GEN_SURVEYS="$src/data/surveys" gen "$t/R/k2.db" K2 3607010003 junior urban 9 2 32 "$t/R/usb" full 5 1
JH_GEN_SURVEYS="$src/data/surveys" gen "$t/R/k3.db" K3 3607030001 primary rural 7 2 33 "$t/R/usb" full 0 0
gen "$t/D/k1.db" K-A 3607010001 primary urban 12 4 1 "$t/D/usb" full
for c in R D; do
  "$J" merge --county 360701 --db "$t/$c/county.db" "$t/$c/usb" >/dev/null 2>&1 || { echo "FAIL merge $c"; exit 1; }
  "$J" schools --db "$t/$c/county.db" "$src/data/sample/schools.csv" >/dev/null 2>&1 || { echo "FAIL schools $c"; exit 1; }
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
# R: the public's 3 are in no school nor locality (review rgroups7 item 1), so
# county − schools and county − localities are the public too: the parents and
# teachers are hidden with the students to protect them
for c, hidden in (("R", {"public": "small", "student": "complementary", "parent": "complementary",
                         "teacher": "complementary"}),
                  ("D", {"teacher": "small", "parent": "complementary"})):
    d = json.load(open("%s/%s/stats/stats.json" % (t, c), encoding="utf-8"))
    sat = d["satisfaction"]
    got = {e["role"]: e["suppressed_reason"] for e in sat["by_role"] if e["suppressed"]}
    if got != hidden:
        no("%s: hidden roles %r, expected %r" % (c, got, hidden))
    aud = {s["id"]: s["audience"] for s in d["surveys"]}
    # the attack of rnum3: a hidden role's rate by questionnaires from its overall item
    k, n = sat["county"]["questionnaires"]["satisfied"], sat["county"]["questionnaires"]["valid"]
    unknown = []
    for r in sat["by_role"]:
        if not r["suppressed"]:
            k -= r["questionnaires"]["satisfied"]; n -= r["questionnaires"]["valid"]
            continue
        it = [i for i in sat["by_item"] if i["overall"] and aud.get(i["survey_id"]) == r["role"]
              and not i["suppressed"]]
        if it:
            k -= it[0]["answers"]["satisfied"]; n -= it[0]["answers"]["valid"]
        else:
            unknown.append(r["role"])
    if len(unknown) < 2:
        no("%s: the hidden roles but %r follow from the overall items: %d/%d" % (c, unknown, k, n))
    # the CSVs: no figure of a hidden role's item or topic
    for f, col in (("satisfaction_items.csv", None), ("satisfaction_topics.csv", -1)):
        rows = list(csv.reader(open("%s/%s/stats/%s" % (t, c, f), encoding="utf-8-sig")))
        for row in rows[1:]:
            role = aud.get(row[0]) if col is None else row[col]
            if role in hidden and row[4 if col is None else 3] not in ("", "样本不足 (n<5)", "隐藏（防推算） hidden (complementary)"):
                no("%s: %s shows a figure of the hidden %s: %r" % (c, f, role, row))
    # the report: no figure under a hidden role's heading
    h = open("%s/%s/rep/report.html" % (t, c), encoding="utf-8").read()
    for r, zh in (("parent", "家长"), ("teacher", "教师"), ("student", "学生"), ("public", "社会公众")):
        if r not in hidden:
            continue
        i = h.find(zh + "最不满意的方面")
        if i < 0:
            continue
        # up to the next role's heading or the next section
        ends = [k for k in (h.find("最不满意的方面", i + 10), h.find("分对象与总体", i)) if k > 0]
        part = h[i:min(ends) if ends else i + 3000]
        if "data-p=\"/satisfaction/by_topic/" in part or "data-p=\"/satisfaction/by_item/" in part:
            no("%s: the report shows figures under the hidden %s: %s" % (c, zh, re.sub(r"<[^>]+>", " ", part)[:300]))
sys.exit(bad)
PY
# a hidden role's questionnaire not pinned: its warning gives no count either
sqlite3 "$t/R/county.db" "DELETE FROM pinned_surveys WHERE survey_id = 'public-2026'" || fail=1
"$J" stats --db "$t/R/county.db" --out "$t/R/unpinned" >/dev/null 2>&1 || { echo "FAIL stats unpinned"; fail=1; }
$py - "$t/R/unpinned/stats.json" <<'PY' || fail=1
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
w = [x for x in d["warnings"] + d["warnings_zh"] if "public-2026" in x]
if len(w) != 2 or any("3 responses" in x or "3 份" in x for x in w):
    print("FAIL the hidden public's unpinned questionnaire: %r" % w)
    sys.exit(1)
PY
[ $fail -eq 0 ] && echo "PASS hidden role items"
exit $fail
