#!/bin/bash
# `junheng check`: the shipped questionnaires and tests/survey/good pass; every
# file in tests/survey/bad fails with exactly the stderr in its .expected file
# (golden output; regenerate one with JH_UPDATE_GOLDEN=1 only after reviewing
# the new message).  Runs from tests/survey so paths in messages are relative.
set -u
cd "$(dirname "$0")"
J="$JH_BUILD_DIR/junheng"
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pass() { echo "PASS $*"; }
bad() { echo "FAIL $*"; fail=1; }

# 1. shipped questionnaires, with the bundled font: no error (wording
#    warnings, 和 joining two words, are listed in the PASS line)
out=$("$J" check "$JH_SOURCE_DIR"/data/surveys/*.json 2>"$tmp/err"); rc=$?
n_surveys=$(ls "$JH_SOURCE_DIR"/data/surveys/*.json | wc -l)
if [ $rc -eq 0 ] && ! grep -v ': warning: ' "$tmp/err" | grep -q . \
   && [ "$(grep -c ': ok (' <<<"$out")" -eq "$n_surveys" ]; then
  pass "data/surveys: $(tr '\n' ' ' <<<"$out") $(grep -c ': warning: ' "$tmp/err") wording warning(s): $(cat "$tmp/err")"
else
  bad "data/surveys: exit $rc: $(cat "$tmp/err") $out"
fi

# 2. good examples
for f in good/*.json; do
  out=$("$J" check "$f" 2>"$tmp/err"); rc=$?
  if [ $rc -eq 0 ] && [ ! -s "$tmp/err" ] && [[ "$out" =~ ^"$f: ok (".*" items, hash "[0-9a-f]{12}"...)"$ ]]; then
    pass "$f"
  else
    bad "$f: exit $rc, stdout '$out', stderr '$(cat "$tmp/err")'"
  fi
done

# 3. golden failures
n=0
for f in bad/*.json; do
  [ -e "$f" ] || continue
  n=$((n + 1))
  exp="${f%.json}.expected"
  "$J" check "$f" >"$tmp/out" 2>"$tmp/err"; rc=$?
  if [ "${JH_UPDATE_GOLDEN:-}" = 1 ]; then cp "$tmp/err" "$exp"; fi
  if [ ! -f "$exp" ]; then bad "$f: no $exp"; continue; fi
  if [ $rc -ne 1 ]; then bad "$f: expected exit 1, got $rc"; continue; fi
  if [ -s "$tmp/out" ]; then bad "$f: unexpected stdout: $(cat "$tmp/out")"; continue; fi
  if ! cmp -s "$tmp/err" "$exp"; then
    bad "$f: stderr differs from $exp:"; diff "$exp" "$tmp/err" | head -20
    continue
  fi
  pass "$f ($(wc -l <"$exp") lines)"
done
[ $n -gt 0 ] || bad "no golden files in tests/survey/bad"

# 4. several files at once: every error of every file, good ones still reported
"$J" check good/example.json bad/*.json >"$tmp/out" 2>"$tmp/err"; rc=$?
want=$(cat bad/*.expected | wc -l)
if [ $rc -eq 1 ] && [ "$(wc -l <"$tmp/err")" -eq "$want" ] && grep -q '^good/example.json: ok' "$tmp/out"; then
  pass "all files in one run ($want error lines)"
else
  bad "all files in one run: exit $rc, $(wc -l <"$tmp/err") error lines, expected $want"
fi

# 4b. wording warnings (issue 18): 和 joining two things warns on stderr
#     and still passes; the same item with 或者 is rejected (bad/wording_*).
sed 's/"您对孩子住校的情况满意吗？"/"您对宿舍和食堂满意吗？"/' good/example.json >"$tmp/and.json"
out=$("$J" check --no-font-check "$tmp/and.json" 2>"$tmp/err"); rc=$?
if [ $rc -eq 0 ] && grep -q ': ok (' <<<"$out" && [ "$(wc -l <"$tmp/err")" -eq 1 ] \
   && grep -q "and.json:46:25: items\[2\].text.zh-CN: warning: item 'boarding': \"您对宿舍和食堂满意吗\" may ask about two things joined by “和”" "$tmp/err"; then
  pass "wording warning: exit 0, one warning"
else
  bad "wording warning: exit $rc, stdout '$out', stderr '$(cat "$tmp/err")'"
fi
sed 's/"您对孩子住校的情况满意吗？"/"您对宿舍或者食堂满意吗？"/' good/example.json >"$tmp/or.json"
"$J" check --no-font-check "$tmp/or.json" >"$tmp/out" 2>"$tmp/err"; rc=$?
[ $rc -eq 1 ] && [ ! -s "$tmp/out" ] && grep -q "joins two things with “或者”" "$tmp/err" && pass "或者: rejected" \
  || bad "或者: exit $rc: $(cat "$tmp/err")"
# 4c. a question longer than the kiosk shows whole at 800x480 in large text
#     with the hint line under it (SURVEY_QUESTION_FIT_UNITS: 80 Chinese
#     characters): a warning, still ok
long=$(printf '学校食堂每天提供早餐、午餐和晚餐，%.0s' $(seq 6))
sed "s/\"您对孩子住校的情况满意吗？\"/\"您对学校的饭菜满意吗？${long}\"/" good/example.json >"$tmp/long.json"
out=$("$J" check --no-font-check "$tmp/long.json" 2>"$tmp/err"); rc=$?
if [ $rc -eq 0 ] && grep -q ': ok (' <<<"$out" && [ "$(wc -l <"$tmp/err")" -eq 1 ] \
   && grep -q "long.json:46:25: items\[2\].text.zh-CN: warning: item 'boarding': the question is 226 characters long" "$tmp/err"; then
  pass "long question: exit 0, one warning"
else
  bad "long question: exit $rc, stdout '$out', stderr '$(cat "$tmp/err")'"
fi
# 4d. a counted option that reads as "don't know" but is more than those
#     words: a warning (不太清楚 may be a point of the scale)
sed 's/{"code": "dont_know", "label": {"zh-CN": "不了解", "en": "Don'"'"'t know"}, "excluded": true}/{"code": "dont_know", "label": {"zh-CN": "不太清楚，说不清", "en": "Not sure"}}/' \
  good/example.json >"$tmp/dk.json"
out=$("$J" check --no-font-check "$tmp/dk.json" 2>"$tmp/err"); rc=$?
if [ $rc -eq 0 ] && grep -q ': ok (' <<<"$out" && [ "$(wc -l <"$tmp/err")" -eq 1 ] \
   && grep -q "dk.json:24:9: scales\[0\].options\[4\]: warning: option 'dont_know'" "$tmp/err"; then
  pass "don't-know label, counted: exit 0, one warning"
else
  bad "don't-know label, counted: exit $rc, stdout '$out', stderr '$(cat "$tmp/err")'"
fi
# 4e. options after the files
out=$("$J" check good/example.json --no-font-check 2>"$tmp/err"); rc=$?
[ $rc -eq 0 ] && [ ! -s "$tmp/err" ] && grep -q '^good/example.json: ok (' <<<"$out" && pass "an option after the file" \
  || bad "an option after the file: exit $rc, stdout '$out', stderr '$(cat "$tmp/err")'"
"$J" check good/example.json --no-such-option >"$tmp/out" 2>"$tmp/err"; rc=$?
[ $rc -eq 2 ] && grep -q "unknown option '--no-such-option'" "$tmp/err" && pass "an unknown option after the file: usage error" \
  || bad "an unknown option after the file: exit $rc: $(cat "$tmp/err")"
# junheng surveys pins a questionnaire the wording checks reject (an old
# version with answers must stay pinnable), with the problems as warnings
"$J" surveys --db "$tmp/w.db" "$tmp/or.json" >"$tmp/out" 2>"$tmp/err"; rc=$?
[ $rc -eq 0 ] && grep -q "^pinned " "$tmp/out" && [ "$(wc -l <"$tmp/err")" -eq 1 ] \
  && grep -q "warning: .*or.json: 1 item's wording does not fit its answer scale (run \`junheng check .*or.json\`); it does not stop pinning" "$tmp/err" \
  && pass "surveys: wording problems warn in one line, still pinned" \
  || bad "surveys with wording problems: exit $rc: $(cat "$tmp/out" "$tmp/err")"

# 5. usage and font errors
"$J" check >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && pass "no files: exit 2" || bad "no files: exit $rc"
"$J" check --bogus good/example.json >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && pass "unknown option: exit 2" || bad "unknown option: exit $rc"
"$J" check --help >"$tmp/out" 2>&1; rc=$?
[ $rc -eq 0 ] && grep -q -- '--no-font-check' "$tmp/out" && pass "--help" || bad "--help: exit $rc"
"$J" check --font /nonexistent.otf good/example.json >/dev/null 2>"$tmp/err"; rc=$?
[ $rc -eq 3 ] && grep -q "/nonexistent.otf" "$tmp/err" && pass "missing font: exit 3" || bad "missing font: exit $rc: $(cat "$tmp/err")"
"$J" check --font good/example.json good/example.json >/dev/null 2>"$tmp/err"; rc=$?
[ $rc -eq 3 ] && grep -q "not an OpenType or TrueType font" "$tmp/err" && pass "not a font: exit 3" || bad "not a font: exit $rc: $(cat "$tmp/err")"
# the glyph check is on by default and off with --no-font-check
printf '%s' "$(sed 's/"谢谢您！"/"谢谢您✔"/' good/example.json)" >"$tmp/glyph.json"
"$J" check "$tmp/glyph.json" >/dev/null 2>"$tmp/err"; rc=$?
[ $rc -eq 1 ] && grep -q "closing.zh-CN: the font cannot draw U+2714 '✔'" "$tmp/err" && pass "font check on by default" \
  || bad "font check: exit $rc: $(cat "$tmp/err")"
"$J" check --no-font-check "$tmp/glyph.json" >/dev/null 2>"$tmp/err"; rc=$?
[ $rc -eq 0 ] && pass "--no-font-check" || bad "--no-font-check: exit $rc: $(cat "$tmp/err")"
"$J" check nonexistent.json >/dev/null 2>"$tmp/err"; rc=$?
[ $rc -eq 1 ] && grep -q "nonexistent.json" "$tmp/err" && pass "missing file: exit 1" || bad "missing file: exit $rc"
# 6. read-aloud recordings (issue 14): which questions are recorded, which
#    synthesised; an unplayable or misnamed recording is a problem.
mkdir -p "$tmp/voice/voice/parent-2026"
# The frozen 1.0 parent questionnaire: this is about recordings, not content.
# (the 1.0 file with its wording problems of issue 18 mended, so that only
# the recordings are reported)
sed -e 's/"孩子的作业多不多？您对作业量满意吗？"/"您对孩子的作业量满意吗？"/' \
    -e 's/"学校关心孩子的身体和心情吗？您满意吗？"/"学校关心孩子的身心健康吗？您满意吗？"/' \
    -e 's/"学校照顾好外地来的孩子和留守孩子了吗？您满意吗？"/"学校照顾好留守孩子了吗？您满意吗？"/' \
    -e 's/"老师有没有叫孩子花钱补课，或者乱收钱？"/"老师有没有叫孩子花钱补课？"/' \
    -e 's/"孩子在学校安全吗？您放心吗？"/"您对孩子在学校的安全满意吗？"/' \
    "$JH_SOURCE_DIR/tests/fixtures/surveys-1.0/parent.json" >"$tmp/voice/parent.json"
# Debian's python3 (a pyenv shim in PATH can take seconds to start, nine times).
py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3
mkwav() { "$py" -c "
import sys, wave
w = wave.open(sys.argv[1], 'wb'); w.setnchannels(int(sys.argv[2])); w.setsampwidth(2); w.setframerate(16000)
w.writeframes(b'\x10\x00\xf0\xff' * 4000); w.close()" "$1" "${2:-1}"; }
v="$tmp/voice/voice/parent-2026"
for k in grade grade.g1_3 grade.g4_6 grade.junior grade.no_answer residence residence.urban; do mkwav "$v/$k.wav"; done
mkwav "$v/family.wav" 2            # stereo: refused
mkwav "$v/grade.g7_9.wav"          # no such option
out=$("$J" check --no-font-check "$tmp/voice/parent.json" 2>"$tmp/err"); rc=$?
if [ $rc -eq 1 ] && grep -q "^  grade: recorded$" <<<"$out" \
   && grep -q "^  residence: recorded in part; synthesised: town rural no_answer$" <<<"$out" \
   && grep -q "^  boards: synthesised$" <<<"$out" \
   && grep -q "read-aloud (.*voice/parent-2026): 1 question(s) recorded, 1 in part, " <<<"$out" \
   && grep -q "family.wav: 2 channels; expected RIFF WAVE, PCM 16-bit mono" "$tmp/err" \
   && grep -q "grade.g7_9.wav is named after no question or option of parent-2026" "$tmp/err" \
   && [ "$(wc -l <"$tmp/err")" -eq 2 ]; then
  pass "read-aloud recordings reported"
else
  bad "read-aloud recordings: exit $rc, stdout: $(head -5 <<<"$out") stderr: $(cat "$tmp/err")"
fi
rm "$v/family.wav" "$v/grade.g7_9.wav"
"$J" check --no-font-check "$tmp/voice/parent.json" >/dev/null 2>"$tmp/err"; rc=$?
[ $rc -eq 0 ] && [ ! -s "$tmp/err" ] && pass "good recordings: exit 0" || bad "good recordings: exit $rc: $(cat "$tmp/err")"
out=$("$J" check --no-font-check --voice good/example.json 2>"$tmp/err"); rc=$?
[ $rc -eq 0 ] && grep -q "0 question(s) recorded, 0 in part" <<<"$out" && pass "--voice without recordings" \
  || bad "--voice without recordings: exit $rc: $out"
# Review rquest3 items 1, 3, 4: two files of one id and version with
# different content; a folder as the kiosk loads it (misnamed files, several
# files of one id).
mkdir -p "$tmp/v1" "$tmp/v1b" "$tmp/fold"
cp good/example.json "$tmp/v1/parent.json"
sed 's/谢谢您！/谢谢！/' good/example.json >"$tmp/v1b/parent.json"
"$J" check --no-font-check "$tmp/v1/parent.json" "$tmp/v1b/parent.json" >/dev/null 2>"$tmp/err"; rc=$?
if [ $rc -eq 1 ] && grep -q "^$tmp/v1/parent.json and $tmp/v1b/parent.json: both are questionnaire parent-demo version 1.0 but their content differs (a changed questionnaire needs a new version number)$" "$tmp/err"; then
  pass "one id and version, different content: a problem"
else
  bad "one id and version, different content: exit $rc: $(cat "$tmp/err")"
fi
"$J" check --no-font-check "$tmp/v1/parent.json" good/example.json >/dev/null 2>"$tmp/err"; rc=$?
[ $rc -eq 0 ] && [ ! -s "$tmp/err" ] && pass "the same questionnaire twice: no problem" \
  || bad "the same questionnaire twice: exit $rc: $(cat "$tmp/err")"
cp good/example.json "$tmp/fold/parent.json"
sed 's/"version": "1.0"/"version": "1.1"/' good/example.json >"$tmp/fold/parent2.json"
cp good/example.json "$tmp/fold/teacher.json.txt"
cp good/example.json "$tmp/fold/student.JSON"
out=$("$J" check --no-font-check "$tmp/fold" 2>"$tmp/err"); rc=$?
if [ $rc -eq 1 ] && grep -q "^$tmp/fold/parent.json: ok" <<<"$out" && grep -q "^$tmp/fold/parent2.json: ok" <<<"$out" \
   && grep -q "^$tmp/fold/student.JSON: not used: a questionnaire's file name must end in .json, in small letters (rename it student.json)$" "$tmp/err" \
   && grep -q "^$tmp/fold/teacher.json.txt: not used: a questionnaire's file name must end in .json (rename it teacher.json; Notepad may have added .txt)$" "$tmp/err" \
   && grep -q "^$tmp/fold/parent.json: not used; $tmp/fold/parent2.json is used instead: both hold questionnaire parent-demo, and its version 1.1 is newer than this file's 1.0 (move away the file not wanted)$" "$tmp/err" \
   && [ "$(wc -l <"$tmp/err")" -eq 3 ]; then
  pass "a folder: misnamed files and one id twice"
else
  bad "a folder: exit $rc, stdout: $out stderr: $(cat "$tmp/err")"
fi
# Review r2quest3 items 4-6: versions with letters, several files of one id
# decided over all of them, backups beside the good file, a misnamed FILE.
ver() { mkdir -p "$tmp/$1"; sed "s/\"version\": \"1.0\"/\"version\": \"$3\"/" good/example.json >"$tmp/$1/$2"; }
ver vA a.json 3.0; ver vA b.json v2
ver vB a.json V3; ver vB b.json v2
ver vD a.json 2026-spring; ver vD b.json 2026-autumn
"$J" check --no-font-check "$tmp/vA" >/dev/null 2>"$tmp/err"; rc=$?
grep -qx "$tmp/vA/b.json: not used; $tmp/vA/a.json is used instead: both hold questionnaire parent-demo, and its version 3.0 is newer than this file's v2 (move away the file not wanted)" "$tmp/err" \
  && pass "3.0 is newer than v2" || bad "3.0 is newer than v2: exit $rc: $(cat "$tmp/err")"
"$J" check --no-font-check "$tmp/vB" >/dev/null 2>"$tmp/err"; rc=$?
grep -qx "$tmp/vB/b.json: not used; $tmp/vB/a.json is used instead: both hold questionnaire parent-demo, and its version V3 is newer than this file's v2 (move away the file not wanted)" "$tmp/err" \
  && pass "V3 is newer than v2" || bad "V3 is newer than v2: exit $rc: $(cat "$tmp/err")"
"$J" check --no-font-check "$tmp/vD" >/dev/null 2>"$tmp/err"; rc=$?
[ $rc -eq 1 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] \
  && grep -qx "$tmp/vD/a.json, $tmp/vD/b.json: all hold questionnaire parent-demo, in versions 2026-spring, 2026-autumn whose order cannot be told (use numbers such as 2.1, or move away the files not wanted); none of them is used" "$tmp/err" \
  && pass "2026-spring and 2026-autumn: no guess" || bad "2026-spring and 2026-autumn: exit $rc: $(cat "$tmp/err")"
# rfinal18: "2" and "v2" are one number written two ways, not versions
# whose order cannot be told
ver vE a.json 2; ver vE b.json v2
"$J" check --no-font-check "$tmp/vE" >/dev/null 2>"$tmp/err"; rc=$?
[ $rc -eq 1 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] \
  && grep -qx "$tmp/vE/a.json, $tmp/vE/b.json: all hold questionnaire parent-demo, in versions 2, v2: the same version number written differently (keep one file, or give the newer questionnaire a higher number such as 2.1); none of them is used" "$tmp/err" \
  && pass "2 and v2: one number written two ways" || bad "2 and v2: exit $rc: $(cat "$tmp/err")"
mkdir -p "$tmp/vF" "$tmp/vG"
sed 's/谢谢您！/谢谢！/' good/example.json >"$tmp/vF/a_edit.json"
cp good/example.json "$tmp/vF/demo.json"; cp good/example.json "$tmp/vF/demo_copy.json"
cp "$tmp/vF/a_edit.json" "$tmp/vG/z_edit.json"; cp good/example.json "$tmp/vG/demo.json"; cp good/example.json "$tmp/vG/demo_copy.json"
for d in vF vG; do
  "$J" check --no-font-check "$tmp/$d" >/dev/null 2>"$tmp/err"; rc=$?
  files=$(ls "$tmp/$d"/*.json | paste -sd, | sed 's/,/, /g')
  [ $rc -eq 1 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] \
    && grep -qx "$files: all hold questionnaire parent-demo version 1.0 but their content differs (a changed questionnaire needs a new version number); none of them is used" "$tmp/err" \
    && pass "$d: one edited and two plain copies: all named, none used" || bad "$d: exit $rc: $(cat "$tmp/err")"
done
mkdir -p "$tmp/vH"
cp good/example.json "$tmp/vH/demo.json"; cp good/example.json "$tmp/vH/demo.json.bak"; cp good/example.json "$tmp/vH/demo.JSON"
"$J" check --no-font-check "$tmp/vH/demo.json" "$tmp/vH/demo.JSON" >/dev/null 2>"$tmp/err"; rc=$?
[ $rc -eq 1 ] && grep -qx "$tmp/vH/demo.JSON: not used: a questionnaire's file name must end in .json, in small letters, and demo.json is there already (move this file away if it is a copy)" "$tmp/err" \
  && pass "a FILE argument misnamed: refused as the kiosk would" || bad "a misnamed FILE: exit $rc: $(cat "$tmp/err")"
rm "$tmp/vH/demo.JSON"
out=$("$J" check --no-font-check "$tmp/vH" 2>"$tmp/err"); rc=$?
[ $rc -eq 0 ] && grep -qx "$tmp/vH/demo.json.bak: note: not used, a backup copy beside demo.json (nothing to do)" "$tmp/err" \
  && ! grep -q "rename" "$tmp/err" && pass "a .bak beside its .json: a note" || bad "a .bak beside its .json: exit $rc: $(cat "$tmp/err")"
exit $fail
