#!/bin/bash
# Review rgroups7 (session 23): the sample counts valid questionnaires only.
#
# Item 4: a questionnaire with no valid rated answer (every rated item 不了解)
# is collected (started, submitted) but not valid: it counts in no valid
# figure of the sample (valid questionnaires, parents' share, sample size,
# valid share's numerator), and the report's two 有效 figures agree.
#
#   school 3607010001 (urban): 10 parents 满意, 12 public all 不了解,
#                              2 parents all 不了解
#
# Valid: 10 of 24 started (41.7 %, below 70 %); parents 10 of 10 valid;
# the public has none; the sample needs 600, 590 more.
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"; J="$b/junheng"
base=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-sample-valid.XXXXXX"); trap 'rm -rf "$t"' EXIT
fail=0
export JH_GEN_SURVEYS="$src/tests/stats/groups"
gen() { "$b/tests/stats_gen" "$@" >/dev/null || { echo "FAIL stats_gen $*"; exit 1; }; }
mkdir -p "$t/usb"
JH_GEN_SCALE=0 JH_GEN_LOCALITY=urban gen "$t/a1.db" K-A1 3607010001 primary urban 10 0 1 "$t/usb" full
JH_GEN_SCALE=3 JH_GEN_LOCALITY=urban gen "$t/a2.db" K-A2 3607010001 primary urban 2 0 2 "$t/usb" full 0 12
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
r = d["responses"]
eq("submitted", 24, r["submitted"])
eq("responses valid", 10, r["valid"])
eq("no rated answer", 14, r.get("no_rated_answer"))
s = d["sample"]
eq("valid questionnaires", 10, s["valid_questionnaires"])
eq("started", 24, s["started"])
eq("valid share", 10 / 24, s["valid_share"])
eq("valid share pass", False, s["valid_share_pass"])
eq("parents", 10, s["parents"])
eq("parent share", 1.0, s["parent_share"])
eq("parent share pass", True, s["parent_share_pass"])
eq("size pass", False, s["size"]["pass"])
ro = {e["role"]: e for e in s["by_role"]}
eq("sample parents", 10, ro["parent"]["n"])
eq("sample public", 0, ro["public"]["n"])
eq("sample parent share", 1.0, ro["parent"]["share"])
loc = {e["locality"]: e for e in s["by_locality"]}
eq("by_locality urban", 10, loc["urban"]["n"])
eq("by_locality urban share", 1.0, loc["urban"]["share"])
rl = s["by_respondent_locality"]
eq("respondent known", 10, rl["known"])
v = s["verdict"]
eq("verdict parents", True, v["parents"])
eq("verdict valid share", False, v["valid_share"])
eq("size missing", True, "样本量还差 590 份（应不少于 600 份）" in v["missing_zh"])
eq("no parents missing", [], [m for m in v["missing_zh"] if m.startswith("家长问卷还差")])
eq("valid share missing", True, "有效问卷只占开始作答的 41.7%（应不少于 70%）" in v["missing_zh"])
sch = {e["school_code"]: e for e in s["by_school"]}
a = sch["3607010001"]
eq("A valid", 10, a["valid"]); eq("A started", 24, a["started"]); eq("A parents", 10, a["parents"])
eq("A valid share", 10 / 24, a["valid_share"]); eq("A parent share", 1.0, a["parent_share"])
eq("A localities", {"urban": 10, "town": 0, "rural": 0, "unknown": 0}, a["by_respondent_locality"])
# the by-questionnaire figure counts the same questionnaires
eq("by questionnaire valid", 10, d["satisfaction"]["county"]["questionnaires"]["valid"])
sys.exit(bad)
PY
"$J" report --db "$t/county.db" --population 350000 --out "$t/report" --no-pdf >/dev/null 2>&1 || { echo "FAIL report"; fail=1; }
/usr/bin/python3 - "$t/report/report.html" <<'PY' || fail=1
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
text = re.sub(r"<script.*?</script>", "", html, flags=re.S)
text = re.sub(r"<[^>]+>", "", text)
text = re.sub(r"\s+", " ", text)
bad = 0
for want in ("有效问卷 10 份（提交 24 份", "满意 10 / 有效 10", "其中 14 份评价题全是“不了解”或未答，不算有效问卷"):
    if want not in text:
        print("FAIL report.html does not show '%s'" % want); bad = 1
sys.exit(bad)
PY
/usr/bin/python3 "$src/tests/report/check_html.py" "$t/report/report.html" "$t/report/stats.json" \
  || { echo "FAIL check_html"; fail=1; }
/usr/bin/python3 "$src/tests/report/check_xlsx.py" "$t/report/report.xlsx" "$t/report/stats.json" \
  || { echo "FAIL check_xlsx"; fail=1; }
[ $fail -eq 0 ] && echo "PASS sample_valid"
exit $fail
