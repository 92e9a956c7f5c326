#!/bin/bash
# The comments section keeps the respondents anonymous (review rprivacy):
# only submitted questionnaires' comments are published (not those of people
# who walked away before 提交), in an order that says nothing of when or
# in which order people answered (role, then text).  Three schools from stats_gen with comments
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
"$b/junheng" merge --db "$t/county.db" "$t/usb" >"$t/merge.log" 2>&1 || { echo "FAIL merge:"; cat "$t/merge.log"; exit 1; }
"$b/junheng" report --db "$t/county.db" --out "$t/rep" --no-pdf >"$t/report.log" 2>&1 ||
  { echo "FAIL report:"; cat "$t/report.log"; exit 1; }
html="$t/rep/report.html"
sed -n '/id="comments"/,/<\/section>/p' "$html" >"$t/comments.html"
grep -q '意见 parent' "$t/comments.html" && pass "school A's comments are in the report" ||
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
exit $fail
