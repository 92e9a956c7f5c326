#!/bin/bash
# Rounds and clocks (outside review, session 16): a merge that commits while
# `round --open` computes the closing round's statistics is not lost between
# the two rounds without a word; answers dated after today (a kiosk's clock
# ahead) are named by `stats` and by `round --open`, which says where they
# count; a --since more than a year ahead (a mistyped year) is refused; the
# check of a register loaded before the round opened does not follow the
# bureau computer's clock when it finds the earlier rounds, and its Chinese
# text gives Beijing time to the second (not UTC ISO with milliseconds).
set -u
b="$JH_BUILD_DIR"; J="$b/junheng"
base=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-rclock.XXXXXX"); [ -n "${JH_KEEP:-}" ] || trap 'rm -rf "$t"' EXIT; echo "tmp $t"
fail=0
ok() { echo "PASS $1"; }
bad() { echo "FAIL $1"; fail=1; }
gen() { "$b/tests/stats_gen" "$@" >/dev/null || { echo "FAIL stats_gen $*"; exit 1; }; }
export LANGUAGE=en
T0=1790000000000   # 2026-09-21
total() { python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["responses"]["total"])' "$1"; }

# -- a merge while the closing round's statistics are computed
mkdir -p "$t/u1" "$t/u2"
STATS_GEN_T0=$T0 gen "$t/k1.db" K-1 3607030001 primary rural 6 2 1 "$t/u1" full
STATS_GEN_T0=$T0 gen "$t/k2.db" K-2 3607020001 primary town 6 2 2 "$t/u2" full
"$J" round --db "$t/a.db" --open 2026 --since 2026-01-01 >/dev/null || bad "open 2026"
"$J" merge --county 360701 --db "$t/a.db" "$t/u1" >/dev/null || bad "merge u1"
n1=$(sqlite3 "$t/a.db" 'SELECT count(*) FROM responses')
# (round --open holds the write lock for 9 s: a merge that arrives 2 s after
# it started and finds it waits past the usual 5 s, says so, and goes on)
JH_ROUND_TEST_OPEN_PAUSE_MS=9000 "$J" round --db "$t/a.db" --open 2027 --since 2027-01-01 > "$t/open.out" 2>&1 &
pid=$!
sleep 2  # (round --open in its pause, holding the write lock)
merge_out=$("$J" merge --county 360701 --db "$t/a.db" "$t/u2" 2>&1) || bad "merge u2 during round --open: $merge_out"
wait $pid || bad "round --open 2027 during a merge: $(cat "$t/open.out")"
n=$(sqlite3 "$t/a.db" 'SELECT count(*) FROM responses')
"$J" stats --db "$t/a.db" --round 2026 --out "$t/s26" >/dev/null 2>&1 || bad "stats --round 2026"
frozen=$(total "$t/s26/stats.json")
# every answer dated 2026 is either in the frozen statistics of 2026, or
# merge said it counts in no round
if [ "$frozen" = "$n" ]; then
  ok "the merge came before the round closed: 2026 counts all $n answers"
elif [ "$frozen" = "$n1" ] && [[ "$merge_out" == *"they count in no round"* ]] \
  && [[ "$merge_out" == *"the database is being upgraded or written: please wait (at most 10 minutes)"* ]]; then
  ok "the merge waited for the round to close (saying so), and says its answers count in no round"
else
  bad "2026 frozen with $frozen of $n answers ($n1 before the merge), merge said: $merge_out"
fi

# -- two round --open at once: the second read the open round (2027b) before
# the first committed 2027c; it must not close 2027c saying it closed 2027b
cp "$t/a.db" "$t/r.db"
"$J" round --db "$t/r.db" --open 2027b --since 2027-02-01 >/dev/null || bad "open 2027b (r)"
# (the first holds the write lock for 8 s: the second waits past the usual 5 s)
JH_TEST_PAUSE_MARK="$t/ra.paused" JH_ROUND_TEST_OPEN_PAUSE_MS=8000 \
  "$J" round --db "$t/r.db" --open 2027c --since 2027-03-01 > "$t/ra.out" 2>&1 &
pid=$!
# (the second starts once the first is in its pause, holding the lock: a
# fixed sleep let the second go first on a loaded machine)
for _ in $(seq 600); do [ -e "$t/ra.paused" ] && break; sleep 0.1; done
[ -e "$t/ra.paused" ] || bad "round --open 2027c never reached its pause"
before=$(sqlite3 "$t/r.db" 'SELECT name FROM county_rounds ORDER BY name' | tr '\n' ' ')
out=$(JH_ROUND_TEST_OPEN_PAUSE_MS=1 "$J" round --db "$t/r.db" --open 2027d --since 2027-04-01 2>&1); rc=$?
wait $pid || bad "round --open 2027c: $(cat "$t/ra.out")"
rounds=$(sqlite3 "$t/r.db" 'SELECT name || ":" || (closed_ms IS NULL) FROM county_rounds ORDER BY name' | tr '\n' ' ')
[ "$before" = "2026 2027 2027b " ] && [ $rc = 1 ] && [[ "$out" == *"please wait (at most 10 minutes)"*"another round --open has just run"*"the open round is now 2027c"*"nothing was changed"* ]] \
  && [[ "$out" != *"closed 2027b"* ]] && [ "$rounds" = "2026:0 2027:0 2027b:0 2027c:1 " ] \
  && ok "a second round --open that lost the race is refused (exit 1), nothing changed" \
  || bad "race of two round --open: before '$before', rc $rc, $out, rounds $rounds"
# ... and with --previous on data without a round, which the first kept
"$J" merge --county 360701 --db "$t/p.db" "$t/u1" >/dev/null 2>&1 || bad "merge u1 (p)"
JH_ROUND_TEST_OPEN_PAUSE_MS=3000 "$J" round --db "$t/p.db" --open 2026 --since 2026-01-01 --previous 2025 > "$t/pa.out" 2>&1 &
pid=$!
sleep 1
out=$(LANGUAGE=zh_CN "$J" round --db "$t/p.db" --open 2027 --since 2027-01-01 --previous 2024 2>&1); rc=$?
wait $pid || bad "round --open 2026 --previous 2025: $(cat "$t/pa.out")"
rounds=$(sqlite3 "$t/p.db" 'SELECT name || ":" || (closed_ms IS NULL) FROM county_rounds ORDER BY name' | tr '\n' ' ')
[ $rc = 1 ] && [[ "$out" == *"另一个 round --open 刚刚"*"2026"*"请先运行 junheng round 查看"*"再重试"* ]] && [ "$rounds" = "2025:0 2026:1 " ] \
  && ok "... also when its --previous was given and the first round --open kept the data (in Chinese)" \
  || bad "race with --previous: rc $rc, $out, rounds $rounds"

# -- a kiosk whose clock is 200 days ahead, beside one that is right
now=$(( $(date +%s) * 1000 ))
next=$(( $(date -u +%Y) + 1 ))
mkdir -p "$t/u3" "$t/u4"
STATS_GEN_T0=$((now + 200 * 86400000)) gen "$t/k3.db" K-ahead 3607030001 primary rural 5 2 3 "$t/u3" full
STATS_GEN_T0=$((now - 10 * 86400000)) gen "$t/k4.db" K-right 3607020001 primary town 5 2 4 "$t/u4" full
"$J" round --db "$t/f.db" --open "$((next - 1))" --since "$((next - 1))-01-01" >/dev/null || bad "open $((next - 1)) (f)"
"$J" merge --county 360701 --db "$t/f.db" "$t/u3" "$t/u4" >/dev/null || bad "merge u3 u4"
n_ahead=$(sqlite3 "$t/f.db" "SELECT count(*) FROM responses WHERE kiosk_id = 'K-ahead'")
# (the days the generator gave them, in Beijing time: later in the day than
# now + 200 days, so the next day when this runs late in the Beijing day)
ahead_day=$(sqlite3 "$t/f.db" "SELECT min(day) FROM responses WHERE kiosk_id = 'K-ahead'")
ahead_last=$(sqlite3 "$t/f.db" "SELECT max(day) FROM responses WHERE kiosk_id = 'K-ahead'")
answers="$n_ahead answers"; [ "$n_ahead" = 1 ] && answers="1 answer"
out=$("$J" stats --db "$t/f.db" --out "$t/sf" 2>&1)
zh=$(LANGUAGE=zh_CN "$J" stats --db "$t/f.db" --out "$t/sf2" 2>&1)
[[ "$out" == *"kiosk K-ahead (school 3607030001): $answers dated after today"*"$ahead_day to $ahead_last: the kiosk's clock is probably ahead"* ]] \
  && [[ "$out" != *"K-right"* ]] && [[ "$zh" == *"答题机 K-ahead（学校 3607030001）有 $n_ahead 份答卷的日期晚于今天"* ]] \
  && ok "stats names the kiosk whose clock is ahead, its answers and their dates" || bad "stats: $out / $zh"
python3 - "$t/sf/stats.json" <<'PY' && ok "... in stats.json's warnings too" || bad "stats.json warnings"
import json, sys
d = json.load(open(sys.argv[1]))
assert sum("K-ahead" in w for w in d["warnings"]) == 1, d["warnings"]
assert sum("K-ahead" in w and "晚于今天" in w for w in d["warnings_zh"]) == 1, d["warnings_zh"]
PY
out=$("$J" round --db "$t/f.db" --open "$next" --since "$next-01-01" 2>&1) || bad "open $next (f): $out"
if [[ "$ahead_day" < "$next-01-01" ]]; then where="$n_ahead in the statistics of $((next - 1)) frozen now, 0 (dated $next-01-01 or later) in $next"
else where="0 in the statistics of $((next - 1)) frozen now, $n_ahead (dated $next-01-01 or later) in $next"; fi
[[ "$out" == *"warning: kiosk K-ahead (school 3607030001): $answers dated after today"*"$ahead_day to $ahead_last"*"$where"* ]] \
  && [[ "$out" != *"K-right"* ]] && ok "round --open names them and says in which round they count" || bad "round --open: $out"
# -- a mistyped year: --since 46 years ahead is refused, nothing changes
before=$(sqlite3 "$t/f.db" 'SELECT name, since_ms, coalesce(closed_ms, 0) FROM county_rounds ORDER BY name')
out=$("$J" round --db "$t/f.db" --open "$((next + 45))" --since "$((next + 45))-03-01" 2>&1); rc=$?
zh=$(LANGUAGE=zh_CN "$J" round --db "$t/f.db" --open "$((next + 45))" --since "$((next + 45))-03-01" 2>&1)
after=$(sqlite3 "$t/f.db" 'SELECT name, since_ms, coalesce(closed_ms, 0) FROM county_rounds ORDER BY name')
[ $rc = 2 ] && [[ "$out" == *"--since $((next + 45))-03-01 is more than a year after today"*"a mistyped year?"*"nothing was changed"* ]] \
  && [[ "$zh" == *"--since $((next + 45))-03-01 比今天"*"晚一年以上：年份是否输错了"* ]] && [ "$before" = "$after" ] \
  && ok "--since 46 years ahead refused (exit 2), the rounds unchanged" || bad "--since far ahead: rc $rc, $out / $zh"
# -- the tests' today (JH_ROUND_TEST_TODAY_MS) that is not a time is refused,
# not read as 1970 or as its leading digits (which would pass the check above)
for v in abc 4102444800000000x 1790000000000x -5 99999999999999999999; do
  out=$(JH_ROUND_TEST_TODAY_MS="$v" "$J" round --db "$t/f.db" --open "$((next + 45))" --since "$((next + 45))-03-01" 2>&1); rc=$?
  after=$(sqlite3 "$t/f.db" 'SELECT name, since_ms, coalesce(closed_ms, 0) FROM county_rounds ORDER BY name')
  [ $rc = 2 ] && [[ "$out" == *"the test variable JH_ROUND_TEST_TODAY_MS expects milliseconds"*"got '$v'"*"nothing was changed"* ]] \
    && [ "$before" = "$after" ] && ok "JH_ROUND_TEST_TODAY_MS=$v refused (exit 2), the rounds unchanged" \
    || bad "JH_ROUND_TEST_TODAY_MS=$v: rc $rc, $out"
done
zh=$(LANGUAGE=zh_CN JH_ROUND_TEST_TODAY_MS=abc "$J" round --db "$t/f.db" --open x --since 2020-01-01 2>&1)
[[ "$zh" == *"测试变量 JH_ROUND_TEST_TODAY_MS 应为"*"实际为“abc”"*"未做任何更改"* ]] && ok "... in Chinese" || bad "Chinese: $zh"
# a past day stays allowed (a round opened late), and so does one within a year
"$J" round --db "$t/h.db" --open 2020 --since 2020-03-01 >/dev/null 2>&1 && ok "--since a past day" || bad "--since 2020-03-01"
soon=$(date -u -d "@$(( now / 1000 + 300 * 86400 ))" +%Y-%m-%d)
"$J" round --db "$t/h.db" --open "${soon%%-*}" --since "$soon" >/dev/null 2>&1 && ok "--since 300 days ahead" || bad "--since $soon"
# -- the bureau's clock was a year ahead when 2026 opened: 2027 still has an
# earlier round, and the register of 2026 is stale for it
R="$JH_SOURCE_DIR/data/sample/schools.csv"
"$J" round --db "$t/s.db" --open 2026 --since 2026-01-01 >/dev/null || bad "open 2026 (s)"
"$J" schools --db "$t/s.db" "$R" >/dev/null || bad "register (s)"
sqlite3 "$t/s.db" "UPDATE county_rounds SET opened_ms = opened_ms + 365 * 86400000 WHERE name = '2026'"
"$J" round --db "$t/s.db" --open 2027 --since 2027-01-01 >/dev/null || bad "open 2027 (s)"
out=$("$J" stats --db "$t/s.db" --out "$t/ss" 2>&1)
[[ "$out" == *"the school register was loaded at "*", before round 2027 was opened"* ]] \
  && ok "a register of the round before is named although that round's opening time is later" || bad "stale register not named: $out"
reg_at=$(sqlite3 "$t/s.db" "SELECT value FROM meta WHERE key = 'register_loaded'")
python3 - "$t/ss/stats.json" "$reg_at" <<'PY' && ok "... in Chinese in Beijing time, to the second" || bad "the Chinese text's times"
import datetime, json, re, sys
d = json.load(open(sys.argv[1]))
at = datetime.datetime.strptime(sys.argv[2][:19], "%Y-%m-%dT%H:%M:%S") + datetime.timedelta(hours=8)
w = [x for x in d["warnings_zh"] if x.startswith("学校名册导入于")]
assert len(w) == 1, d["warnings_zh"]
m = re.match(r"学校名册导入于 (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)（北京时间），早于本轮（2027）开启时间 "
             r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d：", w[0])
assert m, w[0]
assert m.group(1) == at.strftime("%Y-%m-%d %H:%M:%S"), (m.group(1), sys.argv[2])
PY

# -- the other writers wait for a round --open (or a merge) past the usual 5 s
# and say so, instead of failing with a bare "database is locked" (rfinal)
src="$JH_SOURCE_DIR"
cp "$t/a.db" "$t/w.db"
for cmd in "schools $src/tests/eval/register.csv" "county $src/tests/eval/county.csv" \
           "surveys $src/data/surveys/parent.json"; do
  rm -f "$t/w.locked"
  sqlite3 "$t/w.db" "BEGIN IMMEDIATE;" ".shell touch $t/w.locked" ".shell sleep 7" "COMMIT;" &
  hold=$!
  for _ in $(seq 100); do [ -e "$t/w.locked" ] && break; sleep 0.1; done
  # shellcheck disable=SC2086
  out=$("$J" ${cmd%% *} --db "$t/w.db" ${cmd#* } 2>&1); rc=$?
  wait $hold
  if [ $rc -eq 0 ] && [[ "$out" == *"please wait"* ]]; then ok "${cmd%% *} waits for the write lock"
  else bad "${cmd%% *} with the write lock held 7 s: rc $rc: $out"; fi
done
exit $fail
