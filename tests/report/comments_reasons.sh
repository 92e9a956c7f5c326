#!/bin/bash
# Comments of a group the statistics do not list at all are left out for
# their true reason, not as "too small" (review r2privacy 3), and the report
# never says how many.  Round 2026 opens on 2026-06-01; stats_gen's bundles
# (JH_GEN_COMMENT):
#   A 3612345678 (registered): 7 parents in the round, shown; and, on another
#     kiosk, 6 teachers of March (the round before): A's teachers are in no
#     figure of the round (not in by_school_role); on a third, 5 parents of
#     March: A's parents are in the round's figures, but those 5 are not
#     (they were published under this round's school before)
#   E 3612345672 (registered): 6 parents of March only: E is in no figure
#   D 3612345671 (not registered): 6 parents in the round, held out
set -u
b="$JH_BUILD_DIR"
gen="$b/tests/stats_gen"
if [ ! -x "$gen" ]; then echo "SKIP: $gen not built"; exit 77; fi
t=$(mktemp -d "${TMPDIR:-/tmp}/jh-comments-reasons-XXXXXX")
trap 'rm -rf "$t"' EXIT
fail=0
pass() { echo "PASS $*"; }
bad() { echo "FAIL $*"; fail=1; }
mkdir "$t/usb"
export JH_GEN_SCALE=1
T0=1790000000000                       # 2026-09-21, stats_gen's day
MARCH=$((T0 - 200 * 86400000))         # 2026-03-05
export JH_ROUND_TEST_TODAY_MS=$T0
"$b/junheng" round --db "$t/county.db" --open 2026 --since 2026-06-01 >"$t/round.log" 2>&1 ||
  { echo "FAIL round --open:"; cat "$t/round.log"; exit 1; }
JH_GEN_COMMENT=本轮 "$gen" "$t/a.db" K-A 3612345678 primary town 7 0 1 "$t/usb" full >/dev/null &&
  JH_GEN_COMMENT=旧师 STATS_GEN_T0=$MARCH "$gen" "$t/a2.db" K-A2 3612345678 primary town 0 6 2 "$t/usb" full >/dev/null &&
  JH_GEN_COMMENT=旧家 STATS_GEN_T0=$MARCH "$gen" "$t/a3.db" K-A3 3612345678 primary town 5 0 5 "$t/usb" full >/dev/null &&
  JH_GEN_COMMENT=上轮 STATS_GEN_T0=$MARCH "$gen" "$t/e.db" K-E 3612345672 primary town 6 0 3 "$t/usb" full >/dev/null &&
  JH_GEN_COMMENT=名外 "$gen" "$t/d.db" K-D 3612345671 primary town 6 0 4 "$t/usb" full >/dev/null ||
  { echo "FAIL stats_gen"; exit 1; }
"$b/junheng" merge --county 360701 --db "$t/county.db" "$t/usb" >"$t/merge.log" 2>&1 || { echo "FAIL merge:"; cat "$t/merge.log"; exit 1; }
{ echo "code,name,level,locality,enrolment,teachers,teachers_above_qualification,teachers_intermediate_title,backbone_teachers,pe_art_teachers,floor_area,sports_area,equipment_value,multimedia_classrooms,computers,books"
  for c in 3612345678 3612345672; do
    echo "$c,学校$c,primary,town,1200,70,60,30,14,12,8000,12000,3000000,30,150,30000"; done; } >"$t/schools.csv"
"$b/junheng" schools --db "$t/county.db" "$t/schools.csv" >"$t/schools.log" 2>&1 ||
  { echo "FAIL schools:"; cat "$t/schools.log"; exit 1; }
"$b/junheng" report --db "$t/county.db" --out "$t/rep" --no-pdf >"$t/report.log" 2>&1 ||
  { echo "FAIL report:"; cat "$t/report.log"; exit 1; }
html="$t/rep/report.html"
sed -n '/id="comments"/,/<\/section>/p' "$html" >"$t/comments.html"

# The fixture is what this test expects of the statistics.
python3 - "$t/rep/stats.json" <<'PY' || bad "the fixture's groups are not as this test expects"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
sat = d["satisfaction"]
schools = {g["school_code"] for g in sat["by_school"]}
roles = {(g["school_code"], g["role"]) for g in sat["by_school_role"]}
held = {g["school_code"] for g in d["unregistered"]["schools"]}
assert "3612345678" in schools and ("3612345678", "parent") in roles, (schools, roles)
assert ("3612345678", "teacher") not in roles, roles
assert "3612345672" not in schools and "3612345672" not in held, (schools, held)
assert held == {"3612345671"} and "3612345671" not in schools, (schools, held)
assert all(not g["suppressed"] for g in sat["by_school"] + sat["by_school_role"]), sat["by_school"]
PY

[ "$(grep -c '<li>本轮 parent' "$t/comments.html")" = 7 ] && pass "A's 7 parents' comments are published" ||
  bad "A's parents: $(cat "$t/comments.html")"
for w in 旧师 旧家 上轮 名外; do
  if grep -q "$w" "$html"; then bad "a comment '$w' of a group in no figure is published"; fi
done
# No group is too small: no comment is said to be left out for that.
if grep -q '人数过少' "$t/comments.html"; then bad "comments said to be left out as too small: $(grep '人数过少' "$t/comments.html")"
else pass "no comment is said to be left out as too small"; fi
uncounted='部分留言所在的问卷未计入本次统计（例如其他轮次的问卷），未列出。'
held='该校不在学校名册中，问卷暂不计入全县结果，留言也暂不列出（登记后列出）。'
grep -A12 '（代码 3612345678）' "$t/comments.html" | grep -q "$uncounted" &&
  pass "A: its teachers' comments (in no figure of the round) are left out as not counted" ||
  bad "A's note: $(grep -A12 '（代码 3612345678）' "$t/comments.html")"
grep -A2 '（代码 3612345672）' "$t/comments.html" | grep -q "$uncounted" &&
  pass "E: its comments (in no figure of the round) are left out as not counted" ||
  bad "E's note: $(grep -A2 '（代码 3612345672）' "$t/comments.html")"
grep -A2 '（代码 3612345671）' "$t/comments.html" | grep -q "$held" &&
  pass "D: its comments are left out as it is not in the register" ||
  bad "D's note: $(grep -A2 '（代码 3612345671）' "$t/comments.html")"
if grep -Eq '[0-9]+ *条留言' "$html"; then bad "the report says how many comments are left out"
else pass "the report gives no number of comments left out"; fi
grep -q '^comments     7$' "$t/report.log" && ! grep -q 'group too small' "$t/report.log" &&
  grep -q '^comments left out (school not in the register) 6$' "$t/report.log" &&
  grep -q '^comments left out (not counted in these statistics) 17$' "$t/report.log" &&
  pass "report prints 7 comments, 6 of a school not registered and 17 not counted left out" ||
  bad "report log: $(cat "$t/report.log")"
# With an annex the summary gives the same reasons.
"$b/junheng" report --db "$t/county.db" --out "$t/split" --no-pdf --annex on >"$t/split.log" 2>&1 ||
  { echo "FAIL report --annex on:"; cat "$t/split.log"; exit 1; }
grep -q '共 7 条留言，按学校列在.*不在学校名册中的学校的留言暂不列出（登记后列出）。' "$t/split/report.html" &&
  grep -q "$uncounted" "$t/split/report.html" && ! grep -q '人数过少' "$t/split/report.html" &&
  pass "--annex: the summary says why comments are left out" ||
  bad "--annex summary: $(grep -A2 'id="comments"' "$t/split/report.html")"
exit $fail
