#!/bin/bash
# The school register and the county facts sheet as an Excel/WPS clerk
# saves them (review rreg4): a reload that leaves out a school with answers
# is refused naming it and its answers (--replace loads it, with a warning).
set -u
fail=0
J="$JH_BUILD_DIR/junheng"; b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"
base=${TMPDIR:-/tmp}
t=$(mktemp -d "$base/jh-reload.XXXXXX"); trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1
expect() { # expect DESC EXPECTED_RC EXPECTED_TEXT CMD...
  local desc=$1 want=$2 text=$3; shift 3
  out=$("$@" 2>&1); rc=$?
  if [ "$rc" != "$want" ]; then echo "FAIL $desc: expected exit $want, got $rc: $out"; fail=1; return 1; fi
  if [[ "$out" != *"$text"* ]]; then echo "FAIL $desc: expected '$text' in: $out"; fail=1; return 1; fi
  echo "PASS $desc"
}
mkdir a
bundle=$("$b/tests/stats_gen" k1.db K-A 3607010001 primary urban 4 1 1 a full) || { echo "FAIL stats_gen"; exit 1; }
"$J" merge --db county.db "$bundle" > /dev/null 2>&1 || { echo "FAIL merge"; exit 1; }
"$J" schools --db county.db "$src/data/sample/schools.csv" > /dev/null 2>&1 || { echo "FAIL schools"; exit 1; }
n=$(sqlite3 county.db "SELECT count(*) FROM responses WHERE school_code = '3607010001'")

# --- item 3: a reload that leaves out a school with answers
grep -v '^3607010001' "$src/data/sample/schools.csv" > drop1.csv
before=$(sqlite3 county.db "SELECT count(*) FROM schools")
expect "a reload leaving out a school with answers is refused naming it" 1 \
"junheng schools: drop1.csv leaves out 1 school of the register loaded now that has answers in the open round; its answers would be left out of every county figure:
  3607010001 青山县城关第一小学: $n questionnaires
junheng schools: nothing loaded.  Add the missing rows to the register; if these schools closed or merged, run again with --replace" \
  "$J" schools --db county.db drop1.csv
[ "$(sqlite3 county.db "SELECT count(*) FROM schools")" = "$before" ] && echo "PASS nothing changed" || { echo "FAIL register changed"; fail=1; }
expect "with --replace it loads, warning about the school and its answers" 0 \
"schools: warning: 1 school with answers in the open round is no longer in the register (--replace); its answers are left out of every county figure:
  3607010001 青山县城关第一小学: $n questionnaires" \
  "$J" schools --db county.db --replace drop1.csv
grep -v '^3607010002' drop1.csv > drop2.csv
expect "a school without answers may leave" 0 "schools: loaded 10 schools" "$J" schools --db county.db drop2.csv

exit $fail
