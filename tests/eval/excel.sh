#!/bin/bash
# Excel round-trips of the bureau's files (outside review, session 14): a
# rectification plan loaded back without a fill-in column or with fewer rows
# keeps what is stored, --out writes what is stored, plans in GBK / UTF-16 /
# without 轮次 / with two rounds are refused with file and line; register
# codes with U+3000, U+00A0 or quoted spaces are the same code, codes in
# scientific notation are refused, codes that match no answers are warned.
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"; J="$b/junheng"
base=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-excel.XXXXXX"); trap 'rm -rf "$t"' EXIT
fail=0
ok() { echo "PASS $1"; }
bad() { echo "FAIL $1"; fail=1; }
gen() { "$b/tests/stats_gen" "$@" >/dev/null || { echo "FAIL stats_gen $*"; exit 1; }; }
T0=1790000000000   # 2026-09-21
mkdir -p "$t/u1"

"$J" round --db "$t/c.db" --open 2026 --since 2026-01-01 >/dev/null || bad "open 2026"
STATS_GEN_T0=$T0 gen "$t/k1.db" K-A A01 primary urban 10 3 1 "$t/u1" full
STATS_GEN_T0=$T0 gen "$t/k2.db" K-B B01 junior urban 10 3 2 "$t/u1" full
"$J" merge --county 360701 --db "$t/c.db" "$t/u1" >/dev/null
out=$("$J" schools --db "$t/c.db" "$src/tests/eval/register.csv" 2>&1) || bad "register: $out"
[[ "$out" != *"warning"* ]] && ok "register matching the answers: no warning" || bad "register warned: $out"
"$J" county --db "$t/c.db" "$src/tests/eval/county.csv" >/dev/null || bad "county facts"
"$J" rectify --db "$t/c.db" --out "$t/plan" >/dev/null || bad "rectify --out"

# what is stored, as "key|measures|department|deadline|progress" lines
stored() {
  python3 - "$1" <<'PY'
import sqlite3, sys
for r in sqlite3.connect(sys.argv[1]).execute(
        "SELECT key, measures, department, deadline, progress FROM rectify_items ORDER BY key"):
    print("|".join(r))
PY
}
# edit CSV IN into OUT with the Python body on stdin (rows: list of lists, rows[0] the header;
# col(name) the index of the column whose header starts with name)
edit() {
  python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
def col(name): return [i for i, h in enumerate(rows[0]) if h.startswith(name)][0]
exec(sys.stdin.read())
with open(sys.argv[2], "w", encoding="utf-8-sig", newline="") as f:
    csv.writer(f, lineterminator="\r\n").writerows(rows)
' "$1" "$2"
}
edit "$t/plan/rectify.csv" "$t/filled.csv" <<'PY'
m, d, dl, p = col("整改措施"), col("责任部门"), col("完成时限"), col("进展")
for i, r in enumerate(rows[1:]):
    r[m], r[d], r[dl], r[p] = "措施%d" % i, "教育股", "2026年9月", "进行中"
PY
n=$(($(wc -l < "$t/filled.csv") - 1))
"$J" rectify --db "$t/c.db" --load "$t/filled.csv" >/dev/null 2>&1 || bad "filled plan not loaded"
stored "$t/c.db" > "$t/s0"
[ "$(grep -c '|措施[0-9]*|教育股|2026年9月|进行中$' "$t/s0")" -eq "$n" ] && [ "$n" -ge 5 ] \
  && ok "filled plan stored ($n items)" || bad "filled plan: $(cat "$t/s0")"
cp "$t/c.db" "$t/c0.db"   # the filled plan, for the later sections

# 1. a fill-in column deleted: refused, file and header line and column named, nothing changed
for c in 整改措施 责任部门 完成时限 进展; do
  edit "$t/filled.csv" "$t/nocol.csv" <<PY
k = col("$c")
for r in rows: del r[k]
PY
  out=$("$J" rectify --db "$t/c.db" --load "$t/nocol.csv" 2>&1); rc=$?
  [ $rc -eq 1 ] && [[ "$out" == *"nocol.csv:1: missing column '$c ("* ]] && stored "$t/c.db" | cmp -s - "$t/s0" \
    && ok "plan without $c refused, nothing changed" || bad "plan without $c (rc $rc): $out"
done
out=$("$J" --lang zh rectify --db "$t/c.db" --load "$t/nocol.csv" 2>&1)
[[ "$out" == *"nocol.csv:1: 缺少“进展 (progress)”列"* ]] && ok "the refusal in Chinese" || bad "Chinese: $out"

# 2. a file with two of the items: the others keep what is stored; a cell emptied is an edit
edit "$t/filled.csv" "$t/partial.csv" <<'PY'
rows[1:] = rows[1:3]
rows[1][col("进展")] = ""
rows[2][col("整改措施")] = "新措施"
PY
k1=$(sed -n 2p "$t/partial.csv" | cut -d, -f1); k2=$(sed -n 3p "$t/partial.csv" | cut -d, -f1)
out=$("$J" rectify --db "$t/c.db" --load "$t/partial.csv" 2>&1) || bad "partial plan: $out"
items_not_in() { [ "$1" = 1 ] && echo "1 item is not in the file: it keeps" || echo "$1 items are not in the file: they keep"; }
[[ "$out" == *"$(items_not_in $((n - 2))) what was stored"* ]] \
  && ok "partial plan: says the others keep what was stored" || bad "partial plan: $out"
stored "$t/c.db" > "$t/s1"
python3 - "$t/s0" "$t/s1" "$k1" "$k2" <<'PY' && ok "partial plan: only its two rows' edits changed" || bad "partial plan: $(diff "$t/s0" "$t/s1")"
import sys
a = dict(l.split("|", 1) for l in open(sys.argv[1]).read().splitlines())
b = dict(l.split("|", 1) for l in open(sys.argv[2]).read().splitlines())
k1, k2 = sys.argv[3], sys.argv[4]
assert a.keys() == b.keys()
for k in a:
    if k == k1: assert b[k] == a[k][: -len("进行中")], (k, b[k])
    elif k == k2: assert b[k].startswith("新措施|教育股|"), (k, b[k])
    else: assert a[k] == b[k], (k, a[k], b[k])
PY

# 3. --out writes what is stored; --out, edit 进展, --load keeps everything else
"$J" rectify --db "$t/c.db" --out "$t/plan2" >/dev/null || bad "rectify --out again"
edit "$t/plan2/rectify.csv" "$t/again.csv" <<'PY'
rows[3][col("进展")] = "已完成一半"
PY
k3=$(sed -n 4p "$t/again.csv" | cut -d, -f1)
"$J" rectify --db "$t/c.db" --load "$t/again.csv" >/dev/null 2>&1 || bad "--out, edit, --load"
stored "$t/c.db" > "$t/s2"
python3 - "$t/s1" "$t/s2" "$k3" <<'PY' && ok "--out pre-fills what is stored: the cycle changes only the edited cell" || bad "cycle: $(diff "$t/s1" "$t/s2")"
import sys
a = dict(l.split("|", 1) for l in open(sys.argv[1]).read().splitlines())
b = dict(l.split("|", 1) for l in open(sys.argv[2]).read().splitlines())
for k in a:
    want = a[k].rsplit("|", 1)[0] + "|已完成一半" if k == sys.argv[3] else a[k]
    assert b[k] == want, (k, a[k], b[k])
PY

# 4. GBK, UTF-16 (read since review rreg4 item 4, saying so: each stores what
# the UTF-8 plan stores; loaded into copies), no 轮次: the missing column, with file and line
cp "$t/c.db" "$t/g8.db"; "$J" rectify --db "$t/g8.db" --load "$t/filled.csv" >/dev/null 2>&1 || bad "UTF-8 plan into a copy"
iconv -f UTF-8 -t GBK < <(tail -c +4 "$t/filled.csv") > "$t/gbk.csv"
cp "$t/c.db" "$t/gbk.db"
out=$("$J" rectify --db "$t/gbk.db" --load "$t/gbk.csv" 2>&1); rc=$?
[ $rc -eq 0 ] && [[ "$out" == *"gbk.csv: note: read as GBK/GB18030 text"* ]] && cmp -s <(stored "$t/gbk.db") <(stored "$t/g8.db") \
  && ok "GBK plan: read as GBK, saying so" || bad "GBK plan (rc $rc): $out"
python3 -c 'import csv, sys; csv.writer(sys.stdout, delimiter="\t", lineterminator="\r\n").writerows(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))' \
  "$t/filled.csv" | iconv -f UTF-8 -t UTF-16 > "$t/u16.txt"
cp "$t/c.db" "$t/u16.db"
out=$("$J" rectify --db "$t/u16.db" --load "$t/u16.txt" 2>&1); rc=$?
[ $rc -eq 0 ] && [[ "$out" == *"u16.txt: note: read as UTF-16LE text"*"separated by tabs"* ]] \
  && cmp -s <(stored "$t/u16.db") <(stored "$t/g8.db") \
  && ok "UTF-16 plan: read as UTF-16, tab-separated, saying so" || bad "UTF-16 plan (rc $rc): $out"
edit "$t/filled.csv" "$t/noround.csv" <<'PY'
k = col("轮次")
for r in rows: del r[k]
PY
out=$("$J" rectify --db "$t/c.db" --load "$t/noround.csv" 2>&1); rc=$?
[ $rc -eq 1 ] && [[ "$out" == *"noround.csv:1: missing column '轮次 (round)'"* ]] \
  && ok "plan without 轮次: says the column is missing" || bad "no 轮次 (rc $rc): $out"
# The header is checked once (rectify_read_csv): a plan without 轮次 and
# without 进展 is told both at once, the 轮次 line once; an empty file is
# empty, not "a plan for round ''".  Failed before: 轮次 alone (the round
# lookup's own check stopped first), "round ''" for the empty file.
edit "$t/filled.csv" "$t/noround2.csv" <<'PY'
k = col("轮次"); j = col("进展")
for r in rows: del r[max(k, j)]; del r[min(k, j)]
PY
out=$("$J" rectify --db "$t/c.db" --load "$t/noround2.csv" 2>&1); rc=$?
[ $rc -eq 1 ] && [ "$(grep -c "missing column '轮次 (round)'" <<<"$out")" = 1 ] \
  && [[ "$out" == *"noround2.csv:1: missing column '进展 (progress)'"* && "$out" == *"nothing loaded"* ]] \
  && stored "$t/c.db" | cmp -s - "$t/s2" \
  && ok "plan without 轮次 and 进展: both said at once, 轮次 once, nothing changed" || bad "no 轮次, no 进展 (rc $rc): $out"
: > "$t/empty.csv"
out=$("$J" rectify --db "$t/c.db" --load "$t/empty.csv" 2>&1); rc=$?
[ $rc -eq 1 ] && [[ "$out" == *"empty.csv:1: the file is empty"* && "$out" != *"round ''"* ]] \
  && ok "an empty plan: says it is empty" || bad "empty plan (rc $rc): $out"
out=$("$J" schools --db "$t/x.db" "$t/u16.txt" 2>&1)
[[ "$out" == *"u16.txt: note: read as UTF-16LE text"* ]] && ok "UTF-16 register: read as UTF-16, saying so" || bad "UTF-16 register: $out"

# 5. a row of another round
edit "$t/filled.csv" "$t/mixround.csv" <<'PY'
rows[2][col("轮次")] = "2025"
PY
out=$("$J" rectify --db "$t/c.db" --load "$t/mixround.csv" 2>&1); rc=$?
[ $rc -eq 1 ] && [[ "$out" == *"mixround.csv:3: item '"*"' is of round '2025', the first item of round '2026'"* ]] \
  && stored "$t/c.db" | cmp -s - "$t/s2" && ok "a row of another round refused, nothing changed" \
  || bad "mixed rounds (rc $rc): $out"

# 6. a measure too long: the limit in characters
edit "$t/filled.csv" "$t/long.csv" <<'PY'
rows[1][col("整改措施")] = "长" * 400
PY
out=$("$J" rectify --db "$t/c.db" --load "$t/long.csv" 2>&1); rc=$?
[ $rc -eq 1 ] && [[ "$out" == *"long.csv:2: column '整改措施 (measures)' of "*"too long (at most 341 Chinese characters"* ]] \
  && ok "a measure too long: the limit in Chinese characters" || bad "long measure (rc $rc): $out"

# 7. the same code with an ideographic space, a no-break space, quoted spaces: one code
R="$src/tests/eval/register.csv"
{ cat "$R"; grep '^A01,' "$R" | sed 's/^A01,/A01　,/'; grep '^A01,' "$R" | sed 's/^A01,/"A01 ",/'
  grep '^A01,' "$R" | sed "s/^A01,/A01$(printf '\xc2\xa0'),/"; } > "$t/dup.csv"
out=$("$J" schools --db "$t/d.db" "$t/dup.csv" 2>&1); rc=$?
[ $rc -eq 1 ] && [ "$(grep -c "school code 'A01' already appears on line" <<< "$out")" -eq 3 ] \
  && ok "A01, A01+U+3000, \"A01 \", A01+U+00A0: one code, duplicates refused" || bad "duplicates (rc $rc): $out"
sed -e 's/^A01,/"　A01 ",/' -e 's/^B01,\([^,]*\),/B01,"\1　",/' "$R" > "$t/trim.csv"
"$J" schools --db "$t/tr.db" "$t/trim.csv" >/dev/null 2>&1 || bad "trimmed register refused"
codes=$(python3 -c 'import sqlite3,sys; print(" ".join(repr(r[0]) for r in sqlite3.connect(sys.argv[1]).execute("SELECT code FROM schools ORDER BY code")))' "$t/tr.db")
[[ "$codes" == "'A01' 'B01' 'C01'"* ]] && ok "quoted and ideographic blanks trimmed: $codes" || bad "codes: $codes"
# the county facts read through the same cells: a value with an ideographic space
sed 's/^\(G13\.junior,,\)93,/\1"93　",/' "$src/tests/eval/county.csv" > "$t/facts.csv"
grep -q '"93　"' "$t/facts.csv" || bad "facts test file not made"
out=$("$J" county --db "$t/c.db" "$t/facts.csv" 2>&1) && ok "facts: a quoted value with U+3000 read as the number" \
  || bad "facts with U+3000: $out"

# 8. codes Excel changed: scientific notation refused; codes matching no answers warned
sed 's/^A01,/1.2E+11,/' "$R" > "$t/sci.csv"
out=$("$J" schools --db "$t/s.db" "$t/sci.csv" 2>&1); rc=$?
[ $rc -eq 1 ] && [[ "$out" == *"sci.csv:2: column 1, "*"'1.2E+11' is a number Excel turned into scientific notation"*"Text"* ]] \
  && ok "a code in scientific notation refused" || bad "sci code (rc $rc): $out"
sed 's/^B01,/101,/' "$R" > "$t/zero.csv"
# (a new school 101 besides B01: B01's answers stay counted, review rreg4 item 3)
{ cat "$R"; grep '^B01,' "$R" | sed 's/^B01,\([^,]*\),/101,\1二部,/'; } > "$t/new101.csv"
out=$("$J" schools --db "$t/c.db" "$t/new101.csv" 2>&1); rc=$?
[ $rc -eq 0 ] && [[ "$out" != *"warning"* ]] \
  && ok "a register code matching no answers, no answers' code alike but for zeros: no warning (a new school)" \
  || bad "unmatched code, harmless (rc $rc): $out"
# answers of 0101, the register's 101: warned, naming both; in an earlier round only: not
cp "$t/c0.db" "$t/z.db"
sqlite3 "$t/z.db" "UPDATE imports SET school_code='0101' WHERE school_code='B01'; UPDATE response_rows SET school_code='0101' WHERE school_code='B01'"
out=$("$J" schools --db "$t/z.db" "$t/zero.csv" 2>&1); rc=$?
[ $rc -eq 0 ] && [[ "$out" == *"warning: zero.csv line 3: school code '101' matches no school code of the open round's answers, which carry 0101, the same code with other leading zeros"* ]] \
  && [ "$(grep -c warning <<< "$out")" -eq 1 ] && ok "a code Excel stripped of its zeros (101 for answers of 0101) warned" \
  || bad "unmatched code (rc $rc): $out"
python3 - "$t/z.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for k, (i,) in enumerate(db.execute("SELECT id FROM response_rows ORDER BY id").fetchall()):
    db.execute("UPDATE response_rows SET school_code=? WHERE id=?", ("0" * (k + 1) + "101", i))
db.commit()
PY
out=$("$J" schools --db "$t/z.db" "$t/zero.csv" 2>&1)
list=${out#*which carry }; list=${list%%, the same code*}
[ "${#list}" -lt 260 ] && [[ "$list" == "00"*"101 "*"101 …" ]] && ok "the answers' codes listed, cut with …" || bad "list: $list"
# the register's 0101 has answers of its own and another kiosk answered as 101 (rb3 item 3):
# not "matches no answers", but the answers also carry 101 (a kiosk's setting)
cp "$t/c0.db" "$t/z2.db"
sqlite3 "$t/z2.db" "UPDATE imports SET school_code='0101' WHERE school_code='B01';
  UPDATE response_rows SET school_code='101' WHERE id % 2 = 0 AND import_id IN (SELECT id FROM imports WHERE school_code='0101')"
sed 's/^B01,/0101,/' "$R" > "$t/own.csv"
out=$("$J" schools --db "$t/z2.db" "$t/own.csv" 2>&1); rc=$?
[ $rc -eq 0 ] && [[ "$out" == *"warning: own.csv line 3: school code '0101' has answers of its own, but the open round's answers also carry 101, the same code with other leading zeros (another kiosk's school code setting?)"* ]] \
  && [[ "$out" != *"matches no school code"* ]] && [ "$(grep -c warning <<< "$out")" -eq 1 ] \
  && ok "a register code with answers of its own, others under 101: the kiosk's setting, not Excel" || bad "0101 with answers and 101 (rc $rc): $out"
out=$("$J" --lang zh schools --db "$t/z2.db" "$t/own.csv" 2>&1)
[[ "$out" == *"学校代码“0101”本轮有答卷，但答卷中还有 101"* ]] && ok "... in Chinese" || bad "0101 in Chinese: $out"
"$J" round --db "$t/z.db" --open 2027 --since 2027-01-01 --previous 2026 >/dev/null || bad "round 2027"
out=$("$J" schools --db "$t/z.db" "$t/zero.csv" 2>&1)
[[ "$out" != *"warning"* ]] && ok "answers of an earlier round only: no warning" || bad "earlier round warned: $out"

# a plan of a database without rounds (its 轮次 cells empty) loads back
"$J" schools --db "$t/nr.db" "$R" >/dev/null 2>&1 && "$J" county --db "$t/nr.db" "$src/tests/eval/county.csv" >/dev/null \
  || bad "database without rounds"
"$J" rectify --db "$t/nr.db" --out "$t/nrp" >/dev/null || bad "rectify --out without rounds"
edit "$t/nrp/rectify.csv" "$t/nrfilled.csv" <<'PY'
for r in rows[1:]: r[col("整改措施")] = "措施"
PY
out=$("$J" rectify --db "$t/nr.db" --load "$t/nrfilled.csv" 2>&1) && [[ "$out" == *"round (no rounds)"*"with measures"* ]] \
  && ok "the plan of a database without rounds loads back" || bad "load without rounds: $out"

# 9. codes of digits in the CSV outputs: a leading tab, so Excel/WPS keep them as text
# (0101 not 101, 360102000001 not 3.60102E+11); codes with letters as they are
TAB=$(printf '\t')
sed -e 's/^A01,/0101,/' -e 's/^B01,/360102000001,/' "$R" > "$t/digits.csv"
"$J" schools --db "$t/n.db" "$t/digits.csv" >/dev/null 2>&1 && "$J" county --db "$t/n.db" "$src/tests/eval/county.csv" >/dev/null \
  || bad "register with codes of digits"
"$J" stats --db "$t/n.db" --out "$t/ns" >/dev/null 2>&1 || bad "stats with codes of digits"
grep -q "^${TAB}0101,城关第一小学," "$t/ns/school_indicators.csv" && grep -q "^${TAB}360102000001,城关中学," "$t/ns/school_indicators.csv" \
  && grep -q '^C01,' "$t/ns/school_indicators.csv" && ok "school_indicators.csv: codes of digits with a leading tab" \
  || bad "school_indicators.csv: $(cut -d, -f1-2 "$t/ns/school_indicators.csv" | cat -A | head -5)"
grep -q ",${TAB}0101,城关第一小学," "$t/ns/evaluation.csv" && ok "evaluation.csv: codes of digits with a leading tab" \
  || bad "evaluation.csv: $(grep 城关第一小学 "$t/ns/evaluation.csv" | cat -A | head -2)"
"$J" rectify --db "$t/n.db" --out "$t/np" >/dev/null || bad "rectify --out with codes of digits"
grep -q "^0101/L7/primary,[^,]*,${TAB}0101,城关第一小学," "$t/np/rectify.csv" \
  && ok "rectify.csv: codes of digits with a leading tab" || bad "rectify.csv: $(grep 0101 "$t/np/rectify.csv" | cat -A | head -2)"
edit "$t/np/rectify.csv" "$t/nfilled.csv" <<'PY'
for r in rows[1:]: r[col("整改措施")] = "措施"
PY
out=$("$J" rectify --db "$t/n.db" --load "$t/nfilled.csv" 2>&1) && [[ "$out" == *"with measures"* ]] \
  && ok "the plan with tab-led codes loads back" || bad "load tab-led codes: $out"

# 10. items that stop being shortfalls (a register correction: A01's multimedia classrooms
# 0 -> 40) keep what is stored through a later partial --load, --out marks them 已达标,
# a row of one in the file is taken with a warning, the status listing shows them
cp "$t/c0.db" "$t/r1.db"
stored "$t/r1.db" > "$t/r1s0"
sed 's/^A01,\(.*\),"2,500,000",0,/A01,\1,"2,500,000",40,/' "$R" > "$t/reg2.csv"
"$J" schools --db "$t/r1.db" --replace "$t/reg2.csv" >/dev/null 2>&1 || bad "register correction"
"$J" rectify --db "$t/r1.db" --out "$t/r1p" >/dev/null || bad "rectify --out after the correction"
gone=$(python3 - "$t/r1s0" "$t/r1p/rectify.csv" <<'PY'
import csv, sys
keys = [l.split("|")[0] for l in open(sys.argv[1]).read().splitlines()]
rows = list(csv.reader(open(sys.argv[2], encoding="utf-8-sig")))
now = {r[0]: r for r in rows[1:]}
assert set(now) == set(keys), (sorted(now), keys)
print(" ".join(k for k in keys if now[k][8].startswith("已达标")))
PY
)
[ -n "$gone" ] && ok "--out after the correction: every stored item written, $gone marked 已达标" \
  || bad "--out after the correction: no item marked 已达标 / items lost"
ng=$(wc -w <<< "$gone"); g1=${gone%% *}
still=$(sed -n 2p "$t/r1s0" | cut -d'|' -f1); for k in $(cut -d'|' -f1 "$t/r1s0"); do
  [[ " $gone " != *" $k "* ]] && { still=$k; break; }; done
edit "$t/r1p/rectify.csv" "$t/r1part.csv" <<PY
rows[1:] = [r for r in rows[1:] if r[0] == "$still"]
rows[1][col("进展")] = "完成"
PY
out=$("$J" rectify --db "$t/r1.db" --load "$t/r1part.csv" 2>&1); rc=$?
stored "$t/r1.db" > "$t/r1s1"
python3 - "$t/r1s0" "$t/r1s1" "$still" <<'PY' && [ $rc -eq 0 ] \
  && [[ "$out" == *"$n items, $n with measures"*"$(items_not_in $((n - 1))) what was stored"*"$ng stored item"*" no longer"* ]] \
  && ok "a partial --load after the correction: nothing stored lost, the counts right" || bad "partial after correction (rc $rc): $out $(diff "$t/r1s0" "$t/r1s1")"
import sys
a = dict(l.split("|", 1) for l in open(sys.argv[1]).read().splitlines())
b = dict(l.split("|", 1) for l in open(sys.argv[2]).read().splitlines())
assert a.keys() == b.keys(), (sorted(a), sorted(b))
for k in a:
    assert b[k] == (a[k].rsplit("|", 1)[0] + "|完成" if k == sys.argv[3] else a[k]), (k, a[k], b[k])
PY
cp "$t/r1.db" "$t/r1b.db"; stored "$t/r1.db" > "$t/r1s1"
out=$("$J" rectify --db "$t/r1.db" --load "$t/r1p/rectify.csv" 2>&1); rc=$?
[ $rc -eq 0 ] && [[ "$out" == *"rectify.csv:"*": warning: item '$g1' is no longer a shortfall of round '2026' (已达标"* ]] \
  && [[ "$out" != *"编号 changed"* ]] && ok "a row of an item no longer a shortfall: taken with a warning naming why" \
  || bad "row of a resolved item (rc $rc): $out"
out=$("$J" rectify --db "$t/r1.db" 2>&1)
[[ "$out" == *"${g1%%/*}"*"no longer a shortfall (已达标)"* ]] && ok "the status listing shows the items 已达标" \
  || bad "status listing: $out"

# 11. an unedited --out, --load round trip keeps every stored text byte for byte, the
# apostrophe the writer puts before - + = @ tab CR taken off again, one typed kept
cp "$t/c0.db" "$t/r2.db"
python3 - "$t/r2.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
texts = ["-增加多媒体教室", "'abc", "'=x", "'-3", "=SUM(A1)", "+1", "@x", "\t缩进", "-3.5", "''=y", "'", "\r回车"]
keys = [r[0] for r in db.execute("SELECT key FROM rectify_items ORDER BY key")]
for i, k in enumerate(keys):
    a, b = texts[(2 * i) % len(texts)], texts[(2 * i + 1) % len(texts)]
    db.execute("UPDATE rectify_items SET measures=?, department=?, deadline=?, progress=? WHERE key=?",
               (a, b, a + b, b + a, k))
db.commit()
PY
stored "$t/r2.db" > "$t/r2s0"
"$J" rectify --db "$t/r2.db" --out "$t/r2p" >/dev/null || bad "rectify --out (texts)"
out=$("$J" rectify --db "$t/r2.db" --load "$t/r2p/rectify.csv" 2>&1) || bad "load (texts): $out"
stored "$t/r2.db" | cmp -s - "$t/r2s0" && ok "--out, --load unedited: every stored text byte-identical (- = + @ ' tab CR)" \
  || bad "round trip changed texts: $(stored "$t/r2.db" | diff "$t/r2s0" - | cat -A | head -8)"

# 12. free text exactly as typed (a measure's 　　 indent, blanks around a department or
# progress, a school's name, a fact's evidence); codes, keys and numbers still trimmed
cp "$t/c0.db" "$t/r3.db"
edit "$t/filled.csv" "$t/indent.csv" <<'PY'
rows[1:] = rows[1:2]
rows[1][0] = rows[1][0] + "\u3000"
rows[1][col("整改措施")] = "\u3000\u3000一、增加教室\n\u3000\u3000二、购置设备\u3000"
rows[1][col("责任部门")] = " 教育股 "
rows[1][col("进展")] = "\u00a0进行中"
PY
k4=$(sed -n 2p "$t/filled.csv" | cut -d, -f1)
out=$("$J" rectify --db "$t/r3.db" --load "$t/indent.csv" 2>&1) || bad "indented plan: $out"
got=$(python3 -c 'import sqlite3,sys; print(repr(sqlite3.connect(sys.argv[1]).execute("SELECT measures, department, progress FROM rectify_items WHERE key=?", (sys.argv[2],)).fetchone()))' "$t/r3.db" "$k4")
[ "$got" = "('\u3000\u3000一、增加教室\n\u3000\u3000二、购置设备\u3000', ' 教育股 ', '\xa0进行中')" ] \
  && ok "plan: measures, department, progress stored as typed (key with U+3000 still found)" || bad "as typed: $got"
sed -e 's/^A01,城关第一小学,/"A01　","　城关第一小学 ",/' "$R" > "$t/names.csv"
"$J" schools --db "$t/nm.db" "$t/names.csv" >/dev/null 2>&1 || bad "register with blanks around a name"
sed 's/^\(G13\.junior,[^,]*,\)\([^,]*\),[^,\r]*/\1"\2　","　县发〔2026〕3号 "/' "$src/tests/eval/county.csv" > "$t/ev.csv"
"$J" county --db "$t/nm.db" "$t/ev.csv" >/dev/null 2>&1 || bad "facts with blanks around evidence: $("$J" county --db "$t/nm.db" "$t/ev.csv" 2>&1)"
got=$(python3 -c '
import sqlite3,sys; d=sqlite3.connect(sys.argv[1])
print(repr(d.execute("SELECT code, name FROM schools WHERE code LIKE ?", ("A01%",)).fetchone()), repr(d.execute("SELECT value, evidence FROM county_facts WHERE key=?", ("G13.junior",)).fetchone()))' "$t/nm.db")
[ "$got" = "('A01', '\u3000城关第一小学 ') (93.0, '\u3000县发〔2026〕3号 ')" ] \
  && ok "register name and fact evidence as typed, code and value trimmed" || bad "register/facts as typed: $got"

# 13. answers whose school code carries U+3000 or a space ("A01　", "B01 ": a code typed
# with a blank) count for the registered school, not held out for good
cp "$t/c0.db" "$t/r5.db"
"$J" stats --db "$t/c0.db" --out "$t/r5a" >/dev/null 2>&1 || bad "stats before"
python3 - "$t/r5.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for old, new in (("A01", "A01\u3000"), ("B01", "B01 ")):
    db.execute("UPDATE imports SET school_code=? WHERE school_code=?", (new, old))
    db.execute("UPDATE response_rows SET school_code=? WHERE school_code=?", (new, old))
db.commit()
assert db.execute("SELECT count(*) FROM responses WHERE school_code=?", ("A01\u3000",)).fetchone()[0] > 0
PY
"$J" stats --db "$t/r5.db" --out "$t/r5b" >/dev/null 2>&1 || bad "stats with blanks in the answers' codes"
python3 - "$t/r5a/stats.json" "$t/r5b/stats.json" <<'PY' && ok "answers of 'A01　' and 'B01 ' counted for A01 and B01, none held out" || bad "answers with blanks in their school code"
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
by = lambda d: {e["school_code"]: e["n_questionnaires"] for e in d["satisfaction"]["by_school"]}
assert by(a) == by(b) and set(by(b)) >= {"A01", "B01"}, (by(a), by(b))
assert b["unregistered"]["schools"] == [], b["unregistered"]
assert a["satisfaction"]["county"] == b["satisfaction"]["county"]
PY
# ... and so do their comments in the report (rb3 item 2): under A01's heading with its
# register name, not an unregistered "A01　", and on `report --school A01`'s pages
cp "$t/r5.db" "$t/r5c.db"
python3 -c 'import sqlite3,sys; d=sqlite3.connect(sys.argv[1]); d.execute("UPDATE response_rows SET extra = ? WHERE id % 3 = 0", ("{\"comment\":\"食堂很好\"}",)); d.commit()' "$t/r5c.db"
"$J" report --db "$t/r5c.db" --out "$t/r5r" --no-pdf >/dev/null 2>&1 || bad "report with blanks in the answers' codes"
"$J" report --db "$t/r5c.db" --out "$t/r5s" --no-pdf --school A01 >/dev/null 2>&1 || bad "report --school A01 (blanks)"
python3 - "$t/r5r" "$t/r5s/report-school-A01.html" <<'PY' && ok "comments of 'A01　' under A01 (城关第一小学) and on A01's pages" || bad "comments of 'A01　'"
import glob, re, sys
def comments(f):
    h = open(f, encoding="utf-8").read()
    return h[h.index('id="comments"'):] if 'id="comments"' in h else ""
full = "".join(comments(f) for f in glob.glob(sys.argv[1] + "/*.html"))
heads = re.findall(r"<h3>(.*?)</h3>", full)
assert "城关第一小学（代码 A01）" in heads, heads
assert not any("\u3000" in h or "代码 B01 " in h or "名册中没有" in h for h in heads), heads
one = comments(sys.argv[2])
assert "<li>" in one and "没有留言" not in one, one[:400]
PY

exit $fail
