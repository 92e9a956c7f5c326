#!/bin/bash
# The school register and the county facts sheet as an Excel/WPS clerk
# saves them (review rreg4): a reload that leaves out a school with answers
# says so, naming it and its answers;
# GBK and UTF-16 (Excel's tab-separated "Unicode text") registers and facts
# sheets are read as their UTF-8 form, saying which encoding was read.
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
"$J" merge --county 360701 --db county.db "$bundle" > /dev/null 2>&1 || { echo "FAIL merge"; exit 1; }
"$J" schools --db county.db "$src/data/sample/schools.csv" > /dev/null 2>&1 || { echo "FAIL schools"; exit 1; }
n=$(sqlite3 county.db "SELECT count(*) FROM responses WHERE school_code = '3607010001' AND status = 'submitted'")

# --- item 3: a reload that leaves out a school with answers
grep -v '^3607010001' "$src/data/sample/schools.csv" > drop1.csv
before=$(sqlite3 county.db "SELECT count(*) FROM schools")
# no round open: every submitted answer counts, and the warning does not
# speak of an open round (session 19 final read item 4)
expect "a reload leaving out a school with answers says which, with its answers" 0 \
"schools: warning: drop1.csv leaves out 1 school of the register loaded before that has answers; its answers are now left out of every county figure:
  3607010001 青山县城关第一小学: $n questionnaires
schools: if those schools did not close or merge (a filtered or an old sheet?), load the whole register again: the answers are kept and count again" \
  "$J" schools --db county.db drop1.csv
[ "$(sqlite3 county.db "SELECT count(*) FROM schools")" = "$((before - 1))" ] && echo "PASS loaded" || { echo "FAIL not loaded"; fail=1; }
"$J" schools --db county.db "$src/data/sample/schools.csv" > /dev/null 2>&1 || { echo "FAIL schools again"; fail=1; }
"$J" round --db county.db --open 2026 --since 2020-01-01 --previous 2025 > /dev/null 2>&1 || { echo "FAIL round --open"; fail=1; }
expect "with a round open, the warning names the open round's answers" 0 \
"schools: warning: drop1.csv leaves out 1 school of the register loaded before that has answers in the open round; its answers" \
  "$J" schools --db county.db drop1.csv
grep -v '^3607010002' drop1.csv > drop2.csv
expect "a school without answers may leave" 0 "schools: loaded 10 schools" "$J" schools --db county.db drop2.csv

# --- item 4: GBK and UTF-16 files, register and facts sheet
reg() { sqlite3 "$1" "SELECT * FROM schools ORDER BY code; SELECT * FROM school_values ORDER BY 1, 2, 3"; }
"$J" schools --db u8.db "$src/data/sample/schools.csv" > /dev/null 2>&1 || { echo "FAIL UTF-8 register"; fail=1; }
iconv -f UTF-8 -t GB18030 < <(tail -c +4 "$src/data/sample/schools.csv") > gbk.csv
tail -c +4 "$src/data/sample/schools.csv" | tr ',' '\t' | iconv -f UTF-8 -t UTF-16 > u16.txt
tr ',' '\t' < "$src/data/sample/schools.csv" > tab8.txt
expect "a GBK register is read, saying so" 0 "gbk.csv: note: read as GBK/GB18030 text (a Chinese Windows' ANSI), not UTF-8
schools: loaded 12 schools from gbk.csv" "$J" schools --db gbk.db gbk.csv
expect "a UTF-16 tab-separated register (Excel's Unicode text) is read, saying so" 0 \
"u16.txt: note: read as UTF-16LE text (Excel's \"Unicode text\"), not UTF-8
u16.txt: note: the cells are separated by tabs, not commas: read as tab-separated text
schools: loaded 12 schools from u16.txt" "$J" schools --db u16.db u16.txt
expect "a tab-separated UTF-8 register is read, saying so" 0 \
"tab8.txt: note: the cells are separated by tabs, not commas: read as tab-separated text" "$J" schools --db tab8.db tab8.txt
for d in gbk u16 tab8; do
  [ "$(reg $d.db)" = "$(reg u8.db)" ] \
    && echo "PASS $d register stored as the UTF-8 one" || { echo "FAIL $d register differs"; fail=1; }
done
iconv -f UTF-8 -t GB18030 < "$src/tests/eval/county.csv" > facts_gbk.csv
tabbed() { python3 -c 'import csv, sys; csv.writer(sys.stdout, delimiter="\t", lineterminator="\r\n").writerows(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))' "$1"; }
tabbed "$src/tests/eval/county.csv" | iconv -f UTF-8 -t UTF-16 > facts_u16.txt
want=$("$J" county --db u8.db "$src/tests/eval/county.csv" 2>&1 | sed 's/county.csv//')
for f in facts_gbk.csv facts_u16.txt; do
  cp u8.db f.db
  out=$("$J" county --db f.db "$f" 2>&1); rc=$?
  [ $rc = 0 ] && [[ "$out" == *"$f: note: read as "* ]] && [[ "$(grep -v ": note: " <<<"$out" | sed "s/$f//")" == "$want" ]] \
    && echo "PASS county reads $f as the UTF-8 sheet, saying so" || { echo "FAIL county $f (rc $rc): $out"; fail=1; }
done
# a file whose encoding cannot be told: refused with advice every clerk can take
{ cat "$src/data/sample/schools.csv"; printf '3607099999,\xe9\x9d\n'; } > cut.csv
expect "an undecodable file is refused with Notepad's advice" 1 \
  "set 编码 (Encoding) to UTF-8 and save" "$J" schools --db x.db cut.csv

# --- item 7: no English fragments in the Chinese messages
zh=$("$J" --lang zh county --db u8.db "$src/tests/eval/county.csv" 2>&1)
[[ "$zh" == *"县级指标：已从 county.csv 导入"* && "$zh" != *"county："* ]] \
  && echo "PASS county's Chinese lines start 县级指标：" || { echo "FAIL county's Chinese prefix: $zh"; fail=1; }
H=$(head -1 "$src/data/sample/schools.csv")
printf '%s\n%s\n' "$H" "3607099001,青山县九年一贯制学校,九年一贯制,城区,公办,900,,,60,50,30,10,8,9000,10000,3000000,30,200,40000,4.5" > nine.csv
zh=$("$J" --lang zh schools --db n.db nine.csv 2>&1)
# (review rclerk6 item 7: no English level code inside the sentence, and the column to add named)
[[ "$zh" == *"九年一贯制学校需要填写各学段的在校生数：请填写此列（文件中没有此列时，在表头添加一列“小学在校生数”）"* ]] \
  && [[ "$zh" != *"nine_year"* ]] \
  && echo "PASS the level is named in Chinese, the column to add too" || { echo "FAIL nine_year in Chinese: $zh"; fail=1; }

exit $fail
