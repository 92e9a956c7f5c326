#!/bin/bash
# Review rattack5 finding 1: a school name with an invisible control or
# direction character (U+202E, U+2066, C1 U+0085, a tab) is refused where a
# name enters -- `junheng schools` and `junheng kiosk-pack` -- with the
# file, line and column, because the kiosk's own bundle reader refuses it in
# every export of that school (the kiosk's side: test_store, test_pack,
# test_bundle).
set -u
fail=0
J="$JH_BUILD_DIR/junheng"; src="$JH_SOURCE_DIR"
base=${TMPDIR:-/tmp}
t=$(mktemp -d "$base/jh-names.XXXXXX"); trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1
expect() { # expect DESC EXPECTED_RC EXPECTED_TEXT CMD...
  local desc=$1 want=$2 text=$3; shift 3
  out=$("$@" 2>&1); rc=$?
  if [ "$rc" != "$want" ]; then echo "FAIL $desc: expected exit $want, got $rc: $out"; fail=1; return 1; fi
  if [[ "$out" != *"$text"* ]]; then echo "FAIL $desc: expected '$text' in: $out"; fail=1; return 1; fi
  echo "PASS $desc"
}
H="code,name,level,locality,kind,enrolment,enrolment_primary,enrolment_junior,teachers,teachers_above_qualification,teachers_intermediate_title,backbone_teachers,pe_art_teachers,floor_area,sports_area,equipment_value,multimedia_classrooms,computers,books"
row() { printf '%s,%s,primary,urban,public,300,,,20,18,10,3,3,1500,2400,600000,7,40,6000\n' "$1" "$2"; }
for c in '\xe2\x80\xae:U+202E' '\xe2\x81\xa6:U+2066' '\xc2\x85:U+0085' '\x09:U+0009'; do
  cp=${c#*:}
  bad=$(printf "青山${c%%:*}小学")
  { echo "$H"; row S1 城关小学; row S2 "$bad"; } > r.csv
  expect "schools refuses a name with $cp" 1 \
    "r.csv:3: column 2, column 'name' (学校名称): the name '青山" "$J" schools --db c.db r.csv --lang en
  [[ "$out" == *"($cp, character 3 of the name"* ]] && echo "PASS the character named ($cp, character 3)" ||
    { echo "FAIL the character not named ($cp): $out"; fail=1; }
  [ -f c.db ] && { echo "FAIL schools made a database from a refused register"; fail=1; }
  mkdir -p pk
  expect "kiosk-pack refuses a name with $cp" 1 "r.csv: no pack written; correct the register" \
    "$J" kiosk-pack --key k.key --county 360701 --schools r.csv --out pk "$src/data/surveys/parent.json" --lang en
  [ -e pk/junheng-county-pack.json ] && { echo "FAIL kiosk-pack wrote a pack ($cp)"; fail=1; }
done
# Chinese first (the default): the message in Chinese, naming line and column
{ echo "$H"; row S1 "$(printf '青山\xe2\x80\xae小学')"; } > r.csv
expect "the message in Chinese" 1 "r.csv:2: 第 2 列" "$J" schools --db c.db r.csv --lang zh
[[ "$out" == *"不可见"* && "$out" == *'\u{202e}'* ]] && echo "PASS Chinese, the character shown escaped" ||
  { echo "FAIL Chinese message: $out"; fail=1; }
# the same names, clean, load and pack
{ echo "$H"; row S1 城关小学; row S2 青山小学; } > r.csv
expect "clean names load" 0 "" "$J" schools --db c.db r.csv --lang en
expect "clean names pack" 0 "kiosk-pack:" \
  "$J" kiosk-pack --key k.key --county 360701 --schools r.csv --out pk "$src/data/surveys/parent.json" --lang en
exit $fail
