#!/bin/bash
# Issue 18: a county whose sample has all four groups (students, parents,
# teachers, the public), answered with fixed options so that every figure
# can be checked by hand (tests/stats/groups/: three-item questionnaires,
# two rated items each, a locality item except the teachers').
#
#   school 3607010001 (urban):  8 parents 满意 (urban), 1 parent abandoned,
#                               5 teachers 不满意, 5 students 基本满意 (urban)
#   school 3607030001 (rural):  6 parents 不满意 (rural), 5 students 满意 (rural),
#                               5 public 满意 (town)
#
# Social recognition by answers (groups pooled): satisfied 16 + 0 + 20 + 10 = 46
# of 28 + 10 + 20 + 10 = 68 answers = 67.65 %; per group parents 16/28, teachers
# 0/10, students 20/20, public 10/10 (an unweighted mean of the four would be
# 64.29 %: the report says the groups are pooled).  Sample: 34 valid of 35
# started, 14 parents (41.2 %: 6 more needed), localities 13 / 5 / 11 known
# (teachers have no locality item: 5 unknown); population 350,000 asks 600.
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"; J="$b/junheng"
base=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-groups.XXXXXX"); trap 'rm -rf "$t"' EXIT
fail=0
export JH_GEN_SURVEYS="$src/tests/stats/groups"
gen() { "$b/tests/stats_gen" "$@" >/dev/null || { echo "FAIL stats_gen $*"; exit 1; }; }
mkdir -p "$t/usb"
JH_GEN_SCALE=0 JH_GEN_LOCALITY=urban JH_GEN_ABANDON=1 gen "$t/a1.db" K-A1 3607010001 primary urban 8 0 1 "$t/usb" full
JH_GEN_SCALE=2 gen "$t/a2.db" K-A2 3607010001 primary urban 0 5 2 "$t/usb" full
JH_GEN_SCALE=1 JH_GEN_LOCALITY=urban gen "$t/a3.db" K-A3 3607010001 primary urban 0 0 3 "$t/usb" full 5 0
JH_GEN_SCALE=2 JH_GEN_LOCALITY=rural gen "$t/b1.db" K-B1 3607030001 primary rural 6 0 4 "$t/usb" full
JH_GEN_SCALE=0 JH_GEN_LOCALITY=rural gen "$t/b2.db" K-B2 3607030001 primary rural 0 0 5 "$t/usb" full 5 0
JH_GEN_SCALE=0 JH_GEN_LOCALITY=town gen "$t/b3.db" K-B3 3607030001 primary rural 0 0 6 "$t/usb" full 0 5
"$J" merge --county 360701 --db "$t/county.db" "$t/usb" >/dev/null 2>&1 || { echo "FAIL merge"; exit 1; }
"$J" schools --db "$t/county.db" "$src/data/sample/schools.csv" >/dev/null 2>&1 || { echo "FAIL schools"; exit 1; }
"$J" stats --db "$t/county.db" --population 350000 --out "$t/stats" >/dev/null 2>&1 || { echo "FAIL stats"; exit 1; }
/usr/bin/python3 - "$t/stats/stats.json" <<'PY' || fail=1
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
bad = 0
def eq(what, want, got, tol=1e-9):
    global bad
    ok = (want is None and got is None) or (want is not None and got is not None and
         (abs(want - got) <= tol if isinstance(want, float) else want == got))
    if not ok:
        print("FAIL %s: expected %r, got %r" % (what, want, got)); bad = 1
sr = d["social_recognition"]
eq("groups method", "pooled", sr["groups_method"])
eq("overall satisfied", 46, sr["overall"]["satisfied"])
eq("overall valid", 68, sr["overall"]["valid"])
eq("overall rate", 46 / 68, sr["overall"]["rate"])
eq("overall pass", False, sr["overall"]["pass"])
eq("overall = the county headline", d["satisfaction"]["county"]["answers"]["rate"], sr["overall"]["rate"])
g = {e["role"]: e for e in sr["by_group"]}
eq("group order", ["student", "parent", "teacher", "public"], [e["role"] for e in sr["by_group"]])
for role, k, n, q in (("student", 20, 20, 10), ("parent", 16, 28, 14), ("teacher", 0, 10, 5), ("public", 10, 10, 5)):
    eq(role + " satisfied", k, g[role]["satisfied"])
    eq(role + " valid", n, g[role]["valid"])
    eq(role + " rate", k / n, g[role]["rate"])
    eq(role + " questionnaires", q, g[role]["n_questionnaires"])
    eq(role + " pass", k / n >= 0.85, g[role]["pass"])
# the pooled figure is not the mean of the four groups' rates
mean = sum(e["rate"] for e in sr["by_group"]) / 4
if abs(mean - sr["overall"]["rate"]) < 0.01:
    print("FAIL the test county does not tell pooled from averaged"); bad = 1
s = d["sample"]
eq("valid", 34, s["valid_questionnaires"])
eq("started", 35, s["started"])
r = {e["role"]: e for e in s["by_role"]}
for role, n in (("student", 10), ("parent", 14), ("teacher", 5), ("public", 5)):
    eq("sample " + role, n, r[role]["n"])
eq("parent share", 14 / 34, r["parent"]["share"])
rl = s["by_respondent_locality"]
# (the 5 teachers' questionnaire has no locality item: they count by their
# school's, urban, the basis "mixed"; session 18, review r2doc3 item 2)
eq("basis", "mixed", rl.get("basis"))
eq("known localities", 34, rl["known"])
eq("unknown localities", 0, rl["unknown"])
loc = {e["locality"]: e for e in rl["localities"]}
for code, n in (("urban", 18), ("town", 5), ("rural", 11)):
    eq(code + " n", n, loc[code]["n"])
    eq(code + " share", n / 34, loc[code]["share"])
# population shares from the register's enrolment: urban 60.9 %, town 24.5 %, rural 14.6 %
eq("urban within 10 points", True, loc["urban"]["pass"])
eq("town within 10 points", True, loc["town"]["pass"])
eq("rural too many", False, loc["rural"]["pass"])
v = s["verdict"]
eq("verdict", "fail", v["verdict"])
eq("parents verdict", False, v["parents"])
eq("valid share verdict", True, v["valid_share"])
eq("size verdict", False, v["size"])
eq("localities verdict", False, v["localities"])
need = [m for m in v["missing_zh"] if m.startswith("家长问卷还差")]
eq("parents missing", ["家长问卷还差 6 份（家长应占有效问卷的一半以上）"], need)
eq("size missing", True, "样本量还差 566 份（应不少于 600 份）" in v["missing_zh"])
eq("rural missing", True, any(m.startswith("乡村答卷偏多") and "32.4%" in m for m in v["missing_zh"]))
eq("urban not missing", False, any(m.startswith("城区答卷偏少") for m in v["missing_zh"]))
eq("verdicts.sample", v, d["verdicts"]["sample"])
sch = {e["school_code"]: e for e in s["by_school"]}
a, b_ = sch["3607010001"], sch["3607030001"]
eq("A valid", 18, a["valid"]); eq("A started", 19, a["started"]); eq("A parents", 8, a["parents"])
eq("A target", 111, a["target"]); eq("A target needed", 93, a["target_needed"])
eq("A parents needed", 48, a["parents_needed"])          # half of 111 is 56
eq("A localities", {"urban": 13, "town": 0, "rural": 0, "unknown": 5}, a["by_respondent_locality"])
eq("A missing", "家长问卷还差 48 份；距目标 111 份还差 93 份", a["missing_zh"])
# B's own sample: 6 parents + 5 students; its kiosk's 5 public count for the
# county only (review fstats9 item 3: they counted toward B's target)
eq("B valid", 11, b_["valid"]); eq("B parents", 6, b_["parents"]); eq("B target", 26, b_["target"])
eq("B parents needed", 7, b_["parents_needed"])          # half of 26 is 13
eq("B target needed", 15, b_["target_needed"])
eq("B pass", False, b_["pass"])
c = sch["3607020001"]                                     # no questionnaire at all
eq("C valid", 0, c["valid"]); eq("C pass", False, c["pass"]); eq("C target", 46, c["target"])
eq("C missing", "还没有有效问卷：目标 46 份，其中家长至少 23 份", c["missing_zh"])
sys.exit(bad)
PY
/usr/bin/python3 "$src/tests/stats/check_privacy.py" --algebra "$t/county.db" "$t/stats/stats.json" 5 || fail=1
"$J" report --db "$t/county.db" --population 350000 --out "$t/report" --no-pdf >/dev/null 2>&1 || { echo "FAIL report"; fail=1; }
# what a reader sees (the embedded statistics document left out)
/usr/bin/python3 - "$t/report/report.html" <<'PY' || fail=1
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
text = re.sub(r"<script.*?</script>", "", html, flags=re.S)
text = re.sub(r"<[^>]+>", "", text)
bad = 0
for want in ("各对象合成方法：各对象答案合并计算，不加权", "社会公众", "总体（合并计算）", "67.6 %",
             "家长问卷还差 6 份（家长应占有效问卷的一半以上）", "家长问卷还差 48 份；距目标 111 份还差 93 份",
             "答题人所在城乡", "不符合抽样要求", "学生最不满意的方面", "社会公众最不满意的方面"):
    if want not in text:
        print("FAIL report.html does not show '%s'" % want); bad = 1
sys.exit(bad)
PY
/usr/bin/python3 "$src/tests/report/check_html.py" "$t/report/report.html" "$t/report/stats.json" \
  || { echo "FAIL check_html"; fail=1; }
/usr/bin/python3 "$src/tests/report/check_xlsx.py" "$t/report/report.xlsx" "$t/report/stats.json" \
  || { echo "FAIL check_xlsx"; fail=1; }
[ $fail -eq 0 ] && echo "PASS groups"
exit $fail
