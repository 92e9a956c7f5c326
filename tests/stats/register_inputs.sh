#!/bin/bash
# What the register's readers say about Excel/WPS input (review rcli finding
# 7): kiosk-pack prints the register's warnings as `junheng schools` does
# (it dropped them), a file with two BOMs is read, a full-width number is
# named as such.
set -u
fail=0
J="$JH_BUILD_DIR/junheng"; src="$JH_SOURCE_DIR"
base=${TMPDIR:-/tmp}
t=$(mktemp -d "$base/jh-reg.XXXXXX"); trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1
expect() { # expect DESC EXPECTED_RC EXPECTED_TEXT CMD...
  local desc=$1 want=$2 text=$3; shift 3
  out=$("$@" 2>&1); rc=$?
  if [ "$rc" != "$want" ]; then echo "FAIL $desc: expected exit $want, got $rc: $out"; fail=1; return 1; fi
  if [[ "$out" != *"$text"* ]]; then echo "FAIL $desc: expected '$text' in: $out"; fail=1; return 1; fi
  echo "PASS $desc"
}
H="code,name,level,locality,kind,enrolment,enrolment_primary,enrolment_junior,teachers,teachers_above_qualification,teachers_intermediate_title,backbone_teachers,pe_art_teachers,floor_area,sports_area,equipment_value,multimedia_classrooms,computers,books"
mkdir pk
printf '\xef\xbb\xbf%s\nS1,One,primary,urban,public,300,280,,20,18,10,3,3,1500,2400,600000,7,40,6000\n' "$H" > r.csv
expect "kiosk-pack prints the register's warnings" 0 \
  "r.csv:2: school S1: column 'enrolment' (在校生数) 300 differs from column 'enrolment_primary' (小学在校生数) 280 (数据打架); the level's value is used" \
  "$J" kiosk-pack --key k.key --county 360701 --schools r.csv --out pk "$src/data/surveys/parent.json"
[ -f pk/junheng-county-pack.json ] && echo "PASS pack written" || { echo "FAIL no pack"; fail=1; }
printf '\xef\xbb\xbf\xef\xbb\xbf%s\nS1,One,primary,urban,public,300,,,20,18,10,3,3,1500,2400,600000,7,40,6000\n' "$H" > bom2.csv
expect "a file with two BOMs is read" 0 "bom2.csv" "$J" schools --db c.db bom2.csv
printf '%s\nS1,One,primary,urban,public,１８６０,,,20,18,10,3,3,1500,2400,600000,7,40,6000\n' "$H" > fw.csv
expect "a full-width number is named as such" 1 \
  "fw.csv:2: column 'enrolment' (在校生数): '１８６０' has full-width digits (全角数字, e.g. １８６０): type the number with the input method in half-width mode (半角)" \
  "$J" schools --db c.db fw.csv
# Review rattack5 finding 4: --out DIR that does not exist is created, as
# `junheng report --out` does (it said "not a folder"); a file there is
# named as one; every message ends with a line break.
printf '%s\nS1,One,primary,urban,public,300,,,20,18,10,3,3,1500,2400,600000,7,40,6000\n' "$H" > ok.csv
ends_nl() { [ -s "$1" ] && [ "$(tail -c1 "$1" | od -An -tx1 | tr -d ' ')" = 0a ]; }
"$J" kiosk-pack --key k.key --county 360701 --schools ok.csv --out new/sub "$src/data/surveys/parent.json" \
  --lang en >o.txt 2>e.txt; rc=$?
if [ $rc = 0 ] && [ -f new/sub/junheng-county-pack.json ] && grep -q "kiosk-pack: folder new/sub created" o.txt; then
  echo "PASS --out DIR missing: created, the pack written, said so"
else echo "FAIL --out DIR missing: rc $rc: $(cat o.txt e.txt)"; fail=1; fi
: > afile
for lang in en zh; do
  for args in "--county 360701 --schools ok.csv --out afile" "--county 36070 --schools ok.csv --out pk" \
              "--county 360701 --schools fw.csv --out pk" "--county 360701 --schools none.csv --out pk"; do
    # shellcheck disable=SC2086
    "$J" kiosk-pack --key k.key $args "$src/data/surveys/parent.json" --lang $lang >o.txt 2>e.txt; rc=$?
    if [ $rc != 0 ] && ends_nl e.txt; then echo "PASS $lang $args: exit $rc, the message ends with a line break"
    else echo "FAIL $lang $args: exit $rc, message not ending in a line break: $(od -c e.txt | tail -3)"; fail=1; fi
  done
done
expect "--out a file: named as one" 3 "junheng kiosk-pack: --out afile: exists and is not a folder" \
  "$J" kiosk-pack --key k.key --county 360701 --schools ok.csv --out afile "$src/data/surveys/parent.json" --lang en
expect "--out a file: in Chinese" 3 "afile" \
  "$J" kiosk-pack --key k.key --county 360701 --schools ok.csv --out afile "$src/data/surveys/parent.json" --lang zh
[[ "$out" == *"不是文件夹"* ]] && echo "PASS Chinese" || { echo "FAIL not Chinese: $out"; fail=1; }
exit $fail
