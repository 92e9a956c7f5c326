#!/bin/bash
# The report rendered from a stored statistics document (--stats-json;
# tests/report/sample-stats.json is what `junheng stats` wrote for the stats
# end-to-end test's database), with a rejected bundle added to its import log:
# HTML structure and every tagged number against the document, the workbook
# read back with openpyxl, the PDF when Chromium is installed, usage errors.
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"
py=/usr/bin/python3
work=$(mktemp -d /tmp/jh-report-fixture-XXXXXX)
trap 'rm -rf "$work"' EXIT
fail=0
pass() { echo "PASS $*"; }
bad() { echo "FAIL $*"; fail=1; }

$py - "$src/tests/report/sample-stats.json" "$work/stats.json" <<'PY' || { bad "fixture"; exit 1; }
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
d["imports"]["log"].append({"file": "/media/usb/junheng-K-X-edited.json", "file_sha256": "ab" * 32,
    "kiosk_id": "K-X", "school_code": "3607010001", "kind": "full", "first_seq": 1, "last_seq": 9,
    "n_responses": 9, "n_new": 0, "n_duplicate": 0, "n_quarantined": 0, "verdict": "rejected",
    "reason": "第 4 份答卷（序号 4）被改动过：哈希不符 <改动> & 重新签名", "imported_at": "2026-11-23T08:00:00Z",
    "key_trust": None})
d["imports"]["by_verdict"]["rejected"] += 1
d["imports"]["attempts"] += 1
# One kiosk pinned beforehand from a keys file, the others on first use.
k0 = d["imports"]["kiosk_keys"][0]
k0["trust"], k0["trust_zh"] = "keys_file", "密钥清单"
d["imports"]["trusted_on_first_use"] -= 1
for e in d["imports"]["log"]:
    if e["kiosk_id"] == k0["kiosk_id"] and e["key_trust"]:
        e["key_trust"] = "keys_file"
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
nopdf=(); [ "${JH_SANITIZE:-0}" = 1 ] && nopdf=(--no-pdf)
out=$("$b/junheng" report --stats-json "$work/stats.json" --out "$work/out" "${nopdf[@]}" 2>&1); rc=$?
[ $rc = 0 ] && pass "report exit 0" || bad "report exit $rc: $out"
for f in report.html report.xlsx; do
  [ -s "$work/out/$f" ] && pass "$f written" || bad "$f missing"
done
# The stats.json written next to the report is the fixture plus the report's
# details (county, issuer, round, date): every figure is checked against it.
$py "$src/tests/report/check_html.py" "$work/out/report.html" "$work/out/stats.json" \
    title verdicts schools topics localities cv cards rectify appendix imports quality sample surveys methods \
  && pass "html checked" || bad "html check"
$py "$src/tests/report/check_xlsx.py" "$work/out/report.xlsx" "$work/out/stats.json" \
  && pass "xlsx checked" || bad "xlsx check"

# Visible wording the bureau relies on.
html="$work/out/report.html"
grep -q '样本不足 (n&lt;5)' "$html" && pass "suppressed groups shown" || bad "no 样本不足"
grep -q '哈希不符 &lt;改动&gt; &amp; 重新签名' "$html" && pass "rejection reason escaped" || bad "rejection reason"
grep -q '× 已拒绝' "$html" && pass "rejected bundle marked" || bad "rejected mark"
# The fixture predates options.basic_teaching_points: its basic figures used
# the teaching-point minimum for both sets, and the report says so (not 2012).
grep -q '基本均衡综合差异系数按同一口径计算（统计文件未载明基本均衡规则，按旧版做法：不足 50 人的教学点不计）' "$html" \
  && ! grep -q '按 2012 年规则' "$html" && pass "older document: basic rule said as it was" || bad "older document's basic rule"
# How each kiosk's key came to be trusted: a column of the import log, the
# kiosk key table, and the count of kiosks trusted on first use.
n_fu=$($py -c 'import json,sys; print(json.load(open(sys.argv[1]))["imports"]["trusted_on_first_use"])' "$work/stats.json")
$py - "$html" "$n_fu" <<'PY' && pass "key trust shown ($n_fu kiosks trusted on first use)" || bad "key trust"
import re, sys
h = open(sys.argv[1], encoding="utf-8").read()
imp = h[h.index('<h3 id="imports">'):h.index('<h3 id="quality">')]
assert "<th>密钥来源</th>" in imp, "no 密钥来源 column"
rows = re.findall(r"<tr><td title=.*?</tr>", imp)
trust = [re.findall(r"<td[^>]*>(.*?)</td>", r)[3] for r in rows]
assert "密钥清单" in trust and "首次导入自动信任" in trust and "—" in trust, trust
assert '<h4 id="kiosk-keys">设备密钥</h4>' in imp, "no kiosk key table"
keys = imp[imp.index('<table class="kiosk-keys"'):]
assert keys.count("首次导入自动信任") == int(sys.argv[2]) and keys.count("密钥清单") == 1, keys
assert re.search(r"<td>SHA256:[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}</td>", keys), "no fingerprint"
assert "其中 " in imp and "首次导入自动信任：请到该设备的管理界面核对密钥指纹" in imp, "no first-use count"
PY
grep -q '石桥九年一贯制学校: teacher counts (teachers, .*) were given for the whole school only and were divided between levels by weighted enrolment (教师数按加权在校生数拆分到各学段)' "$html" \
  && pass "teacher split warning shown" || bad "teacher split warning"
grep -q '只按全校填报的教师数' "$html" && pass "teacher split named in the method text" || bad "teacher split method text"
grep -q '× 低于 85 %\|✓ 达到 85 %' "$html" && pass "recognition verdict" || bad "recognition verdict"
# A school not in the register has no name: chart bar and table row are
# labelled with its code (3607999999 in the sample), never left blank.
$py - "$html" <<'PY' && pass "unregistered school labelled by its code" || bad "unregistered school label"
import re, sys
h = open(sys.argv[1], encoding="utf-8").read()
sec = h[h.index('id="schools"'):h.index('id="topics"')]
assert re.search(r">3607999999</text>", sec), "chart bar without the school code"
assert "<td>3607999999 <span class=\"note\">(不在学校名册中)</span>" in sec, "table row without the school code"
assert not re.search(r"<text[^>]*></text>", sec), "an empty chart label"
PY

# PDF: only when a Chromium is installed; never required.
if [ "${JH_SANITIZE:-0}" = 1 ]; then
  echo "SKIP pdf: not repeated in the sanitizer build"
elif command -v chromium >/dev/null || command -v chromium-browser >/dev/null || command -v google-chrome >/dev/null; then
  if [ -s "$work/out/report.pdf" ] && head -c 5 "$work/out/report.pdf" | grep -q '%PDF-'; then
    pass "report.pdf printed ($(stat -c %s "$work/out/report.pdf") bytes)"
    # Every page: the report's name at the top, "第 x 页 共 y 页" at the bottom.
    if command -v pdftotext >/dev/null; then
      pages=$(pdfinfo "$work/out/report.pdf" | awk '/^Pages:/ {print $2}')
      last=$(pdftotext -f "$pages" -l "$pages" "$work/out/report.pdf" - | tr -d '\f')
      first=$(pdftotext -f 1 -l 1 "$work/out/report.pdf" -)
      [[ "$first" == *"第 1 页 共 $pages 页"* && "$last" == *"第 $pages 页 共 $pages 页"* \
         && "$last" == *"县域义务教育均衡发展监测报告"* ]] \
        && pass "PDF pages numbered 第 x 页 共 $pages 页 under a running header" || bad "PDF header/footer"
    fi
  else bad "report.pdf missing though Chromium is installed: $out"; fi
else
  echo "SKIP pdf: Chromium not installed"
  [[ "$out" == *"report.pdf   not written: Chromium is not installed"* ]] && pass "pdf skip explained" || bad "pdf skip message: $out"
fi
# Without a browser the other outputs are still written and the status is 0;
# a report.pdf of an earlier run is removed (it would disagree with the new
# report.html), and nothing of the temporary folder stays.
mkdir -p "$work/nopdf"
printf '%%PDF-1.4 an older report\n' > "$work/nopdf/report.pdf"
out=$(JH_CHROMIUM= "$b/junheng" report --stats-json "$work/stats.json" --out "$work/nopdf" 2>&1); rc=$?
[ $rc = 0 ] && [ -s "$work/nopdf/report.html" ] && [ ! -e "$work/nopdf/report.pdf" ] \
  && [[ "$out" == *"not written: Chromium is not installed"* ]] && pass "no browser: no PDF, old one removed, exit 0" \
  || bad "no browser: rc=$rc $out"
[ "$(ls -A "$work/nopdf" | sort | tr '\n' ' ')" = "report.html report.xlsx stats.json " ] \
  && pass "only the finished set in the folder" || bad "folder holds: $(ls -A "$work/nopdf")"
# Re-rendering a report's own stats.json keeps its details (county, round,
# issuer) unless the options change them.
"$b/junheng" report --stats-json "$work/out/stats.json" --out "$work/again1" --no-pdf \
  --county-name 青山县 --round 2026 --issuer 青山县教育局 >/dev/null &&
"$b/junheng" report --stats-json "$work/again1/stats.json" --out "$work/again2" --no-pdf --issuer 青山县人民政府 >/dev/null
$py - "$work/again2/stats.json" "$work/again2/report.html" <<'PY' && pass "details kept on re-rendering" || bad "details lost on re-rendering"
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))["report"]
assert (r["county_name"], r["round"], r["issuer"]) == ("青山县", "2026", "青山县人民政府"), r
assert "<h1>青山县2026年县域义务教育均衡发展监测报告</h1>" in open(sys.argv[2], encoding="utf-8").read()
PY
# A browser that fails: no report.pdf either (the older one removed), the
# warning says why, exit 0.
printf '%%PDF-1.4 an older report\n' > "$work/nopdf/report.pdf"
out=$(JH_CHROMIUM=/bin/false "$b/junheng" report --stats-json "$work/stats.json" --out "$work/nopdf" 2>&1); rc=$?
[ $rc = 0 ] && [ ! -e "$work/nopdf/report.pdf" ] && [[ "$out" == *"report.pdf not written: /bin/false failed"* ]] \
  && [[ "$out" == *"report.pdf   not written: printing failed"* ]] \
  && pass "failing browser: no PDF, old one removed, exit 0" || bad "failing browser: rc=$rc $out"
# A run that cannot finish (the workbook's place is taken by a folder)
# changes nothing: the earlier report.html stays as it was.
cp "$work/nopdf/report.html" "$work/before.html"
mkdir -p "$work/nopdf/report.xlsx.blocker"
chmod 0555 "$work/nopdf"
out=$(JH_CHROMIUM= "$b/junheng" report --stats-json "$work/stats.json" --out "$work/nopdf" --county-name 别的县 2>&1); rc=$?
chmod 0755 "$work/nopdf"
if [ "$(id -u)" = 0 ]; then
  echo "SKIP read-only output folder: running as root"
else
  [ $rc = 3 ] && cmp -s "$work/before.html" "$work/nopdf/report.html" && pass "failed run changes nothing" \
    || bad "failed run: rc=$rc $out"
fi
rmdir "$work/nopdf/report.xlsx.blocker"
# A file the disk does not take (written on the report's writer thread:
# the write of report.html, the fsync of stats.json fail), also as root:
# exit 3, the message names the file, nothing in the folder changes and no
# temporary folder stays.
PRE="$b/tests/libfault_preload.so"
for fault in "JH_FAULT_WRITE=1 JH_FAULT_PATH=report.html" "JH_FAULT_FSYNC=1 JH_FAULT_PATH=stats.json"; do
  ls -l --time-style=full-iso "$work/nopdf" > "$work/ls.before"
  cp "$work/nopdf/report.html" "$work/before2.html"
  out=$(env LD_PRELOAD="$PRE" ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" $fault \
    JH_CHROMIUM= "$b/junheng" report --stats-json "$work/stats.json" --out "$work/nopdf" --county-name 别的县 2>&1); rc=$?
  ls -l --time-style=full-iso "$work/nopdf" > "$work/ls.after"
  file=${fault##*=}
  if [ $rc = 3 ] && [[ "$out" == *"$file"*"(nothing in $work/nopdf was changed)"* ]] &&
     cmp -s "$work/ls.before" "$work/ls.after" && cmp -s "$work/before2.html" "$work/nopdf/report.html" &&
     [ -z "$(ls -A "$work/nopdf" | grep junheng-report)" ]; then
    pass "$fault: exit 3, nothing changed"
  else
    bad "$fault: rc=$rc $out; $(diff "$work/ls.before" "$work/ls.after")"
  fi
done

# The Chinese report and workbook hold no English word.
$py "$src/tests/report/check_chinese.py" "$work/out/report.html" "$work/out/report.xlsx" \
  && pass "no English in report.html and report.xlsx" || bad "English words in the Chinese report"

expect() { # expect DESC RC NEEDLE CMD...
  local desc=$1 want=$2 needle=$3; shift 3
  local o; o=$("$@" 2>&1); local r=$?
  if [ "$r" = "$want" ] && [[ "$o" == *"$needle"* ]]; then pass "$desc"; else bad "$desc: rc=$r: $o"; fi
}
expect "no --out" 2 "give --out DIR and either --db FILE or --stats-json FILE" "$b/junheng" report --stats-json "$work/stats.json"
expect "both inputs" 2 "either --db FILE or --stats-json FILE" "$b/junheng" report --db x.db --stats-json "$work/stats.json" --out "$work/o"
expect "bad option" 2 "unknown or incomplete option '--bogus'" "$b/junheng" report --bogus
expect "bad min-group" 2 "--min-group expects a whole number 1..1000, got 'x'" "$b/junheng" report --min-group x
expect "help" 0 "Usage: junheng report --db county.db --out DIR" "$b/junheng" report --help
printf '{"schools": [' > "$work/broken.json"
expect "broken json" 3 "broken.json: not a statistics document (JSON error near byte" "$b/junheng" report --stats-json "$work/broken.json" --out "$work/o"
expect "missing json" 3 "missing.json" "$b/junheng" report --stats-json "$work/missing.json" --out "$work/o"
exit $fail
