#!/bin/bash
# Edge cases of the evaluation and of the register found by an outside review
# (session 13): a CV exactly at its limit, blank class counts, a level's own
# value inside the whole, values just below a standard, a 小学 with two
# enrolments, a new round on last round's data, a percentage typed as a
# fraction, a facts row with more cells than the header.
set -u
b="$JH_BUILD_DIR"; J="$b/junheng"
base=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-review.XXXXXX"); trap 'rm -rf "$t"' EXIT
fail=0
ok() { echo "PASS $1"; }
bad() { echo "FAIL $1"; fail=1; }

H='学校代码,学校名称,学段,城乡类别,在校生数,专任教师数,高于规定学历教师数,中级及以上职称教师数,县级以上骨干教师数,体育艺术专任教师数,教学及辅助用房面积,体育运动场馆面积,教学仪器设备值,网络多媒体教室数,计算机台数,图书册数'
JUNIOR='J1,丁中学,初中,城区,800,60,50,30,9,8,5000,9000,2100000,20,120,30000
J2,戊中学,初中,镇区,700,50,45,25,8,7,4300,7500,1800000,17,100,25000'

# 1. L7 of two primary schools of 300 pupils with 24 and 8 rooms: the CV is
# 0.5 (computed 0.5000000000000001), within the limit 0.50 everywhere.
printf '%s\n' "$H" 'P1,甲小学,小学,城区,300,20,15,10,4,3,1500,2400,700000,24,40,9000' \
  'P2,乙小学,小学,乡村,300,20,15,10,4,3,1500,2400,700000,8,40,9000' "$JUNIOR" > "$t/a.csv"
"$J" schools --db "$t/a.db" "$t/a.csv" > /dev/null 2>&1 || bad "cv: register"
sum=$("$J" stats --db "$t/a.db" --out "$t/a" 2>&1) || bad "cv: stats: $sum"
[[ "$sum" != *"CV over limit"* ]] && ok "cv at the limit: not listed over the limit" || bad "cv at the limit: $sum"
grep -q '^小学,L7,.*,0.5000,0.5000,是,' "$t/a/balance_cv.csv" && ok "cv at the limit: balance_cv.csv 是 (0.5000)" \
  || bad "cv at the limit: balance_cv.csv: $(grep 小学,L7 "$t/a/balance_cv.csv")"
python3 - "$t/a/stats.json" <<'PY' && ok "cv at the limit: stats.json and evaluation agree (pass)" || bad "cv at the limit: stats.json"
import json, sys
d = json.load(open(sys.argv[1]))
l7 = [e for e in d["balance"]["primary"]["quality"] if e["code"] == "L7"][0]
assert l7["pass"] is True, l7
assert d["balance"]["primary"]["quality_cvs_pass"] is True, d["balance"]["primary"]["quality_cvs_pass"]
assert not d["cv_over_limit"], d["cv_over_limit"]
ind = {i["code"]: i for p in d["evaluation"]["parts"] for i in p["indicators"]}
assert ind["L7"]["cv"]["primary"]["verdict"] == "pass", ind["L7"]["cv"]
PY
"$J" report --stats-json "$t/a/stats.json" --out "$t/ar" --no-pdf > /dev/null 2>&1 || bad "cv: report"
if [ -f "$t/ar/report.html" ]; then
  grep -q '× 超限' "$t/ar/report.html" && bad "cv at the limit: report.html says 超限" || ok "cv at the limit: report.html not 超限"
fi

# 2. A blank class count is 无数据, not a shortfall; a level without pupils
# (a nine-year school with 初中在校生数 0) is not evaluated.
X='学校代码,学校名称,学段,城乡类别,在校生数,小学在校生数,初中在校生数,专任教师数,高于规定学历教师数,中级及以上职称教师数,县级以上骨干教师数,体育艺术专任教师数,教学及辅助用房面积,体育运动场馆面积,教学仪器设备值,网络多媒体教室数,计算机台数,图书册数,小学班级数,初中班级数,小学最大班额,初中最大班额,音乐专用教室数,最小音乐专用教室面积,美术专用教室数,最小美术专用教室面积'
printf '%s\n' "$X" 'A1,甲小学,小学,城区,1000,,,60,50,30,12,10,5000,8000,2100000,25,120,30000,24,,45,,2,100,2,100' \
  'A2,乙小学,小学,乡村,500,,,30,25,15,6,5,2500,4000,1050000,12,60,15000,,,40,,1,100,1,100' \
  'N1,丙九年制,九年一贯制,镇区,600,600,0,40,30,20,7,6,3000,4800,1300000,15,70,18000,14,,45,,2,100,2,100' \
  'J1,丁中学,初中,城区,800,,,60,50,30,9,8,5000,9000,2100000,20,120,30000,,16,,50,2,100,2,100' > "$t/b.csv"
"$J" schools --db "$t/b.db" "$t/b.csv" > /dev/null 2>&1 || bad "classes: register"
"$J" stats --db "$t/b.db" --out "$t/b" > /dev/null 2>&1 || bad "classes: stats"
python3 - "$t/b/stats.json" <<'PY' && ok "blank class count 无数据; empty junior part not evaluated" || bad "blank class count / empty level"
import json, sys
d = json.load(open(sys.argv[1]))
ind = {i["code"]: i for p in d["evaluation"]["parts"] for i in p["indicators"]}
g3 = {e["code"]: e for e in ind["G3"]["schools"]}
g5 = {e["code"]: e for e in ind["G5"]["schools"]}
assert g3["A2"]["verdict"] == "no_data", g3["A2"]
assert "needed_zh" not in g3["A2"], g3["A2"]
assert g3["N1"]["verdict"] == "pass", g3["N1"]
assert g5["N1"]["verdict"] == "pass" and "初中" not in g5["N1"]["value_zh"], g5["N1"]
assert ind["G3"]["verdict"] == "no_data", ind["G3"]["verdict"]
assert ind["G5"]["verdict"] == "pass", ind["G5"]["verdict"]
PY
"$J" rectify --db "$t/b.db" --out "$t/br" > /dev/null 2>&1 || bad "classes: rectify --out"
grep -q '/G3,' "$t/br/rectify.csv" && bad "classes: rectify.csv lists G3: $(grep /G3, "$t/br/rectify.csv")" \
  || ok "classes: no G3 shortfall in rectify.csv"

# 3. A level's own value is part of the whole: the level without its own
# value gets the rest (6000 − 4000 m²), not the whole times its share; levels
# giving more than the whole are a 数据打架 and the rest is 无数据.
C='学校代码,学校名称,学段,城乡类别,在校生数,小学在校生数,初中在校生数,专任教师数,高于规定学历教师数,中级及以上职称教师数,县级以上骨干教师数,体育艺术专任教师数,教学及辅助用房面积,小学教学及辅助用房面积,体育运动场馆面积,教学仪器设备值,网络多媒体教室数,计算机台数,图书册数'
printf '%s\n' "$C" 'N1,丙九年制,九年一贯制,镇区,1000,500,500,70,60,35,12,10,6000,4000,9000,2300000,25,130,32000' \
  'N2,丁九年制,九年一贯制,镇区,1000,500,500,70,60,35,12,10,3000,4000,9000,2300000,25,130,32000' \
  'A1,甲小学,小学,城区,1000,,,60,50,30,12,10,5000,,8000,2100000,25,120,30000' > "$t/c.csv"
out=$("$J" schools --db "$t/c.db" "$t/c.csv" 2>&1) || bad "shares: register: $out"
[[ "$out" == *"c.csv:3: school N2: column 'floor_area' (教学及辅助用房面积) 3000 is less than the levels given"* ]] \
  && ok "shares: levels above the whole warned with file:line:field" || bad "shares: no 数据打架 warning: $out"
[[ "$out" != *"c.csv:2:"* ]] && ok "shares: a consistent school not warned" || bad "shares: N1 warned: $out"
"$J" stats --db "$t/c.db" --out "$t/c" > /dev/null 2>&1 || bad "shares: stats"
python3 - "$t/c/stats.json" <<'PY' && ok "shares: junior L4 = (6000 − 4000)/500 = 4.00, fails 5.8; conflict 无数据" || bad "shares: L4"
import json, sys
d = json.load(open(sys.argv[1]))
ind = {i["code"]: i for p in d["evaluation"]["parts"] for i in p["indicators"]}
l4 = {(e["code"], e["part"]): e for e in ind["L4"]["schools"]}
assert abs(l4[("N1", "junior")]["value"] - 4.0) < 1e-9, l4[("N1", "junior")]
assert abs(l4[("N1", "primary")]["value"] - 8.0) < 1e-9, l4[("N1", "primary")]
assert l4[("N2", "junior")]["value"] is None and l4[("N2", "junior")]["verdict"] == "no_data", l4[("N2", "junior")]
PY

# 4. A value just below a standard or just above a limit is printed with the
# decimals that tell them apart: L1 = 100·83/1978 = 4.196 is not "4.20
# (标准 4.2)"; a junior L5 CV of 0.450036 is not "0.450 超过 0.45".
printf '%s\n' "$H" 'P1,甲小学,小学,城区,1978,110,83,50,18,20,9000,15000,4000000,46,200,50000' \
  'P2,乙小学,小学,乡村,500,30,25,15,6,5,2500,4000,1050000,12,60,15000' \
  'J1,丁中学,初中,城区,1000,60,60,30,12,10,6000,26366,2100000,20,120,30000' \
  'J2,戊中学,初中,镇区,1000,60,60,30,12,10,6000,10000,2100000,20,120,30000' > "$t/d.csv"
"$J" schools --db "$t/d.db" "$t/d.csv" > /dev/null 2>&1 || bad "decimals: register"
"$J" stats --db "$t/d.db" --out "$t/d" > /dev/null 2>&1 || bad "decimals: stats"
grep -q '^资源配置,L1,.*,P1,.*小学 4\.196（标准 4\.2）' "$t/d/evaluation.csv" && ok "decimals: L1 4.196 against 4.2" \
  || bad "decimals: evaluation.csv: $(grep 'L1,.*,P1,' "$t/d/evaluation.csv")"
"$J" report --stats-json "$t/d/stats.json" --out "$t/dr" --no-pdf > /dev/null 2>&1 || bad "decimals: report"
grep -q '初中差异系数 0\.45004 超过 0\.45' "$t/dr/report.html" && ok "decimals: report CV 0.45004 超过 0.45" \
  || bad "decimals: report: $(grep -o '初中差异系数[^<]*' "$t/dr/report.html" | head -3)"
"$J" rectify --db "$t/d.db" --out "$t/drr" > /dev/null 2>&1 || bad "decimals: rectify --out"
grep -q '初中差异系数 0\.45004（上限 0\.45）' "$t/drr/rectify.csv" && ok "decimals: rectify.csv CV 0.45004" \
  || bad "decimals: rectify.csv: $(grep -o '初中差异系数[^,]*' "$t/drr/rectify.csv" | head -3)"

# 5. A 小学 giving 在校生数 1000 and 小学在校生数 900: a 数据打架 warning
# (file:line, both columns), as for a combined school; the level's 900 is used.
printf '%s\n' '学校代码,学校名称,学段,城乡类别,在校生数,小学在校生数,专任教师数,高于规定学历教师数,中级及以上职称教师数,县级以上骨干教师数,体育艺术专任教师数,教学及辅助用房面积,体育运动场馆面积,教学仪器设备值,网络多媒体教室数,计算机台数,图书册数' \
  'P1,甲小学,小学,城区,1000,900,60,50,30,12,10,5000,8000,2100000,25,120,30000' \
  'P2,乙小学,小学,城区,1000,1000,60,50,30,12,10,5000,8000,2100000,25,120,30000' > "$t/f.csv"
out=$("$J" schools --db "$t/f.db" "$t/f.csv" 2>&1) || bad "two enrolments: register: $out"
[[ "$out" == *"f.csv:2: school P1: column 'enrolment' (在校生数) 1000 differs from column 'enrolment_primary' (小学在校生数) 900 (数据打架)"* ]] \
  && ok "two enrolments: 数据打架 warned with file:line and both columns" || bad "two enrolments: $out"
[[ "$out" != *"f.csv:3:"* ]] && ok "two enrolments: equal figures not warned" || bad "two enrolments: P2 warned: $out"

# 6. A new round opened without loading the register and the county facts
# again: the statistics warn that both predate the round (stored data as
# they were); loaded again in the round, no warning.
src="$JH_SOURCE_DIR/data/sample"
"$J" round --db "$t/e.db" --open 2025 --since 2025-03-01 > /dev/null 2>&1 || bad "rounds: open 2025"
"$J" schools --db "$t/e.db" "$src/schools.csv" > /dev/null 2>&1 || bad "rounds: register"
"$J" county --db "$t/e.db" "$src/county.csv" > /dev/null 2>&1 || bad "rounds: facts"
out=$("$J" stats --db "$t/e.db" --out "$t/e0" 2>&1) || bad "rounds: stats 2025"
[[ "$out" != *"before round"* ]] && ok "rounds: the first round loaded after opening: no warning" || bad "rounds: 2025 warned: $out"
# (no pause: times are kept to the millisecond)
"$J" round --db "$t/e.db" --open 2026 --since 2026-03-01 > /dev/null 2>&1 || bad "rounds: open 2026"
out=$("$J" stats --db "$t/e.db" --out "$t/e" 2>&1) || bad "rounds: stats 2026"
[[ "$out" == *"the school register was loaded at "*", before round 2026 was opened"* ]] \
  && [[ "$out" == *"the county facts (county.csv) were loaded at "*", before round 2026 was opened"* ]] \
  && ok "rounds: last round's register and facts warned" || bad "rounds: no warning: $out"
python3 - "$t/e/stats.json" <<'PY' && ok "rounds: the warnings in stats.json, Chinese too" || bad "rounds: stats.json warnings"
import json, sys
d = json.load(open(sys.argv[1]))
assert sum("before round 2026 was opened" in w for w in d["warnings"]) == 2, d["warnings"]
assert sum("早于本轮（2026）开启时间" in w for w in d["warnings_zh"]) == 2, d["warnings_zh"]
PY
"$J" schools --db "$t/e.db" "$src/schools.csv" > /dev/null 2>&1 || bad "rounds: register 2026"
"$J" county --db "$t/e.db" "$src/county.csv" > /dev/null 2>&1 || bad "rounds: facts 2026"
out=$("$J" stats --db "$t/e.db" --out "$t/e2" 2>&1) || bad "rounds: stats 2026 reloaded"
[[ "$out" != *"before round"* ]] && ok "rounds: reloaded in the round: no warning" || bad "rounds: reloaded, still warned: $out"

[ $fail -eq 0 ] && echo "all review cases passed"
exit $fail
