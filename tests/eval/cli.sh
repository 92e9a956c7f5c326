#!/bin/bash
# The evaluation from the command line (issue 17): the register with its
# evaluation columns, `junheng template county`, `junheng county` (good and
# bad sheets), and what `junheng stats` prints and writes (stats.json
# "evaluation", evaluation.csv).
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"; J="$b/junheng"
base=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-eval.XXXXXX"); trap 'rm -rf "$t"' EXIT
fail=0
ok() { echo "PASS $1"; }
bad() { echo "FAIL $1"; fail=1; }

out=$("$J" schools --db "$t/c.db" "$src/tests/eval/register.csv" 2>&1) && ok "register with evaluation columns" \
  || bad "register: $out"
# the template is a valid sheet: every item blank (无数据), thresholds national
"$J" template county > "$t/empty.csv" || bad "template county"
[[ "$(head -c 3 "$t/empty.csv")" == $'\xEF\xBB\xBF' ]] && ok "template has a BOM" || bad "template BOM"
grep -q '^std.G5.primary,G5 小学班额上限（人）,45,国家标准' "$t/empty.csv" && ok "template threshold row" \
  || bad "template threshold row: $(grep G5 "$t/empty.csv")"
out=$("$J" county --db "$t/c.db" "$t/empty.csv" 2>&1) && [[ "$out" == *"loaded 0 of 28 county facts"* ]] \
  && ok "empty template loads, nothing given" || bad "empty template: $out"
"$J" stats --db "$t/c.db" --out "$t/s0" > "$t/sum0" 2>&1 || bad "stats (empty facts)"
python3 - "$t/s0/stats.json" <<'PY' && ok "no facts: county indicators 无数据, never pass" || bad "no facts verdicts"
import json, sys
ev = json.load(open(sys.argv[1]))["evaluation"]
ind = {i["code"]: i for p in ev["parts"] for i in p["indicators"]}
for c in ["G1", "G2", "G6", "G7", "G8", "G10", "G11", "G13", "G14", "G15", "Q1", "Q2", "Q9"]:
    assert ind[c]["verdict"] == "no_data", (c, ind[c]["verdict"])
assert ev["veto"]["verdict"] == "no_data"
assert ev["overall"]["verdict"] != "pass"
PY

# a bad sheet: every bad row named, nothing stored (the empty facts stay)
printf '代码,值,依据\nG1.layout,maybe,x\nG13.junior,101,y\nG99,1,z\n' > "$t/bad.csv"
out=$("$J" county --db "$t/c.db" "$t/bad.csv" 2>&1); rc=$?
[ $rc -eq 1 ] && [[ "$out" == *"bad.csv:2: column 'value' (值) of G1.layout"* ]] \
  && [[ "$out" == *"bad.csv:3: column 'value' (值) of G13.junior"* ]] \
  && [[ "$out" == *"bad.csv:4: column 'key' (代码): unknown item 'G99'"* ]] \
  && [[ "$out" == *"nothing loaded"* ]] && ok "bad sheet rejected with lines" || bad "bad sheet (rc $rc): $out"

out=$("$J" county --db "$t/c.db" "$src/tests/eval/county.csv" 2>&1) \
  && [[ "$out" == *"loaded 27 of 28 county facts from county.csv"* ]] && [[ "$out" == *"G10.quotas"* ]] \
  && ok "county facts loaded, the blank one listed" || bad "county facts: $out"
sum=$("$J" stats --db "$t/c.db" --out "$t/s" 2>&1) || bad "stats: $sum"
[[ "$sum" == *"evaluation (32 indicators): fail: a veto item fails"* ]] \
  && ok "summary: overall verdict, veto first" || bad "summary: $sum"
[[ "$sum" == *"government assurance fail (4 failed, 1 without data)"* ]] && ok "summary: government part" \
  || bad "summary government part: $sum"
python3 - "$t/s/stats.json" <<'PY' && ok "stats.json evaluation" || bad "stats.json evaluation"
import json, sys
d = json.load(open(sys.argv[1]))
ev = d["evaluation"]
assert ev["n_indicators"] == 32
assert ev["facts_loaded"] and ev["facts_source"] == "county.csv"
assert [p["code"] for p in ev["parts"]] == ["resource", "government", "quality", "social"]
assert [len(p["indicators"]) for p in ev["parts"]] == [7, 15, 9, 1]
ind = {i["code"]: i for p in ev["parts"] for i in p["indicators"]}
assert ind["G13"]["verdict"] == "fail" and ind["G10"]["verdict"] == "no_data"
assert ind["S1"]["verdict"] == "no_data"  # no survey answers in this database
g5 = {s["code"]: s for s in ind["G5"]["schools"]}
assert g5["B01"]["verdict"] == "fail" and "最大55人（上限50）" in g5["B01"]["value_zh"], g5["B01"]
assert d["verdicts"]["evaluation"]["verdict"] == "fail"
PY
grep -q '^一票否决,V,一票否决事项,全县,,设置重点学校或重点班（一票否决）,是,均为“否”（无此情形）,未达标,督导组核查记录 第2页' \
  "$t/s/evaluation.csv" && ok "evaluation.csv veto row with evidence" || bad "evaluation.csv: $(head -5 "$t/s/evaluation.csv")"
grep -q '^政府保障程度,G10,.*,全县,,县级教育行政部门统筹分配各校教职工编制和岗位数量,无数据,是,无数据,未注明依据' \
  "$t/s/evaluation.csv" && ok "evaluation.csv: missing fact 无数据, 未注明依据" || bad "evaluation.csv G10: $(grep G10 "$t/s/evaluation.csv")"
# (county loads into an existing county database: the sample register first)
"$J" schools --db "$t/sample.db" "$src/data/sample/schools.csv" >/dev/null 2>&1 || bad "sample register"
out=$("$J" county --db "$t/sample.db" "$src/data/sample/county.csv" 2>&1) && [[ "$out" == *"loaded 28 of 28 county facts"* ]] && [[ "$out" != *"no evidence"* ]] && echo "PASS the sample county facts load, all with evidence" || { echo "FAIL sample county facts: $out"; fail=1; }
exit $fail
