#!/bin/bash
# What `junheng report` and `junheng stats --out` leave in DIR when the input
# is hostile or the disk fails (the outside review of session 12):
# markup in embedded JSON, the set moved into place as one and flushed to
# disk, several --school pages as one set, stats --out as one set, output
# folders with '#', '%' or '?', school codes that differ only in bytes a file
# name cannot hold, the PDF's links, and a run killed while Chromium prints.
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"
py=/usr/bin/python3
t=$(mktemp -d /tmp/jh-report-safety-XXXXXX)
trap 'chmod -R u+w "$t" 2>/dev/null; rm -rf "$t"' EXIT
fail=0
pass() { echo "PASS $*"; }
bad() { echo "FAIL $*"; fail=1; }
PRE="$b/tests/libfault_preload.so"
faulty() { # faulty VAR=VALUE... -- CMD...: CMD with fault_preload and those settings
  local envs=()
  while [ "$1" != -- ]; do envs+=("$1"); shift; done
  shift
  env LD_PRELOAD="$PRE" ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" "${envs[@]}" "$@"
}
snapshot() { # snapshot DIR: names, sizes, times and checksums of DIR's files
  (cd "$1" && ls -l --time-style=full-iso && find . -maxdepth 1 -type f -print0 | sort -z | xargs -0 -r md5sum)
}
chromium_ok=0
if [ "${JH_SANITIZE:-0}" != 1 ] && { command -v chromium || command -v chromium-browser; } >/dev/null; then
  chromium_ok=1
  browser=$(command -v chromium || command -v chromium-browser)
fi

# The fixture: the sample statistics with markup where a bundle's rejection
# reason (quoting its manifest) and a school's name can put it.
$py - "$src/tests/report/sample-stats.json" "$t/stats.json" <<'PY' || { bad "fixture"; exit 1; }
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
d["imports"]["log"].append({"file": "/media/usb/junheng-K-X-full-1-20.json", "file_sha256": "ab" * 32,
    "kiosk_id": "K-X", "school_code": "B000001", "kind": "full", "first_seq": 1, "last_seq": 20,
    "n_responses": 20, "n_new": 0, "n_duplicate": 0, "n_quarantined": 0, "verdict": "rejected",
    "reason": "manifest.school.level: expected primary, junior or nine_year, got '<!--<script>'",
    "imported_at": "2026-11-23T08:00:00Z", "key_trust": None})
d["imports"]["by_verdict"]["rejected"] += 1
d["imports"]["attempts"] += 1
d["schools"][0]["name"] = "<!--<script>" + d["schools"][0]["name"]
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY

# ---- 1. Markup in the embedded statistics -----------------------------------
"$b/junheng" report --stats-json "$t/stats.json" --out "$t/r1" --no-pdf >/dev/null 2>&1 || bad "report of the fixture"
$py "$src/tests/report/check_html.py" "$t/r1/report.html" "$t/r1/stats.json" >/dev/null \
  && pass "embedded JSON without '<' (check_html.py)" || { $py "$src/tests/report/check_html.py" "$t/r1/report.html" "$t/r1/stats.json" | tail -3; bad "embedded JSON"; }
# From a database: a school named "<!--<script>…" in the register; the
# comments section follows the embedded statistics.  A browser must see it
# as a section, not as script text, and print it.
"$b/tests/stats_bench" gen "$t/small" 3 10 >/dev/null && "$b/tests/stats_bench" register "$t/small.csv" 3 >/dev/null &&
  sed -i 's/^B000001,学校1,/B000001,<!--<script>学校1,/' "$t/small.csv" &&
  "$b/junheng" schools --db "$t/small.db" "$t/small.csv" >/dev/null 2>&1 && "$b/junheng" merge --county 360701 --db "$t/small.db" "$t/small" >/dev/null 2>&1 ||
  bad "the small county's database"
nopdf=(); [ $chromium_ok = 1 ] || nopdf=(--no-pdf)
"$b/junheng" report --db "$t/small.db" --out "$t/r2" "${nopdf[@]}" >"$t/r2.log" 2>&1 || { cat "$t/r2.log"; bad "report from the database"; }
$py - "$t/r2/report.html" <<'PY' && pass "no '<' in the script of a report from the database" || bad "script body of the database's report"
import re, sys
h = open(sys.argv[1], encoding="utf-8").read()
body = re.search(r'<script type="application/json" id="jh-stats">(.*?)</script>', h, re.S).group(1)
assert "<" not in body and "\\u003c!--\\u003cscript\\u003e" in body, body[:200]
assert h.index('id="comments"') > h.index("</script>")
PY
if [ $chromium_ok = 1 ]; then
  "$browser" --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$t/dom-profile" \
    --dump-dom "file://$t/r2/report.html" >"$t/dom.html" 2>/dev/null
  $py - "$t/dom.html" <<'PY' && pass "Chromium: the comments section is an element after the script" || bad "Chromium's DOM"
import sys
d = open(sys.argv[1], encoding="utf-8").read()
assert d.find('id="comments"') > d.rfind("</script>") > 0, (d.rfind("</script>"), d.find('id="comments"'))
PY
  pdftotext "$t/r2/report.pdf" - | grep -q '问卷最后一道题' && pass "the comments are printed in report.pdf" ||
    bad "no 留言 section in report.pdf"
else
  echo "SKIP Chromium's DOM and PDF: Chromium not installed or sanitizer build"
fi

# ---- 3. The set flushed to disk: the workbook before its rename, DIR after the
# renames (a failed flush is a failed run: exit 3, nothing changed) ----------
d="$t/set"
JH_CHROMIUM= "$b/junheng" report --stats-json "$t/stats.json" --out "$d" --county-name 甲县 >/dev/null 2>&1 || bad "first run"
for fault in "JH_FAULT_FSYNC=1 JH_FAULT_PATH=report.xlsx" "JH_FAULT_FSYNC=1 JH_FAULT_PATH=/set\$"; do
  snapshot "$d" >"$t/before"
  out=$(faulty $fault JH_CHROMIUM= -- "$b/junheng" report --stats-json "$t/stats.json" --out "$d" --county-name 乙县 2>&1); rc=$?
  snapshot "$d" >"$t/after"
  if [ $rc = 3 ] && [[ "$out" == *"flush"*"(nothing in $d was changed)"* ]] && cmp -s "$t/before" "$t/after" &&
     [ -z "$(ls -A "$d" | grep junheng-report)" ]; then
    pass "$fault: exit 3, nothing changed"
  else
    bad "$fault: rc=$rc $out; $(diff "$t/before" "$t/after")"
  fi
done

# ---- 2. The set moved into place as one ----------------------------------------
# A file whose place is taken by a folder: nothing moves.
mkdir "$d/report.xlsx.new" && mv "$d/report.xlsx" "$d/report.xlsx.new/" && mv "$d/report.xlsx.new" "$d/report.xlsx"
snapshot "$d" >"$t/before"
out=$(JH_CHROMIUM= "$b/junheng" report --stats-json "$t/stats.json" --out "$d" --county-name 乙县 2>&1); rc=$?
snapshot "$d" >"$t/after"
[ $rc = 3 ] && [[ "$out" == *"$d/report.xlsx: is a folder"*"(nothing in $d was changed)"* ]] && cmp -s "$t/before" "$t/after" \
  && pass "report.xlsx a folder: exit 3, nothing changed" || bad "report.xlsx a folder: rc=$rc $out; $(diff "$t/before" "$t/after")"
mv "$d/report.xlsx" "$d/report.xlsx.old" && mv "$d/report.xlsx.old/report.xlsx" "$d/" && rmdir "$d/report.xlsx.old"
# A rename that fails after stats.json and report.html were moved in (as a
# full or failing disk can): they are taken out again, the older set stays.
printf '%%PDF-1.4 an older report\n' >"$d/report.pdf"
snapshot "$d" >"$t/before"
out=$(faulty JH_FAULT_RENAME=1 JH_FAULT_TIMES=1 JH_FAULT_PATH="$d/report.xlsx" JH_CHROMIUM= -- \
  "$b/junheng" report --stats-json "$t/stats.json" --out "$d" --county-name 乙县 2>&1); rc=$?
snapshot "$d" >"$t/after"
[ $rc = 3 ] && [[ "$out" == *"$d/report.xlsx: cannot move into place"*"(nothing in $d was changed)"* ]] &&
  cmp -s "$t/before" "$t/after" && [ -z "$(ls -A "$d" | grep junheng-report)" ] \
  && pass "a rename failing half-way: the older set put back, exit 3" || bad "rename failing: rc=$rc $out; $(diff "$t/before" "$t/after")"
# When even the older file cannot be put back, the message says which and where it is.
out=$(faulty JH_FAULT_RENAME=1 JH_FAULT_PATH="$d/report.xlsx" JH_CHROMIUM= -- \
  "$b/junheng" report --stats-json "$t/stats.json" --out "$d" --county-name 乙县 2>&1); rc=$?
kept=$(ls -d "$d"/.junheng-report-*/old 2>/dev/null | head -1)
sums() { (cd "$1" && find . -maxdepth 1 -type f -print0 | sort -z | xargs -0 -r md5sum); }
if [ $rc = 3 ] && [[ "$out" == *"the earlier report.xlsx could not be put back: they are in $kept"* ]] &&
   [[ "$out" != *"nothing in"* ]] && [ -n "$kept" ] && [ ! -e "$d/report.xlsx" ] &&
   grep -qx "$(cd "$kept" && md5sum ./report.xlsx)" "$t/before" && sums "$d" >"$t/after" &&
   cmp -s <(grep '^[0-9a-f]\{32\}  ' "$t/before" | grep -v report.xlsx) "$t/after"; then
  pass "an older file not put back: named, kept in $kept, the rest as before"
else
  bad "not put back: rc=$rc $out; kept=$kept; $(diff "$t/before" "$t/after")"
fi
[ -n "$kept" ] && mv "$kept/report.xlsx" "$d/" && rm -rf "${kept%/old}"

# ---- 4. --school A --school B: a failure on B leaves A's older page ---------
d="$t/schools"
codes=($($py -c 'import json,sys; print(" ".join(s["code"] for s in json.load(open(sys.argv[1]))["schools"][:6]))' "$t/stats.json"))
A=${codes[0]}; B=${codes[1]}; C=${codes[5]}
JH_CHROMIUM= "$b/junheng" report --stats-json "$t/stats.json" --out "$d" --school "$A" --school "$B" --county-name 甲县 >/dev/null 2>&1 ||
  bad "--school first run"
for fault in "JH_FAULT_WRITE=1 JH_FAULT_PATH=report-school-$B.html" "JH_FAULT_RENAME=1 JH_FAULT_TIMES=1 JH_FAULT_PATH=$d/report-school-$B.html"; do
  snapshot "$d" >"$t/before"
  out=$(faulty $fault JH_CHROMIUM= -- "$b/junheng" report --stats-json "$t/stats.json" --out "$d" --school "$A" --school "$B" \
    --county-name 乙县 2>&1); rc=$?
  snapshot "$d" >"$t/after"
  [ $rc = 3 ] && [[ "$out" == *"report-school-$B.html"*"(nothing in $d was changed)"* ]] && cmp -s "$t/before" "$t/after" \
    && [ -z "$(ls -A "$d" | grep junheng-report)" ] \
    && pass "--school $A --school $B, $fault: exit 3, nothing changed" || bad "--school, $fault: rc=$rc $out; $(diff "$t/before" "$t/after")"
done

# ---- 5. junheng stats --out as one set -----------------------------------------
d="$t/stats"
"$b/junheng" stats --db "$t/small.db" --out "$d" >/dev/null 2>&1 || bad "stats --out"
n_csv=$(ls "$d" | grep -c '\.csv$')
for fault in "JH_FAULT_WRITE=1 JH_FAULT_PATH=stats.json" "JH_FAULT_WRITE=1 JH_FAULT_PATH=summary.csv" \
             "JH_FAULT_RENAME=1 JH_FAULT_TIMES=1 JH_FAULT_PATH=$d/stats.json" "JH_FAULT_FSYNC=1 JH_FAULT_PATH=/stats\$"; do
  snapshot "$d" >"$t/before"
  out=$(faulty $fault -- "$b/junheng" stats --db "$t/small.db" --out "$d" 2>&1); rc=$?
  snapshot "$d" >"$t/after"
  [ $rc = 3 ] && [[ "$out" == *"(nothing in $d was changed)"* ]] && cmp -s "$t/before" "$t/after" \
    && [ -z "$(ls -A "$d" | grep junheng-stats)" ] \
    && pass "stats --out, $fault: exit 3, the older $n_csv CSV files and stats.json kept" \
    || bad "stats --out, $fault: rc=$rc $out; $(diff "$t/before" "$t/after")"
done
"$b/junheng" stats --db "$t/small.db" --out "$d" >/dev/null 2>&1 && [ "$(ls "$d" | grep -c '\.csv$')" = "$n_csv" ] &&
  [ -z "$(ls -A "$d" | grep junheng-stats)" ] && pass "stats --out again: $n_csv CSV files, no temporary folder" || bad "stats --out again"

# A `stats --out` killed outright (SIGKILL) left its folder: the next run
# sweeps it (marker, older, not locked); a live run's (locked) and a
# person's own folder named alike stay (review of session 12: nothing swept
# them).
mkdir -p "$d/.junheng-stats-AAAAAA" "$d/.junheng-stats-BBBBBB" "$d/.junheng-stats-keepme"
touch "$d/.junheng-stats-AAAAAA/.junheng-run" "$d/.junheng-stats-BBBBBB/.junheng-run"
cp "$d/stats.json" "$d/.junheng-stats-AAAAAA/" && echo mine >"$d/.junheng-stats-keepme/notes.txt"
touch -d '1 hour ago' "$d/.junheng-stats-AAAAAA" "$d/.junheng-stats-BBBBBB" "$d/.junheng-stats-keepme"
exec {slock}<"$d/.junheng-stats-BBBBBB"
flock -n $slock || bad "flock"
"$b/junheng" stats --db "$t/small.db" --out "$d" >/dev/null 2>&1 || bad "stats --out after a killed one"
[ ! -e "$d/.junheng-stats-AAAAAA" ] && [ -d "$d/.junheng-stats-BBBBBB" ] && [ -e "$d/.junheng-stats-keepme/notes.txt" ] \
  && [ "$(ls -A "$d" | grep -c junheng-stats)" = 2 ] \
  && pass "stats --out: a killed run's folder swept; a locked one and a person's folder kept" \
  || bad "stats --out sweep: $(ls -A "$d")"
exec {slock}<&-
rm -rf "$d/.junheng-stats-BBBBBB" "$d/.junheng-stats-keepme"

# ---- 9. School codes a file name cannot hold: one file each -------------------
$py - "$t/stats.json" "$t/codes.json" <<'PY' || bad "codes fixture"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
for s, c in zip(d["schools"], ["城关一小", "城关二小", "B000001.", "B000001/", "B000001_2e"]):
    s["code"] = c
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
d="$t/codes"
out=$("$b/junheng" report --stats-json "$t/codes.json" --out "$d" --no-pdf --school 城关一小 --school 城关二小 \
  --school B000001. --school B000001/ --school B000001_2e --school "$C" 2>&1); rc=$?
n=$(ls "$d" | grep -c '^report-school-.*\.html$')
[ $rc = 0 ] && [ "$n" = 6 ] && [ -e "$d/report-school-$C.html" ] &&
  grep -q '城关二小' "$d/$(ls "$d" | grep '^report-school-_e5.*_ba_8c_e5_b0_8f\.html$')" \
  && pass "six codes, six files (plain code $C named as before)" || bad "codes: rc=$rc, $n files: $(ls "$d"); $out"

# ---- 6. Output folders whose names a URL would read otherwise -----------------
if [ $chromium_ok = 1 ]; then
  for name in '第2轮#报告' '100%25完成' 'a?b c'; do
    out=$("$b/junheng" report --stats-json "$t/stats.json" --out "$t/$name" 2>&1); rc=$?
    [ $rc = 0 ] && head -c 5 "$t/$name/report.pdf" 2>/dev/null | grep -q '%PDF-' && pass "--out '$name': report.pdf printed" ||
      bad "--out '$name': rc=$rc $out"
  done
else
  echo "SKIP folders with '#', '%', '?': Chromium not installed or sanitizer build"
fi

# ---- 7. The PDF's links lead to the files as placed ----------------------------
if [ $chromium_ok = 1 ]; then
  d="$t/第2轮 报告"
  out=$("$b/junheng" report --stats-json "$t/stats.json" --out "$d" --annex on 2>&1) || bad "annex report: $out"
  $py - "$d" <<'PY' && pass "report.pdf: relative links to the placed files, no temporary folder or path in it, xref intact" || bad "report.pdf's links"
import os, re, sys
d = sys.argv[1]
b = open(os.path.join(d, "report.pdf"), "rb").read()
uris = [u.decode() for u in re.findall(rb"/URI \(([^)]*)\)", b)]
assert uris, "no links in report.pdf"
assert b".junheng-report-" not in b and b"file:" not in b and b"/tmp/" not in b, "a path in the PDF"
for u in uris:
    assert "/" not in u and os.path.exists(os.path.join(d, u.split("#")[0])), u
# every object still where the cross-reference table says
sx = int(re.findall(rb"startxref\s+(\d+)", b)[-1])
m = re.match(rb"xref\s+(\d+)\s+(\d+)\s+", b[sx:])
first, n, pos = int(m.group(1)), int(m.group(2)), sx + m.end()
for i in range(n):
    e = b[pos + 20 * i:pos + 20 * i + 20]
    if e[17:18] == b"n":
        assert b[int(e[:10]):].startswith(b"%d %d obj" % (first + i, int(e[11:16]))), "xref entry %d" % i
print("links:", " ".join(sorted(set(uris))))
PY
  pdfinfo "$d/report.pdf" >/dev/null 2>"$t/pdfinfo.err" && [ ! -s "$t/pdfinfo.err" ] || bad "pdfinfo: $(cat "$t/pdfinfo.err")"
else
  echo "SKIP the PDF's links: Chromium not installed or sanitizer build"
fi

# ---- 8. A run ended while Chromium prints ----------------------------------------
# A Chromium that never finishes: SIGTERM or SIGHUP (SIGINT likewise; a
# background job of this shell ignores it, and junheng leaves ignored
# signals ignored) to junheng kill it, remove the temporary folders (DIR's
# and Chromium's), change nothing.
printf '#!/bin/bash\necho "$$ $*" >"$FAKE_LOG"\nexec sleep 60\n' >"$t/slow-chromium"
chmod +x "$t/slow-chromium"
d="$t/set"
for sig in TERM HUP; do
  rm -f "$t/fake.log"
  snapshot "$d" >"$t/before"
  FAKE_LOG="$t/fake.log" JH_CHROMIUM="$t/slow-chromium" "$b/junheng" report --stats-json "$t/stats.json" --out "$d" \
    --county-name 丙县 >"$t/kill.out" 2>&1 &
  jp=$!
  for i in $(seq 300); do [ -s "$t/fake.log" ] && break; sleep 0.1; done
  kill -$sig $jp
  wait $jp; rc=$?
  read -r fpid fargs <"$t/fake.log"
  prof=$(grep -o 'user-data-dir=[^ ]*' "$t/fake.log" | cut -d= -f2)
  sleep 0.2
  snapshot "$d" >"$t/after"
  if [ $rc -gt 128 ] && ! kill -0 "$fpid" 2>/dev/null && [ -n "$prof" ] && [ ! -e "${prof%/profile}" ] &&
     [ -z "$(ls -A "$d" | grep junheng-report)" ] && cmp -s "$t/before" "$t/after" &&
     grep -q "interrupted (signal .*); nothing in $d was changed" "$t/kill.out"; then
    pass "SIG$sig while printing: exit $rc, Chromium's group killed, both temporary folders removed, nothing changed"
  else
    kill -KILL "$fpid" 2>/dev/null
    bad "SIG$sig while printing: rc=$rc, $(cat "$t/kill.out"); $(ls -A "$d"); ${prof%/profile}: $(ls -d "${prof%/profile}" 2>&1)"
  fi
done
# Folders of runs killed outright (SIGKILL): the next run removes them when
# older than it and not locked by a live run; one holding earlier files a
# failed run could not put back stays.  A run's folder holds its marker
# (.junheng-run); a person's own folder named alike (no marker), in DIR or
# in /tmp, is never removed (one named .junheng-report-photos was).
mkdir -p "$d/.junheng-report-AAAAAA" "$d/.junheng-report-BBBBBB" "$d/.junheng-report-CCCCCC/old" \
  "$d/.junheng-report-photos"
chrome_tmp=$(mktemp -d /tmp/junheng-chromium-XXXXXX)
user_tmp=$(mktemp -d /tmp/junheng-chromium-XXXXXX)
mkdir "$chrome_tmp/profile" && touch "$chrome_tmp/.junheng-run" && touch -d '3 hours ago' "$chrome_tmp"
echo photo >"$user_tmp/keep.txt" && touch -d '3 hours ago' "$user_tmp"
touch "$d/.junheng-report-AAAAAA/.junheng-run" "$d/.junheng-report-BBBBBB/.junheng-run" \
  "$d/.junheng-report-CCCCCC/.junheng-run"
cp "$d/report.html" "$d/.junheng-report-AAAAAA/"
cp "$d/report.html" "$d/.junheng-report-CCCCCC/old/"
echo photo >"$d/.junheng-report-photos/photo.jpg"
touch -d '1 hour ago' "$d/.junheng-report-AAAAAA" "$d/.junheng-report-BBBBBB" "$d/.junheng-report-CCCCCC" \
  "$d/.junheng-report-photos"
exec {lock}<"$d/.junheng-report-BBBBBB"
flock -n $lock || bad "flock"
"$b/junheng" report --stats-json "$t/stats.json" --out "$d" --no-pdf >/dev/null 2>&1 || bad "run after a killed one"
[ ! -e "$d/.junheng-report-AAAAAA" ] && [ -d "$d/.junheng-report-BBBBBB" ] && [ -e "$d/.junheng-report-CCCCCC/old/report.html" ] \
  && [ ! -e "$chrome_tmp" ] \
  && pass "a killed run's folders swept (DIR's, Chromium's); a locked one and one holding earlier files kept" || bad "sweep: $(ls -A "$d") $(ls -d "$chrome_tmp" 2>&1)"
[ -e "$d/.junheng-report-photos/photo.jpg" ] && [ -e "$user_tmp/keep.txt" ] \
  && pass "a person's folders named like a run's (no run marker) kept" \
  || bad "sweep removed a person's folder: $(ls -A "$d") $(ls -d "$user_tmp" 2>&1)"
rm -rf "$chrome_tmp" "$user_tmp" "$d/.junheng-report-photos"
exec {lock}<&-

exit $fail
