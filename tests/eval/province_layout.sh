#!/bin/bash
# The province overview's verdicts table fits the page (review fprov9 1):
# in a 1280-px browser window and printed on A4, with the widest cells a
# county can give (a level with CVs not computed, a threshold below 85 %,
# a county named by a long file name).  Before, its headers did not wrap
# and its 14 columns ran past the page's right edge.  Measured in headless
# Chromium: the table's right edge in the window (a script writes it into
# the DOM Chromium dumps), every word's right edge on the printed page
# (pdftotext -bbox).  Skipped without Chromium or pdftotext.
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"; J="$b/junheng"
base=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-province-layout.XXXXXX"); trap 'rm -rf "$t"' EXIT
fail=0
ok() { echo "PASS $1"; }
bad() { echo "FAIL $1"; fail=1; }
browser=${JH_CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ "${JH_SANITIZE:-0}" = 1 ] || [ -z "$browser" ] || ! command -v pdftotext >/dev/null; then
  echo "SKIP Chromium or pdftotext not installed, or a sanitizer build"; exit 0
fi
"$J" schools --db "$t/A.db" "$src/tests/eval/register.csv" >/dev/null && "$J" county --db "$t/A.db" "$src/tests/eval/county.csv" >/dev/null || bad "county A"
cp "$t/A.db" "$t/yixianjiaoyujudiaochashuju2026.db"
"$J" province --db "$t/p.db" "$t/A.db" "$t/yixianjiaoyujudiaochashuju2026.db" >/dev/null 2>&1 || bad "province"
# the widest cells: primary L2 and L5 not computed (无数据（L2、L5 无法计算）), 84.9999 %
# against a threshold of 78 % (78%（低于 85%）)
sqlite3 "$t/p.db" "UPDATE province_counties SET summary = json_set(summary, '\$.cv.primary.L2', NULL, '\$.cv.primary.L5', NULL,
  '\$.cv.primary.L1', 0.3, '\$.cv.primary.L3', 0.1, '\$.cv.primary.L4', 0.1, '\$.cv.primary.L6', 0.1, '\$.cv.primary.L7', 0.1,
  '\$.cv.junior.L2', NULL, '\$.cv.junior.L1', 0.3, '\$.social_recognition.rate', 0.849999, '\$.social_recognition.threshold', 0.78)" || bad "edit p.db"
"$J" province --db "$t/p.db" --out "$t/out" >/dev/null 2>&1 || bad "province --out"
html="$t/out/province.html"
grep -q '无数据（L2、L5 无法计算）' "$html" && grep -q '78%（低于 85%）' "$html" && grep -q 'yixianjiaoyujudiaochashuju2026' "$html" \
  || bad "the wide cells are not in province.html"
# 1. the window: the first table's (the verdicts) right edge against its section's
sed 's#</body>#<script>var t = document.querySelector("table"), s = t.parentElement.getBoundingClientRect();\
document.body.setAttribute("data-fit", Math.round(t.getBoundingClientRect().right) + " " + Math.round(s.right));</script></body>#' \
  "$html" > "$t/out/measure.html"
"$browser" --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$t/profile" --window-size=1280,1600 \
  --dump-dom "file://$t/out/measure.html" > "$t/dom.html" 2>/dev/null
fit=$(grep -o 'data-fit="[0-9 -]*"' "$t/dom.html" | tr -dc '0-9 ')
read -r right limit <<< "$fit"
[ -n "${limit:-}" ] && [ "$right" -le "$limit" ] && ok "1280-px window: the verdicts table ends at x=$right, within its section (x=$limit)" \
  || bad "1280-px window: the verdicts table ends at x=${right:-?}, past its section's x=${limit:-?}"
# 2. printed (A4, 15 mm margins: 595 x 842 pt, text within x 42.5 .. 552.5): every word of page 1
"$browser" --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$t/profile" --no-pdf-header-footer \
  --print-to-pdf="$t/p.pdf" "file://$html" >/dev/null 2>&1
pdftotext -f 1 -l 1 -bbox "$t/p.pdf" "$t/p1.html" || bad "pdftotext"
python3 - "$t/p1.html" <<'PY' && ok "printed A4: every word of page 1 within the right margin, 总体结论 on the page" || bad "printed A4: words past the right margin"
import re, sys
h = open(sys.argv[1], encoding="utf-8").read()
page = re.search(r'<page width="([\d.]+)" height="([\d.]+)"', h)
assert page and abs(float(page.group(1)) - 595.3) < 2, page and page.group(0)
words = re.findall(r'xMax="([\d.]+)"[^>]*>([^<]*)<', h)
over = [(w, float(x)) for x, w in words if float(x) > 595.3 - 42.5 + 1]
assert not over, over[:10]
assert any("总体" in w for _, w in words), "总体结论 not printed"
PY
exit $fail
