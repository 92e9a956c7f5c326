#!/bin/bash
# The report of a county with many schools (issue 20): report.html holds the
# county's sections and no per-school pages; the annex is split into parts
# of at most 100 schools (report-schools-0001-0100.html ... -0201-0250.html)
# that together hold every school exactly once, in register order, each
# only its own schools' cards, satisfaction rows and rectification items;
# report-schools.html (the annex's index) and the summary list the parts;
# report-schools.html has every import attempt; a long import log and key
# list (--log-part 30) are documents of their own, parts of at most 30 rows
# holding every row once, listed by the annex or the whole report; every
# number of every document checks against stats.json; the summary does not
# grow when the same bundles are merged again (the import log does);
# --annex off writes one document and removes an older annex and its parts;
# --annex-part 0 an annex in one document; --school CODE one school's pages,
# an unknown code refused in Chinese with exit status 2.
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"
base=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-annex.XXXXXX"); trap 'rm -rf "$t"' EXIT
fail=0
bad() { echo "FAIL $*"; fail=1; }
"$b/tests/stats_bench" gen "$t/bundles" 40 15 >/dev/null || exit 1
"$b/tests/stats_bench" register "$t/schools.csv" 250 >/dev/null || exit 1
"$b/junheng" schools --db "$t/county.db" "$t/schools.csv" >/dev/null || { echo "FAIL schools"; exit 1; }
"$b/junheng" merge --county 360701 --db "$t/county.db" "$t/bundles" >/dev/null || { echo "FAIL merge"; exit 1; }
"$b/junheng" report --db "$t/county.db" --out "$t/r1" --no-pdf >"$t/r1.log" 2>&1 || { cat "$t/r1.log"; exit 1; }
[ -s "$t/r1/report-schools.html" ] || bad "250 schools (> 200): no report-schools.html"
grep -q 'report-schools.html' "$t/r1.log" || bad "the command does not name the annex"
/usr/bin/python3 "$src/tests/report/check_html.py" "$t/r1/report.html" "$t/r1/stats.json" \
    title verdicts schools topics localities cv cards rectify appendix >"$t/c1" 2>&1 || { cat "$t/c1"; bad "summary check"; }
/usr/bin/python3 "$src/tests/report/check_html.py" "$t/r1/report-schools.html" "$t/r1/stats.json" \
    title parts imports >"$t/c2" 2>&1 || { cat "$t/c2"; bad "annex index check"; }
for p in "$t"/r1/report-schools-*.html; do
  /usr/bin/python3 "$src/tests/report/check_html.py" "$p" "$t/r1/stats.json" title schools cards rectify \
      >"$t/c3" 2>&1 || { cat "$t/c3"; bad "annex part check: $p"; }
done
/usr/bin/python3 - "$t/r1" <<'PY' || fail=1
import json, os, re, sys
d = sys.argv[1]
stats = json.load(open(d + "/stats.json", encoding="utf-8"))
summ = open(d + "/report.html", encoding="utf-8").read()
annex = open(d + "/report-schools.html", encoding="utf-8").read()
bad = 0
def check(what, ok, detail=""):
    global bad
    if not ok:
        print("FAIL %s %s" % (what, detail)); bad = 1
n_schools, n_by = len(stats["schools"]), len(stats["satisfaction"]["by_school"])
n_rect, n_log = len(stats["rectification"]), len(stats["imports"]["log"])
check("summary is marked", 'data-report-part="summary"' in summ)
check("annex is marked", 'data-report-part="annex"' in annex)
# the summary: the county's sections, no per-school pages
check("summary has no school cards", 'class="card"' not in summ, summ.count('class="card"'))
rows = re.search(r'<table class="schools">.*?</table>', summ, re.S).group(0).count("<tr>") - 1
check("summary lists at most the 40 lowest schools", 0 < rows <= 40, rows)
check("summary has no rectification table", '<table class="rectify">' not in summ)
check("summary has no import table", '<table class="imports">' not in summ)
check("summary has no per-school sample table", '<table class="sample-schools">' not in summ)
check("summary has no embedded statistics", 'id="jh-stats"' not in summ)
# the annex: its index lists the parts, which hold every school once
parts_in = lambda html: [(int(a), int(b), int(c)) for a, b, c in
                         re.findall(r'<tr data-part="(\d+)" data-first="(\d+)" data-count="(\d+)">', html)]
listed = parts_in(annex)
check("annex index lists the parts", len(listed) == 3, listed)
check("summary lists the same parts", parts_in(summ) == listed, parts_in(summ))
check("annex index has no school cards", 'class="card"' not in annex)
check("annex index has no rectification table", '<table class="rectify">' not in annex)
check("annex index has no table of schools (the parts have their rows)", '<table class="schools">' not in annex)
check("summary links the annex index's parts", 'href="report-schools.html#parts"' in summ)
files = sorted(f for f in os.listdir(d) if f.startswith("report-schools-"))
names = ["report-schools-%04d-%04d.html" % (f + 1, f + c) for _, f, c in listed]
check("the parts' files are the listed ones", files == names, (files, names))
for name in names:
    check("summary links " + name, ('href="%s"' % name) in summ)
    check("annex index links " + name, ('href="%s"' % name) in annex)
codes = [s["code"] for s in stats["schools"]]
rect_of = {}
for i, e in enumerate(stats["rectification"]):
    rect_of.setdefault(e["school_code"], []).append(i)
seen_cards, seen_rect, seen_rows, nxt = [], [], [], 0
for (k, first, count), name in zip(listed, names):
    part = open(os.path.join(d, name), encoding="utf-8").read()
    mine = set(codes[first:first + count])
    check(name + " is marked as a part", re.search(r'data-report-part="annex-part"[^>]* data-first="%d" data-count="%d"'
                                                   % (first, count), part) is not None)
    check(name + " starts where the last part ended", first == nxt, (first, nxt))
    nxt = first + count
    cards = [int(i) for i in re.findall(r'<div class="card" id="school-(\d+)"', part)]
    check(name + ": a card for each of its schools, in register order", cards == list(range(first, first + count)),
          cards[:5])
    seen_cards += cards
    # every figure of the part belongs to one of its schools
    for ptr in set(re.findall(r'data-(?:p|src)="(/(?:schools|rectification|satisfaction/by_school|satisfaction/by_school_role|sample/by_school)/\d+)', part)):
        arr, i = ptr.rsplit("/", 1)
        el = stats["schools"][int(i)] if arr == "/schools" else (
            stats["rectification"][int(i)] if arr == "/rectification" else
            stats[arr.split("/")[1]][arr.split("/")[2]][int(i)])
        code = el.get("code", el.get("school_code"))
        check(name + ": " + ptr + " is another school's (" + code + ")", code in mine)
    rows = re.search(r'<table class="rectify">.*?</table>', part, re.S)
    want = sorted(i for c in mine for i in rect_of.get(c, []))
    got = [int(n) - 1 for n in re.findall(r'<tr><td class="r">(\d+)</td>', rows.group(0))] if rows else []
    check(name + ": its rectification items, numbered as the county's list", got == want, (got[:5], want[:5]))
    seen_rect += got
    rows = re.search(r'<table class="sample-schools">.*?</table>', part, re.S)
    check(name + ": the sample of each of its schools", rows and rows.group(0).count("<tr>") - 1 == count)
    check(name + " links the summary and the index", 'href="report.html"' in part and 'href="report-schools.html#parts"' in part)
    check(name + " is titled as its part", re.search(r"<h1>[^<]*附件：各校情况（第 %d 部分，共 %d 部分，学校 %d–%d）</h1>"
                                                    % (k, len(listed), first + 1, first + count), part) is not None)
    rows = re.search(r'<table class="schools">.*?</table>', part, re.S)
    seen_rows += [int(n) for n in re.findall(r'<tr><td class="r">(\d+)</td>', rows.group(0))] if rows else []
check("the parts hold every school exactly once", sorted(seen_cards) == list(range(n_schools)) and
      len(seen_cards) == n_schools, len(seen_cards))
check("the parts hold the whole rectification list once", sorted(seen_rect) == list(range(n_rect)), len(seen_rect))
in_reg = sum(1 for g in stats["satisfaction"]["by_school"] if g.get("in_register"))
check("the parts rank every registered school with responses once", sorted(seen_rows) == sorted(set(seen_rows)) and
      len(seen_rows) == in_reg, "%d of %d" % (len(seen_rows), in_reg))
rows = re.search(r'<table class="imports">.*?</table>', annex, re.S).group(0).count("<tr>") - 1
check("annex has every import attempt", rows == n_log, "%d of %d" % (rows, n_log))
check("annex links back to the summary", 'href="report.html"' in annex)
check("annex is titled as the annex's index", re.search(r"<h1>[^<]*附件目录</h1>", annex) is not None)
check("annex has no county verdicts", 'id="verdicts"' not in annex)
sys.exit(bad)
PY
# Merged again with newer exports of the same kiosks (conflicting ones
# among them): the import log grows by a row a file, the annex with it; the
# summary only shows counts, so it stays the same size (within digits).
# (streams of their own: the first one's with 16 or 17 answers a kiosk
# falls into step with the 15-answer one, the same UUIDs under the next
# kiosk id, which the merge refuses as copies and stats names, schema 10)
JH_BENCH_SEED=1 "$b/tests/stats_bench" gen "$t/more1" 40 16 >/dev/null &&
  JH_BENCH_SEED=2 "$b/tests/stats_bench" gen "$t/more2" 40 17 >/dev/null || exit 1
"$b/junheng" merge --county 360701 --db "$t/county.db" "$t/more1" >/dev/null 2>&1
"$b/junheng" merge --county 360701 --db "$t/county.db" "$t/more2" >/dev/null 2>&1
"$b/junheng" merge --county 360701 --db "$t/county.db" "$t/more2" >/dev/null 2>&1
"$b/junheng" report --db "$t/county.db" --out "$t/r2" --no-pdf >/dev/null 2>&1 || bad "report after re-merges"
l1=$(sqlite3 "$t/county.db" "SELECT count(*) FROM imports WHERE id <= 40"); l2=$(sqlite3 "$t/county.db" "SELECT count(*) FROM imports")
s1=$(stat -c %s "$t/r1/report.html"); s2=$(stat -c %s "$t/r2/report.html")
a1=$(stat -c %s "$t/r1/report-schools.html"); a2=$(stat -c %s "$t/r2/report-schools.html")
echo "after two more merges: import log $l1 -> $l2 rows, summary $s1 -> $s2 bytes, annex $a1 -> $a2 bytes"
[ "$l2" -ge $((l1 + 80)) ] || bad "the merges added no import rows ($l1 -> $l2): the test proves nothing"
[ "$a2" -gt "$a1" ] || bad "the annex did not grow with the import log"
d=$((s2 > s1 ? s2 - s1 : s1 - s2))
[ $((d * 200)) -le "$s1" ] || bad "summary size changed by $d bytes (more than 0.5 %) with the import log"
# A long import log (issue 20: 1,000 attempts and 1,000 keys printed in one
# document took Chromium over 1 GB): with --log-part 30 the log and the key
# list are documents of their own, parts of at most 30 rows that hold every
# row once in order; the annex's index (or the whole report) lists and links
# every part and has none of the rows.
"$b/junheng" report --stats-json "$t/r2/stats.json" --out "$t/r2" --no-pdf --log-part 30 >"$t/l.log" 2>&1 ||
  { cat "$t/l.log"; bad "--log-part 30"; }
grep -q 'report-imports-0001-0030.html' "$t/l.log" || bad "--log-part 30: the command does not name the import log's parts"
"$b/junheng" report --stats-json "$t/r2/stats.json" --out "$t/r6" --no-pdf --log-part 30 --annex off >/dev/null 2>&1 ||
  bad "--log-part 30 --annex off"
/usr/bin/python3 "$src/tests/report/check_html.py" "$t/r6/report.html" "$t/r2/stats.json" title appendix imports \
    >"$t/c6" 2>&1 || { cat "$t/c6"; bad "whole report with the import log apart"; }
for p in "$t"/r2/report-imports-*.html "$t"/r2/report-keys-*.html; do
  [ -e "$p" ] || { bad "--log-part 30 wrote no $p"; continue; }
  s=imports; [[ "$p" == *report-keys-* ]] && s=keys
  /usr/bin/python3 "$src/tests/report/check_html.py" "$p" "$t/r2/stats.json" title $s >"$t/c5" 2>&1 ||
    { cat "$t/c5"; bad "import log part check: $p"; }
done
/usr/bin/python3 - "$t/r2" "$t/r6" <<'PY' || fail=1
import json, os, re, sys
bad = 0
def check(what, ok, detail=""):
    global bad
    if not ok:
        print("FAIL %s %s" % (what, detail)); bad = 1
stats = json.load(open(sys.argv[1] + "/stats.json", encoding="utf-8"))
log, keys = stats["imports"]["log"], stats["imports"]["kiosk_keys"]
check("the county has a log longer than a part", len(log) > 60 and len(keys) > 30, (len(log), len(keys)))
for d, host, back in ((sys.argv[1], "report-schools.html", "report-schools.html#imports"),
                      (sys.argv[2], "report.html", "report.html#imports")):
    index = open(os.path.join(d, host), encoding="utf-8").read()
    check(host + ": no import rows", '<table class="imports">' not in index and '<table class="kiosk-keys">' not in index)
    for lst, arr in (("imports", log), ("keys", keys)):
        listed = [(int(k), int(f), int(c)) for k, f, c in
                  re.findall(r'<tr data-list="%s" data-part="(\d+)" data-first="(\d+)" data-count="(\d+)">' % lst, index)]
        names = ["report-%s-%04d-%04d.html" % (lst, f + 1, f + c) for _, f, c in listed]
        files = sorted(f for f in os.listdir(d) if f.startswith("report-%s-" % lst) and f.endswith(".html"))
        check(host + " lists every part of " + lst, files == names and len(names) == (len(arr) + 29) // 30, (files, names))
        nxt, seen = 0, 0
        for (k, first, count), name in zip(listed, names):
            check(host + " links " + name, ('<a href="%s">' % name) in index)
            check(name + ": at most 30 rows", 1 <= count <= 30, count)
            check(name + " starts where the last ended", first == nxt, (first, nxt))
            nxt = first + count
            part = open(os.path.join(d, name), encoding="utf-8").read()
            check(name + " is marked", re.search(r'data-report-part="%s-part"[^>]* data-first="%d" data-count="%d"'
                                                 % (lst, first, count), part) is not None)
            check(name + " links its list", ('href="%s"' % back) in part)
            if lst == "imports":
                rows = sorted({int(i) for i in re.findall(r'data-p="/imports/log/(\d+)/', part)})
                check(name + ": its rows of the log, in order", rows == list(range(first, first + count)), rows[:3])
                check(name + ": one table row each", part.count('<tr><td title="') == count)
            else:
                ids = re.findall(r'<tr><td>([^<]*)</td><td>[^<]*</td><td>(SHA256:[^<]*)</td>', part)
                want = [(k["kiosk_id"], k["fingerprint"]) for k in keys[first:first + count]]
                check(name + ": its keys, in order", ids == want, ids[:2])
            seen += count
        check(host + ": the parts of " + lst + " hold every row", seen == len(arr), (seen, len(arr)))
sys.exit(bad)
PY
# --annex off: one document, the statistics embedded, the older annex removed
"$b/junheng" report --db "$t/county.db" --out "$t/r2" --no-pdf --annex off >/dev/null 2>&1 || bad "--annex off"
[ -e "$t/r2/report-schools.html" ] && bad "--annex off left the older report-schools.html"
ls "$t/r2" | grep -q '^report-schools-' && bad "--annex off left the older parts: $(ls "$t/r2" | grep '^report-schools-')"
ls "$t/r2" | grep -q -E '^report-(imports|keys)-' &&
  bad "a report with the import log inside left the older log's parts: $(ls "$t/r2" | grep -E '^report-(imports|keys)-')"
grep -q 'id="jh-stats"' "$t/r2/report.html" && grep -q 'class="card"' "$t/r2/report.html" ||
  bad "--annex off: report.html is not the whole report"
grep -q 'data-report-part' "$t/r2/report.html" && bad "--annex off: report.html is marked as a part"
# --annex on for a small county, and a bad value
"$b/junheng" report --db "$t/county.db" --out "$t/r3" --no-pdf --annex on >/dev/null 2>&1 && [ -s "$t/r3/report-schools.html" ] ||
  bad "--annex on wrote no annex"
out=$("$b/junheng" report --db "$t/county.db" --out "$t/r4" --no-pdf --annex maybe 2>&1); rc=$?
[ $rc -eq 2 ] && [[ "$out" == *"--annex"*"maybe"* ]] || bad "--annex maybe: exit $rc, $out"
# --annex-part 0: the annex in one document (every card in report-schools.html), the parts of
# the earlier run removed; --annex-part 200: two parts
"$b/junheng" report --stats-json "$t/r1/stats.json" --out "$t/r1" --no-pdf --annex-part 0 >/dev/null 2>&1 || bad "--annex-part 0"
n=$(grep -o '<div class="card" id="school-' "$t/r1/report-schools.html" | wc -l)
[ "$n" -eq 250 ] || bad "--annex-part 0: $n cards in report-schools.html, expected 250"
ls "$t/r1" | grep -q '^report-schools-' && bad "--annex-part 0 left the earlier run's parts"
"$b/junheng" report --stats-json "$t/r1/stats.json" --out "$t/r1" --no-pdf --annex-part 200 >"$t/p.log" 2>&1 || bad "--annex-part 200"
parts=$(ls "$t/r1" | grep '^report-schools-' | tr '\n' ' ')
[ "$parts" = "report-schools-0001-0200.html report-schools-0201-0250.html " ] || bad "--annex-part 200: parts $parts"
out=$("$b/junheng" report --stats-json "$t/r1/stats.json" --out "$t/r1" --annex-part -3 2>&1); rc=$?
[ $rc -eq 2 ] && [[ "$out" == *"--annex-part"*"-3"* ]] || bad "--annex-part -3: exit $rc, $out"
# --school CODE: that school's pages, nothing else in the folder changed
code=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["schools"][137]["code"])' "$t/r1/stats.json")
before=$(cd "$t/r1" && ls -l --time-style=+%s.%N | md5sum)
"$b/junheng" report --stats-json "$t/r1/stats.json" --out "$t/r1" --school "$code" --no-pdf >"$t/s.log" 2>&1 ||
  { cat "$t/s.log"; bad "--school $code"; }
/usr/bin/python3 "$src/tests/report/check_html.py" "$t/r1/report-school-$code.html" "$t/r1/stats.json" title schools cards rectify \
    >"$t/c4" 2>&1 || { cat "$t/c4"; bad "--school page check"; }
/usr/bin/python3 - "$t/r1/report-school-$code.html" "$t/r1/stats.json" <<'PY' || fail=1
import json, re, sys
page, stats = open(sys.argv[1], encoding="utf-8").read(), json.load(open(sys.argv[2], encoding="utf-8"))
code = stats["schools"][137]["code"]
bad = 0
cards = re.findall(r'<div class="card" id="school-(\d+)"', page)
if cards != ["137"]: print("FAIL --school: cards", cards); bad = 1
for ptr in set(re.findall(r'data-(?:p|src)="/(rectification|satisfaction/by_school|satisfaction/by_school_role)/(\d+)', page)):
    el = stats["rectification"][int(ptr[1])] if ptr[0] == "rectification" else stats["satisfaction"][ptr[0].split("/")[1]][int(ptr[1])]
    if el["school_code"] != code: print("FAIL --school: a figure of", el["school_code"]); bad = 1
want = sum(1 for e in stats["rectification"] if e["school_code"] == code)
rows = re.search(r'<table class="rectify">.*?</table>', page, re.S)
got = rows.group(0).count("<tr>") - 1 if rows else 0
if got != want: print("FAIL --school: %d rectification rows, expected %d" % (got, want)); bad = 1
if 'data-report-part="school"' not in page: print("FAIL --school: not marked"); bad = 1
sys.exit(bad)
PY
rm "$t/r1/report-school-$code.html"
after=$(cd "$t/r1" && ls -l --time-style=+%s.%N | md5sum)
[ "$before" = "$after" ] || bad "--school changed other files in the folder"
out=$(LANGUAGE= LANG=C "$b/junheng" report --stats-json "$t/r1/stats.json" --out "$t/r5" --school X9999999 --no-pdf 2>&1); rc=$?
[ $rc -eq 2 ] && [[ "$out" == *"X9999999"*"学校"* ]] && [ ! -e "$t/r5/report-school-X9999999.html" ] ||
  bad "--school with an unknown code: exit $rc, $out"
out=$("$b/junheng" report --stats-json "$t/r1/stats.json" --out "$t/r5" --school X9999999 --lang en --no-pdf 2>&1); rc=$?
[ $rc -eq 2 ] && [[ "$out" == *"X9999999"*"register"* ]] || bad "--school with an unknown code (English): exit $rc, $out"
# The printed parts (with Chromium, not repeated under the sanitizers): a
# county of 12 schools in parts of 5 — every school's code is on the pages of
# its part only, in register order, and the page header names the part;
# with --log-part 6 the import log (6 attempts) and the key list (6 keys)
# print as documents of their own, with every kiosk on their pages.
if [ "${JH_SANITIZE:-0}" = 1 ]; then
  echo "SKIP printed parts: not repeated in the sanitizer build"
elif ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null || ! command -v pdftotext >/dev/null; then
  echo "SKIP printed parts: Chromium or pdftotext not installed"
else
  "$b/tests/stats_bench" gen "$t/small" 6 10 >/dev/null && "$b/tests/stats_bench" register "$t/small.csv" 12 >/dev/null || exit 1
  "$b/junheng" schools --db "$t/small.db" "$t/small.csv" >/dev/null && "$b/junheng" merge --county 360701 --db "$t/small.db" "$t/small" >/dev/null ||
    bad "small county"
  "$b/junheng" report --db "$t/small.db" --out "$t/sp" --annex on --annex-part 5 --log-part 6 --annex-pdf >"$t/sp.log" 2>&1 ||
    { cat "$t/sp.log"; bad "small county's report with the parts printed"; }
  /usr/bin/python3 - "$t/sp" <<'PY' || fail=1
import json, os, re, subprocess, sys
d = sys.argv[1]
codes = [s["code"] for s in json.load(open(d + "/stats.json", encoding="utf-8"))["schools"]]
bad = 0
want = {"report-schools-0001-0005.pdf": (1, codes[0:5]), "report-schools-0006-0010.pdf": (2, codes[5:10]),
        "report-schools-0011-0012.pdf": (3, codes[10:12])}
got = sorted(f for f in os.listdir(d) if f.startswith("report-schools-") and f.endswith(".pdf"))
if got != sorted(want): print("FAIL printed parts:", got); bad = 1
for name, (k, mine) in want.items():
    if not os.path.exists(os.path.join(d, name)): continue
    text = subprocess.run(["pdftotext", "-layout", os.path.join(d, name), "-"], capture_output=True, text=True).stdout
    seen = []
    for c in re.findall(r"\b(%s)\b" % "|".join(map(re.escape, codes)), text):
        if c not in seen: seen.append(c)
    # the satisfaction table lists its schools by rank: the order is the cards' (register) order
    cards = re.findall(r"\b(%s) ·" % "|".join(map(re.escape, codes)), text.replace("\n", " "))
    if sorted(seen) != sorted(mine): print("FAIL %s: the codes printed are %s, expected %s" % (name, seen, mine)); bad = 1
    if cards and cards != mine: print("FAIL %s: the cards' order %s, expected %s" % (name, cards, mine)); bad = 1
    if "第 %d 部分" % k not in text: print("FAIL %s: no 第 %d 部分 on its pages" % (name, k)); bad = 1
    print("printed %s: %d pages, codes %s" % (name, text.count("\f"), " ".join(seen)))
imp = json.load(open(d + "/stats.json", encoding="utf-8"))["imports"]
for name, rows in (("report-imports-0001-0006.pdf", imp["log"]), ("report-keys-0001-0006.pdf", imp["kiosk_keys"])):
    if not os.path.exists(os.path.join(d, name)): print("FAIL the import log's part %s not printed" % name); bad = 1; continue
    text = subprocess.run(["pdftotext", "-layout", os.path.join(d, name), "-"], capture_output=True, text=True).stdout
    missing = [r["kiosk_id"] for r in rows if r["kiosk_id"] not in text]
    if len(rows) != 6 or missing: print("FAIL %s: %d rows, kiosks not printed: %s" % (name, len(rows), missing)); bad = 1
    if "第 1 部分" not in text: print("FAIL %s: no 第 1 部分 on its pages" % name); bad = 1
    print("printed %s: %d pages" % (name, text.count("\f")))
sys.exit(bad)
PY
fi
[ $fail -eq 0 ] && echo "PASS summary without per-school pages, annex parts with every school once, summary size steady, --school"
exit $fail
