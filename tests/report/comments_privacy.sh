#!/bin/bash
# The comments section keeps the respondents anonymous (review rprivacy):
# only submitted questionnaires' comments are published (not those of people
# who walked away before 提交), in an order that says nothing of when or
# in which order people answered (role, then text), and not for a group
# whose figures the statistics hide as too small (样本不足).  Three schools from stats_gen with comments
# (JH_GEN_COMMENT): A 7 parents + 6 teachers and one parent who abandons
# after writing a comment, B 6 parents + 2 teachers, C 3 parents.
set -u
b="$JH_BUILD_DIR"
gen="$b/tests/stats_gen"
if [ ! -x "$gen" ]; then echo "SKIP: $gen not built"; exit 77; fi
t=$(mktemp -d "${TMPDIR:-/tmp}/jh-comments-privacy-XXXXXX")
trap 'rm -rf "$t"' EXIT
fail=0
pass() { echo "PASS $*"; }
bad() { echo "FAIL $*"; fail=1; }
mkdir "$t/usb"
export JH_GEN_SCALE=1
JH_GEN_COMMENT=意见 JH_GEN_ABANDON=1 "$gen" "$t/a.db" K-A 3612345678 primary town 7 6 1 "$t/usb" full >/dev/null &&
  JH_GEN_COMMENT=小组 "$gen" "$t/b.db" K-B 3612345679 primary town 6 2 2 "$t/usb" full >/dev/null &&
  JH_GEN_COMMENT=小校 "$gen" "$t/c.db" K-C 3612345670 primary town 3 0 3 "$t/usb" full >/dev/null ||
  { echo "FAIL stats_gen"; exit 1; }
"$b/junheng" merge --county 360701 --db "$t/county.db" "$t/usb" >"$t/merge.log" 2>&1 || { echo "FAIL merge:"; cat "$t/merge.log"; exit 1; }
"$b/junheng" report --db "$t/county.db" --out "$t/rep" --no-pdf >"$t/report.log" 2>&1 ||
  { echo "FAIL report:"; cat "$t/report.log"; exit 1; }
html="$t/rep/report.html"
sed -n '/id="comments"/,/<\/section>/p' "$html" >"$t/comments.html"
grep -q '意见 parent' "$t/comments.html" && grep -q '意见 teacher' "$t/comments.html" && pass "school A's comments are in the report" ||
  bad "no comment of school A: $(cat "$t/comments.html")"

# 1. An abandoned questionnaire's comment is not published.
if grep -q "意见 abandoned" "$html"; then bad "an abandoned questionnaire's comment is in the report"
else pass "no comment of an abandoned questionnaire"; fi

# 2. Within a school, comments are in the order of role and text, not of
# arrival (stats_gen numbers them #NN as they are written, with a scrambled
# KKK before it).
python3 - "$t/comments.html" <<'PY' && pass "comments sorted by role and text, not by arrival" || bad "comments' order"
import re, sys
h = open(sys.argv[1], encoding="utf-8").read()
texts = re.findall(r"<li>(意见 \S+ \d+ #(\d+)) <span", h)
assert len(texts) == 13, texts
shown = [t for t, _ in texts]
arrival = [int(n) for _, n in texts]
assert shown == sorted(shown), ("not sorted by role and text", shown)
assert arrival != sorted(arrival), ("in arrival order", arrival)
PY

# 3. Small groups: school C (3 questionnaires) is hidden as too small, and
# so is B's teachers' group (2); their comments are left out, and the school
# says so without saying how many (review r2privacy: the number of a small
# group's comments bounds its size, which the statistics hide); the count is
# only on the bureau's stdout.
# B's parents are only hidden so that the teachers cannot be worked out by
# subtraction (complementary): 6 people, their comments stay.
python3 - "$t/rep/stats.json" <<'PY' || bad "the fixture's groups are not suppressed as this test expects"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))["satisfaction"]
why = {(g["school_code"], g.get("role")): g["suppressed_reason"] for g in d["by_school"] + d["by_school_role"]}
assert why[("3612345670", None)] == "small", why
assert why[("3612345679", "teacher")] == "small", why
assert why[("3612345679", "parent")] == "complementary", why
assert why[("3612345678", None)] is None, why
PY
if grep -q '小校' "$t/comments.html"; then bad "a comment of school C (hidden as too small) is published"
else pass "no comment of school C"; fi
if grep -q '小组 teacher' "$t/comments.html"; then bad "a comment of B's teachers (hidden as too small) is published"
else pass "no comment of B's teachers"; fi
[ "$(grep -c '<li>小组 parent' "$t/comments.html")" = 6 ] && pass "B's parents' 6 comments are published" ||
  bad "B's parents' comments: $(grep '小组' "$t/comments.html")"
left='部分留言因所在组人数过少（样本不足），未列出。'
grep -A2 '（代码 3612345670）' "$t/comments.html" | grep -q "$left" &&
  grep -A10 '（代码 3612345679）' "$t/comments.html" | grep -q "$left" &&
  [ "$(grep -c "$left" "$t/comments.html")" = 2 ] &&
  pass "each school with a small group says comments are left out" || bad "no note of the comments left out: $(cat "$t/comments.html")"
if grep -Eq '[0-9]+ *条留言' "$html"; then bad "the report says how many comments are left out: $(grep -Eo '[^>]*[0-9]+ *条留言[^<]*' "$html")"
else pass "the report gives no number of comments left out"; fi
grep -q '^comments     19$' "$t/report.log" && grep -q '^comments left out (group too small) 5$' "$t/report.log" &&
  pass "report prints 19 comments, 5 left out" || bad "report log: $(cat "$t/report.log")"
# One school's pages (the schools registered): the same decision.
{ echo "code,name,level,locality,enrolment,teachers,teachers_above_qualification,teachers_intermediate_title,backbone_teachers,pe_art_teachers,floor_area,sports_area,equipment_value,multimedia_classrooms,computers,books"
  for c in 3612345678 3612345679 3612345670; do
    echo "$c,学校$c,primary,town,1200,70,60,30,14,12,8000,12000,3000000,30,150,30000"; done; } >"$t/schools.csv"
"$b/junheng" schools --db "$t/county.db" "$t/schools.csv" >"$t/schools.log" 2>&1 ||
  { echo "FAIL schools:"; cat "$t/schools.log"; exit 1; }
"$b/junheng" report --db "$t/county.db" --out "$t/one" --no-pdf --school 3612345670 >"$t/one.log" 2>&1 ||
  { echo "FAIL report --school:"; cat "$t/one.log"; exit 1; }
if grep -q '小校' "$t/one/report-school-3612345670.html"; then bad "--school: school C's comments on its pages"
elif grep -Eq '[0-9]+ *条留言' "$t/one/report-school-3612345670.html"; then
  bad "--school: school C's pages say how many comments are left out"
elif grep -q "$left" "$t/one/report-school-3612345670.html"; then
  pass "--school: school C's pages say comments are left out, not how many, and show none"
else bad "--school: no comments section on C's pages"; fi
# With an annex the summary counts both.
"$b/junheng" report --db "$t/county.db" --out "$t/split" --no-pdf --annex on >"$t/split.log" 2>&1 ||
  { echo "FAIL report --annex on:"; cat "$t/split.log"; exit 1; }
grep -q "共 19 条留言，按学校列在.*$left" "$t/split/report.html" &&
  ! grep -Eq '[0-9]+ *条留言(因|所)' "$t/split/report.html" &&
  pass "--annex: the summary counts the comments shown, says some are left out, not how many" ||
  bad "--annex summary: $(grep -A2 'id="comments"' "$t/split/report.html")"
if grep -Eq '[0-9]+ *条留言' "$t/split/report-schools.html"; then bad "--annex: the annex says how many comments are left out"
else pass "--annex: the annex gives no number of comments left out"; fi

# 5. Students' and the public's comments are labelled in Chinese, and the
# heading names no two roles only (review r2priv3 item 5: '—— student'
# under 家长和教师的留言).
mkdir -p "$t/r/usb"
JH_GEN_COMMENT=话 JH_GEN_SURVEYS="$JH_SOURCE_DIR/data/surveys" "$gen" "$t/r/k.db" K-R 3612345678 primary town 6 6 4 \
  "$t/r/usb" full 6 6 >/dev/null || { echo "FAIL stats_gen (roles)"; exit 1; }
"$b/junheng" merge --county 360701 --db "$t/r/county.db" "$t/r/usb" >/dev/null 2>&1 &&
  "$b/junheng" report --db "$t/r/county.db" --out "$t/r/rep" --no-pdf >/dev/null 2>&1 || { echo "FAIL report (roles)"; exit 1; }
sed -n '/id="comments"/,/<\/section>/p' "$t/r/rep/report.html" >"$t/r/c.html"
for zh in 家长 教师 学生 社会公众; do
  grep -q "—— $zh</span>" "$t/r/c.html" && pass "a comment labelled $zh" || bad "no comment labelled $zh: $(grep -m3 '——' "$t/r/c.html")"
done
if grep -Eq '—— (student|public|parent|teacher)<' "$t/r/c.html"; then bad "a comment labelled in English: $(grep -Em1 '—— (student|public)' "$t/r/c.html")"
else pass "no role in English"; fi
if grep -q '家长和教师的留言' "$t/r/rep/report.html"; then bad "the comments are still headed 家长和教师的留言"
else pass "the heading names every role"; fi
# Review r2priv3 item 1: two reports of one round, before and after a
# merge, give the merged group by subtraction; the scope says to publish once.
grep -q '同一轮的统计应只公布一次' "$t/r/rep/report.html" && pass "the scope says to publish a round once" ||
  bad "no line on publishing a round once"
exit $fail
