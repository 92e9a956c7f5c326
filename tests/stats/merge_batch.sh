#!/bin/bash
# The merge's batched insert (issue 20, county_merge.c: a bundle whose seqs
# are all free is inserted 16 rows to a statement) against the per-row
# insert (JH_MERGE_BATCH=0), on what the generated format 3 bundles of the
# other tests do not have: a bundle of format 1 with end times, whose day
# the writer computes for each row (Beijing time) and which changes every
# few rows inside a statement of 16, and language tags of 2 to 16
# characters (the reader's limit).  Both paths must store, for every
# response, the uuid, chain, language and day the file says (the day from
# its end time), and the same database.
set -u
b="$JH_BUILD_DIR"; J="$b/junheng"; F="$b/tests/reliab_forge"
base=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-merge-batch.XXXXXX"); trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1
fail=0
check() { # check DESC CONDITION...
  local desc=$1; shift
  if "$@"; then echo "PASS $desc"; else echo "FAIL $desc"; fail=1; fi
}
mkdir in
P=$("$b/tests/stats_gen" k.db K-Q 3607010001 primary urban 30 10 3 in full) || { echo "FAIL stats_gen"; exit 1; }
# Format 1 with times: response i ends at T0 + i * 7 h, so the Beijing day
# changes every third or fourth response; some language tags are longer.
python3 - "$P" legacy.json <<'PY'
import re, sys
t = open(sys.argv[1]).read()
t = t.replace('"format_version":\t3', '"format_version":\t1', 1)
t = t.replace('"last_chain":', '"responses_sha256":"' + '0' * 64 + '",\n\t"last_chain":', 1)
T0 = 1790000000000
n = [0]
def times(m):
    i = n[0]; n[0] += 1
    end = T0 + i * 7 * 3600 * 1000
    return '"started_ms":%d,"ended_ms":%d,"duration_ms":60000' % (end - 60000, end)
t = re.sub(r'"day":"[0-9-]+","duration_min":[0-9]+', times, t)
langs = ["en", "zh-Hant-HK-x-abc", "zh-CN", "en-GB"]  # 2, 16, 5, 5 characters
k = [0]
def lang(m):
    k[0] += 1
    return '"lang":"%s"' % langs[k[0] % 4]
t = re.sub(r'"lang":"zh-CN"', lang, t)
open(sys.argv[2], "w").write(t)
PY
# chains, responses_sha256 and the signature again, with the kiosk's own key
"$F" edit legacy.json in/junheng-K-Q-legacy.json --rechain --resign k.db.key >/dev/null ||
  { echo "FAIL reliab_forge edit"; exit 1; }
rm legacy.json "$P"
check "the legacy bundle reads" bash -c "[ \"\$('$F' verify in/junheng-K-Q-legacy.json)\" = ok ]"
for mode in batch rows; do
  batch=1; [ $mode = rows ] && batch=0
  JH_MERGE_BATCH=$batch "$J" merge --county 360701 --db $mode.db in > $mode.out 2>&1; echo "exit $?" >> $mode.out
  check "$mode: 40 new" grep -q "^imported .*seq 1-40: 40 new" $mode.out
  # what the file says, response by response, against what is stored
  python3 - in/junheng-K-Q-legacy.json $mode.db > $mode.check <<'PY'
import datetime, json, sqlite3, sys
doc = json.load(open(sys.argv[1]))
db = sqlite3.connect(sys.argv[2])
bad = 0
days = set()
for x in doc["responses"]:
    day = datetime.datetime.fromtimestamp(x["ended_ms"] // 1000 + 8 * 3600, datetime.timezone.utc).strftime("%Y-%m-%d")
    days.add(day)
    row = db.execute("SELECT uuid, chain, lang, day, ended_ms FROM responses WHERE kiosk_id = ? AND seq = ?",
                     (x["kiosk"], x["seq"])).fetchone()
    want = (x["uuid"], x["chain"], x["lang"], day, x["ended_ms"])
    if row != want:
        print("seq %d: expected %r, got %r" % (x["seq"], want, row))
        bad += 1
print("%d responses, %d days, %d differ" % (len(doc["responses"]), len(days), bad))
PY
  check "$mode: every response stored as the file says ($(tail -1 $mode.check))" grep -q "^40 responses, 1[0-9] days, 0 differ$" $mode.check
done
dump() { sqlite3 "$1" "SELECT id, kiosk_id, seq, uuid, school_code, school_level, locality, survey_id, survey_hash,
  role, lang, started_ms, ended_ms, duration_ms, status, flags, chain, hex(codes), extra, import_id, day,
  typeof(codes), typeof(extra), typeof(day) FROM responses ORDER BY id"; }
check "the batched and the per-row insert store the same rows" cmp -s <(dump batch.db) <(dump rows.db)
check "the same messages" cmp -s batch.out rows.out
[ $fail = 0 ] || { cat batch.out; head -5 batch.check rows.check; }
exit $fail
