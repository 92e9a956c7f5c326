#!/bin/bash
# Schema 4 -> 5 (issue 20: the answers packed per item, the rest verbatim),
# and on to 6 in the same transaction (the narrow row; its own test:
# migrate6.sh).  A county database is merged (schema 6), its statistics
# computed, and it is turned back into a schema-5 database (to_v5.py) and
# then a schema-4 one (answers as one JSON object per response, the old
# answers view) with SQL.  Then:
#   - junheng migrates the schema-4 database (through 5 to 6): the
#     statistics are the same as those of the database merged directly;
#   - rows the kiosk never writes are added to the schema-4 database (free
#     text with quotes, newlines and CJK, a JSON number, a nested value, a
#     value that is not an option, an item the questionnaire lacks, an empty
#     object, a questionnaire whose definition is not JSON, one with no
#     definition at all): the answers view gives the identical set of
#     (response_id, item_id, value, type) before and after the migration;
#   - the migration's commit fails (fsync of the WAL, LD_PRELOAD injector):
#     a clear message, non-zero exit, the schema-4 database is unchanged
#     (dump compared), and the next run migrates it;
#   - the migration is killed (SIGKILL) at several moments: each time the
#     database passes integrity_check and is either still schema 4 or
#     schema 6 (never 5: one transaction), with the same answers view
#     either way.
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"; J="$b/junheng"
PRE="$b/tests/libfault_preload.so"
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
t=$(mktemp -d "${TMPDIR:-/tmp}/jh-migrate5.XXXXXX"); trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1
fail=0
ok() { echo "PASS $1"; }
bad() { echo "FAIL $1"; fail=1; }
gen() { "$b/tests/stats_gen" "$@" >/dev/null || { echo "FAIL stats_gen $*"; exit 1; }; }
ver() { sqlite3 "$1" "PRAGMA user_version"; }
. "$src/tests/stats/migrate_lib.sh"
view() { sqlite3 "$1" "SELECT response_id, item_id, quote(value), typeof(value) FROM answers ORDER BY 1, 2, 3, 4" | sha256sum | cut -c1-16; }
nview() { sqlite3 "$1" "SELECT count(*) FROM answers"; }
stats_sum() { { grep -vE '"(file|database|[a-z_]*_at)":' "$1/stats.json"
    for f in "$1"/*.csv; do [ "${f##*/}" = import_log.csv ] || cat "$f"; done; } | sha256sum | cut -c1-16; }

export JH_GEN_SURVEYS="$src/data/surveys"
mkdir -p usb
gen k1.db K-M5-01 3607010001 primary urban 14 6 1 usb full 6 4
gen k2.db K-M5-02 3607020001 primary town 10 4 2 usb full 5 3
gen k3.db K-M5-03 3607030001 primary rural 9 3 4 usb full 5 5
"$J" schools --db c5.db "$src/data/sample/schools.csv" >/dev/null || { echo "FAIL schools"; exit 1; }
"$J" merge --county 360701 --db c5.db usb >/dev/null 2>&1 || { echo "FAIL merge"; exit 1; }
[ "$(ver c5.db)" = "$LATEST" ] && ok "a new county database is schema $LATEST" || bad "new database is schema $(ver c5.db)"
"$J" stats --db c5.db --out s5 >/dev/null 2>&1 || bad "stats on schema 6"
n_verbatim=$(sqlite3 c5.db "SELECT count(*) FROM responses WHERE extra IS NOT NULL")
n_coded=$(sqlite3 c5.db "SELECT count(*) FROM responses WHERE length(codes) > 0")
[ "$n_coded" -gt 0 ] && ok "answers packed: $n_coded responses with codes, $n_verbatim with verbatim answers" \
  || bad "no packed answers"

# to_v4 DB: the schema-4 layout (answers as a JSON object, the old view).
to_v4() {
  /usr/bin/python3 - "$1" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executescript("""
CREATE TABLE responses4(
  id INTEGER PRIMARY KEY,
  kiosk_id TEXT NOT NULL, seq INTEGER NOT NULL, uuid TEXT NOT NULL,
  school_code TEXT NOT NULL, school_level TEXT, locality TEXT,
  survey_id TEXT NOT NULL, survey_hash TEXT NOT NULL REFERENCES surveys(hash),
  role TEXT NOT NULL, lang TEXT, started_ms INTEGER, ended_ms INTEGER, duration_ms INTEGER,
  status TEXT NOT NULL, flags TEXT NOT NULL DEFAULT '', chain TEXT NOT NULL,
  answers TEXT NOT NULL,
  import_id INTEGER NOT NULL REFERENCES imports(id),
  UNIQUE(kiosk_id, seq));
ALTER TABLE responses4 ADD COLUMN day TEXT;
INSERT INTO responses4 SELECT id, kiosk_id, seq, uuid, school_code, school_level, locality, survey_id,
  survey_hash, role, lang, started_ms, ended_ms, duration_ms, status, flags, chain,
  (SELECT json_group_object(a.item_id, a.value) FROM answers a WHERE a.response_id = r.id), import_id, day
  FROM responses r;
DROP VIEW answers; DROP TABLE survey_codes; DROP TABLE responses;
ALTER TABLE responses4 RENAME TO responses;
CREATE VIEW answers AS SELECT r.id AS response_id, j.key AS item_id, j.value AS value
  FROM responses r, json_each(r.answers) j;
PRAGMA user_version = 4;
""")
db.commit()
PY
}
cp c5.db c4.db && /usr/bin/python3 "$src/tests/stats/to_v5.py" c4.db && [ "$(ver c4.db)" = 5 ] && to_v4 c4.db ||
  { echo "FAIL making a schema-4 database"; exit 1; }
[ "$(ver c4.db)" = 4 ] && [ "$(sqlite3 c4.db "SELECT count(*) FROM pragma_table_info('responses') WHERE name = 'answers'")" = 1 ] \
  && ok "schema-4 database made" || bad "schema-4 database not made"

# 1. Migrated, the statistics are those of the database merged directly.
cp c4.db m.db
"$J" stats --db m.db --out sm >/dev/null 2>&1 || bad "stats on the migrated database"
[ "$(ver m.db)" = "$LATEST" ] && ok "opening a schema-4 database migrates it (through 5 and 6) to $LATEST" || bad "still schema $(ver m.db)"
a=$(stats_sum s5) m=$(stats_sum sm)
[ "$a" = "$m" ] && ok "statistics after the migration are those of a direct merge ($a)" \
  || bad "statistics differ after the migration: $m, direct $a"
[ "$(view c5.db)" = "$(view m.db)" ] && ok "answers view of the migrated and the merged database are identical" \
  || bad "answers view differs between the migrated and the merged database"

# 2. Rows the kiosk never writes, added to the schema-4 database.
/usr/bin/python3 - c4.db <<'PY' || { echo "FAIL adding odd rows"; exit 1; }
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("PRAGMA foreign_keys = OFF")
imp = db.execute("SELECT min(id) FROM imports").fetchone()[0]
h, sid = db.execute("SELECT survey_hash, survey_id FROM responses WHERE role = 'parent' LIMIT 1").fetchone()
db.execute("INSERT INTO surveys(hash, survey_id, version, audience, method, definition) "
           "VALUES ('ff' || substr(?, 3), 'broken-2026', '1.0', 'parent', 'answers', 'not json {')", (h,))
odd = [
    (h, '{"overall":"fairly","improve":"a \\"quoted\\" line\\nand 中文 \\u00e9","score":10}'),
    (h, '{"overall":"very_happy","nosuch":"x","score":"07","meals":{"a":[1,2]},"homework":null}'),
    (h, '{"overall":"satisfied","overall":"dissatisfied","score":true,"pay":1.5}'),
    (h, '{}'),
    ('ff' + h[2:], '{"overall":"satisfied","free":"text"}'),
    ('ee' * 32, '{"overall":"basic"}'),
]
for i, (hh, ans) in enumerate(odd, 1):
    db.execute("INSERT INTO responses(kiosk_id, seq, uuid, school_code, school_level, locality, survey_id, "
               "survey_hash, role, lang, started_ms, ended_ms, duration_ms, status, flags, chain, answers, "
               "import_id, day) VALUES ('K-ODD', ?, ?, '3607010001', 'primary', 'urban', ?, ?, 'parent', "
               "'zh-CN', 0, 60000, 60000, 'submitted', '', 'c', ?, ?, '2026-11-30')",
               (i, "u%d" % i, sid, hh, ans, imp))
db.commit()
PY
before=$(view c4.db) n_before=$(nview c4.db)
cp c4.db m2.db
"$J" stats --db m2.db --out sm2 >/dev/null 2>&1 || bad "stats on the migrated database with odd rows"
after=$(view m2.db)
[ "$(ver m2.db)" = "$LATEST" ] && [ "$before" = "$after" ] \
  && ok "answers view identical before and after the migration ($n_before rows, odd ones included)" \
  || { bad "answers view changed by the migration"
       diff <(sqlite3 c4.db "SELECT response_id, item_id, quote(value), typeof(value) FROM answers ORDER BY 1,2,3,4") \
            <(sqlite3 m2.db "SELECT response_id, item_id, quote(value), typeof(value) FROM answers ORDER BY 1,2,3,4") | head; }
got=$(sqlite3 m2.db "SELECT value FROM answers a JOIN responses r ON r.id = a.response_id
                     WHERE r.kiosk_id = 'K-ODD' AND a.item_id = 'improve'")
[ "$got" = "$(printf 'a "quoted" line\nand 中文 é')" ] && ok "free text kept verbatim" || bad "free text: $got"
[ "$(sqlite3 m2.db "SELECT codes IS NULL FROM responses WHERE kiosk_id = 'K-ODD' AND seq IN (5, 6) GROUP BY 1")" = 1 ] \
  && ok "answers of unknown questionnaires kept whole (no codes)" || bad "unknown questionnaires got codes"
# (the row of a questionnaire missing from surveys broke its foreign key
# before; the migration carries it over as it was: schema 6 refers to a
# questionnaire through survey_refs, whose row then breaks the key)
missing() { sqlite3 "$1" "SELECT DISTINCT survey_hash FROM responses r
                          WHERE NOT EXISTS (SELECT 1 FROM surveys s WHERE s.hash = r.survey_hash) ORDER BY 1"; }
[ "$(sqlite3 m2.db "PRAGMA integrity_check")" = ok ] && [ -n "$(missing c4.db)" ] &&
  [ "$(missing m2.db)" = "$(missing c4.db)" ] &&
  [ "$(sqlite3 c4.db "PRAGMA foreign_key_check" | cut -d'|' -f1,3 | sort -u)" = "responses|surveys" ] &&
  [ "$(sqlite3 m2.db "PRAGMA foreign_key_check" | cut -d'|' -f1,3 | sort -u)" = "survey_refs|surveys" ] &&
  [ "$(sqlite3 m2.db "PRAGMA foreign_key_check" | wc -l)" = "$(missing c4.db | wc -l)" ] \
  && ok "migrated database passes integrity_check; foreign_key_check as before: $(sqlite3 c4.db "PRAGMA foreign_key_check" | tr '\n' ' ')-> $(sqlite3 m2.db "PRAGMA foreign_key_check" | tr '\n' ' ')" \
  || bad "integrity after migration: $(sqlite3 m2.db "PRAGMA integrity_check; PRAGMA foreign_key_check" | tr '\n' ' ')"

# 3. The migration's commit fails: nothing changes, the next run migrates.
migrate_failed_commit c4.db 4 view "$before"

# 4. Killed mid-migration: schema 4 or 6, never half, the same answers.
# A larger database (the rows copied under other kiosks) so that the
# migration takes long enough to be interrupted.
cp c4.db big.db
sqlite3 big.db "PRAGMA foreign_keys = OFF;
  WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 200)
  INSERT INTO responses(kiosk_id, seq, uuid, school_code, school_level, locality, survey_id, survey_hash, role,
    lang, started_ms, ended_ms, duration_ms, status, flags, chain, answers, import_id, day)
  SELECT kiosk_id || '-' || k.n, seq, uuid, school_code, school_level, locality, survey_id, survey_hash, role,
    lang, started_ms, ended_ms, duration_ms, status, flags, chain, answers, import_id, day
  FROM responses, k;" || bad "growing the database"
migrate_killed big.db 4 view 0.02 0.05 0.1 0.2 0.4
[ $fail -eq 0 ] && echo "PASS migrate5"
exit $fail
