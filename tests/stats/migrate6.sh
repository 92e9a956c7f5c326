#!/bin/bash
# Schema 5 -> 6 (issue 20: the narrow response row under the responses view).
# A county database is merged (schema 6), its statistics computed, and it is
# turned back into a schema-5 database with SQL (to_v5.py).  Then:
#   - junheng migrates it: the statistics are those of the database merged
#     directly, and `SELECT * FROM responses ORDER BY id` (values and their
#     types) and the answers view are identical;
#   - rows the merge never writes are added to the schema-5 database (a
#     uuid, chain or day that is not canonical, a school code, level or
#     locality other than the import's, NULL ones, a questionnaire id or
#     role other than the questionnaire's, a questionnaire missing from
#     surveys, an import missing from the log): the view gives every row and
#     value back after the migration;
#   - the same rows stored every way schema 6 allows (every row keeping its
#     own school, locality, questionnaire id and role; uuid, chain and day as
#     text) give the same view and the same statistics as the migration's
#     narrow rows (the census reads the table, not the view);
#   - the migration's commit fails (fsync of the WAL, LD_PRELOAD injector):
#     a clear message, non-zero exit, the schema-5 database unchanged (dump
#     compared), and the next run migrates it;
#   - the migration is killed (SIGKILL) at several moments: each time the
#     database passes integrity_check and is either still schema 5 or
#     schema 6, with the same responses either way.
# (Schema 4 through 5 to 6: migrate5.sh.)  Section 6: schema 6 to 7; 7: 7 to 8; 8: 8 to 9.
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"; J="$b/junheng"
PRE="$b/tests/libfault_preload.so"
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
t=$(mktemp -d "${TMPDIR:-/tmp}/jh-migrate6.XXXXXX"); trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1
fail=0
ok() { echo "PASS $1"; }
bad() { echo "FAIL $1"; fail=1; }
gen() { "$b/tests/stats_gen" "$@" >/dev/null || { echo "FAIL stats_gen $*"; exit 1; }; }
ver() { sqlite3 "$1" "PRAGMA user_version"; }
# the whole rows (the kill and commit checks compare this)
rsum_full() { rows "$1" | sha256sum; }
. "$src/tests/stats/migrate_lib.sh"
# every column of every response with its type (quote() tells text from blob)
rows() { sqlite3 -cmd '.mode quote' "$1" "SELECT * FROM responses ORDER BY id"; }
rsum() { rows "$1" | sha256sum | cut -c1-16; }
asum() { sqlite3 "$1" "SELECT response_id, item_id, quote(value), typeof(value) FROM answers ORDER BY 1, 2, 3, 4" |
         sha256sum | cut -c1-16; }
# (times within texts too: a warning of a register loaded before the round
# was opened names both times)
stats_sum() { { grep -vE '"(file|database|opened_ms|[a-z_]*_at)":' "$1/stats.json"
    for f in "$1"/*.csv; do [ "${f##*/}" = import_log.csv ] || cat "$f"; done; } |
    sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}(T| )[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z?/TIME/g' | sha256sum | cut -c1-16; }
to_v5() { /usr/bin/python3 "$src/tests/stats/to_v5.py" "$1" && [ "$(ver "$1")" = 5 ]; }

export JH_GEN_SURVEYS="$src/data/surveys"
mkdir -p usb
gen k1.db K-M6-01 3607010001 primary urban 14 6 1 usb full 6 4
gen k2.db K-M6-02 3607020001 primary town 10 4 2 usb full 5 3
gen k3.db K-M6-03 3607030001 primary rural 9 3 4 usb full 5 5
"$J" schools --db c6.db "$src/data/sample/schools.csv" >/dev/null || { echo "FAIL schools"; exit 1; }
"$J" merge --county 360701 --db c6.db usb >/dev/null 2>&1 || { echo "FAIL merge"; exit 1; }
[ "$(ver c6.db)" = "$LATEST" ] && ok "a new county database is schema $LATEST" || bad "new database is schema $(ver c6.db)"
"$J" stats --db c6.db --out s6 >/dev/null 2>&1 || bad "stats on schema 6"
[ "$(sqlite3 c6.db "SELECT count(*) FROM response_rows WHERE typeof(uuid) = 'blob' AND typeof(chain) = 'blob'
     AND typeof(day) = 'integer' AND coalesce(school_code, school_level, locality, survey_id, role) IS NULL")" = \
  "$(sqlite3 c6.db "SELECT count(*) FROM responses")" ] \
  && ok "the merge's rows are narrow: uuid and chain as bytes, the day an integer, nothing of their own" \
  || bad "some merged row is not narrow"
cp c6.db c5.db && to_v5 c5.db || { echo "FAIL making a schema-5 database"; exit 1; }
[ "$(sqlite3 c5.db "SELECT count(*) FROM sqlite_master WHERE name IN ('response_rows', 'kiosk_refs', 'survey_refs')")" = 0 ] &&
  [ "$(sqlite3 c5.db "SELECT type FROM sqlite_master WHERE name = 'responses'")" = table ] \
  && ok "schema-5 database made" || bad "schema-5 database not made"
[ "$(rsum c5.db)" = "$(rsum c6.db)" ] && ok "its responses table holds what the schema-6 view shows" \
  || bad "the schema-5 table differs from the schema-6 view"

# 1. Migrated, the statistics and the responses are those of the direct merge.
cp c5.db m.db
"$J" stats --db m.db --out sm >/dev/null 2>&1 || bad "stats on the migrated database"
[ "$(ver m.db)" = "$LATEST" ] && ok "opening a schema-5 database migrates it to $LATEST" || bad "still schema $(ver m.db)"
a=$(stats_sum s6) m=$(stats_sum sm)
[ "$a" = "$m" ] && ok "statistics after the migration are those of a direct merge ($a)" \
  || bad "statistics differ after the migration: $m, direct $a"
[ "$(rsum m.db)" = "$(rsum c6.db)" ] && [ "$(asum m.db)" = "$(asum c6.db)" ] \
  && ok "responses and answers of the migrated and the merged database are identical" \
  || bad "responses or answers differ between the migrated and the merged database"
[ "$(sqlite3 m.db "SELECT count(*) FROM response_rows WHERE coalesce(school_code, school_level, locality, survey_id,
     role) IS NOT NULL OR typeof(uuid) <> 'blob' OR typeof(chain) <> 'blob' OR typeof(day) <> 'integer'")" = 0 ] \
  && ok "the migrated rows are as narrow as merged ones" || bad "migrated rows keep values of their own"

# 2. Rows the merge never writes, added to the schema-5 database.
/usr/bin/python3 - c5.db <<'PY' || { echo "FAIL adding odd rows"; exit 1; }
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("PRAGMA foreign_keys = OFF")
imp = db.execute("SELECT min(id) FROM imports").fetchone()[0]
h, sid = db.execute("SELECT survey_hash, survey_id FROM responses WHERE role = 'parent' LIMIT 1").fetchone()
uuid, chain = "0123abcd-4567-89ef-0123-456789abcdef", "ab" * 32
base = dict(kiosk_id="K-ODD", uuid=uuid, school_code="3607010001", school_level="primary", locality="urban",
            survey_id=sid, survey_hash=h, role="parent", lang="zh-CN", started_ms=0, ended_ms=60000,
            duration_ms=60000, status="submitted", flags="", chain=chain, codes=None,
            extra='{"overall":"satisfied"}', import_id=imp, day="2026-11-30")
odd = [
    dict(uuid="u1", chain="c", day="2026-1-5"),                 # texts, not canonical
    dict(uuid=uuid.upper(), chain=chain.upper(), day="20261130"),
    dict(uuid=uuid + " ", chain=chain[:63] + "g", day="2026-11-30 "),
    dict(uuid=uuid.replace("-", ""), chain=chain + "00", day=None),
    dict(day="0000-00-00"), dict(day="9999-99-99"), dict(day="２０２６-11-30"),
    dict(school_code="3607020001"),                            # not the import's
    dict(school_code=""), dict(school_level=None), dict(school_level=""), dict(locality="rural"),
    dict(locality=None), dict(survey_id="other-2026"), dict(role="teacher"), dict(role=""),
    dict(survey_hash="ee" * 32, survey_id="gone-2026"),         # no definition
    dict(import_id=999999),                                    # no import row
    dict(import_id=999999, school_code="3607030001", locality="town"),
    dict(status="abandoned", flags="fast", lang=None, started_ms=None, ended_ms=None, duration_ms=None),
]
cols = list(base)
for i, o in enumerate(odd, 1):
    r = dict(base, **o)
    db.execute("INSERT INTO responses(seq, %s) VALUES (?, %s)" % (", ".join(cols), ", ".join("?" * len(cols))),
               [i] + [r[c] for c in cols])
db.commit()
PY
before=$(rows c5.db | sha256sum) n_before=$(sqlite3 c5.db "SELECT count(*) FROM responses") abefore=$(asum c5.db)
cp c5.db m2.db
"$J" stats --db m2.db --out sm2 >/dev/null 2>&1 || bad "stats on the migrated database with odd rows"
[ "$(ver m2.db)" = "$LATEST" ] && [ "$before" = "$(rows m2.db | sha256sum)" ] && [ "$abefore" = "$(asum m2.db)" ] \
  && ok "responses and answers identical before and after the migration ($n_before rows, odd ones included)" \
  || { bad "the view changed by the migration"; diff <(rows c5.db) <(rows m2.db) | head; }
n_own=$(sqlite3 m2.db "SELECT count(*) FROM response_rows WHERE coalesce(school_code, school_level, locality,
          survey_id, role) IS NOT NULL")
n_text=$(sqlite3 m2.db "SELECT count(*) FROM response_rows WHERE typeof(uuid) = 'text' OR typeof(chain) = 'text'
          OR typeof(day) = 'text'")
[ "$n_own" = 12 ] && [ "$n_text" = 5 ] \
  && ok "the odd values kept in the row: $n_own rows with a value of their own, $n_text with a text uuid, chain or day" \
  || bad "odd rows: $n_own with a value of their own (expected 12), $n_text with texts (expected 5)"
# (the odd rows' missing questionnaire and import broke their keys before:
# the same keys, now of survey_refs and response_rows)
fkc() { sqlite3 "$1" "PRAGMA foreign_key_check" | cut -d'|' -f1,3 | sort | uniq -c | tr -s ' \n' '  '; }
[ "$(sqlite3 m2.db "PRAGMA integrity_check")" = ok ] && [ "$(fkc c5.db)" = " 2 responses|imports 1 responses|surveys " ] &&
  [ "$(fkc m2.db)" = " 2 response_rows|imports 1 survey_refs|surveys " ] \
  && ok "migrated database passes integrity_check; foreign_key_check as before:$(fkc c5.db)->$(fkc m2.db)" \
  || bad "integrity after migration: $(sqlite3 m2.db "PRAGMA integrity_check; PRAGMA foreign_key_check" | tr '\n' ' ')"

# 3. The same rows stored every way: every row its own values, texts for
# uuid, chain and day.  The view and the statistics (census from the table)
# are the same.
cp m2.db w.db
sqlite3 w.db "PRAGMA foreign_keys = OFF;
  UPDATE response_rows SET (school_code, school_level, locality, survey_id, role, uuid, chain, day) =
    (SELECT coalesce(v.school_code, x''), coalesce(v.school_level, x''), coalesce(v.locality, x''),
            coalesce(v.survey_id, x''), coalesce(v.role, x''), v.uuid, v.chain, v.day
     FROM responses v WHERE v.id = response_rows.id);" || bad "rewriting the rows"
[ "$(sqlite3 w.db "SELECT count(*) FROM response_rows WHERE school_code IS NULL OR role IS NULL
     OR typeof(uuid) = 'blob' OR typeof(day) = 'integer'")" = 0 ] || bad "the rows were not rewritten"
"$J" stats --db w.db --out sw >/dev/null 2>&1 || bad "stats on the rewritten rows"
[ "$before" = "$(rows w.db | sha256sum)" ] && ok "every row keeping its own values: the same view" \
  || bad "the view differs with every row's own values"
a=$(stats_sum sm2) w=$(stats_sum sw)
[ "$a" = "$w" ] && ok "... and the same statistics ($a)" || bad "statistics differ: narrow $a, every value in the row $w"
# and a round, whose days the census compares as text (each opened by its
# own command: its opening time is left out of the comparison)
for db in m2 w; do
  "$J" round --db $db.db --previous 2025 --open 2026 --since 2026-09-21 >/dev/null 2>&1 &&
    "$J" stats --db $db.db --out r$db >/dev/null 2>&1 || bad "a round on $db.db"
done
[ "$(stats_sum rm2)" = "$(stats_sum rw)" ] && ok "... and in a round ($(stats_sum rm2))" \
  || bad "statistics of a round differ: narrow $(stats_sum rm2), every value in the row $(stats_sum rw)"

# 4. The migration's commit fails: nothing changes, the next run migrates.
migrate_failed_commit c5.db 5 rsum_full "$before"

# 5. Killed mid-migration: schema 5 or 6, never half, the same responses.
# A larger database (the rows copied under other kiosks) so that the
# migration takes long enough to be interrupted.
cp c5.db big.db
sqlite3 big.db "PRAGMA foreign_keys = OFF;
  WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 400)
  INSERT INTO responses(kiosk_id, seq, uuid, school_code, school_level, locality, survey_id, survey_hash, role,
    lang, started_ms, ended_ms, duration_ms, status, flags, chain, codes, extra, import_id, day)
  SELECT kiosk_id || '-' || k.n, seq, uuid, school_code, school_level, locality, survey_id, survey_hash, role,
    lang, started_ms, ended_ms, duration_ms, status, flags, chain, codes, extra, import_id, day
  FROM responses, k;" || bad "growing the database"
migrate_killed big.db 5 rsum_full 0.02 0.05 0.1 0.2 0.4 0.8
# 6. Schema 6 -> 7: an index of the responses that keep answers verbatim
# (the report's comments read them without a scan of every row).
idx() { sqlite3 "$1" "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'response_rows_extra'"; }
[ "$(idx c6.db)" = 1 ] && [ "$(idx m.db)" = 1 ] \
  && ok "new and migrated databases index the responses with verbatim answers" || bad "index response_rows_extra missing"
cp c6.db v6.db && sqlite3 v6.db "DROP INDEX response_rows_extra; PRAGMA user_version = 6;" || bad "making a schema-6 database"
"$J" stats --db v6.db --out s7 >/dev/null 2>&1 || bad "stats on the schema-6 database"
[ "$(ver v6.db)" = "$LATEST" ] && [ "$(idx v6.db)" = 1 ] && [ "$(stats_sum s7)" = "$(stats_sum s6)" ] \
  && [ "$(rsum v6.db)" = "$(rsum c6.db)" ] \
  && ok "opening a schema-6 database adds the index; statistics and responses unchanged" \
  || bad "schema 6 -> $LATEST: schema $(ver v6.db), index $(idx v6.db)"
# The report opens the database twice at once (its comments on a thread of
# their own, the statistics): whichever waits for the other's migration must
# find it done, not run it again ("index response_rows_extra already
# exists").  Three fresh schema-6 copies, each reported on.
rep_ok=0
for k in 1 2 3; do
  cp c6.db r6.db && sqlite3 r6.db "DROP INDEX response_rows_extra; PRAGMA user_version = 6;" || bad "making a schema-6 database"
  if out=$("$J" report --db r6.db --out "rep$k" --no-pdf 2>&1) && [ "$(ver r6.db)" = "$LATEST" ] && [ "$(idx r6.db)" = 1 ]; then
    rep_ok=$((rep_ok + 1))
  else
    echo "   report on a schema-6 database: ${out##*$'\n'}"
  fi
done
[ "$rep_ok" = 3 ] && ok "a report on a schema-6 database migrates it once and succeeds (3 of 3)" \
  || bad "a report on a schema-6 database failed ($rep_ok of 3 succeeded)"
# Another connection holds the write lock for longer than the usual 5 s wait
# (a migration of 10^6 responses from schema 5 takes 8 s): the migration
# waits for it, says so once the usual wait is over, and then runs.
cp c6.db w6.db && sqlite3 w6.db "DROP INDEX response_rows_extra; PRAGMA user_version = 6;" || bad "making a schema-6 database"
rm -f w6.locked
sqlite3 w6.db "BEGIN IMMEDIATE;" ".shell touch w6.locked" ".shell sleep 8" "COMMIT;" &
holder=$!
for _ in $(seq 100); do [ -e w6.locked ] && break; sleep 0.1; done
[ -e w6.locked ] || bad "the sqlite3 shell did not take the lock"
out=$(LANGUAGE=zh_CN "$J" stats --db w6.db --out sw 2>&1); rc=$?
wait "$holder" || bad "the sqlite3 shell holding the lock failed"
[ $rc -eq 0 ] && [[ "$out" == *"数据库正在升级或写入，请稍候（最多 10 分钟）"* ]] && [ "$(ver w6.db)" = "$LATEST" ] \
  && ok "a migration waits for another connection's write lock (8 s) and says so" \
  || bad "a migration behind an 8 s lock: exit $rc, schema $(ver w6.db): $out"
# ... and says nothing when the wait is short (the report's own two
# connections on a small database).
rep_msg=$(cp c6.db q6.db && sqlite3 q6.db "DROP INDEX response_rows_extra; PRAGMA user_version = 6;" &&
  LANGUAGE=zh_CN "$J" report --db q6.db --out rq --no-pdf 2>&1 >/dev/null)
[[ "$rep_msg" != *"请稍候"* ]] && ok "a short wait for the lock says nothing" \
  || bad "a report on a small schema-6 database announced a wait: $rep_msg"
# (a copy where every third response kept a comment verbatim before it was migrated)
cp c6.db vx.db && sqlite3 vx.db "DROP INDEX response_rows_extra; PRAGMA user_version = 6;
  UPDATE response_rows SET extra = '{\"comment\":\"食堂很好\"}' WHERE id % 3 = 0;" || bad "making a schema-6 database"
"$J" stats --db vx.db --out sx >/dev/null 2>&1 || bad "stats on the schema-6 database with comments"
n_extra=$(sqlite3 vx.db "SELECT count(*) FROM response_rows NOT INDEXED WHERE extra IS NOT NULL")
[ "$(ver vx.db)" = "$LATEST" ] && [ "$n_extra" -gt 0 ] && [ "$(sqlite3 vx.db "SELECT group_concat(id) FROM
     (SELECT id FROM response_rows INDEXED BY response_rows_extra WHERE extra IS NOT NULL ORDER BY id)")" = \
  "$(sqlite3 vx.db "SELECT group_concat(id) FROM (SELECT id FROM response_rows NOT INDEXED WHERE extra IS NOT NULL
     ORDER BY id)")" ] \
  && ok "the index holds every one of the $n_extra responses with verbatim answers" \
  || bad "the index does not hold the $n_extra responses with verbatim answers"
plan=$(sqlite3 v6.db "EXPLAIN QUERY PLAN SELECT r.school_code, r.extra FROM responses r WHERE r.extra IS NOT NULL")
[[ "$plan" == *"USING INDEX response_rows_extra"* ]] \
  && ok "a query of the responses with verbatim answers reads the index, not every row" \
  || bad "the query plan scans every row: $plan"
# 7. Schema 7 -> 8: the kiosks' old keys (a key accepted with merge
# --replace-key; review rseason).  A schema-7 database gains the empty table.
okt() { sqlite3 "$1" "SELECT count(*) FROM sqlite_master WHERE name IN ('kiosk_old_keys', 'kiosk_old_keys_fingerprint')"; }
cp c6.db v7.db && sqlite3 v7.db "DROP TABLE kiosk_old_keys; PRAGMA user_version = 7;" || bad "making a schema-7 database"
[ "$(okt v7.db)" = 0 ] || bad "the schema-7 copy still has kiosk_old_keys"
"$J" stats --db v7.db --out s8 >/dev/null 2>&1 || bad "stats on the schema-7 database"
[ "$(ver v7.db)" = "$LATEST" ] && [ "$(okt v7.db)" = 2 ] && [ "$(stats_sum s8)" = "$(stats_sum s6)" ] \
  && [ "$(rsum v7.db)" = "$(rsum c6.db)" ] \
  && ok "opening a schema-7 database adds the table of old kiosk keys; statistics and responses unchanged" \
  || bad "schema 7 -> $LATEST: schema $(ver v7.db), tables $(okt v7.db)"
# 8. Schema 8 -> 9: the uuid marks (review rattack5, item 3).  A schema-8
# database gains the table, a secret, and the marks of every stored import
# (the smallest keyed hashes of its UUIDs, at most 16 per import); nothing
# else changes; a copy of a bundle merged before the migration, under a new
# kiosk id and key, is refused after it.
dump9() { sqlite3 "$1" .dump | grep -v -e 'uuid_marks' -e "'uuid_mark_key'"; }
cp c6.db v8.db && sqlite3 v8.db "DROP TABLE uuid_marks; DELETE FROM meta WHERE key = 'uuid_mark_key';
  PRAGMA user_version = 8; VACUUM;" || bad "making a schema-8 database"
d8=$(dump9 v8.db | sha256sum)
"$J" stats --db v8.db --out s9 >/dev/null 2>&1 || bad "stats on the schema-8 database"
marks_per_import() { sqlite3 "$1" "SELECT import_id || ':' || count(*) FROM uuid_marks GROUP BY import_id ORDER BY 1"; }
want_per_import() { sqlite3 "$1" "SELECT import_id || ':' || min(16, count(DISTINCT uuid)) FROM response_rows
                                  GROUP BY import_id ORDER BY 1"; }
[ "$(ver v8.db)" = "$LATEST" ] && [ "$(dump9 v8.db | sha256sum)" = "$d8" ] && [ "$(stats_sum s9)" = "$(stats_sum s6)" ] \
  && [ "$(rsum v8.db)" = "$(rsum c6.db)" ] \
  && ok "opening a schema-8 database adds the uuid marks; every other table, the statistics and responses unchanged" \
  || bad "schema 8 -> $LATEST: schema $(ver v8.db), dump $( [ "$(dump9 v8.db | sha256sum)" = "$d8" ] && echo same || echo changed)"
[ -n "$(marks_per_import v8.db)" ] && [ "$(marks_per_import v8.db)" = "$(want_per_import v8.db)" ] &&
  [ "$(sqlite3 v8.db "SELECT count(*) FROM uuid_marks WHERE length(mark) = 8")" = \
    "$(sqlite3 v8.db "SELECT count(*) FROM uuid_marks")" ] &&
  [ "$(sqlite3 v8.db "SELECT length(value) FROM meta WHERE key = 'uuid_mark_key'")" = 32 ] &&
  [ "$(sqlite3 v8.db "SELECT value FROM meta WHERE key = 'uuid_mark_key'")" != \
    "$(sqlite3 c6.db "SELECT value FROM meta WHERE key = 'uuid_mark_key'")" ] \
  && ok "the back-fill gives each import its marks ($(marks_per_import v8.db | tr '\n' ' ')) under a secret of its own" \
  || bad "back-filled marks per import: $(marks_per_import v8.db | tr '\n' ' '), expected $(want_per_import v8.db | tr '\n' ' ')"
[ "$(marks_per_import c6.db)" = "$(marks_per_import v8.db)" ] \
  && ok "... as many as the merge stored in a database made at schema $LATEST" \
  || bad "marks per import: merged $(marks_per_import c6.db | tr '\n' ' '), back-filled $(marks_per_import v8.db | tr '\n' ' ')"
orig=$(ls usb/junheng-K-M6-01-*.json | head -1)
"$b/tests/reliab_forge" edit "$orig" copy.json --kiosk K-M6-99 --rechain --resign new || bad "making a copy"
out=$("$J" merge --county 360701 --db v8.db copy.json 2>&1); rc=$?
[ $rc -eq 1 ] && [[ "$out" == *"a copy of another kiosk's answers"*"from kiosk K-M6-01 of school 3607010001"* ]] \
  && [ "$(sqlite3 v8.db "SELECT count(*) FROM response_rows")" = "$(sqlite3 c6.db "SELECT count(*) FROM response_rows")" ] \
  && ok "a copy of a bundle merged before the migration is refused after it" \
  || bad "the copy after the migration (exit $rc): $out"
# the odd rows of section 2 (text uuids, an import missing from the log) got marks too
[ "$(sqlite3 m2.db "SELECT count(*) FROM uuid_marks WHERE kiosk_id = 'K-ODD'")" -gt 0 ] &&
  [ "$(sqlite3 m2.db "PRAGMA integrity_check")" = ok ] \
  && ok "rows of their own kind (text uuids, no import row) are marked too" || bad "odd rows: no marks"

[ $fail -eq 0 ] && echo "PASS migrate6"
exit $fail
