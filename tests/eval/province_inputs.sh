#!/bin/bash
# The province's inputs and identities (outside review rprov7): county
# databases are read, never created, written or migrated; every county keeps
# one name (two files never overwrite each other, a county named by its file
# before its first bundle is recognised once it has its code, and a county
# can be removed); counties at different rounds are never silently dropped;
# an open round is not labelled frozen; each county's threshold, method and
# questionnaires are shown beside its rate; a school in two counties is named.
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"; J="$b/junheng"
base=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-province-in.XXXXXX"); trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1
fail=0
ok() { echo "PASS $1"; }
bad() { echo "FAIL $1"; fail=1; }
dump() { sqlite3 "$1" "SELECT county, round, file, summary FROM province_counties ORDER BY 1, 2" | sha256sum; }
counties() { python3 -c 'import json,sys; print(" ".join(sorted(e["county"] + "@" + e["round"] for e in json.load(open(sys.argv[1]))["counties"])))' "$1"; }
# two counties, both sent as county.db (no bundle yet: named by the file)
python3 "$src/tests/eval/gen_county.py" 1 8 rA.csv fA.csv && python3 "$src/tests/eval/gen_county.py" 2 8 rB.csv fB.csv || bad "gen"
mkdir -p a b usb
"$J" schools --db a/county.db rA.csv >/dev/null && "$J" county --db a/county.db fA.csv >/dev/null || bad "county a"
"$J" schools --db b/county.db rB.csv >/dev/null && "$J" county --db b/county.db fB.csv >/dev/null || bad "county b"
"$b/tests/stats_gen" k1.db K-1 0010000 primary urban 12 4 1 usb full >/dev/null || bad "stats_gen"
cp a/county.db a0.db # (A before its first bundle)

# --- 3 (and the other files that are no county database): refused, never written
"$J" province --db p.db b/county.db >/dev/null 2>&1 || bad "province b"
before=$(dump p.db)
: > empty.db
printf 'hello' > junk.db
for f in empty.db junk.db nothere.db; do
  pre=$(ls -l --time-style=+%s.%N "$f" 2>/dev/null | cut -d' ' -f5-6)
  out=$("$J" province --db p.db --out "o3$f" "$f" 2>&1); rc=$?
  post=$(ls -l --time-style=+%s.%N "$f" 2>/dev/null | cut -d' ' -f5-6)
  [ $rc -ne 0 ] && [ "$pre" = "$post" ] && [ "$(dump p.db)" = "$before" ] && [[ "$out" == *"$f"* ]] \
    && [[ "$out" == *"send"* || "$out" == *"file name"* ]] && [[ "$out" != *"kiosk"* && "$out" != *"new file name"* && "$out" != *"creates one"* ]] \
    && [ ! -e "$f-wal" ] && ok "$f refused for a province officer, not written, province unchanged" \
    || bad "$f (rc $rc, size/time '$pre' -> '$post'): $out"
done
out=$("$J" province --db p.db empty.db 2>&1)
[[ "$out" == *"empty.db is an empty file (0 bytes)"* ]] && ok "an empty file is called one" || bad "empty: $out"

# --- 1: two different files that would get one name
out=$("$J" province --db p1.db --out o1 a/county.db b/county.db 2>&1); rc=$?
[ $rc -ne 0 ] && [[ "$out" == *"a/county.db"*"b/county.db"* ]] && [[ "$out" == *"rename"* ]] \
  && [[ "$out" == *"(a county database that records no county code is named after its file)"*"junheng merge --county CODE"* ]] \
  && [ "$(counties o1/province.json)" = "county@" ] \
  && ok "two files named county.db in one run: the second refused, naming both" || bad "same name in one run (rc $rc): $out"
# stored before for another file (another register): refused, the stored one kept
before=$(dump p1.db)
out=$("$J" province --db p1.db b/county.db 2>&1); rc=$?
[ $rc -ne 0 ] && [[ "$out" == *"a/county.db"* ]] && [ "$(dump p1.db)" = "$before" ] \
  && ok "a name stored for another county's file: refused, the stored county kept" || bad "stored name (rc $rc): $out"
# one county code in two different databases
cp -r a e && "$J" merge --county 360701 --db e/county.db usb >/dev/null 2>&1 || bad "merge e"
cp b/county.db yixian.db && sqlite3 yixian.db "INSERT OR REPLACE INTO meta(key, value) VALUES ('county_code', '360701')" || bad "yixian"
out=$("$J" province --db p1c.db --out o1c e/county.db yixian.db 2>&1); rc=$?
[ $rc -ne 0 ] && [[ "$out" == *"e/county.db"*"yixian.db"* ]] && [[ "$out" == *"360701"* ]] && [ "$(counties o1c/province.json)" = "360701@" ] \
  && ok "one county code in two databases: the second refused" || bad "same code (rc $rc): $out"
# the same county code from another file with a changed register (a school in common): replaced
cp e/county.db moved.db && head -n 6 rA.csv > rA5.csv && "$J" schools --db moved.db rA5.csv >/dev/null 2>&1
out=$("$J" province --db p1c.db --out o1d moved.db 2>&1); rc=$?
[ $rc -eq 0 ] && [ "$(counties o1d/province.json)" = "360701@" ] && [[ "$out" == *"replaces the summary stored from"* ]] \
  && ok "one county code, its file moved and its register changed: replaced, said" || bad "moved county (rc $rc): $out"

# --- 2: a county named by its file, then by its code after its first bundle: one county
"$J" province --db p2.db a/county.db >/dev/null 2>&1 || bad "province a"
"$J" merge --county 360701 --db a/county.db usb >/dev/null 2>&1 || bad "merge a"
out=$("$J" province --db p2.db --out o2 a/county.db 2>&1); rc=$?
[ $rc -eq 0 ] && [ "$(counties o2/province.json)" = "360701@" ] && [[ "$out" == *"replaces"*"county"* ]] \
  && ok "the same county after its first bundle replaces its file-named summary, saying so" || bad "renamed county (rc $rc): $out"
# the same register from another file, with its code now (the county sent its database again)
"$J" province --db p2b.db a0.db >/dev/null 2>&1
out=$("$J" province --db p2b.db --out o2b e/county.db 2>&1); rc=$?
[ $rc -eq 0 ] && [ "$(counties o2b/province.json)" = "360701@" ] && [[ "$out" == *"replaces 'a0'"* ]] \
  && ok "the same register under another file name replaces it" || bad "same register (rc $rc): $out"
# --remove
"$J" province --db p2.db b/county.db >/dev/null 2>&1
out=$("$J" province --db p2.db --remove county 2>&1); rc=$?
[ $rc -eq 0 ] && [ "$(sqlite3 p2.db "SELECT group_concat(county) FROM province_counties")" = "360701" ] \
  && ok "--remove NAME removes a county" || bad "--remove (rc $rc): $out"
out=$("$J" province --db p2.db --remove nosuch 2>&1); rc=$?
[ $rc -ne 0 ] && [[ "$out" == *"360701"* ]] && ok "--remove of an unknown name lists the stored counties" || bad "--remove nosuch (rc $rc): $out"

# rounds: a2 has 2026 closed and 2027 open; b has no rounds
cp a/county.db a2.db
"$J" round --db a2.db --open 2027 --since 2027-01-01 --previous 2026 >/dev/null || bad "round a2"

# --- 7: regenerating from a province database of two rounds needs --round
"$J" province --db p7.db --round 2026 a2.db >/dev/null 2>&1 && "$J" province --db p7.db a2.db >/dev/null 2>&1 || bad "p7"
out=$("$J" province --db p7.db --out o7 2>&1); rc=$?
[ $rc -ne 0 ] && [ ! -e o7 ] && [[ "$out" == *"2026"*"2027"* ]] && [[ "$out" == *"--round"* ]] \
  && ok "no counties, no --round, two rounds held: named, nothing written" || bad "regenerate (rc $rc): $out"
"$J" province --db p7.db --out o7 --round 2026 >/dev/null 2>&1 && [ "$(counties o7/province.json)" = "360701@2026" ] \
  && ok "--round 2026 regenerates" || bad "regenerate --round"

# --- 6: counties at different rounds
out=$("$J" province --db p6.db --out o6 a2.db b/county.db 2>&1); rc=$?
[ $rc -ne 0 ] && [[ "$out" == *"2027"* ]] && [[ "$out" == *"(no rounds)"* ]] && [[ "$out" == *"--round"* ]] && [ ! -e o6 ] \
  && ok "counties at different rounds: each named with its round, nothing written" || bad "different rounds (rc $rc): $out"
out=$("$J" province --db p6.db --out o6 b/county.db a2.db 2>&1); rc=$?
[ $rc -ne 0 ] && [ ! -e o6 ] && ok "the same, the county without rounds first" || bad "different rounds, b first (rc $rc): $out"
out=$("$J" province --db p6b.db --round 2027 --out o6b b/county.db a2.db 2>&1); rc=$?
[ $rc -eq 0 ] && [ "$(counties o6b/province.json)" = "360701@2027 county@2027" ] && [[ "$out" == *"no rounds"* ]] \
  && ok "--round: a county without rounds is taken as that round, saying so" || bad "--round with a county without rounds (rc $rc): $out"

# --- 4: an open round is not frozen; every output shows 已冻结/进行中 and when
"$J" province --db p4.db --round 2026 a2.db >/dev/null 2>&1 || bad "p4 2026"
"$J" province --db p4.db --round 2027 --out o4 a2.db >/dev/null 2>&1 || bad "p4 2027"
"$J" province --db p4.db --round 2026 --out o4b >/dev/null 2>&1 || bad "p4 2026 out"
/usr/bin/python3 - o4 o4b <<'PY' && ok "open round frozen:false, closed frozen:true; 状态 and 汇总时间 in JSON, CSV, HTML, workbook" || bad "frozen"
import csv, json, sys, openpyxl
for d, frozen, word in ((sys.argv[1], False, "进行中"), (sys.argv[2], True, "已冻结")):
    e = json.load(open(d + "/province.json"))["counties"][0]
    assert e["frozen"] is frozen and e.get("gathered_ms"), e.get("frozen")
    rows = list(csv.reader(open(d + "/province.csv", encoding="utf-8-sig")))
    h = rows[0]
    assert "状态" in h and "汇总时间" in h, h
    assert rows[1][h.index("状态")] == word, rows[1]
    assert rows[1][h.index("汇总时间")][:2] == "20", rows[1]
    html = open(d + "/province.html", encoding="utf-8").read()
    assert word in html and "汇总时间" in html
    ws = openpyxl.load_workbook(d + "/province.xlsx")["各县评估结论"]
    hx = [c.value for c in ws[1]]
    assert ws.cell(2, hx.index("状态") + 1).value == word
PY

# --- 5: each county's threshold beside its rate, flagged below 85 %
cp a/county.db f.db && sqlite3 f.db "UPDATE meta SET value = '360704' WHERE key = 'county_code'"
"$J" round --db f.db --open 2027 --since 2027-01-01 --previous 2026 --threshold 0.78 >/dev/null || bad "round f"
"$J" province --db p5.db --round 2026 --out o5 f.db a2.db >/dev/null 2>&1 || bad "p5"
python3 - o5 <<'PY' && ok "threshold column beside the rate; below 85 % flagged; chart against each county's own" || bad "threshold"
import csv, re, sys
rows = list(csv.reader(open(sys.argv[1] + "/province.csv", encoding="utf-8-sig")))
h = rows[0]; r = {x[0]: x for x in rows[1:]}
k = h.index("社会认可度达标线")
assert k == h.index("社会认可度") + 1, h
# review fprov9 3: a plain number (a fraction, as Excel reads the rate "84.9999%"), not text
assert r["360704"][k] == "0.78" and r["360701"][k] == "0.85", (r["360704"][k], r["360701"][k])
html = open(sys.argv[1] + "/province.html", encoding="utf-8").read()
assert "78%（低于 85%）" in html
svg = html[html.index("<svg"):]
# no single 85 % line when the thresholds differ: each bar has its own
assert "各县按本县达标线" in html, "no note on own thresholds"
PY
/usr/bin/python3 - o5 <<'PY' && ok "workbook: the threshold a number in a percentage format, below 85 % said by its format" || bad "threshold in the workbook"
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1] + "/province.xlsx")["各县评估结论"]
h = [c.value for c in ws[1]]
k = h.index("社会认可度达标线") + 1
v = {ws.cell(i, 1).value: ws.cell(i, k) for i in range(2, ws.max_row + 1)}
lo, ok = v["360704"], v["360701"]
assert lo.data_type == "n" and abs(lo.value - 0.78) < 1e-12, (lo.data_type, lo.value)
assert ok.data_type == "n" and abs(ok.value - 0.85) < 1e-12, (ok.data_type, ok.value)
assert ok.number_format == "0%", ok.number_format
assert lo.number_format.startswith("0%") and "低于 85%" in lo.number_format, lo.number_format
# wide enough for "78%（低于 85%）" (narrower, LibreOffice and Excel show ### for the number)
assert ws.column_dimensions[lo.column_letter].width >= 17, ws.column_dimensions[lo.column_letter].width
# the rate beside it is a fraction too: Excel compares them
rate = ws.cell(2, h.index("社会认可度") + 1)
assert rate.data_type == "n" or rate.value == "无数据", rate.value
PY

# --- 8: a school in two counties of one round
head -n 3 rA.csv > rC.csv && tail -n +2 rB.csv | head -n 4 >> rC.csv
"$J" schools --db c.db rC.csv >/dev/null || bad "county c"
out=$("$J" province --db p8.db --out o8 a0.db c.db 2>&1); rc=$?
codes=$(sed -n '2,3p' rA.csv | cut -d, -f1 | tr '\n' ' ')
[[ "$out" == *"0010000"*"a0"*"c"* ]] && [[ "$out" == *"0010001"* ]] && grep -q "0010001" o8/province.html \
  && ok "school codes in two counties of one round: warned, listed ($codes)" || bad "school in two counties (rc $rc): $out"
# review fprov9 2: the workbook and the CSV mark them too (a column; the HTML had the only note)
/usr/bin/python3 - o8 <<'PY' && ok "school codes in two counties: marked in the CSV, on the workbook's county sheet and school rows" || bad "no mark of the schools in two counties"
import csv, sys, openpyxl
d = sys.argv[1]
rows = list(csv.reader(open(d + "/province.csv", encoding="utf-8-sig")))
h = rows[0]; r = {x[0]: x for x in rows[1:]}
k = h.index("与他县重复的学校（代码，亦在哪个县）")
assert r["a0"][k] == "0010000（亦在 c）；0010001（亦在 c）", r["a0"][k]
assert r["c"][k] == "0010000（亦在 a0）；0010001（亦在 a0）", r["c"][k]
wb = openpyxl.load_workbook(d + "/province.xlsx")
ws = wb["各县评估结论"]
hx = [c.value for c in ws[1]]
v = {ws.cell(i, 1).value: ws.cell(i, hx.index(h[k]) + 1).value for i in range(2, ws.max_row + 1)}
assert v == {"a0": r["a0"][k], "c": r["c"][k]}, v
s = wb["学校"]
hs = [c.value for c in s[1]]
m = hs.index("亦在他县名册（各县分别计入）")
marks = {(x[0], x[1]): x[m] for x in s.iter_rows(min_row=2, values_only=True)}
assert marks[("a0", "0010000")] == "c" and marks[("c", "0010001")] == "a0", marks
assert marks[("a0", "0010002")] in (None, ""), marks[("a0", "0010002")]
assert sum(1 for x in marks.values() if x) == 4, marks
PY

# --- 9: method and questionnaires per county, a note when they differ
"$J" province --db p9.db --out o9 e/county.db b/county.db >/dev/null 2>&1 || bad "p9"
python3 - o9 <<'PY' && ok "method and questionnaire ids+versions per county" || bad "method"
import csv, json, sys
d = sys.argv[1]
rows = list(csv.reader(open(d + "/province.csv", encoding="utf-8-sig")))
h = rows[0]; r = {x[0]: x for x in rows[1:]}
m, q = h.index("计算口径"), h.index("问卷（编号 版本）")
assert r["360701"][m] == "按题次", r["360701"][m]
assert "1.0" in r["360701"][q] and "parent" in r["360701"][q], r["360701"][q]
assert r["county"][m] == "无问卷数据", r["county"][m]
html = open(d + "/province.html", encoding="utf-8").read()
assert "按题次" in html and "1.0" in html
e = json.load(open(d + "/province.json"))["counties"]
assert any(x.get("method") == "answers" for x in e)
PY
sqlite3 p9.db "UPDATE province_counties SET summary = json_set(summary, '\$.method', 'questionnaires', '\$.questionnaires_used', json('[\"parent 2.0\"]')) WHERE county = 'county'"
sqlite3 p9.db "UPDATE province_counties SET summary = json_set(summary, '\$.social_recognition.rate', 0.9) WHERE county = 'county'"
"$J" province --db p9.db --out o9b >/dev/null 2>&1 || bad "p9 again"
grep -q "计算口径或问卷不同" o9b/province.html && ok "counties of different methods or questionnaires: a note" || bad "no note on differing methods"

# --- 10: an older schema is not migrated; a damaged file is the county's to send again
cp a/county.db old.db && sqlite3 old.db "PRAGMA user_version = 9" && sum=$(sha256sum old.db | cut -c1-64)
out=$("$J" province --db p10.db old.db 2>&1); rc=$?
[ $rc -ne 0 ] && [ "$(sha256sum old.db | cut -c1-64)" = "$sum" ] && [[ "$out" == *"schema 9"* ]] && [[ "$out" != *"migrat"* ]] \
  && ok "an older schema: refused, naming it, the file unchanged" || bad "old schema (rc $rc): $out"
cp a/county.db dmg1.db && truncate -s 20000 dmg1.db
cp a/county.db dmg2.db && dd if=/dev/zero of=dmg2.db bs=4096 seek=3 count=4 conv=notrunc status=none
for f in dmg1.db dmg2.db; do
  sum=$(sha256sum $f | cut -c1-64)
  out=$("$J" province --db p10.db --out o10 $f 2>&1); rc=$?
  [ $rc -ne 0 ] && [ "$(sha256sum $f | cut -c1-64)" = "$sum" ] && [[ "$out" == *"send"* ]] && [[ "$out" != *"kiosk"* && "$out" != *"USB"* ]] \
    && ok "$f (damaged): ask the county to send it again" || bad "$f (rc $rc): $out"
done

# --- review r2prov 3: good outputs are never replaced when nothing was added
# or --round names a round the province database does not hold
"$J" province --db pr3.db --out or3 a0.db b/county.db >/dev/null 2>&1 || bad "pr3"
good=$(cat or3/province.csv or3/province.json | sha256sum)
out=$("$J" province --db pr3.db --out or3 empty.db 2>&1); rc=$?
[ $rc -ne 0 ] && [ "$(cat or3/province.csv or3/province.json | sha256sum)" = "$good" ] && [[ "$out" == *"no county was added"* ]] \
  && [[ "$out" != *"/province.html"* ]] && ok "the only county refused: the outputs left as they were" || bad "nothing added (rc $rc): $out"
out=$("$J" province --db pr3.db --round 2062 --out or3 2>&1); rc=$?
[ $rc -ne 0 ] && [ "$(cat or3/province.csv or3/province.json | sha256sum)" = "$good" ] && [[ "$out" == *"2062"*"(no rounds)"* ]] \
  && [[ "$out" != *"/province.html"* ]] && ok "--round not held: refused naming the rounds held, nothing written" || bad "--round 2062 (rc $rc): $out"

# --- review r2prov 1: one county code, one school in common: not the same county
cp b/county.db bc.db && sqlite3 bc.db "INSERT OR REPLACE INTO meta(key, value) VALUES ('county_code', '360702')" || bad "bc"
cp rA.csv rG.csv && sed -n 2p rB.csv >> rG.csv && "$J" schools --db g.db rG.csv >/dev/null \
  && sqlite3 g.db "INSERT OR REPLACE INTO meta(key, value) VALUES ('county_code', '360702')" || bad "g"
"$J" province --db pr1.db bc.db >/dev/null 2>&1 || bad "pr1"
before=$(dump pr1.db)
out=$("$J" province --db pr1.db --out or1 g.db 2>&1); rc=$?
[ $rc -ne 0 ] && [ "$(dump pr1.db)" = "$before" ] && [[ "$out" == *"county code may be wrong"* ]] && [[ "$out" == *"1 of its 8 schools"* ]] \
  && ok "one county code, one school in common: refused, the code may be wrong, the stored one kept" || bad "one school shared (rc $rc): $out"
# --- review r2prov 2: two different county codes are two counties (one file path reused)
mkdir -p dl && cp a0.db dl/county.db && sqlite3 dl/county.db "INSERT OR REPLACE INTO meta(key, value) VALUES ('county_code', '360711'); DELETE FROM school_values; DELETE FROM schools" || bad "dl"
"$J" province --db pr2.db dl/county.db >/dev/null 2>&1 || bad "pr2"
cp bc.db dl/county.db
out=$("$J" province --db pr2.db --out or2 dl/county.db 2>&1); rc=$?
[ $rc -eq 0 ] && [ "$(counties or2/province.json)" = "360702@ 360711@" ] && [[ "$out" != *"replaces"* ]] \
  && ok "another county code from the same file: two counties" || bad "same file, other code (rc $rc): $out"
# --- review r2prov 4: the remove advice names the round and the province database
cp b/county.db yx.db && sqlite3 yx.db "INSERT OR REPLACE INTO meta(key, value) VALUES ('county_code', '360701')"
"$J" province --db pr4.db --round 2025 a2.db >/dev/null 2>&1; "$J" province --db pr4.db --round 2026 a2.db >/dev/null 2>&1 || bad "pr4"
out=$("$J" province --db pr4.db --round 2026 yx.db 2>&1); rc=$?
[ $rc -ne 0 ] && [[ "$out" == *"--db $(realpath pr4.db) --round 2026 --remove 360701"* ]] && [[ "$out" == *"check"* ]] \
  && [[ "$out" != *"rename"* ]] && ok "remove advice: --round and the province database; a coded county asked to check its code" || bad "advice (rc $rc): $out"

# --- review r2prov 8: the advice to open a round gives --since
out=$("$J" province --db pr8.db --out or8 a2.db b/county.db 2>&1)
[[ "$out" == *"--open NAME --since"* ]] && ok "the round advice gives --since" || bad "round advice: $out"
# --- review r2prov 10: the Chinese prefix everywhere
out=$(env -u LANGUAGE LANG=C.UTF-8 "$J" province --db pr10.db --out or10 b/county.db 2>&1)
[[ "$out" == *"省级汇总：已加入"* && "$out" == *"省级汇总：轮次"* && "$out" != *$'\n'"province："* ]] \
  && ok "省级汇总： in front of every line" || bad "prefix: $out"
# --- review r2prov 9: a shared threshold below 85 % is said under the chart
cp f.db f2.db && sqlite3 f2.db "UPDATE meta SET value = '360705' WHERE key = 'county_code'"
"$J" province --db pr9.db --round 2026 --out or9 f.db f2.db >/dev/null 2>&1
grep -q "共用的达标线 78 %，低于国家标准 85%" or9/province.html && ok "a shared 78 % line noted below 85 %" || bad "shared 78 % not noted"

# --- review r2prov 5: a county named by its file comes back with its code, one school fewer: one county
cp e/county.db yi7.db && head -n 8 rA.csv > rA7.csv && "$J" schools --db yi7.db rA7.csv >/dev/null 2>&1 || bad "yi7"
"$J" province --db pr5.db a0.db >/dev/null 2>&1 || bad "pr5"
out=$("$J" province --db pr5.db --out or5 yi7.db 2>&1); rc=$?
[ $rc -eq 0 ] && [ "$(counties or5/province.json)" = "360701@" ] && [[ "$out" == *"replaces 'a0'"*"most schools in common"* ]] \
  && ok "a file-named county with its code and one school fewer: the same county, said" || bad "renamed, register changed (rc $rc): $out"
# --- review fprov9 4: a county database sent with its -wal (answers committed in it) or a hot -journal: the
# committed state read, nothing written in its folder (before, the read-only open made a -shm file there)
python3 - <<'PY' || bad "wal county"
import os, shutil, sqlite3
shutil.copy("b/county.db", "wsrc.db")
c = sqlite3.connect("wsrc.db", isolation_level=None)
assert c.execute("PRAGMA journal_mode=WAL").fetchone()[0] == "wal"
c.execute("PRAGMA wal_autocheckpoint=0")
c.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('county_code', '360788')")  # only in the -wal
for d, side in (("w1", ["-wal"]), ("w2", ["-wal", "-shm"])):
    os.makedirs(d)
    for x in [""] + side: shutil.copy("wsrc.db" + x, d + "/county.db" + x)
    assert os.path.getsize(d + "/county.db-wal") > 0
c.close()
# w3: copied in the middle of a transaction of rollback-journal mode (a merge's), its hot
# -journal beside it: the committed state is read (360788), not the half-written 360777
shutil.copy("wsrc.db", "w3src.db")
c = sqlite3.connect("w3src.db", isolation_level=None)
c.execute("PRAGMA journal_mode=DELETE"); c.execute("PRAGMA cache_size=2"); c.execute("BEGIN")
c.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('county_code', '360777')")
c.execute("CREATE TABLE junk(x)")
for i in range(200): c.execute("INSERT INTO junk VALUES (randomblob(4000))")  # spills into the file
os.makedirs("w3")
for x in ("", "-journal"): shutil.copy("w3src.db" + x, "w3/county.db" + x)
assert os.path.getsize("w3/county.db-journal") > 0
os._exit(0)
PY
mkdir -p wtmp
for d in w1 w2 w3; do
  pre=$(ls -l --time-style=+%s.%N "$d"; sha256sum "$d"/*)
  out=$(TMPDIR="$t/wtmp" "$J" province --db pw.db --out "o$d" "$d/county.db" 2>&1); rc=$?
  post=$(ls -l --time-style=+%s.%N "$d"; sha256sum "$d"/*)
  [ $rc -eq 0 ] && [ "$pre" = "$post" ] && [ "$(counties "o$d/province.json")" = "360788@" ] && [ -z "$(ls -A wtmp)" ] \
    && ok "$d: a county sent with $(ls "$d" | tr '\n' ' '): its committed state read, its folder unchanged, no copy left" \
    || bad "$d (rc $rc, $(ls -A "$d" wtmp | tr '\n' ' ')): $out"
  [ "$pre" = "$post" ] || diff <(echo "$pre") <(echo "$post")
done
exit $fail
