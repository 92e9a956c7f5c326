#!/bin/bash
# The province view keeps every school a county's minimum group hides
# (review rprivacy): a closed round's frozen statistics keep the county's
# --min-group, and the province uses the larger of it and its own; an open
# round is computed by the province, which says with what minimum.  One
# registered school with 8 questionnaires.
set -u
b="$JH_BUILD_DIR"; J="$b/junheng"
t=$(mktemp -d "${TMPDIR:-/tmp}/jh-province-mg.XXXXXX"); trap 'rm -rf "$t"' EXIT
fail=0
ok() { echo "PASS $1"; }
bad() { echo "FAIL $1"; fail=1; }
{ echo "code,name,level,locality,enrolment,teachers,teachers_above_qualification,teachers_intermediate_title,backbone_teachers,pe_art_teachers,floor_area,sports_area,equipment_value,multimedia_classrooms,computers,books"
  echo "3612345678,城关第一小学,primary,town,1200,70,60,30,14,12,8000,12000,3000000,30,150,30000"; } >"$t/schools.csv"
mkdir "$t/usb"
JH_GEN_SCALE=1 "$b/tests/stats_gen" "$t/k.db" K-1 3612345678 primary town 8 0 1 "$t/usb" full >/dev/null || bad "stats_gen"
for c in c5 c10; do
  "$J" schools --db "$t/$c.db" "$t/schools.csv" >/dev/null && "$J" merge --county 360701 --db "$t/$c.db" "$t/usb" >/dev/null 2>&1 ||
    bad "county $c"
done
# c5 closes its round with the default minimum (5), c10 with --min-group 10
"$J" round --db "$t/c5.db" --open 2027 --since 2027-01-01 --previous 2026 >/dev/null || bad "round c5"
"$J" round --db "$t/c10.db" --open 2027 --since 2027-01-01 --previous 2026 --min-group 10 >/dev/null || bad "round c10"
sat() { # sat PROVINCE_JSON: the school's satisfaction in it
  python3 -c 'import json,sys; e=json.load(open(sys.argv[1]))["counties"][0]; v=e["schools"]["3612345678"]["satisfaction"]; print("hidden" if v is None else "shown", e["min_group"])' "$1"
}
"$J" province --db "$t/p1.db" --round 2026 --out "$t/o1" "$t/c10.db" >/dev/null 2>&1 || bad "province c10"
[ "$(sat "$t/o1/province.json")" = "hidden 10" ] && ok "the county's --min-group 10 (frozen) hides the school in the province" ||
  bad "c10 with the province's default: $(sat "$t/o1/province.json")"
"$J" province --db "$t/p2.db" --round 2026 --out "$t/o2" "$t/c5.db" >/dev/null 2>&1 || bad "province c5"
[ "$(sat "$t/o2/province.json")" = "shown 5" ] && ok "8 questionnaires shown with minimum 5" ||
  bad "c5 with minimum 5: $(sat "$t/o2/province.json")"
"$J" province --db "$t/p3.db" --round 2026 --min-group 10 --out "$t/o3" "$t/c5.db" >/dev/null 2>&1 || bad "province c5 --min-group 10"
[ "$(sat "$t/o3/province.json")" = "hidden 10" ] && ok "the province's larger --min-group 10 hides a school of a round frozen with 5" ||
  bad "c5 with the province's --min-group 10: $(sat "$t/o3/province.json")"
# The open round (no --round): computed here; the province says with what minimum.
out=$("$J" province --db "$t/p4.db" --out "$t/o4" "$t/c10.db" 2>&1 >/dev/null)
[[ "$out" == *"no --round: the open round's satisfaction is computed here with minimum group 5"* ]] &&
  ok "open round: the province warns that it used minimum group 5" || bad "open round: no warning: $out"
# Survey rules (review r2bureau9, item 4): a county whose round was frozen
# under the earlier survey rules (the public's answers counted also for the
# school; a questionnaire answered 不了解 throughout valid) beside one of the
# current rules: their rates do not compare, and the province says so.
cp "$t/c5.db" "$t/c6.db"
sqlite3 "$t/c6.db" "UPDATE meta SET value = '360702' WHERE key = 'county_code'" || bad "c6: county code"
rules() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["survey_rules_differ"], *sorted(c["county"] + ":" + c["survey_rules"]["public_scope"] + "/" + c["survey_rules"]["dont_know_questionnaires"] for c in d["counties"]))' "$1"; }
out=$("$J" province --db "$t/p5.db" --round 2026 --out "$t/o5" "$t/c5.db" "$t/c6.db" 2>&1 >/dev/null)
[ "$(rules "$t/o5/province.json")" = "False 360701:county/not_valid 360702:county/not_valid" ] && [[ "$out" != *"survey rules"* ]] &&
  ! grep -q "问卷规则不同" "$t/o5/province.html" && ok "two counties of the same survey rules: no warning" ||
  bad "same survey rules: $(rules "$t/o5/province.json") / $out"
python3 - "$t/c6.db" <<'PY' || bad "c6: freeze 2026 under the earlier survey rules"
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
(s,) = db.execute("SELECT stats FROM county_rounds WHERE name = '2026'").fetchone()
d = json.loads(s)
del d["methods"]["public_scope"]; del d["responses"]["no_rated_answer"]
db.execute("UPDATE county_rounds SET stats = ? WHERE name = '2026'", (json.dumps(d, ensure_ascii=False),))
db.commit()
PY
out=$("$J" province --db "$t/p6.db" --round 2026 --out "$t/o6" "$t/c5.db" "$t/c6.db" 2>&1 >/dev/null)
zh=$(env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=C.UTF-8 "$J" province --db "$t/p7.db" --round 2026 --out "$t/o7" "$t/c5.db" "$t/c6.db" 2>&1 >/dev/null)
if [ "$(rules "$t/o6/province.json")" = "True 360701:county/not_valid 360702:school/valid" ] &&
   [[ "$out" == *"warning: the counties' statistics were not all computed under the same survey rules"* ]] &&
   [[ "$zh" == *"警告：各县的统计数据不是按同一问卷规则计算的"* ]] &&
   grep -q "各县统计所依据的问卷规则不同" "$t/o6/province.html"; then
  ok "a county of the earlier survey rules: province.json, the warning (Chinese too) and province.html say the rates do not compare"
else
  bad "earlier survey rules: $(rules "$t/o6/province.json")"; echo "$out"; echo "$zh"
fi
exit $fail
