#!/bin/bash
# Outside review reval5 (session 20):
# 1. a plan written before the first round was opened (its 轮次 empty) loads
#    after `round --open NEXT --previous NAME` froze that data as NAME, as
#    NAME's; where the database does not record that round, the refusal
#    says what to write in the 轮次 column (Chinese first);
# 2. 整改项 is one number under one name: the plan's items in the stats
#    summary, `rectify --out`, the report and the workbook; the schools'
#    resource shortfalls are 资源配置整改项;
# 3. the status listing names the level of a nine-year school's indicator
#    (小学 / 初中), not the same line twice;
# 4. a failing S1 shows how far it is below its threshold in the report's
#    未达标或无数据的情况 and 存在的主要问题, the plan's 差距（所需）, the
#    workbook's 评估指标 and evaluation.csv.
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"; J="$b/junheng"
base=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-reval5.XXXXXX"); [ -n "${JH_KEEP:-}" ] || trap 'rm -rf "$t"' EXIT
fail=0
ok() { echo "PASS $1"; }
bad() { echo "FAIL $1"; fail=1; }
gen() { "$b/tests/stats_gen" "$@" >/dev/null || { echo "FAIL stats_gen $*"; exit 1; }; }
export LANGUAGE=en
T0=1790000000000   # 2026-09-21
mkdir -p "$t/u1"
# the worked register, its nine-year school C01 short of PE and art teachers in both levels
sed 's/^\(C01,\([^,]*,\)\{8\}\)16,/\18,/' "$src/tests/eval/register.csv" > "$t/register.csv"
grep -q '^C01,\([^,]*,\)\{8\}8,' "$t/register.csv" || { echo "FAIL test register not made"; exit 1; }
STATS_GEN_T0=$T0 gen "$t/k1.db" K-A A01 primary urban 12 3 1 "$t/u1" full
STATS_GEN_T0=$T0 gen "$t/k2.db" K-B B01 junior urban 12 3 2 "$t/u1" full
STATS_GEN_T0=$T0 gen "$t/k3.db" K-C C01 primary rural 12 3 3 "$t/u1" full

# data, no round yet (the documented order): the plan is written with 轮次 empty
"$J" schools --db "$t/c.db" "$t/register.csv" >/dev/null 2>&1 || bad "register"
"$J" county --db "$t/c.db" "$src/tests/eval/county.csv" >/dev/null || bad "county facts"
"$J" merge --county 360701 --db "$t/c.db" "$t/u1" >/dev/null || bad "merge"
out=$("$J" rectify --db "$t/c.db" --out "$t/plan" 2>&1) || bad "rectify --out: $out"
python3 - "$t/plan/rectify.csv" "$t/filled.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
col = lambda name: [i for i, h in enumerate(rows[0]) if h.startswith(name)][0]
assert all(r[col("轮次")] == "" for r in rows[1:]), "a plan of a database without rounds has 轮次 empty"
for i, r in enumerate(rows[1:]):
    r[col("整改措施")], r[col("责任部门")] = "措施%d" % i, "教育股"
with open(sys.argv[2], "w", encoding="utf-8-sig", newline="") as f:
    csv.writer(f, lineterminator="\r\n").writerows(rows)
PY
n_rows=$(($(wc -l < "$t/filled.csv") - 1))

# -- 2. one number under one name
out=$("$J" rectify --db "$t/c.db" --out "$t/plan1" 2>&1) || bad "rectify --out: $out"
n_out=$(sed -n 's/^rectify: \([0-9]*\) rectification items (整改项, shortfalls) of round.*/\1/p' <<<"$out")
sout=$("$J" stats --db "$t/c.db" --out "$t/s1" 2>&1) || bad "stats: $sout"
n_plan=$(sed -n 's/^  rectification items 整改项 (the plan, `junheng rectify --out`): \([0-9]*\)$/\1/p' <<<"$sout")
n_res=$(sed -n 's/^  resource shortfalls 资源配置整改项 (整改清单, rectification.csv): \([0-9]*\)$/\1/p' <<<"$sout")
n_json=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["rectification"]))' "$t/s1/stats.json")
[ -n "$n_plan" ] && [ "$n_plan" = "$n_out" ] && [ "$n_plan" = "$n_rows" ] && [ "$n_res" = "$n_json" ] \
  && [ "$n_plan" != "$n_res" ] \
  && ok "stats: 整改项 $n_plan as rectify --out's, 资源配置整改项 $n_res under its own name" \
  || bad "stats 整改项 '$n_plan', rectify --out $n_out, plan rows $n_rows, 资源配置整改项 '$n_res' (rectification $n_json): $(grep -i '整改' <<<"$sout")"
zout=$("$J" --lang zh stats --db "$t/c.db" 2>&1)
[[ "$zout" == *"  整改项（整改方案，junheng rectify --out）：$n_plan 项"* ]] \
  && [[ "$zout" == *"  资源配置整改项（整改清单，rectification.csv）：$n_res 项"* ]] \
  && ok "... in Chinese" || bad "stats in Chinese: $(grep '整改' <<<"$zout")"
zout=$("$J" --lang zh rectify --db "$t/c.db" --out "$t/plan0" 2>&1)
[[ "$zout" == *"$n_plan 个整改项（未达标项）已写入"* ]] && ok "rectify --out in Chinese: $n_plan 个整改项" \
  || bad "rectify --out in Chinese: $zout"
"$J" report --db "$t/c.db" --out "$t/rep" >/dev/null 2>&1 || bad "report (self-assessment)"
/usr/bin/python3 - "$t/rep" "${n_plan:-0}" "${n_res:-0}" <<'PY' || fail=1
import re, sys, openpyxl
d, n_plan, n_res = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
html = open(d + "/report.html", encoding="utf-8").read()
sec = html[html.index('<section id="rectify">'):]
sec = sec[:sec.index("</section>")]
text = re.sub(r"<[^>]+>", "", sec)
ok = "整改项共 %d 项" % n_plan in text
print(("PASS" if ok else "FAIL") + " report 七（一）: 整改项共 %d 项" % n_plan + ("" if ok else ": " + text[-300:]))
got = {}
for r in openpyxl.load_workbook(d + "/report.xlsx", read_only=True)["汇总"].iter_rows(values_only=True):
    if r and r[0] in ("整改项", "资源配置整改项"):
        got[r[0]] = r[1]
ok2 = got == {"整改项": n_plan, "资源配置整改项": n_res}
print(("PASS" if ok2 else "FAIL") + " workbook 汇总: 整改项 %d, 资源配置整改项 %d" % (n_plan, n_res) + ("" if ok2 else ": %r" % got))
sys.exit(0 if ok and ok2 else 1)
PY

# -- 4. a failing S1: the gap beside it everywhere its row is
/usr/bin/python3 - "$t/rep" "$t/plan/rectify.csv" "$t/s1" <<'PY' || fail=1
import csv, json, re, sys, openpyxl
rep, plan, sdir = sys.argv[1:4]
st = json.load(open(sdir + "/stats.json"))
s1 = [i for p in st["evaluation"]["parts"] for i in p["indicators"] if i["code"] == "S1"][0]
assert s1["verdict"] == "fail", "test data: S1 passes (%r)" % s1.get("rate")
rate, thr = s1["rate"] * 100, s1["threshold"] * 100
want1 = "社会认可度 %.1f %%，低于 %g %% %.1f 个百分点" % (rate, thr, thr - rate)
want2 = "低于标准%.2f个百分点，需提高到%g%%以上" % (thr - rate, thr)
want3 = "社会认可度 %.2f%%，低于 %g%% %.2f 个百分点" % (rate, thr, thr - rate)
res = []
html = open(rep + "/report.html", encoding="utf-8").read()
part = html[html.index('<section id="part-social"'):]
part = part[:part.index("</section>")]
row = [r for r in re.findall(r"<tr>.*?</tr>", part, re.S) if "<td>S1</td>" in r][0]
cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
res.append(("五、社会认可度 S1 未达标或无数据的情况", re.sub(r"<[^>]+>", "", cells[4]), want1))
prob = html[html.index('<section id="problems"'):]
prob = prob[:prob.index("</section>")]
li = [l for l in re.findall(r"<li>.*?</li>", prob, re.S) if "S1" in l][0]
res.append(("六、存在的主要问题 S1", re.sub(r"<[^>]+>", "", li.split("<br>", 1)[1]), want1))
now = html[html.index('<section id="rectify">'):]
tr = [r for r in re.findall(r"<tr>.*?</tr>", now, re.S) if "S1 社会认可度" in r][0]
res.append(("七（一） S1 差距（所需）", re.sub(r"<[^>]+>", "", re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)[4]), want2))
rows = list(csv.reader(open(plan, encoding="utf-8-sig")))
col = [i for i, h in enumerate(rows[0]) if h.startswith("差距")][0]
res.append(("rectify.csv county/S1 差距（所需）", [r for r in rows if r[0] == "county/S1"][0][col], want2))
ws = openpyxl.load_workbook(rep + "/report.xlsx", read_only=True)["评估指标"]
head = None
for r in ws.iter_rows(values_only=True):
    if head is None:
        head = list(r)
    elif r[1] == "S1":
        res.append(("workbook 评估指标 S1 说明", r[head.index("说明")], want1))
ev = list(csv.reader(open(sdir + "/evaluation.csv", encoding="utf-8-sig")))
e = [r for r in ev if r[1] == "S1" and r[3] == "全县"][0]
res.append(("evaluation.csv S1 数值", e[ev[0].index("数值")], want3))
bad = 0
for what, got, want in res:
    good = got == want
    bad += not good
    print(("PASS " if good else "FAIL ") + what + ": " + (want if good else "%r, expected %r" % (got, want)))
sys.exit(1 if bad else 0)
PY

# -- 1. the plan of the data without rounds, loaded after --previous froze that data
"$J" round --db "$t/c.db" --open 2027 --since 2027-01-01 --previous 2026 >/dev/null 2>&1 || bad "round 2027 --previous 2026"
cp "$t/c.db" "$t/c-before.db"
out=$("$J" rectify --db "$t/c.db" --load "$t/filled.csv" 2>&1); rc=$?
stored=$(sqlite3 "$t/c.db" "SELECT count(*) FROM rectify_items WHERE round = '2026' AND measures LIKE '措施%' AND department = '教育股'")
[ $rc -eq 0 ] && [ "$stored" = "$n_rows" ] && [[ "$out" == *"taken as round 2026"* ]] \
  && [[ "$out" == *"loaded the plan of round 2026: $n_rows items, $n_rows with measures"* ]] \
  && ok "a plan with 轮次 empty, after --previous 2026: loaded as 2026's ($stored items) and said so" \
  || bad "plan with 轮次 empty after --previous (rc $rc, $stored stored of $n_rows): $out"
cp "$t/c-before.db" "$t/cz.db"
out=$("$J" --lang zh rectify --db "$t/cz.db" --load "$t/filled.csv" 2>&1)
[[ "$out" == *"“轮次”列为空"*"按轮次 2026 导入"* ]] && ok "... in Chinese" || bad "in Chinese: $out"

# -- 3. the status listing names the level of a nine-year school's indicator
out=$("$J" rectify --db "$t/c.db" 2>&1)
l3=$(grep ' C01 ' <<<"$out" | grep ' L3 ')
[ "$(wc -l <<<"$l3")" = 2 ] && grep -q ' L3 primary ' <<<"$l3" && grep -q ' L3 junior ' <<<"$l3" \
  && [ "$(sort <<<"$out" | uniq -d)" = "" ] \
  && ok "status listing: C01 L3 primary and L3 junior, no line twice" || bad "status listing: $out"
out=$("$J" --lang zh rectify --db "$t/c.db" 2>&1)
grep -q ' C01 .* L3 小学 ' <<<"$out" && grep -q ' C01 .* L3 初中 ' <<<"$out" && ok "... in Chinese: 小学 / 初中" \
  || bad "status listing in Chinese: $(grep C01 <<<"$out")"

# -- 1. where the round that data became is not recorded: what to write in 轮次
# (the first round opened on a new database; the plan's 轮次 emptied)
"$J" round --db "$t/n.db" --open 2026 --since 2026-01-01 >/dev/null || bad "open 2026 (n)"
"$J" schools --db "$t/n.db" "$t/register.csv" >/dev/null 2>&1 && "$J" county --db "$t/n.db" "$src/tests/eval/county.csv" >/dev/null \
  && "$J" merge --county 360701 --db "$t/n.db" "$t/u1" >/dev/null || bad "data (n)"
"$J" rectify --db "$t/n.db" --out "$t/nplan" >/dev/null || bad "rectify --out (n)"
python3 - "$t/nplan/rectify.csv" "$t/nempty.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
c = [i for i, h in enumerate(rows[0]) if h.startswith("轮次")][0]
for r in rows[1:]:
    r[c] = ""
with open(sys.argv[2], "w", encoding="utf-8-sig", newline="") as f:
    csv.writer(f, lineterminator="\r\n").writerows(rows)
PY
sum=$(sqlite3 "$t/n.db" .dump | sha256sum)
out=$("$J" rectify --db "$t/n.db" --load "$t/nempty.csv" 2>&1); rc=$?
[ $rc -eq 1 ] && [[ "$out" == *"the 轮次 column is empty"*"write the round the plan was written for in the 轮次 column of every row (the rounds of $t/n.db: 2026 (open))"* ]] \
  && [ "$(sqlite3 "$t/n.db" .dump | sha256sum)" = "$sum" ] \
  && ok "轮次 empty, the round not known: says to write the round in the 轮次 column, naming the rounds (exit 1)" \
  || bad "轮次 empty, round not known (rc $rc): $out"
out=$("$J" --lang zh rectify --db "$t/n.db" --load "$t/nempty.csv" 2>&1)
[[ "$out" == "junheng rectify："*"“轮次”列为空"*"在每一行的“轮次”列填写"*"2026（当前轮次）"* ]] && ok "... in Chinese" \
  || bad "round not known, in Chinese: $out"
exit $fail
